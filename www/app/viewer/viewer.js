// The shot viewer's controller: which memory, seed, shot K, decoder, hand-made errors and
// layer are shown; asks the shot worker (the core) to explain them and hands the answer to the
// lattice, the window strip and the space-time view. It keeps docs/automation.md's contract
// on its root (data-shot, data-decoder, data-detection-events, ..., data-ready).

import { describeCut } from "./cut-story.js";
import { LatticeView } from "./lattice.js";
import { ShotClient } from "./shot-client.js";
import { SpaceSlot } from "./space-slot.js";
import { WindowStrip } from "./windows.js";

const byTestId = (id) => document.querySelector(`[data-testid="${id}"]`);
const first = (list) =>
  String(list ?? "")
    .split(",")[0]
    .trim();
const FIND_LIMIT = 100_000;
const FIND_CHUNK = 2000;
const PLAY_MS = 700;
/** The root's attributes that describe the shown shot (docs/automation.md). */
const SHOT_ATTRIBUTES = [
  "shot",
  "decoder",
  "detectionEvents",
  "observableFlips",
  "prediction",
  "weight",
  "windows",
  "correct",
];

export class ShotViewerPanel {
  /**
   * @param {object} options
   * @param {object} options.wasm the main thread's module (Run: the core resolves the task)
   * @param {(changes: {view?, shot?, find?}) => void} options.onView keeps the URL (null removes)
   */
  constructor({ wasm, onView }) {
    this.wasm = wasm;
    this.onView = onView;
    this.root = byTestId("shot-viewer");
    this.client = null;
    this.memory = null; // {key, params, geometry, seed, windowWorkers, form}
    this.index = 0;
    this.flips = [];
    this.layer = 0;
    this.explanation = null;
    this.token = 0;
    this.search = null;
    this.space = new SpaceSlot();
    this.el = {
      decoder: byTestId("shot-decoder"),
      round: byTestId("shot-round"),
      verdict: byTestId("shot-verdict"),
      error: byTestId("shot-error"),
      status: document.getElementById("shot-status"),
      title: document.getElementById("shot-index"),
      memory: document.getElementById("shot-memory"),
      roundLabel: document.getElementById("shot-round-label"),
      layerNote: document.getElementById("shot-layer-note"),
      hand: document.getElementById("shot-hand-list"),
      numbers: document.getElementById("shot-numbers"),
      compare: document.getElementById("shot-compare-result"),
      story: document.getElementById("shot-cut-story"),
      windowsNote: document.getElementById("shot-windows-note"),
      stop: document.getElementById("shot-stop"),
      play: document.getElementById("shot-play"),
    };
    this.lattice = new LatticeView(document.getElementById("shot-lattice"), {
      onQubit: (q) => this.toggle(q, "data"),
      onStabilizer: (q) => this.toggle(q, "stabilizer"),
    });
    this.strip = new WindowStrip(document.getElementById("shot-windows"), (t) => this.setLayer(t));
    this.#wire();
  }

