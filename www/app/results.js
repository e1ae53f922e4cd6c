// The results panel: a table of counted rows (this run's and imported ones, merged by strong
// id as `sinter combine` does), per-shot and per-round rates with sinter's intervals, sinter
// CSV export and import.

import { crossings, describeCrossing } from "./crossing.js";
import { LerPlot } from "./plot.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** The raw text of a metadata key (so `data-p` is the metadata's own text). */
function metadataText(json, key) {
  const match = new RegExp(`"${key}":("[^"]*"|[^,}]+)`).exec(json);
  return match ? match[1].replace(/^"|"$/g, "") : "";
}

/** What the table and the plot need from a CSV row. */
export function describeRow(wasm, row) {
  let metadata = {};
  try {
    metadata = JSON.parse(row.jsonMetadata);
  } catch {
    metadata = {};
  }
  const rounds = Number.isInteger(metadata.r) && metadata.r > 0 ? metadata.r : 1;
  const p =
    metadataText(row.jsonMetadata, "p") ||
    ["p_clifford", "p_data", "p_measure", "p_reset"]
      .map((key) => metadataText(row.jsonMetadata, key))
      .filter(Boolean)
      .join("/");
  return {
    ...row,
    basis: String(metadata.b ?? "").toLowerCase(),
    noise: metadata.noise ?? "stim",
    d: metadata.d ?? "",
    r: metadata.r ?? "",
    p,
    c: metadata.c ?? "",
    w: metadata.w ?? "",
    pValue: Number(metadata.p ?? metadata.p_clifford ?? NaN),
    rates: wasm.ratesFor(row.shots, row.errors, rounds),
  };
}

/** Offers `text` as a CSV file download named `name`. */
export function downloadCsv(text, name) {
  const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const format = (x) => (x === 0 ? "0" : x.toExponential(2));
/** A rate cell: the estimate, then its interval (which wraps below it on narrow screens). */
function fitCell(fit) {
  const td = document.createElement("td");
  const interval = document.createElement("span");
  interval.className = "interval";
  interval.textContent = ` [${format(fit.low)}, ${format(fit.high)}]`;
  td.append(format(fit.best), interval);
  return td;
}

export class ResultsPanel {
  constructor(wasm) {
    this.wasm = wasm;
    this.imported = [];
    this.runRows = [];
    this.body = byTestId("results").querySelector("tbody");
    this.importError = byTestId("error-import-csv");
    this.plot = new LerPlot(document.getElementById("plot"));
    this.kind = "shot";
    for (const radio of document.querySelectorAll('input[name="rate-kind"]')) {
      radio.addEventListener("change", () => {
        this.kind = radio.value;
        this.render();
      });
    }
    byTestId("export-csv").addEventListener("click", () => this.exportCsv());
    byTestId("import-csv").addEventListener("change", (event) => this.importFile(event));
  }

  /** This run's counted rows (replaces the previous run's). */
  setRunRows(rows) {
    this.runRows = rows;
    this.render();
  }

  /** Imported rows and this run's, merged by strong id. */
  rows() {
    const merged = new Map();
    for (const row of [...this.imported, ...this.runRows]) {
      const old = merged.get(row.strongId);
      if (old) {
        merged.set(row.strongId, {
          ...old,
          shots: old.shots + row.shots,
          errors: old.errors + row.errors,
          discards: old.discards + row.discards,
          seconds: old.seconds + row.seconds,
        });
      } else {
        merged.set(row.strongId, { ...row });
      }
    }
    return [...merged.values()];
  }

  render() {
    const described = this.rows().map((row) => describeRow(this.wasm, row));
    const fragment = document.createDocumentFragment();
    for (const row of described) {
      const tr = document.createElement("tr");
      Object.assign(tr.dataset, {
        basis: row.basis,
        d: String(row.d),
        r: String(row.r),
        p: row.p,
        decoder: row.decoder,
        shots: String(row.shots),
        errors: String(row.errors),
      });
      const cells = [
        row.basis.toUpperCase(),
        row.d,
        row.r,
        row.p,
        row.decoder,
        row.shots.toLocaleString("en-US"),
        row.errors.toLocaleString("en-US"),
      ];
      for (const text of cells) {
        const td = document.createElement("td");
        td.textContent = String(text);
        tr.append(td);
      }
      tr.append(fitCell(row.rates.perShot), fitCell(row.rates.perRound), this.#seeShotCell(row));
      fragment.append(tr);
    }
    this.body.replaceChildren(fragment);
    const found = crossings(described, this.kind);
    this.plot.draw(described, this.kind, found);
    this.#threshold(found);
    this.onRender?.();
  }

  /** A "See a shot" button that opens the shot viewer on this row's task. */
  #seeShotCell(row) {
    const td = document.createElement("td");
    const button = document.createElement("button");
    button.type = "button";
    button.className = "small";
    button.dataset.testid = "row-see-shot";
    button.textContent = "See a shot";
    button.setAttribute(
      "aria-label",
      `See a shot of d = ${row.d}, r = ${row.r}, p = ${row.p}, ${row.decoder}`,
    );
    button.addEventListener("click", () => this.onSeeShot?.(row));
    td.append(button);
    return td;
  }

  /** The threshold view's words: each adjacent pair's crossing with its interval. */
  #threshold(found) {
    const list = document.getElementById("threshold-list");
    const many = new Set(found.map((c) => `${c.basis}|${c.decoder}|${c.noise}`)).size > 1;
    list.replaceChildren(
      ...found.map((c) => {
        const item = document.createElement("li");
        item.dataset.d1 = String(c.d1);
        item.dataset.d2 = String(c.d2);
        item.dataset.crossing = c.inRange ? String(c.estimate) : "";
        const what = many ? `${c.basis.toUpperCase()} ${c.decoder} ${c.noise}, ` : "";
        item.textContent = what + describeCrossing(c);
        return item;
      }),
    );
    document.getElementById("threshold-empty").hidden = found.length > 0;
  }

  exportCsv() {
    const text = this.wasm.writeCsv(this.rows());
    downloadCsv(text, "surfacelab.csv");
    return text;
  }

  async importFile(event) {
    const file = event.target.files?.[0];
    if (!file) return;
    this.importText(await file.text(), file.name);
    event.target.value = "";
  }

  /** Adds the rows of a sinter CSV; a file that is not sinter's leaves the table as it was. */
  importText(text, name = "the file") {
    try {
      const rows = this.wasm.readCsv(text);
      this.imported.push(...rows);
      this.importError.textContent = "";
      this.render();
    } catch (error) {
      this.importError.textContent = `${name}: ${error?.message ?? error}`;
    }
  }
}
