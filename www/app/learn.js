// The learn panel: four short sections in our own words, each with a live number from the
// user's own run (the first result row, the form, the a × b plan), and a button that runs the
// seed's independent windows against parallel-window on the current memory.

import { describeRow, describeRows } from "./results.js";

const short = (x, digits = 3) => (x === 0 ? "0" : String(+x.toPrecision(digits)));
const percent = (x) => `${short(100 * x, 2)} %`;
const set = (id, text) => {
  document.getElementById(id).textContent = text;
};

/** Relative width (high − low) / best of sinter's interval (the core's fit). */
const relativeWidth = (fit) => (fit.high - fit.low) / fit.best;

export class LearnPanel {
  /**
   * @param {object} options
   * @param {object} options.wasm the main thread's module
   * @param {object} options.results the ResultsPanel (its rows)
   * @param {object} options.form the ExperimentForm
   * @param {object} options.main the page's RunController
   * @param {() => object} options.makeController a RunController of the comparison's own
   * @param {(busy: boolean) => void} options.onBusy locks the form during the comparison
   * @param {number} options.hardwareThreads N
   */
  constructor({ wasm, results, form, main, makeController, onBusy, hardwareThreads }) {
    Object.assign(this, { wasm, results, form, main, makeController, onBusy, hardwareThreads });
    this.comparing = false;
    this.button = document.getElementById("learn-compare");
    this.button.addEventListener("click", () => this.compare());
  }

  /** The realtime view's latest report: its sustainable rate against a 1 µs round. */
  realtimeMeasured(report) {
    const perRound = 1e6 / report.sustainable_round_rate;
    set(
      "learn-realtime-live",
      `On this device ${report.decoder} with a = ${report.window_workers} (d = ${report.distance}) keeps up with ${Math.round(report.sustainable_round_rate).toLocaleString("en-US")} rounds/s, a round every ${short(perRound)} µs: ` +
        (perRound > 1
          ? `${short(perRound)} times too slow for a device with a 1 µs round.`
          : "fast enough for a device with a 1 µs round."),
    );
  }

  /** Recomputes the live numbers. */
  refresh() {
    const { rows } = describeRows(this.wasm, this.results.rows());
    const first = rows.find((row) => row.shots > 0);
    this.#rounds(first);
    this.#precision(first);
    this.#threads();
  }

