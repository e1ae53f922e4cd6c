// The realtime view's worker: one wasm instance whose rayon pool holds the a window threads
// (threaded build: initThreadPool(a) once, before any rayon use; a new a needs a new worker).
// It prepares a StreamRunner per memory and runs it; the run blocks this thread for its whole
// length, which is why it lives here and not on the page's thread.
//
// The first run of a fresh instance runs twice more before it answers: the browser first runs
// wasm on quickly compiled code and optimises it while it runs, so a cold first run would
// measure the compiler, not the decoder (measured in headless Chromium: the first run 40–75 %
// of the warm sustainable rate, the second still about 80 %).
//
// Messages in:  {type: "init", flavour: "mt" | "st", threads}
//               {type: "run", id, key, params, roundRate, shots, seed}
// Messages out: {type: "ready", threaded}
//               {type: "report", id, report, seconds}   (the object `surfacelab stream --json` prints)
//               {type: "failed", id, message}           (the core refused the input)
//               {type: "crashed", message}              (the instance is unusable)

let wasm = null;
let threads = 1;
// The last prepared memory: preparing d = 5, r = 1000 takes a moment, so Run again reuses it.
let prepared = null; // {key, runner}
let warm = false;
const WARM_UP_RUNS = 2;

async function init({ flavour, threads: a }) {
  wasm = await import(`../../pkg/${flavour}/surfacelab.js`);
  await wasm.default();
  if (flavour === "mt") await wasm.initThreadPool(a);
  threads = flavour === "mt" ? a : 1;
  postMessage({ type: "ready", threaded: wasm.threadsAvailable() });
}

function runnerFor(key, params) {
  if (prepared?.key === key) return prepared.runner;
  prepared?.runner.free();
  prepared = null;
  const runner = new wasm.StreamRunner(params, threads);
  prepared = { key, runner };
  return runner;
}

function run({ id, key, params, roundRate, shots, seed }) {
  const start = performance.now();
  let report;
  try {
    const runner = runnerFor(key, params);
    if (!warm) {
      for (let run = 0; run < WARM_UP_RUNS; run++) runner.run("", 1, seed);
      warm = true;
    }
    report = runner.run(roundRate, shots, seed);
  } catch (error) {
    // A JS Error from the facade carries the core's one-line message; a trap is a crash.
    if (error instanceof WebAssembly.RuntimeError) throw error;
    postMessage({ type: "failed", id, message: String(error?.message ?? error) });
    return;
  }
  postMessage({ type: "report", id, report, seconds: (performance.now() - start) / 1000 });
}

self.onmessage = async ({ data }) => {
  try {
    if (data.type === "init") await init(data);
    else if (data.type === "run") run(data);
  } catch (error) {
    postMessage({ type: "crashed", message: String(error?.message ?? error) });
  }
};
