// The page's side of the realtime worker: one worker for one a (a rayon pool cannot be
// resized, so another a means another worker), one run at a time, answered as a promise.
// Stop ends the worker: a stream run blocks its thread, so it cannot be asked to stop.

import { threadsMode } from "../pool.js";

const WORKER_URL = new URL("./realtime-worker.js", import.meta.url);

/** Why a run did not give a report: the core refused the input, the user stopped, or a crash. */
export class StreamFailure extends Error {
  constructor(kind, message) {
    super(message);
    this.kind = kind; // "refused" | "stopped" | "crashed"
  }
}

export class StreamClient {
  constructor() {
    this.mode = threadsMode();
    this.worker = null;
    this.a = 0;
    this.ready = null;
    this.pending = null; // {id, resolve, reject}
    this.nextId = 1;
  }

  /** The a a run will get: the threaded build's a, or 1 in the single-thread build. */
  effectiveA(a) {
    return this.mode === "threaded" ? a : 1;
  }

  #start(a) {
    this.close();
    const worker = new Worker(WORKER_URL, { type: "module", name: `realtime worker a=${a}` });
    this.worker = worker;
    this.a = a;
    this.ready = new Promise((resolve, reject) => {
      worker.onmessage = ({ data }) => {
        if (data.type === "ready") resolve();
        else this.#message(data, reject);
      };
      worker.onerror = (event) => {
        event.preventDefault();
        const failure = new StreamFailure("crashed", event.message || "the worker failed to load");
        reject(failure);
        this.#settle(null, failure);
      };
    });
    worker.postMessage({
      type: "init",
      flavour: this.mode === "threaded" ? "mt" : "st",
      threads: a,
    });
  }

  #message(data, rejectReady) {
    if (data.type === "crashed") {
      const failure = new StreamFailure("crashed", data.message);
      rejectReady(failure);
      this.#settle(null, failure);
      this.close();
    } else if (data.id === this.pending?.id) {
      if (data.type === "report") this.#settle({ ...data.report, seconds: data.seconds });
      else this.#settle(null, new StreamFailure("refused", data.message));
    }
  }

  #settle(report, failure = null) {
    const pending = this.pending;
    this.pending = null;
    if (!pending) return;
    if (failure) pending.reject(failure);
    else pending.resolve(report);
  }

  /**
   * Runs `shots` memories of `params` (a StreamRunner's params) with a window threads at
   * `roundRate` (text; empty = the measured sustainable rate): the core's report.
   */
  async run({ params, a, roundRate, shots, seed }) {
    a = this.effectiveA(a);
    if (this.pending) throw new Error("a realtime run is already going");
    if (!this.worker || this.a !== a) this.#start(a);
    const id = this.nextId++;
    const answer = new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject };
    });
    try {
      await this.ready;
    } catch (error) {
      this.#settle(null, error);
      return answer;
    }
    if (this.pending?.id !== id) return answer; // stopped while the worker started
    const key = JSON.stringify(params);
    this.worker.postMessage({ type: "run", id, key, params, roundRate, shots, seed });
    return answer;
  }

  /** Ends the run going (if any) and its worker. */
  stop() {
    const running = Boolean(this.pending);
    this.close();
    if (running) this.#settle(null, new StreamFailure("stopped", "stopped"));
  }

  close() {
    this.worker?.terminate();
    this.worker = null;
    this.a = 0;
  }
}
