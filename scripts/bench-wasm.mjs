// `npm run bench:wasm`: the wasm builds' µs per shot against the native build's, in one run,
// on the same shots (same seed, same blocks: the error counts must agree too), then the
// page's shots/s with b = 2 against b = 1 in headless Chromium (medians of repeated runs).
//
//   node scripts/bench-wasm.mjs [--shots N] [--distances 5,9,13] [--p 0.001,0.005]
//                               [--repeats 3] [--seconds 4] [--no-browser] [--no-workers]
//                               [--json FILE]
//
// µs per shot is sampling plus decoding of whole blocks (what a worker does per shot), timed
// around the blocks only: natively the CLI's `seconds` column with one worker, in wasm the
// time around Task.runBlocks with a = 1. Both wasm builds are timed twice: in headless
// Chromium (the engine the page runs in, so `ratio` is threaded wasm there / native) and in
// Node (an older V8; `nodeRatio`, for reference). Both sides run the default matching engine
// (the native side without SURFACELAB_ENGINE). Each figure is the fastest of --repeats runs,
// native and wasm runs taking turns.
//
// --no-browser: Node only (then `ratio` is Node's, and the summary says so); also skips the
// workers comparison. --no-workers: skip only the b = 2 against b = 1 comparison.
// --json FILE appends one JSON line per case to FILE (scripts/bench.sh's summary reads them).

import { execFileSync } from "node:child_process";
import { appendFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : fallback;
};
const distances = option("distances", "5,9,13").split(",").map(Number);
const probabilities = option("p", "0.001,0.005").split(",");
const shotsPerCase = Number(option("shots", "20480"));
const repeats = Number(option("repeats", "3"));
const seconds = Number(option("seconds", "4"));
const seed = "2026";
const jsonFile = option("json", null);

async function loadWasm(flavour) {
  // wasm-bindgen-rayon's worker helper listens on `self`; in Node there is none (and no pool).
  globalThis.self ??= new EventTarget();
  const module = await import(join(root, `www/pkg/${flavour}/surfacelab.js`));
  module.initSync({ module: readFileSync(join(root, `www/pkg/${flavour}/surfacelab_bg.wasm`)) });
  return module;
}

// The native side runs the default engine, as the wasm builds do.
const nativeEnv = { ...process.env };
delete nativeEnv.SURFACELAB_ENGINE;

function nativeCase(distance, p) {
  const csv = execFileSync(
    process.env.SURFACELAB_BIN,
    ["collect", "--distances", String(distance), "--rounds", "d", "--p", p, "--basis", "z"]
      .concat(["--decoder", "global", "--max-shots", String(shotsPerCase), "--seed", seed])
      .concat(["--workers", "1", "--batch-blocks", "1", "--no-progress"]),
    { stdio: ["ignore", "pipe", "ignore"], env: nativeEnv },
  ).toString();
  const fields = csv.trim().split("\n")[1].split(",");
  return { errors: Number(fields[1]), seconds: Number(fields[3]) };
}

// Runs in Node and, serialised, in the page: the wasm module `wasm`'s µs per shot.
function timeBlocks(wasm, { distance, p, shots, seed }) {
  const params = { distance, rounds: distance, basis: "z", p: Number(p), decoder: "global" };
  const task = new wasm.Task(params, false);
  const blocks = Math.ceil(shots / 1024);
  let errors = 0;
  // Warm up (the engine compiles the module's hot functions at its optimising tier only after
  // they have run a while): blocks after the timed ones, for half a second, not counted.
  const warmUntil = performance.now() + 500;
  for (let block = blocks; performance.now() < warmUntil; block++) {
    task.runBlocks(seed, Float64Array.of(block), Uint32Array.of(1024));
  }
  const start = performance.now();
  for (let block = 0; block < blocks; block++) {
    const count = Math.min(1024, shots - block * 1024);
    errors += task.runBlocks(seed, Float64Array.of(block), Uint32Array.of(count))[0];
  }
  const elapsed = (performance.now() - start) / 1000;
  task.free();
  return { errors, seconds: elapsed };
}

const flavours = { threaded: "mt", "single-thread": "st" };

/** Both builds in Node: {flavour: run(distance, p)}. */
async function nodeRunners() {
  const runners = {};
  for (const [name, flavour] of Object.entries(flavours)) {
    const wasm = await loadWasm(flavour);
    runners[name] = async (distance, p) =>
      timeBlocks(wasm, { distance, p, shots: shotsPerCase, seed });
  }
  return runners;
}