  #wire() {
    const on = (id, action) => byTestId(id).addEventListener("click", action);
    const valid = () => Number.isSafeInteger(this.index) && this.index >= 0;
    on("shot-next", () => this.goTo(valid() ? this.index + 1 : 0));
    on("shot-prev", () => this.goTo(valid() ? Math.max(0, this.index - 1) : 0));
    on("shot-find-failure", () => this.findFailure());
    const goto = document.getElementById("shot-goto");
    goto.addEventListener("change", () => this.goTo(parseShot(goto.value), goto.value));
    on("shot-compare", () => this.compare());
    on("shot-find-seed-fails", () => this.findSeedFails());
    this.el.stop.addEventListener("click", () => this.stopSearch());
    document.getElementById("shot-close").addEventListener("click", () => this.close());
    document.getElementById("shot-clear-hand").addEventListener("click", () => {
      this.flips = [];
      this.explain();
    });
    this.el.decoder.addEventListener("change", () => this.explain());
    this.el.round.addEventListener("input", () => this.setLayer(Number(this.el.round.value)));
    document
      .getElementById("shot-round-prev")
      .addEventListener("click", () => this.setLayer(this.layer - 1));
    document
      .getElementById("shot-round-next")
      .addEventListener("click", () => this.setLayer(this.layer + 1));
    this.el.play.addEventListener("click", () => this.togglePlay());
    let resizeTimer = null;
    window.addEventListener("resize", () => {
      clearTimeout(resizeTimer);
      resizeTimer = setTimeout(() => this.strip.redraw(), 150);
    });
  }

  get isOpen() {
    return !this.root.hidden;
  }

  /** The task the viewer shows: the form's first distance, p and basis, as the core resolves it. */
  #taskOf(form) {
    const one = {
      ...form,
      distances: first(form.distances),
      p: first(form.p),
      basis: first(form.basis),
    };
    const run = new this.wasm.Run(one);
    try {
      return { params: run.tasks[0].params, seed: run.seed, windowWorkers: run.windowWorkers };
    } finally {
      run.free();
    }
  }

  /**
   * Opens the viewer on the form's memory at shot `shot` (the URL's text; checked by the core)
   * and, with `find` = "seed-fails", searches from there for a shot where the seed's windows
   * fail and parallel-window does not.
   */
  async open(form, { shot = "0", find = null, decoder = null } = {}) {
    this.root.hidden = false;
    this.client ??= new ShotClient();
    this.stopSearch();
    this.#setReady(false);
    this.#clearOutputs();
    let task;
    try {
      task = this.#taskOf(form);
    } catch (error) {
      this.#fail(error);
      return;
    }
    const key = `${JSON.stringify(task.params)}|${task.windowWorkers}`;
    this.el.decoder.value = decoder ?? task.params.decoder;
    this.flips = [];
    this.index = parseShot(shot);
    this.shotText = String(shot);
    const token = ++this.token;
    try {
      if (this.memory?.key !== key) {
        const geometry = await this.client.request({
          type: "open",
          key,
          params: task.params,
          windowWorkers: task.windowWorkers,
        });
        if (token !== this.token) return;
        this.memory = { key, ...task, geometry };
        this.lattice.setGeometry(geometry);
        await this.space.setGeometry(geometry);
      } else {
        this.memory = { ...this.memory, seed: task.seed };
      }
    } catch (error) {
      if (token === this.token) this.#fail(error);
      return;
    }
    const { params, geometry } = this.memory;
    this.el.round.max = String(geometry.rounds);
    this.layer = Math.min(this.layer, geometry.rounds);
    this.el.round.value = String(this.layer);
    const c = params.commitRounds ?? params.distance;
    const w = params.bufferRounds ?? params.distance;
    this.el.memory.textContent = `d = ${params.distance}, r = ${params.rounds}, p = ${params.p}, basis ${params.basis.toUpperCase()}, ${params.noise ?? "stim"} noise, seed ${this.memory.seed}; window decoders use c = ${c}, w = ${w}`;
    this.root.scrollIntoView?.({ block: "start" });
    if (find === "seed-fails") await this.findSeedFails({ from: this.index });
    else await this.explain();
  }

  close() {
    this.stopSearch();
    this.#pause();
    this.root.hidden = true;
    this.onView({ view: null, shot: null, find: null });
  }

  /** The form changed while the viewer is open: show the same shot K of the new memory. */
  formChanged(form) {
    if (!this.isOpen) return;
    clearTimeout(this.formTimer);
    this.formTimer = setTimeout(() => this.open(form, { shot: String(this.index) }), 400);
  }

  /** A request to the shot worker about the current memory and seed. */
  #ask(type, fields, onProgress) {
    return this.client.request(
      { type, key: this.memory.key, seed: this.memory.seed, ...fields },
      onProgress,
    );
  }

  #setReady(ready) {
    this.root.dataset.ready = ready ? "1" : "0";
  }

  #clearOutputs() {
    this.el.error.textContent = "";
    delete this.root.dataset.error;
    this.el.compare.replaceChildren();
    this.el.story.textContent = "";
  }

  #fail(error) {
    const message = String(error?.message ?? error);
    this.el.error.textContent = message;
    this.root.dataset.error = message;
    this.el.verdict.textContent = "";
    delete this.el.verdict.dataset.correct;
    // No shot is shown: no numbers, no marks left over from the last one.
    for (const key of SHOT_ATTRIBUTES) delete this.root.dataset[key];
    this.explanation = null;
    if (this.lattice.geometry) this.lattice.show(null, this.layer, new Set());
    this.#drawWindows();
    this.el.numbers.textContent = "";
    this.#setReady(true);
  }

  /**
   * Asks the core to explain the current shot with the hand-made errors, then draws it;
   * `annotate` (async) adds words about it before the shot counts as drawn.
   */
  async explain(annotate = null) {
    if (!this.memory) return;
    const token = ++this.token;
    const started = performance.now();
    this.#setReady(false);
    this.#clearOutputs();
    this.onView({ view: "shot", shot: this.shotText ?? String(this.index) });
    try {
      const explanation = await this.#ask("explain", {
        index: this.index,
        flips: this.flips,
        decoder: this.el.decoder.value,
      });
      if (token !== this.token) return;
      this.explanation = explanation;
      this.shotText = null;
      const received = performance.now();
      this.#draw();
      const drawn = performance.now();
      Object.assign(this.root.dataset, {
        latencyMs: (drawn - started).toFixed(1),
        decodeMs: (this.client.lastWorkerMs ?? 0).toFixed(1),
        drawMs: (drawn - received).toFixed(1),
      });
      if (annotate) await annotate(explanation);
      if (token !== this.token) return;
      this.#setReady(true);
    } catch (error) {
      if (token !== this.token) return;
      this.explanation = null;
      this.#fail(error);
    }
  }

  #draw() {
    const e = this.explanation;
    Object.assign(this.root.dataset, {
      shot: String(e.index),
      decoder: e.decoder,
      detectionEvents: e.detection_events.join(","),
      observableFlips: String(e.observable_flips),
      prediction: String(e.prediction),
      weight: String(e.weight),
      windows: String(e.windows ? e.windows.length : 1),
      correct: e.correct ? "1" : "0",
    });
    this.el.title.textContent = `K = ${e.index.toLocaleString("en-US")}`;
    document.getElementById("shot-goto").value = String(e.index);
    byTestId("shot-prev").disabled = e.index === 0;
    this.el.verdict.dataset.correct = e.correct ? "1" : "0";
    this.el.verdict.textContent = e.correct
      ? `${e.decoder} is right: it predicts observable flips ${e.prediction} and the shot flipped ${e.observable_flips}.`
      : `${e.decoder} is wrong: it predicts observable flips ${e.prediction}, but the shot flipped ${e.observable_flips}: a logical error.`;
    const crossing = e.path_edge_observables.filter(Boolean).length;
    this.el.numbers.textContent = `${e.detection_events.length} detection events, ${e.fired_errors.length} sampled errors, ${e.hand_errors.length} hand-made; correction of ${e.path_edges.length} edges, weight ${e.weight.toFixed(3)}, ${crossing} crossing the observable.`;
    this.#drawHand();
    this.#drawLayer();
    this.#drawWindows();
    this.space.show(this.explanation, this.layer);
  }

  #drawLayer() {
    const rounds = this.memory.geometry.rounds;
    const t = this.layer;
    this.el.round.value = String(t);
    this.el.roundLabel.textContent = `t = ${t} of 0 … ${rounds}`;
    this.el.layerNote.textContent =
      t === 0
        ? "Layer 0: the first round's measurements, compared with the preparation."
        : t < rounds
          ? `Layer ${t}: round ${t}'s measurements compared with round ${t - 1}'s. Click a data qubit for an error at the start of round ${t}, a plaquette for a wrong measurement in round ${t}.`
          : `Layer ${t} = r: the final data measurements, compared with the last round. No round ${t} exists, so clicks here add nothing; go to t < ${rounds}.`;
    if (this.explanation) this.lattice.show(this.explanation, t, new Set(this.flips));
    if (this.explanation?.windows) this.#drawWindows();
  }

  #drawWindows() {
    const windows = this.explanation?.windows;
    const strip = document.getElementById("shot-windows");
    if (!windows) {
      strip.replaceChildren();
      strip.setAttribute("height", "0");
      this.el.windowsNote.textContent = this.explanation
        ? "Global matching decodes the whole memory as one window: no cuts, no artificial defects."
        : "";
      return;
    }
    strip.removeAttribute("height");
    const layerOf = (detector) => Math.round(this.memory.geometry.detectors[detector].t);
    this.strip.show(windows, this.memory.geometry.num_layers, this.layer, layerOf);
    const artificial = windows.reduce((sum, w) => sum + w.artificial_defects.length, 0);
    const threads = new Set(windows.map((w) => w.thread)).size;
    this.el.windowsNote.textContent =
      windows.length === 1
        ? "This memory fits in a single window: it is decoded like global matching."
        : `${windows.length} windows over t = 0 … ${this.memory.geometry.rounds} on ${threads} thread${threads > 1 ? "s" : ""}; solid = commit region, light = buffer; ${artificial} artificial defect${artificial === 1 ? "" : "s"} (◆) handed across cuts. ${this.#layerInWindows(windows)} Click a window to show its first commit layer.`;
  }

  /** Which windows see the shown layer, and which of them decides it (commits it). */
  #layerInWindows(windows) {
    const t = this.layer;
    const seen = {};
    const parts = [];
    for (const w of windows) {
      seen[w.layer] = (seen[w.layer] ?? 0) + 1;
      if (t < w.start || t >= w.end) continue;
      const commits = t >= w.commit_start && t < w.commit_end;
      parts.push(`${w.layer}${seen[w.layer]} (${commits ? "commits it" : "buffer"})`);
    }
    return parts.length ? `Layer t = ${t} is in ${parts.join(", ")}.` : "";
  }

  #drawHand() {
    const items = this.flips.map((flip) => {
      const [qubit, round] = flip.split(":").map(Number);
      const role = this.memory.geometry.qubits.find((q) => q.index === qubit)?.role;
      const li = document.createElement("li");
      const text = document.createElement("span");
      // What the core says it flips.
      const symptom = this.explanation?.hand_errors.find(
        (h) => h.qubit === qubit && h.round === round,
      );
      const flips = symptom
        ? `: flips detector${symptom.detectors.length === 1 ? "" : "s"} ${symptom.detectors.join(", ") || "none"}${symptom.observables ? " and the observable" : ""}`
        : "";
      text.textContent =
        (role === "data"
          ? `error on data qubit ${qubit} at the start of round ${round}`
          : `wrong measurement of ${role} stabilizer ${qubit} in round ${round}`) + flips;
      const remove = document.createElement("button");
      remove.type = "button";
      remove.className = "small";
      remove.textContent = "remove";
      remove.addEventListener("click", () => {
        this.flips = this.flips.filter((f) => f !== flip);
        this.explain();
      });
      const show = document.createElement("button");
      show.type = "button";
      show.className = "small";
      show.textContent = "show";
      show.addEventListener("click", () => this.setLayer(round));
      li.append(text, " ", show, " ", remove);
      return li;
    });
    this.el.hand.replaceChildren(...items);
    document.getElementById("shot-clear-hand").hidden = this.flips.length === 0;
    document.getElementById("shot-hand-empty").hidden = this.flips.length > 0;
  }

  setLayer(t) {
    if (!this.memory) return;
    this.layer = Math.max(0, Math.min(this.memory.geometry.rounds, t));
    this.#drawLayer();
    this.space.setLayer(this.explanation, this.layer);
  }

  togglePlay() {
    if (this.playTimer) {
      this.#pause();
      return;
    }
    if (this.layer >= this.memory.geometry.rounds) this.setLayer(0);
    this.el.play.textContent = "Pause";
    this.playTimer = setInterval(() => {
      if (this.layer >= this.memory.geometry.rounds) this.#pause();
      else this.setLayer(this.layer + 1);
    }, PLAY_MS);
  }

  #pause() {
    clearInterval(this.playTimer);
    this.playTimer = null;
    this.el.play.textContent = "Play";
  }

  /** Toggles the hand-made error of `qubit` at the shown round and re-decodes. */
  toggle(qubit, kind) {
    if (!this.memory || !this.explanation) return;
    const rounds = this.memory.geometry.rounds;
    if (this.layer >= rounds) {
      this.el.status.textContent =
        kind === "data"
          ? `Nothing happens at t = r = ${rounds}: these are the final data measurements, after the last round; an error on a data qubit goes at the start of a round t < ${rounds}.`
          : `Nothing happens at t = r = ${rounds}: no stabilizer is measured there (the layer comes from the final data measurements); pick a round t < ${rounds}.`;
      return;
    }
    this.el.status.textContent = "";
    const flip = `${qubit}:${this.layer}`;
    this.flips = this.flips.includes(flip)
      ? this.flips.filter((f) => f !== flip)
      : [...this.flips, flip];
    this.explain();
  }

  /** Shows shot `index` (`text`: what the user typed, quoted in the core's message if bad). */
  goTo(index, text = null) {
    if (!this.memory) return;
    this.stopSearch();
    this.index = index;
    this.shotText = text;
    this.flips = [];
    this.el.status.textContent = "";
    this.explain();
  }

  /** Every decoder's verdict on the same events. */
  async compare() {
    if (!this.memory || !this.explanation) return;
    const list = this.el.compare;
    list.replaceChildren();
    this.el.status.textContent = "Comparing decoders…";
    try {
      const verdicts = await this.#ask("compare", {
        index: this.index,
        flips: this.flips,
      });
      const items = verdicts.map((v) => {
        const li = document.createElement("li");
        li.dataset.decoder = v.decoder;
        if (v.unavailable) {
          li.dataset.correct = "";
          li.className = "unavailable";
          li.textContent = `${v.decoder}: unavailable (${v.unavailable})`;
        } else {
          li.dataset.correct = v.correct ? "1" : "0";
          li.className = v.correct ? "right" : "wrong";
          li.textContent = `${v.decoder}: predicts ${v.prediction}, ${v.correct ? "right" : "wrong"}${v.windows > 1 ? ` (${v.windows} windows)` : ""}`;
        }
        return li;
      });
      list.replaceChildren(...items);
      this.el.status.textContent = `The four decoders on shot ${this.index} (actual flips ${this.explanation.observable_flips}):`;
    } catch (error) {
      this.el.status.textContent = "";
      this.el.error.textContent = error.message;
    }
  }

  /** Searches forward (in chunks, with progress and Stop) for a shot `wanted` describes. */
  async #search(wanted, decoder, from) {
    this.stopSearch();
    this.#setReady(false);
    this.el.stop.hidden = false;
    const request = this.#ask(
      "find",
      {
        from,
        limit: FIND_LIMIT,
        wanted,
        decoder,
        chunk: FIND_CHUNK,
      },
      ({ searched }) => {
        this.el.status.textContent = `Searching… ${searched.toLocaleString("en-US")} of ${FIND_LIMIT.toLocaleString("en-US")} shots from ${from.toLocaleString("en-US")}.`;
      },
    );
    this.search = request;
    try {
      return await request;
    } finally {
      if (this.search === request) this.search = null;
      this.el.stop.hidden = true;
    }
  }

  stopSearch() {
    if (!this.search) return;
    this.client.cancel(this.search.id);
    this.search = null;
  }

  /** Advances K until the decoder predicts wrongly (at most 100,000 shots). */
  async findFailure() {
    if (!this.memory) return;
    const decoder = this.el.decoder.value;
    const from = this.index + 1;
    try {
      const found = await this.#search("failure", decoder, from);
      if (found.cancelled) {
        this.el.status.textContent = `Stopped after ${found.searched.toLocaleString("en-US")} shots.`;
        this.#setReady(true);
      } else if (found.index === null) {
        this.el.status.textContent = `No failure of ${decoder} in the ${found.searched.toLocaleString("en-US")} shots from ${from.toLocaleString("en-US")}: it was right on every one. Try a larger p or a smaller d.`;
        this.#setReady(true);
      } else {
        this.el.status.textContent = `${decoder} fails on shot ${found.index.toLocaleString("en-US")} (searched ${found.searched.toLocaleString("en-US")} shots).`;
        this.index = found.index;
        this.flips = [];
        await this.explain();
      }
    } catch (error) {
      this.#fail(error);
    }
  }

  /**
   * Finds a shot the seed's independent windows decode wrongly and parallel-window rightly,
   * shows it with parallel-window and says which chain crossed which cut.
   */
  async findSeedFails({ from = this.index + 1 } = {}) {
    if (!this.memory) return;
    this.onView({ view: "shot", shot: String(from), find: "seed-fails" });
    try {
      const probe = await this.#ask("explain", {
        index: from,
        flips: [],
        decoder: "parallel-window",
      });
      if ((probe.windows ?? []).length <= 1) {
        this.onView({ find: null });
        this.el.status.textContent = `This memory fits in a single window (r + 1 = ${this.memory.geometry.num_layers} layers, no more than c + 2w): there is no cut, so the seed's windows and parallel-window both decode it like global matching. Make r longer (e.g. r = 10d) to see a cut.`;
        this.index = from;
        await this.explain();
        return;
      }
      const found = await this.#search("seed-fails-parallel-right", "parallel-window", from);
      this.onView({ find: null });
      if (found.cancelled) {
        this.el.status.textContent = `Stopped after ${found.searched.toLocaleString("en-US")} shots.`;
        this.#setReady(true);
        return;
      }
      if (found.index === null) {
        this.el.status.textContent = `In ${found.searched.toLocaleString("en-US")} shots from ${from.toLocaleString("en-US")} the seed's windows never failed where parallel-window was right. A longer memory (r = 10d) or a larger p makes such shots common.`;
        this.index = from;
        await this.explain();
        return;
      }
      this.index = found.index;
      this.flips = [];
      this.el.decoder.value = "parallel-window";
      const ask = (decoder) =>
        this.#ask("explain", {
          index: found.index,
          flips: [],
          decoder,
        });
      await this.explain(async (parallel) => {
        const independent = await ask("independent-windows");
        this.el.status.textContent = `Shot ${found.index.toLocaleString("en-US")}: the seed's independent windows predict ${independent.prediction}, parallel-window ${parallel.prediction}, the shot flipped ${parallel.observable_flips}.`;
        // The core reads which chain crossed which cut; the page only words it.
        const reading = await this.#ask("cutStory", { index: found.index, flips: [] });
        const story = describeCut(reading);
        this.el.story.textContent = story.text;
        if (story.layer !== null) this.setLayer(story.layer);
      });
    } catch (error) {
      this.onView({ find: null });
      this.#fail(error);
    }
  }
}

/** The URL's shot as a number, or its text as written, for the core to check and quote. */
function parseShot(text) {
  const trimmed = String(text ?? "0").trim();
  if (trimmed === "") return 0;
  return /^\d+$/.test(trimmed) && Number.isSafeInteger(Number(trimmed)) ? Number(trimmed) : trimmed;
}
