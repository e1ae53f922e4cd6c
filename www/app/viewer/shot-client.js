// The main thread's side of the shot worker: each request is a promise; a find reports its
// progress and can be cancelled. Requests run in order in the worker.

export class ShotClient {
  constructor() {
    this.worker = new Worker(new URL("./shot-worker.js", import.meta.url), { type: "module" });
    this.nextId = 1;
    this.pending = new Map();
    this.worker.onmessage = ({ data }) => {
      const request = this.pending.get(data.id);
      if (!request) return;
      if (data.progress) {
        request.onProgress?.(data.progress);
        return;
      }
      this.pending.delete(data.id);
      this.lastWorkerMs = data.ms;
      if (data.ok) request.resolve(data.value);
      else request.reject(new Error(data.message));
    };
    this.worker.onerror = (event) => {
      const error = new Error(`the shot worker failed: ${event.message ?? "unknown error"}`);
      for (const request of this.pending.values()) request.reject(error);
      this.pending.clear();
    };
  }

  /** Sends `message`; resolves to the core's answer or rejects with its one-line message. */
  request(message, onProgress) {
    const id = this.nextId++;
    const promise = new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress });
    });
    this.worker.postMessage({ ...message, id });
    promise.id = id;
    return promise;
  }

  cancel(id) {
    this.worker.postMessage({ type: "cancel", id });
  }

  close() {
    this.worker.terminate();
    this.pending.clear();
  }
}