/** Both builds in a headless Chromium page of the (cross-origin isolated) server. */
async function chromiumRunners(page) {
  await page.evaluate(async (flavours) => {
    globalThis.builds = {};
    for (const flavour of flavours) {
      const module = await import(`/pkg/${flavour}/surfacelab.js`);
      await module.default();
      globalThis.builds[flavour] = module;
    }
  }, Object.values(flavours));
  // The same timing function as in Node, defined in the page (DevTools evaluation, not eval).
  await page.evaluate(`globalThis.timeBlocks = ${timeBlocks.toString()}`);
  const runners = {};
  for (const [name, flavour] of Object.entries(flavours)) {
    runners[name] = (distance, p) =>
      page.evaluate(
        ({ flavour, options }) => globalThis.timeBlocks(globalThis.builds[flavour], options),
        { flavour, options: { distance, p, shots: shotsPerCase, seed } },
      );
  }
  return runners;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** The fastest of `repeats` runs of each: native, then every wasm runner, taking turns. */
async function timeCase(distance, p, runnerSets) {
  const best = { native: null };
  for (let repeat = 0; repeat < repeats; repeat++) {
    const native = nativeCase(distance, p);
    if (!best.native || native.seconds < best.native.seconds) best.native = native;
    for (const [where, runners] of Object.entries(runnerSets)) {
      for (const [name, run] of Object.entries(runners)) {
        const key = `${where} ${name}`;
        const result = await run(distance, p);
        if (result.errors !== native.errors) {
          throw new Error(
            `d${distance}_p${p}: ${key} wasm counted ${result.errors} errors, native ${native.errors}`,
          );
        }
        if (!best[key] || result.seconds < best[key].seconds) best[key] = result;
      }
    }
  }
  const us = (run) => (run.seconds / shotsPerCase) * 1e6;
  return Object.fromEntries(Object.entries(best).map(([key, run]) => [key, us(run)]));
}

async function compareBuilds(page) {
  const runnerSets = { node: await nodeRunners() };
  if (page) runnerSets.chromium = await chromiumRunners(page);
  const main = page ? "chromium" : "node";
  const rows = [];
  for (const distance of distances) {
    for (const p of probabilities) {
      const us = await timeCase(distance, p, runnerSets);
      const row = { case: `d${distance}_r${distance}_p${p}`, shots: shotsPerCase, runtime: main };
      row.nativeUs = us.native;
      row.threadedUs = us[`${main} threaded`];
      row["single-threadUs"] = us[`${main} single-thread`];
      row.nodeThreadedUs = us["node threaded"];
      row.nodeSingleThreadUs = us["node single-thread"];
      row.ratio = row.threadedUs / row.nativeUs;
      row.nodeRatio = row.nodeThreadedUs / row.nativeUs;
      rows.push(row);
      if (jsonFile) appendFileSync(jsonFile, JSON.stringify({ kind: "wasm", ...row }) + "\n");
      console.log(
        `wasm/${row.case}: ${row.nativeUs.toFixed(2)} us/shot native; threaded wasm ` +
          `${row.threadedUs.toFixed(2)} in ${main} (ratio ${row.ratio.toFixed(2)})` +
          (page
            ? `, ${row.nodeThreadedUs.toFixed(2)} in Node (ratio ${row.nodeRatio.toFixed(2)})`
            : "") +
          `; single-thread wasm ${row["single-threadUs"].toFixed(2)} in ${main}` +
          ` (fastest of ${repeats}; errors equal on every run)`,
      );
    }
  }
  return rows;
}

async function compareWorkers(browser, server) {
  const { openPage } = await import(join(root, "tests/e2e/harness.mjs"));
  {
    const distance = distances.includes(9) ? 9 : distances[0];
    const query = `?distances=${distance}&rounds=d&p=0.005&seed=1&workers=1`;
    const { page } = await openPage(browser.context, `${server.url}${query}`);
    const rates = { 1: [], 2: [] };
    for (let repeat = 0; repeat < repeats; repeat++) {
      await page.fill("#sweep-grid", "1x1-2");
      await page.fill("#sweep-seconds", String(seconds));
      await page.click('[data-testid="sweep-run"]');
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="sweep-cell"][data-shots-per-second]').length ===
          2,
        null,
        { timeout: 120_000 },
      );
      for (const cell of await page.$$('[data-testid="sweep-cell"]')) {
        rates[await cell.getAttribute("data-b")].push(
          Number(await cell.getAttribute("data-shots-per-second")),
        );
      }
      await page.waitForFunction(
        () => !document.querySelector('[data-testid="sweep-run"]').disabled,
      );
    }
    const [one, two] = [median(rates[1]), median(rates[2])];
    console.log(
      `browser/d${distance}_r${distance}_p0.005: b=1 ${one} shots/s, b=2 ${two} shots/s ` +
        `(medians of ${repeats}; ratio ${(two / one).toFixed(2)}; runs b=1 ${rates[1].join(", ")}; b=2 ${rates[2].join(", ")})`,
    );
    await page.close();
  }
}

if (args.includes("--no-browser")) {
  await compareBuilds(null);
} else {
  const { launchBrowser, startServer } = await import(join(root, "tests/e2e/harness.mjs"));
  const server = await startServer({ isolated: true });
  const browser = await launchBrowser();
  try {
    // A plain file of the server is enough: the page only needs its origin (isolated, so the
    // threaded module's shared memory is allowed) to import the modules.
    const page = await browser.context.newPage();
    await page.goto(`${server.url}/pkg/build-version.js`);
    await compareBuilds(page);
    await page.close();
    if (!args.includes("--no-workers")) await compareWorkers(browser, server);
  } finally {
    await browser.close();
    server.close();
  }
}