  #rounds(row) {
    if (!row || !(Number(row.r) > 0)) {
      set("learn-rounds-live", "Run an experiment to see this computed on your first result.");
      return;
    }
    const pShot = row.errors / row.shots;
    const r = Number(row.r);
    // The core's conversion (sinter's shot_error_rate_to_piece_error_rate), as the table shows it.
    const pRound = row.rates.perRound.best;
    set(
      "learn-rounds-live",
      `Your first result (d = ${row.d}, r = ${r}, p = ${row.p}): p_shot = ${row.errors} / ${row.shots} = ${short(pShot)}, so p_round = (1 − (1 − 2 · ${short(pShot)})^(1/${r})) / 2 = ${short(pRound)}` +
        (pShot >= 0.45 ? " — near 0.5, where the conversion breaks down." : "."),
    );
  }

  #precision(row) {
    const values = this.form.values();
    const maxErrors = Number(values["max-errors"]);
    const planned = Number.isFinite(maxErrors) && maxErrors > 0 ? maxErrors : null;
    // sinter's interval (likelihood ratio 1000), from the core, for a task stopped at max
    // errors with a small rate (a million times as many shots).
    let text = planned
      ? `Your max errors ${planned} gives at best a relative width of about ${percent(relativeWidth(this.wasm.ratesFor(planned * 1e6, planned, 1).perShot))} (sinter's likelihood-ratio-1000 interval, computed).`
      : "";
    if (row && row.errors > 0) {
      const fit = row.rates.perShot;
      text += ` Your first result has ${row.errors} errors in ${row.shots} shots: its interval ${short(fit.low)} … ${short(fit.high)} is ${percent(relativeWidth(fit))} of its rate ${short(fit.best)}.`;
    } else if (row) {
      text += " Your first result has no errors yet: its interval has no lower end.";
    }
    set("learn-precision-live", text.trim() || "Set max errors to see this.");
  }

  #threads() {
    const values = this.form.values();
    const a = Number(values["window-workers"]);
    const b = Number(values.workers);
    const n = this.hardwareThreads;
    const mode =
      this.main.pool?.mode ?? (globalThis.crossOriginIsolated ? "threaded" : "single-thread");
    if (!(a > 0 && b > 0)) {
      set("learn-threads-live", "Fix a and b to see this.");
      return;
    }
    const zone = this.wasm.zoneOf(a * b, n);
    set(
      "learn-threads-live",
      `You asked for a = ${a}, b = ${b}: ${b} Web Worker${b > 1 ? "s" : ""} with ${a} wasm thread${a > 1 ? "s" : ""} each, a × b = ${a * b} on N = ${n}: ${zone}. This page runs ${mode === "threaded" ? "the threaded build (wasm threads available)" : "the single-thread build (no wasm threads, a = 1)"}.`,
    );
  }

  /** The memory to compare on: the form's first odd distance, first p, and a long memory. */
  #compareForm() {
    const values = this.form.values();
    const odd = values.distances
      .split(",")
      .map((d) => Number(d.trim()))
      .find((d) => Number.isInteger(d) && d % 2 === 1 && d >= 3 && d <= 15);
    if (!odd) throw new Error("compare needs an odd distance from 3 to 15 in Distances");
    // The core's rounds grammar ("9", "d", "3d", "3D"); its message when it is not one.
    let rounds = this.wasm.resolveRounds(values.rounds, String(odd));
    let note = "";
    if (!(rounds >= 4 * odd)) {
      rounds = 10 * odd;
      note = ` (your r fits in one or two windows, so r = 10d = ${rounds} here)`;
    }
    const windowed =
      values.decoder === "parallel-window" || values.decoder === "independent-windows";
    const c = windowed && values["commit-rounds"] ? values["commit-rounds"] : String(odd);
    const w =
      windowed && Number(values["buffer-rounds"]) >= 1 ? values["buffer-rounds"] : String(odd);
    const form = {
      ...values,
      distances: String(odd),
      rounds: String(rounds),
      p: values.p.split(",")[0],
      basis: values.basis.split(",")[0],
      "commit-rounds": c,
      "buffer-rounds": w,
      "max-shots": "20000",
      "max-errors": "400",
    };
    return { form, note, d: odd, rounds, c, w };
  }

  /** Runs independent-windows, then parallel-window, each for a few seconds; shows both LERs. */
  async compare() {
    if (this.comparing || this.main.status === "running") return;
    const out = document.getElementById("learn-compare-result");
    let setup;
    try {
      setup = this.#compareForm();
    } catch (error) {
      out.textContent = error.message;
      return;
    }
    this.comparing = true;
    this.onBusy(true);
    this.button.disabled = true;
    const controller = this.makeController();
    const lines = [];
    try {
      for (const decoder of ["independent-windows", "parallel-window"]) {
        out.textContent = `Running ${decoder} on d = ${setup.d}, r = ${setup.rounds}${setup.note}…`;
        const row = await this.#runOne(controller, { ...setup.form, decoder });
        const fit = row.rates.perShot;
        lines.push(
          `${decoder}: ${row.errors} errors in ${row.shots.toLocaleString("en-US")} shots, LER ${short(fit.best)} [${short(fit.low)}, ${short(fit.high)}]`,
        );
        out.dataset[decoder === "parallel-window" ? "parallel" : "independent"] = String(fit.best);
      }
      out.textContent = `d = ${setup.d}, r = ${setup.rounds}, p = ${setup.form.p}, windows of ${setup.c} rounds with ${setup.w} rounds of overlap / buffer${setup.note}: ${lines.join("; ")}.`;
    } catch (error) {
      out.textContent = `The comparison stopped: ${error?.message ?? error}`;
    } finally {
      controller.closePool();
      this.comparing = false;
      this.onBusy(false);
      this.button.disabled = false;
    }
  }

  #runOne(controller, form) {
    return new Promise((resolve, reject) => {
      const started = performance.now();
      const until = () => performance.now() - started > 5000;
      const unsubscribe = controller.subscribe((event, c) => {
        if (event !== "status" || c.status === "running") return;
        unsubscribe();
        const row = c.rows()[0];
        if (c.status === "error" || !row) reject(new Error(c.message || "no shots finished"));
        else resolve(describeRow(this.wasm, row));
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
