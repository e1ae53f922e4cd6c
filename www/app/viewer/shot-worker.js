// The shot viewer's worker: one single-thread wasm instance (tracing one shot is sequential,
// and the main thread never decodes) holding one ShotViewer per memory, keyed by its task
// parameters and a. It draws nothing and decides nothing itself: it forwards the core's answers.
//
// Messages in:  {id, type: "open", key, params, windowWorkers}   -> {id, ok, value: geometry}
//               {id, type: "explain", key, seed, index, flips, decoder}
//               {id, type: "compare", key, seed, index, flips}
//               {id, type: "cutStory", key, seed, index, flips}
//               {id, type: "find", key, seed, from, limit, wanted, decoder, chunk}
//               {type: "cancel", id}                              (stops a find between chunks)
// Messages out: {id, ok: true, value, ms} | {id, ok: false, message}   (ms: time in the worker)
//               {id, progress: {searched}}                        (find, after each chunk)

import init, { ShotViewer } from "../../pkg/st/surfacelab.js";

const ready = init();
const viewers = new Map();
const cancelled = new Set();
// How many memories to keep (each holds its circuit, error model and graph).
const KEEP = 2;

function viewerFor(key) {
  const viewer = viewers.get(key);
  if (!viewer) throw new Error("this memory was not opened (internal: open it first)");
  return viewer;
}

function open({ key, params, windowWorkers }) {
  let viewer = viewers.get(key);
  if (!viewer) {
    viewer = new ShotViewer(params, windowWorkers);
    viewers.set(key, viewer);
    while (viewers.size > KEEP) {
      const [oldest] = viewers.keys();
      viewers.get(oldest).free();
      viewers.delete(oldest);
    }
  } else {
    // Most recently used last.
    viewers.delete(key);
    viewers.set(key, viewer);
  }
  return viewer.geometry();
}

const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Searches `limit` shots from `from` in chunks, so progress shows and a cancel stops it. */
async function find(message) {
  const { id, key, seed, from, limit, wanted, decoder, chunk = 2000 } = message;
  const viewer = viewerFor(key);
  let searched = 0;
  while (searched < limit) {
    if (cancelled.delete(id)) return { index: null, searched, cancelled: true };
    const size = Math.min(chunk, limit - searched);
    const found = viewer.find(seed, from + searched, size, wanted, decoder);
    searched += found.searched;
    if (found.index !== null && found.index !== undefined) return { index: found.index, searched };
    if (found.searched < size) break;
    postMessage({ id, progress: { searched } });
    await nextTask();
  }
  return { index: null, searched };
}

async function handle(message) {
  await ready;
  switch (message.type) {
    case "open":
      return open(message);
    case "explain": {
      const { key, seed, index, flips, decoder } = message;
      return viewerFor(key).explain(seed, index, flips, decoder);
    }
    case "compare": {
      const { key, seed, index, flips } = message;
      return viewerFor(key).compare(seed, index, flips);
    }
    case "cutStory": {
      const { key, seed, index, flips } = message;
      return viewerFor(key).cutStory(seed, index, flips);
    }
    case "find":
      return find(message);
    default:
      throw new Error(`unknown message ${message.type}`);
  }
}

self.onmessage = async ({ data }) => {
  if (data.type === "cancel") {
    cancelled.add(data.id);
    return;
  }
  try {
    const started = performance.now();
    const value = await handle(data);
    postMessage({ id: data.id, ok: true, value, ms: performance.now() - started });
  } catch (error) {
    postMessage({ id: data.id, ok: false, message: String(error?.message ?? error) });
  }
};
