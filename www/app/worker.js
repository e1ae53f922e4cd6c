// A shot worker: one wasm instance of its own. In the threaded build it calls
// initThreadPool(a) once, before any rayon use; then it runs the shot blocks it is handed and
// answers each batch with a small message (errors per block and seconds).
//
// Messages in:  {type: "init", flavour: "mt" | "st", threads}
//               {type: "batch", batchId, taskKey, params, seed, blocks, shots}
// Messages out: {type: "ready", threaded, memoryBytes}
//               {type: "done", batchId, errors, seconds, memoryBytes, busy: {peak, seconds}}
//               {type: "failed", batchId, message}   (the core refused the task or a shot, e.g.
//                                                     an unmatchable defect: not a crash)
//               {type: "crashed", message}           (a panic or a lost instance: replace me)

let wasm = null;
let exports = null;
let windowThreads = false;
// The prepared task, by key: one at a time. The old task is freed before the next is built, so
// a worker's memory holds one task (what the core's wasm memory estimate budgets).
const tasks = new Map();

function memoryBytes() {
  const memory = exports?.memory ?? exports?.__wbindgen_export_0;
  return memory?.buffer?.byteLength ?? 0;
}

async function init({ flavour, threads }) {
  wasm = await import(`../pkg/${flavour}/surfacelab.js`);
  exports = await wasm.default();
  if (flavour === "mt") {
    await wasm.initThreadPool(threads);
    windowThreads = threads > 1;
  }
  postMessage({ type: "ready", threaded: wasm.threadsAvailable(), memoryBytes: memoryBytes() });
}

function taskFor(key, params) {
  let task = tasks.get(key);
  if (!task) {
    for (const old of tasks.values()) old.free();
    tasks.clear();
    task = new wasm.Task(params, windowThreads);
    tasks.set(key, task);
  }
  return task;
}

/** A trap (a Rust panic) is a crash; a JS Error from the facade carries the core's message. */
function isCrash(error) {
  return error instanceof WebAssembly.RuntimeError || !(error instanceof Error);
}

/** The panic's own message when the core recorded one (the trap itself says "unreachable"). */
function crashMessage(error) {
  let panic = "";
  try {
    panic = wasm?.lastPanic?.() ?? "";
  } catch {
    panic = "";
  }
  const text = String(error?.message ?? error);
  return panic ? `panicked: ${panic}` : text;
}

function runBatch({ batchId, taskKey, params, seed, blocks, shots }) {
  const start = performance.now();
  let errors;
  let task;
  try {
    task = taskFor(taskKey, params);
    errors = task.runBlocks(seed, blocks, shots);
  } catch (error) {
    if (isCrash(error)) {
      // The instance may be broken: drop it (the pool starts a fresh worker).
      tasks.clear();
      throw error;
    }
    postMessage({ type: "failed", batchId, message: String(error?.message ?? error) });
    return;
  }
  const seconds = (performance.now() - start) / 1000;
  // Measured in the wasm threads: the most threads busy at once, busy thread-seconds.
  const busy = task.takeBusy();
  postMessage({ type: "done", batchId, errors, seconds, memoryBytes: memoryBytes(), busy }, [
    errors.buffer,
  ]);
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "init") await init(data);
    else if (data.type === "batch") runBatch(data);
  } catch (error) {
    postMessage({ type: "crashed", message: crashMessage(error) });
  }
};
