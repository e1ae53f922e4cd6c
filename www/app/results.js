// The results panel: a table of counted rows (this run's and imported ones, merged by strong
// id by the core's rule, which counts no shot twice), per-shot and per-round rates with
// sinter's intervals, sinter CSV export and import.

import { LerPlot } from "./plot.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/**
 * The core's analysis of `rows` (`wasm.analyzeRows`: identities, curves, crossings per `kind`,
 * sinter's intervals) with each row described for the table and the plot.
 */
export function describeRows(wasm, rows, kind = "shot") {
  const analysis = wasm.analyzeRows(rows, kind);
  const described = rows.map((row, index) => {
    const a = analysis.rows[index];
    const metadata = a.metadata;
    return {
      ...row,
      basis: String(metadata.b ?? "").toLowerCase(),
      code: metadata.code ?? "rotated",
      circuit: metadata.circuit ?? "",
      noise: metadata.noise ?? "stim",
      d: a.d ?? "",
      r: a.r ?? "",
      p: a.pText,
      c: metadata.c ?? "",
      w: metadata.w ?? "",
      pValue: a.p ?? NaN,
      pText: a.pText,
      curveKey: a.curveKey,
      legend: a.legend ?? "",
      rates: { perShot: a.perShot, perRound: a.perRound },
    };
  });
  return { rows: described, analysis };
}

/** What the table and the plot need from one CSV row. */
export function describeRow(wasm, row) {
  return describeRows(wasm, [row]).rows[0];
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
    this.mergeNotes = byTestId("merge-notes");
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

  /**
   * This run's rows and the imported ones, merged by the core's rule (`mergeRows`): rows with
   * the same strong id are summed, but no shot is counted twice. The run comes first, so a live
   * run always shows its counts and an imported row holding the same shots is what is left out.
   */
  rows() {
    const merged = this.wasm.mergeRows([
      { origin: "this run", rows: this.runRows },
      ...this.imported,
    ]);
    this.mergeNotes.textContent = [...merged.refused, ...merged.repeats].join("\n");
    return merged.rows;
  }

  render() {
    const { rows: described, analysis } = describeRows(this.wasm, this.rows(), this.kind);
    const fragment = document.createDocumentFragment();
    for (const row of described) {
      const tr = document.createElement("tr");
      Object.assign(tr.dataset, {
        code: row.code,
        basis: row.basis,
        d: String(row.d),
        r: String(row.r),
        p: row.p,
        decoder: row.decoder,
        key: row.curveKey,
        shots: String(row.shots),
        errors: String(row.errors),
        circuit: row.circuit,
      });
      // A circuit's row: its SHA-256 (the task key) where a memory has its basis, d, r and p.
      const task = row.circuit
        ? ["circuit", `${row.circuit.slice(0, 12)}…`, "", ""]
        : [row.basis.toUpperCase(), row.d, row.r, row.p];
      const cells = [
        ...task,
        row.decoder,
        row.shots.toLocaleString("en-US"),
        row.errors.toLocaleString("en-US"),
      ];
      for (const text of cells) {
        const td = document.createElement("td");
        td.textContent = String(text);
        tr.append(td);
      }
      const seeShot = row.circuit ? document.createElement("td") : this.#seeShotCell(row);
      tr.append(fitCell(row.rates.perShot), fitCell(row.rates.perRound), seeShot);
      fragment.append(tr);
    }
    this.body.replaceChildren(fragment);
    this.plot.draw(described, analysis, this.kind);
    this.#threshold(analysis.crossings, analysis.notes);
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

  /** The threshold view: the core's words for each adjacent pair's crossing, then its notes. */
  #threshold(found, notes) {
    const list = document.getElementById("threshold-list");
    const families = new Set(found.map((c) => c.familyKey));
    const groupWords = (group) =>
      Object.entries(group)
        .map(([key, value]) => `${key} = ${value}`)
        .join(", ");
    const items = found.map((c) => {
      const item = document.createElement("li");
      Object.assign(item.dataset, {
        testid: c.p === null ? "threshold-none" : "threshold-estimate",
        distances: c.distances.join(","),
        per: c.per,
        group: c.familyKey,
      });
      if (c.p !== null) {
        Object.assign(item.dataset, { p: String(c.p), low: String(c.low), high: String(c.high) });
      }
      item.textContent = (families.size > 1 ? `${groupWords(c.group)}: ` : "") + c.text;
      return item;
    });
    for (const note of notes) {
      const item = document.createElement("li");
      item.className = "hint";
      item.dataset.testid = "analysis-note";
      item.textContent = note;
      items.push(item);
    }
    list.replaceChildren(...items);
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
      this.imported.push({ origin: name, rows, file: true });
      this.importError.textContent = "";
      this.render();
    } catch (error) {
      this.importError.textContent = `${name}: ${error?.message ?? error}`;
    }
  }
}
