// The realtime view's controller: one memory decoded while its rounds arrive at a set rate.
// It reads the view's fields, asks the core (a StreamRunner in a worker) to run, and draws
// what comes back: the backlog over time, window latency, the sustainable rate per a, and the
// lesson (sliding falls behind where parallel-window keeps up). The core decides every rate,
// backlog and schedule; this file chooses what to run and shows the answers.
//
// Contract (docs/automation.md "Realtime view"): realtime-run, realtime-stop, realtime-rate,
// realtime-window-workers, realtime-backlog, realtime-sustainable, realtime-sustainable-bar,
// realtime-status, realtime-error and realtime-error-<field>.

import { BacklogPlot } from "./backlog-plot.js";
import { LatencyPlot } from "./latency-plot.js";
import { StreamClient, StreamFailure } from "./stream-client.js";
import { SustainableBars } from "./sustainable-bars.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const first = (list) =>
  String(list ?? "")
    .split(",")[0]
    .trim();
const rate = (x) => Math.round(x).toLocaleString("en-US");
const short = (x) => String(+Number(x).toPrecision(3));

/** The view's fields: their URL (form) names, the view's own element names. */
const FIELDS = {
  distances: "realtime-distance",
  rounds: "realtime-rounds",
  p: "realtime-p",
  decoder: "realtime-decoder",
  "commit-rounds": "realtime-commit-rounds",
  "buffer-rounds": "realtime-buffer-rounds",
  "window-workers": "realtime-window-workers",
  "round-rate": "realtime-rate",
};
/** Where the view starts when the URL does not say (a modest memory: prepared in a moment). */
const DEFAULTS = {
  distances: "5",
  rounds: "1000",
  p: "0.005",
  decoder: "sliding",
  "commit-rounds": "",
  "buffer-rounds": "",
  "window-workers": "1",
  "round-rate": "100000",
};
/** The lesson's round rate, as a multiple of sliding's sustainable rate at a = 1. */
const LESSON_FACTOR = 1.3;
/** A memory prepared only to ask the core whether a decoder can run live. */
const PROBE = { distance: 3, rounds: 3, basis: "z", noise: "stim", p: 0.001 };

export class RealtimeView {
  /**
   * @param {object} options
   * @param {object} options.wasm the main thread's module (Run resolves the memory)
   * @param {() => object} options.getForm the experiment form's values
   * @param {(form: object, roundRate: string|null) => void} options.onForm writes the view's
   *   fields into the form and the URL (roundRate null: leave the view)
   * @param {(busy: boolean) => void} options.onBusy the page frees its shot workers meanwhile
   * @param {(report: object) => void} options.onReport each report the core returns
   * @param {number} options.hardwareThreads N
   */
  constructor({ wasm, getForm, onForm, onBusy, onReport, hardwareThreads }) {
    Object.assign(this, { wasm, getForm, onForm, onBusy, onReport, hardwareThreads });
    this.root = byTestId("realtime-view");
    this.client = new StreamClient();
    this.busy = false;
    this.inputs = Object.fromEntries(
      Object.entries(FIELDS).map(([name, id]) => [name, byTestId(id)]),
    );
    this.errors = Object.fromEntries(
      Object.keys(FIELDS).map((name) => [name, byTestId(`realtime-error-${name}`)]),
    );
    this.el = {
      run: byTestId("realtime-run"),
      stop: byTestId("realtime-stop"),
      measure: byTestId("realtime-measure"),
      lesson: byTestId("realtime-lesson"),
      status: byTestId("realtime-status"),
      error: byTestId("realtime-error"),
      message: document.getElementById("realtime-message"),
      backlog: byTestId("realtime-backlog"),
      sustainable: byTestId("realtime-sustainable"),
      lessonResult: byTestId("realtime-lesson-result"),
      perRound: document.getElementById("realtime-per-round"),
      threads: document.getElementById("realtime-threads"),
      memory: document.getElementById("realtime-memory"),
      barsCaption: document.getElementById("realtime-bars-caption"),
    };
    this.backlogPlot = new BacklogPlot(document.getElementById("realtime-backlog-plot"));
    this.latencyPlot = new LatencyPlot(document.getElementById("realtime-latency-plot"));
    this.bars = new SustainableBars(document.getElementById("realtime-bars"));
    this.#wire();
  }

