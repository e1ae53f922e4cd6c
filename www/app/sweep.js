// The (a, b) sweep: runs the form's first task (no shot limit) at each (a, b) of a grid for a
// few seconds and shows shots/s as a heatmap, each cell outlined with the zone of a × b (the
// core's rule, `wasm.zoneOf`).

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);

/** Parses `1-4x1-2` (a range × b range) into lists, or throws a message. */
export function parseGrid(text) {
  const match = /^\s*(\d+)(?:-(\d+))?\s*[x×]\s*(\d+)(?:-(\d+))?\s*$/.exec(text);
  const fail = () => {
    throw new Error(
      `grid must be an a range × b range like 1-4x1-2 (each 1 to 64, a × b at most 1024), got ${JSON.stringify(text)}`,
    );
  };
  if (!match) fail();
  const range = (low, high) => {
    const [from, to] = [Number(low), Number(high ?? low)];
    if (from < 1 || to > 64 || from > to) fail();
    return Array.from({ length: to - from + 1 }, (_, i) => from + i);
  };
  return { as: range(match[1], match[2]), bs: range(match[3], match[4]) };
}

export class SweepPanel {
  /**
   * @param {object} options
   * @param {object} options.main the page's RunController (its pool is ended during a sweep)
   * @param {() => object} options.makeController a RunController of the sweep's own
   */
  constructor({ main, makeController, getForm, wasm, hardwareThreads, onBusy }) {
    this.main = main;
    this.makeController = makeController;
    this.controller = null;
    this.getForm = getForm;
    this.wasm = wasm;
    this.hardwareThreads = hardwareThreads;
    this.onBusy = onBusy;
    this.running = false;
    this.heatmap = document.getElementById("sweep-heatmap");
    this.error = document.getElementById("sweep-error");
    byTestId("sweep-run").addEventListener("click", () => this.run());
  }

  async run() {
    if (this.running || this.main.status === "running") return;
    let grid;
    const secondsText = document.getElementById("sweep-seconds").value;
    const seconds = Number(secondsText);
    try {
      grid = parseGrid(document.getElementById("sweep-grid").value);
      if (!(seconds >= 0.5 && seconds <= 60)) {
        throw new Error(
          `seconds per cell must be a number from 0.5 to 60, got ${JSON.stringify(secondsText)}`,
        );
      }
      if (this.main.pool?.mode === "single-thread" && grid.as.some((a) => a > 1)) {
        grid.as = [1];
      }
    } catch (error) {
      this.error.textContent = error.message;
      return;
    }
    this.error.textContent = "";
    this.running = true;
    this.onBusy(true);
    const cells = this.#layout(grid);
    // The sweep's workers only: the page's own pool would take cores from the measurement.
    this.main.closePool();
    this.controller = this.makeController();
    try {
      for (const b of grid.bs) {
        for (const a of grid.as) {
          const cell = cells.get(`${a},${b}`);
          cell.classList.add("measuring");
          const rate = await this.#measure(a, b, seconds);
          cell.classList.remove("measuring");
          cell.dataset.shotsPerSecond = String(Math.round(rate));
          cell.querySelector(".rate").textContent = Math.round(rate).toLocaleString("en-US");
          this.#color(cells);
        }
      }
    } catch (error) {
      this.error.textContent = String(error?.message ?? error);
    } finally {
      this.controller.closePool();
      this.controller = null;
      this.running = false;
      this.onBusy(false);
    }
  }

  #layout({ as, bs }) {
    const n = this.hardwareThreads;
    const cells = new Map();
    const table = document.createElement("div");
    table.className = "heatmap-grid";
    table.style.gridTemplateColumns = `auto repeat(${as.length}, minmax(3.5rem, 1fr))`;
    table.append(label("b \\ a"));
    for (const a of as) table.append(label(`a = ${a}`));
    for (const b of bs) {
      table.append(label(`b = ${b}`));
      for (const a of as) {
        const zone = this.wasm.zoneOf(a * b, n).replace(" ", "-");
        const cell = document.createElement("div");
        cell.className = `sweep-cell zone-${zone}`;
        cell.dataset.testid = "sweep-cell";
        cell.dataset.a = String(a);
        cell.dataset.b = String(b);
        cell.title = `a = ${a}, b = ${b}: a × b = ${a * b} (${zone.replace("-", " ")})`;
        const rate = document.createElement("span");
        rate.className = "rate";
        rate.textContent = "…";
        const unit = document.createElement("span");
        unit.className = "unit";
        unit.textContent = "shots/s";
        cell.append(rate, unit);
        cells.set(`${a},${b}`, cell);
        table.append(cell);
      }
    }
    this.heatmap.replaceChildren(table);
    return cells;
  }

  #color(cells) {
    const rates = [...cells.values()]
      .map((c) => Number(c.dataset.shotsPerSecond))
      .filter((r) => r > 0);
    const max = Math.max(...rates, 1);
    for (const cell of cells.values()) {
      const rate = Number(cell.dataset.shotsPerSecond);
      if (rate > 0) cell.style.setProperty("--heat", (rate / max).toFixed(3));
    }
  }

  /** Shots/s at (a, b), counted after every worker has prepared the task. */
  #measure(a, b, seconds) {
    const form = { ...this.getForm() };
    form.distances = form.distances.split(",")[0];
    form.p = form.p.split(",")[0];
    form.basis = form.basis.split(",")[0];
    Object.assign(form, { "max-shots": "1000000000000", "max-errors": "1000000000000000" });
    form.workers = String(b);
    form["window-workers"] = String(a);
    return new Promise((resolve, reject) => {
      let warmStart = 0;
      let warmShots = 0;
      const controller = this.controller;
      const until = (c) => {
        const warmed = c.pool.slots.every((slot) => slot.batches > 0);
        if (!warmStart && warmed) {
          warmStart = performance.now();
          warmShots = c.finishedShots;
        }
        return warmStart > 0 && performance.now() - warmStart >= seconds * 1000;
      };
      const unsubscribe = controller.subscribe((event, c) => {
        if (event !== "status" || c.status === "running") return;
        unsubscribe();
        if (c.status === "error") reject(new Error(c.message));
        else
          resolve(
            ((c.finishedShots - warmShots) * 1000) / Math.max(1, performance.now() - warmStart),
          );
      });
      try {
        controller.start(form, { until });
      } catch (error) {
        unsubscribe();
        reject(error);
      }
    });
  }
}

function label(text) {
  const element = document.createElement("div");
  element.className = "heatmap-label";
  element.textContent = text;
  return element;
}
