// Saved runs in IndexedDB: the only module that touches the browser's storage (DESIGN.md).
// A run is saved as its form (seed included) and every finished block's counts, written as
// they land, so the core's prefix rule can rebuild each task exactly after a reload, a crash
// of the tab or a closed laptop. This module only stores and reads back; it knows nothing of
// the prefix rule, the page or the workers.
//
// Two object stores:
//   runs    {id, form, seed, tasks: [strongId], createdAt, updatedAt, status, shots, errors}
//   blocks  {runId, task, block, shots, errors, seconds}, keyed [runId, task, block]

const VERSION = 1;

/** A promise for an IndexedDB request's result. */
function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

/** A promise that settles when a transaction commits (or fails). */
function finished(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error("the transaction was aborted"));
  });
}

/** Every key of one run in the blocks store: arrays sort after numbers, so [id, []] ends it. */
const runBlocks = (runId) => IDBKeyRange.bound([runId], [runId, []]);

/** A new run id: time first, so ids sort by creation, and a random tail. */
export function newRunId() {
  const tail = crypto.getRandomValues(new Uint32Array(1))[0].toString(36);
  return `run-${Date.now().toString(36)}-${tail}`;
}

export class RunStore {
  /** @param {IDBDatabase} db */
  constructor(db) {
    this.db = db;
  }

  /** Opens (and creates on first use) the database `name`; rejects when storage is off. */
  static async open(name = "surfacelab") {
    if (!globalThis.indexedDB) throw new Error("this browser has no IndexedDB");
    const req = indexedDB.open(name, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains("runs")) db.createObjectStore("runs", { keyPath: "id" });
      if (!db.objectStoreNames.contains("blocks"))
        db.createObjectStore("blocks", { keyPath: ["runId", "task", "block"] });
    };
    const db = await request(req);
    // Ask the browser not to evict saved runs under storage pressure (it may say no).
    navigator.storage?.persist?.().catch(() => {});
    return new RunStore(db);
  }

  /** Deletes the database `name` (tests). */
  static async remove(name) {
    await request(indexedDB.deleteDatabase(name));
  }

  #tx(stores, mode = "readonly") {
    return this.db.transaction(stores, mode);
  }

  /** Writes a run record (a new one, or all of an old one's fields). */
  async putRun(run) {
    const tx = this.#tx("runs", "readwrite");
    tx.objectStore("runs").put({ ...run, updatedAt: Date.now() });
    await finished(tx);
  }

  /** Changes some fields of a saved run; resolves to the new record (null when absent). */
  async updateRun(id, changes) {
    const tx = this.#tx("runs", "readwrite");
    const runs = tx.objectStore("runs");
    const old = await request(runs.get(id));
    const run = old ? { ...old, ...changes, id, updatedAt: Date.now() } : null;
    if (run) runs.put(run);
    await finished(tx);
    return run;
  }

  /** One saved run, or null. */
  async getRun(id) {
    return (await request(this.#tx("runs").objectStore("runs").get(id))) ?? null;
  }

  /** Every saved run, the most recently changed first. */
  async listRuns() {
    const runs = await request(this.#tx("runs").objectStore("runs").getAll());
    return runs.sort((x, y) => y.updatedAt - x.updatedAt || (x.id < y.id ? 1 : -1));
  }

  /**
   * Saves finished blocks of task `task`: `blocks`, `shots` and `errors` are parallel arrays;
   * `seconds` is each block's worker time (an array, or one number shared by shots).
   */
  async addBlocks(runId, task, blocks, shots, errors, seconds = 0) {
    const tx = this.#tx("blocks", "readwrite");
    const store = tx.objectStore("blocks");
    const total = shots.reduce((sum, n) => sum + n, 0) || 1;
    blocks.forEach((block, i) => {
      const time = Array.isArray(seconds) ? seconds[i] : (seconds * shots[i]) / total;
      store.put({ runId, task, block, shots: shots[i], errors: errors[i], seconds: time });
    });
    await finished(tx);
  }

  /** A run's saved blocks, by task then block: [{task, block, shots, errors, seconds}]. */
  async blocksOf(runId) {
    const rows = await request(this.#tx("blocks").objectStore("blocks").getAll(runBlocks(runId)));
    return rows.map(({ task, block, shots, errors, seconds }) => ({
      task,
      block,
      shots,
      errors,
      seconds,
    }));
  }

  /** Deletes a run and its blocks. */
  async deleteRun(id) {
    const tx = this.#tx(["runs", "blocks"], "readwrite");
    tx.objectStore("runs").delete(id);
    tx.objectStore("blocks").delete(runBlocks(id));
    await finished(tx);
  }

  close() {
    this.db.close();
  }
}
