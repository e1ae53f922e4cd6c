// A shot worker: one wasm instance of its own. In the threaded build it calls
// initThreadPool(a) once, before any rayon use; then it runs the shot blocks it is handed and
// answers each batch with a small message (errors per block and seconds).
//
// Messages in:  {type: "init", flavour: "mt" | "st", threads}
//               {type: "batch", batchId, taskKey, params, seed, blocks, shots}
// Messages out: {type: "ready", threaded, memoryBytes}
//               {type: "done", batchId, errors, seconds, memoryBytes, busy: {peak, seconds}}
//               {type: "failed", batchId, message}   (the task itself is invalid: not a crash)
//               {type: "crashed", message}           (the instance is unusable: replace me)

let wasm = null;
let exports = null;
let windowThreads = false;
// Prepared tasks by key; a worker keeps the two most recent (tasks are handed out in order).
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
    task = new wasm.Task(params, windowThreads);
    tasks.set(key, task);
    while (tasks.size > 2) {
      const [oldest] = tasks.keys();
      tasks.get(oldest).free();
      tasks.delete(oldest);
    }
  }
  return task;
}

function runBatch({ batchId, taskKey, params, seed, blocks, shots }) {
  const start = performance.now();
  let task;
  try {
    task = taskFor(taskKey, params);
  } catch (error) {
    // A JS Error from the facade carries the core's message; anything else is a crash.
    if (error instanceof WebAssembly.RuntimeError) throw error;
    postMessage({ type: "failed", batchId, message: String(error?.message ?? error) });
    return;
  }
  const errors = task.runBlocks(seed, blocks, shots);
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
    postMessage({ type: "crashed", message: String(error?.message ?? error) });
  }
};