  #wire() {
    for (const input of Object.values(this.inputs)) {
      input.addEventListener("input", () => this.changed());
      input.addEventListener("change", () => this.changed());
    }
    this.el.run.closest("form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.runOnce();
    });
    this.el.stop.addEventListener("click", () => this.client.stop());
    this.el.measure.addEventListener("click", () => this.measure());
    this.el.lesson.addEventListener("click", () => this.lesson());
    document.getElementById("realtime-close").addEventListener("click", () => this.close());
    if (this.client.mode !== "threaded") {
      this.inputs["window-workers"].disabled = true;
      this.el.threads.textContent =
        "This page is not cross-origin isolated, so it runs the single-thread build: a = 1 (no window threads), and only a = 1 can be measured.";
    } else {
      this.el.threads.textContent = `Threaded build: a window threads in one worker; bars up to a = ${this.maxA()}.`;
    }
  }

  get isOpen() {
    return !this.root.hidden;
  }

  /** The most window threads the bars and the lesson use: N, capped at 8 (1 without threads). */
  maxA() {
    return this.client.mode === "threaded" ? Math.min(8, Math.max(1, this.hardwareThreads)) : 1;
  }

  /**
   * Opens the view. `search` (the page's query at load) fills the fields the URL gives; the
   * rest start at the view's defaults, so a plain link shows a modest memory.
   */
  open(search = "") {
    if (this.busy) {
      this.root.scrollIntoView({ block: "start" });
      return;
    }
    const params = new URLSearchParams(search);
    const values = { ...DEFAULTS };
    for (const name of Object.keys(FIELDS)) {
      const given = params.get(name);
      if (given !== null)
        values[name] = name === "distances" || name === "p" ? first(given) : given;
    }
    this.#setFields(values);
    this.root.hidden = false;
    this.changed();
    this.root.scrollIntoView({ block: "start" });
  }

  close() {
    this.client.close();
    this.root.hidden = true;
    this.onForm(this.getForm(), null);
  }

  #setFields(values) {
    for (const [name, input] of Object.entries(this.inputs)) {
      const value = String(values[name] ?? "");
      if (input.tagName === "SELECT" && ![...input.options].some((o) => o.value === value)) {
        input.add(new Option(`${value} (not a live decoder)`, value));
      }
      input.value = value;
    }
    if (this.client.mode !== "threaded") this.inputs["window-workers"].value = "1";
  }

  #values() {
    return Object.fromEntries(
      Object.entries(this.inputs).map(([name, input]) => [name, input.value.trim()]),
    );
  }

  /** The experiment form with the view's fields in it (the URL carries both). */
  #form(values = this.#values()) {
    const form = { ...this.getForm() };
    for (const name of Object.keys(FIELDS)) if (name !== "round-rate") form[name] = values[name];
    return form;
  }

  /** After an edit: the core's messages beside the fields, the URL, µs per round. */
  changed() {
    const values = this.#values();
    this.onForm(this.#form(values), values["round-rate"]);
    this.#check(values);
    this.#showRate(values["round-rate"]);
    this.#memory(values);
    this.el.sustainable.removeAttribute("data-rounds-per-second");
    this.el.sustainable.textContent = "—";
  }

  #memoryOf(values) {
    try {
      return this.wasm.memoryFor({ ...this.#form(values), workers: "1" });
    } catch {
      return null;
    }
  }

  /** µs per round beside the rate, and its mark on the bars (display only: the core checks it). */
  #showRate(text) {
    const perSecond = Number(text);
    this.el.perRound.textContent =
      text === ""
        ? "empty: run at the measured sustainable rate"
        : Number.isFinite(perSecond) && perSecond > 0
          ? `= ${short(1e6 / perSecond)} µs per round`
          : "";
    this.bars.setMark(perSecond);
  }

  /** The memory a realtime worker needs for this memory (the core's estimate). */
  #memory(values) {
    // A refusal is shown as realtime-error (#check), where it also disables Run.
    const memory = this.#memoryOf(values);
    this.el.memory.textContent =
      memory && !memory.refused
        ? `Memory: the worker needs about ${memory.perWorker} (a worker has ${memory.limit}).`
        : "";
  }

  /** Shows the core's message for each field; true when nothing is refused yet. */
  #check(values) {
    const messages = {};
    let other = "";
    try {
      const checked = this.wasm.validateForm(this.#form(values));
      for (const [name, message] of Object.entries(checked)) {
        if (name in FIELDS) messages[name] = message;
        else other ||= `${name}: ${message}`;
      }
    } catch (error) {
      other = String(error?.message ?? error);
    }
    if (!messages.decoder) {
      // The core's own refusal of a decoder that cannot run live (e.g. global), asked on a
      // 3-round memory that takes no time to prepare.
      try {
        new this.wasm.StreamRunner({ ...PROBE, decoder: values.decoder }, 1).free();
      } catch (error) {
        messages.decoder = String(error?.message ?? error);
      }
    }
    const refused = this.#memoryOf(values)?.refused;
    if (refused) other ||= `Refused: ${refused}.`;
    this.#showErrors(messages, other);
    return !other && !Object.keys(messages).length;
  }

  #showErrors(messages, other = "") {
    for (const [name, element] of Object.entries(this.errors)) {
      element.textContent = messages[name] ?? "";
      this.inputs[name].setAttribute("aria-invalid", messages[name] ? "true" : "false");
    }
    this.el.error.textContent = other;
    this.el.run.disabled = this.busy || Boolean(other) || Object.keys(messages).length > 0;
    this.el.lesson.disabled = this.el.run.disabled;
    this.el.measure.disabled = this.el.run.disabled;
  }

  /** A core message after a run was refused, beside the field it names (or under the buttons). */
  #showRefusal(message) {
    const name = Object.keys(FIELDS).find(
      (field) =>
        message.startsWith(`${field} `) || message.startsWith(`${field.replace(/s$/, "")} `),
    );
    if (name) this.#showErrors({ [name]: message });
    else this.#showErrors({}, message);
  }

  /** The memory as the core resolves it (rounds like 3d), and the seed. */
  #task(values) {
    const run = new this.wasm.Run(this.#form(values));
    try {
      return { params: run.tasks[0].params, seed: run.seed };
    } finally {
      run.free();
    }
  }

  #setStatus(status, note = "") {
    this.el.status.textContent = status;
    this.el.status.dataset.status = status;
    this.el.message.textContent = note;
  }

  #setBusy(busy) {
    this.busy = busy;
    this.el.stop.disabled = !busy;
    for (const input of Object.values(this.inputs)) input.readOnly = busy;
    this.#check(this.#values());
    this.onBusy(busy);
  }

  /** Runs `body` as one user action: status, busy state, a refusal or a stop. */
  async #action(body) {
    const values = this.#values();
    if (this.busy || !this.#check(values)) return;
    let task;
    try {
      task = this.#task(values);
    } catch (error) {
      this.#showRefusal(String(error?.message ?? error));
      this.#setStatus("error", "");
      return;
    }
    this.#setBusy(true);
    this.#setStatus("running", "Preparing the memory and measuring the sustainable rate …");
    try {
      await body(task, values);
      this.#setStatus("done", this.el.message.textContent);
    } catch (error) {
      if (error instanceof StreamFailure && error.kind === "stopped") {
        this.#setStatus("stopped", "Stopped: the worker running the memory was ended.");
      } else if (error instanceof StreamFailure && error.kind === "refused") {
        this.#setStatus("error", "");
        this.#setBusy(false);
        this.#showRefusal(error.message);
        return;
      } else {
        this.#setStatus("error", String(error?.message ?? error));
      }
    }
    this.#setBusy(false);
  }

  async #stream(task, { decoder, a, roundRate }) {
    const report = await this.client.run({
      params: { ...task.params, decoder },
      a,
      roundRate,
      shots: 1,
      seed: task.seed,
    });
    this.onReport(report);
    return report;
  }

  /** Run: the fields' memory, decoder, a and round rate. */
  runOnce() {
    return this.#action(async (task, values) => {
      const a = this.client.effectiveA(Number(values["window-workers"]));
      const report = await this.#stream(task, {
        decoder: task.params.decoder,
        a,
        roundRate: values["round-rate"],
      });
      const run = { label: labelOf(report), report };
      this.#show([run], report);
      this.el.message.textContent = describe(report);
    });
  }

  /** The sustainable rate for a = 1 … maxA, one worker per a, one after another. */
  measure() {
    return this.#action(async (task) => {
      this.bars.clear();
      const { decoder, distance, rounds } = task.params;
      this.el.barsCaption.textContent = `${decoder}, d = ${distance}, r = ${rounds}: the highest round rate each a keeps up with on this device.`;
      for (let a = 1; a <= this.maxA(); a++) {
        this.el.message.textContent = `Measuring a = ${a} of ${this.maxA()} …`;
        const report = await this.#stream(task, {
          decoder: task.params.decoder,
          a,
          roundRate: "",
        });
        this.bars.add(a, report.sustainable_round_rate);
      }
      this.el.message.textContent = `Sustainable rates of ${task.params.decoder} measured for a = 1 … ${this.maxA()}.`;
    });
  }

  /**
   * The lesson: sliding's sustainable rate at a = 1, then sliding (a = 1) and parallel-window
   * (a = 2, or the most this device has) at 1.3 × that rate, their backlogs overlaid.
   */
  lesson() {
    return this.#action(async (task) => {
      const parallelA = Math.min(2, this.maxA());
      this.el.message.textContent = "Measuring sliding's sustainable rate at a = 1 …";
      const measured = await this.#stream(task, { decoder: "sliding", a: 1, roundRate: "" });
      const roundRate = String(Math.round(LESSON_FACTOR * measured.sustainable_round_rate));
      this.inputs["round-rate"].value = roundRate;
      this.#showRate(roundRate);
      this.el.message.textContent = `Sliding (a = 1) at ${rate(Number(roundRate))} rounds/s …`;
      const sliding = await this.#stream(task, { decoder: "sliding", a: 1, roundRate });
      this.el.message.textContent = `Parallel-window (a = ${parallelA}) at ${rate(Number(roundRate))} rounds/s …`;
      const parallel = await this.#stream(task, {
        decoder: "parallel-window",
        a: parallelA,
        roundRate,
      });
      // The fields now show the last run (parallel-window, its a, the lesson's rate).
      this.inputs.decoder.value = "parallel-window";
      this.inputs["window-workers"].value = String(parallelA);
      this.onForm(this.#form(), roundRate);
      this.#show(
        [
          { label: labelOf(sliding), report: sliding },
          { label: labelOf(parallel), report: parallel },
        ],
        parallel,
      );
      this.#showLesson(measured, sliding, parallel);
      this.el.message.textContent = "Lesson done: both backlogs are on the plot.";
    });
  }

  /** Draws `runs` and puts the `current` report's numbers on the contract's elements. */
  #show(runs, current) {
    this.backlogPlot.draw(runs);
    this.latencyPlot.draw(runs);
    const backlog = this.el.backlog;
    backlog.dataset.rounds = String(current.final_backlog_rounds);
    backlog.dataset.maxRounds = String(current.max_backlog_rounds);
    backlog.dataset.keepsUp = current.keeps_up ? "1" : "0";
    backlog.textContent = `${current.final_backlog_rounds} rounds behind when the last round arrived (at most ${current.max_backlog_rounds}); ${current.keeps_up ? "keeps up" : "falls behind"}`;
    const sustainable = this.el.sustainable;
    sustainable.dataset.roundsPerSecond = String(current.sustainable_round_rate);
    sustainable.textContent = `${rate(current.sustainable_round_rate)} rounds/s (${short(1e6 / current.sustainable_round_rate)} µs per round) for ${labelOf(current, false)}`;
  }

  #showLesson(measured, sliding, parallel) {
    const result = this.el.lessonResult;
    Object.assign(result.dataset, {
      roundRate: String(sliding.round_rate),
      slidingSustainable: String(measured.sustainable_round_rate),
      slidingFinalRounds: String(sliding.final_backlog_rounds),
      slidingMaxRounds: String(sliding.max_backlog_rounds),
      parallelA: String(parallel.window_workers),
      parallelSustainable: String(parallel.sustainable_round_rate),
      parallelFinalRounds: String(parallel.final_backlog_rounds),
      parallelMaxRounds: String(parallel.max_backlog_rounds),
      parallelSwing: String(parallel.swing_rounds),
    });
    const percent = Math.round((100 * sliding.final_backlog_rounds) / sliding.rounds);
    result.textContent =
      `Rounds arrived at ${rate(sliding.round_rate)} rounds/s, ${LESSON_FACTOR} × sliding's sustainable ${rate(measured.sustainable_round_rate)}. ` +
      `Sliding (a = 1) was ${sliding.final_backlog_rounds} rounds behind when the last of ${sliding.rounds} rounds arrived (${percent} % of the memory; ${sliding.keeps_up ? "it still kept up this time" : "its backlog grew all the way"}). ` +
      `Parallel-window (a = ${parallel.window_workers}) was at most ${parallel.max_backlog_rounds} rounds behind (c + 2w = ${parallel.swing_rounds}; ${parallel.keeps_up ? "it keeps up" : "it fell behind too on this device"}); its sustainable rate here is ${rate(parallel.sustainable_round_rate)} rounds/s.` +
      (parallel.keeps_up
        ? ""
        : ` Other work on the device takes the window threads' cores, or the windows are too small for their hand-offs to pay${parallel.distance < 7 ? ": try d = 7," : ";"} or show the lesson again.`);
  }
}

function labelOf(report, withRate = true) {
  const what = `${report.decoder}, a = ${report.window_workers}`;
  return withRate ? `${what}, ${rate(report.round_rate)} rounds/s` : what;
}

function describe(report) {
  return (
    `d = ${report.distance}, r = ${report.rounds}, c = ${report.commit_rounds}, w = ${report.buffer_rounds}: ` +
    `${report.decoder} with a = ${report.window_workers} at ${rate(report.round_rate)} rounds/s ${report.keeps_up ? "keeps up" : "falls behind"} ` +
    `(sustainable ${rate(report.sustainable_round_rate)} rounds/s; window latency median ${short(report.latency_p50_ms)} ms, 95 % ${short(report.latency_p95_ms)} ms; run took ${short(report.seconds)} s).`
  );
}
