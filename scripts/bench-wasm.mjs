// `npm run bench:wasm`: the wasm build's µs per shot against the native build's, in one run,
// on the same shots (same seed, same blocks: the error counts must agree too), then the
// page's shots/s with b = 2 against b = 1 in headless Chromium (medians of repeated runs).
//
//   node scripts/bench-wasm.mjs [--shots N] [--distances 5,9,13] [--p 0.001,0.005]
//                               [--repeats 3] [--seconds 4] [--no-browser] [--json FILE]
//
// µs per shot is sampling plus decoding of whole blocks (what a worker does per shot), timed
// around the blocks only: natively the CLI's `seconds` column with one worker, in wasm the
// time around Task.runBlocks. Both wasm builds run in Node with a = 1 (no rayon pool needed).
// Both sides run the default matching engine (the native side without SURFACELAB_ENGINE).
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

function wasmCase(wasm, distance, p) {
  const params = { distance, rounds: distance, basis: "z", p: Number(p), decoder: "global" };
  const task = new wasm.Task(params, false);
  const blocks = Math.ceil(shotsPerCase / 1024);
  let errors = 0;
  // Warm up (the engine compiles the module's hot functions at its optimising tier only after
  // they have run a while): blocks after the timed ones, for half a second, not counted.
  const warmUntil = performance.now() + 500;
  for (let block = blocks; performance.now() < warmUntil; block++) {
    task.runBlocks(seed, Float64Array.of(block), Uint32Array.of(1024));
  }
  const start = performance.now();
  for (let block = 0; block < blocks; block++) {
    const shots = Math.min(1024, shotsPerCase - block * 1024);
    errors += task.runBlocks(seed, Float64Array.of(block), Uint32Array.of(shots))[0];
  }
  const elapsed = (performance.now() - start) / 1000;
  task.free();
  return { errors, seconds: elapsed };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function compareBuilds() {
  const builds = { threaded: await loadWasm("mt"), "single-thread": await loadWasm("st") };
  const rows = [];
  for (const distance of distances) {
    for (const p of probabilities) {
      const natives = Array.from({ length: repeats }, () => nativeCase(distance, p));
      const native = natives.reduce((best, run) => (run.seconds < best.seconds ? run : best));
      const row = { case: `d${distance}_r${distance}_p${p}`, shots: shotsPerCase };
      row.nativeUs = (native.seconds / shotsPerCase) * 1e6;
      for (const [name, wasm] of Object.entries(builds)) {
        const runs = Array.from({ length: repeats }, () => wasmCase(wasm, distance, p));
        if (runs.some((run) => run.errors !== native.errors)) {
          throw new Error(
            `${row.case}: ${name} wasm counted ${runs[0].errors} errors, native ${native.errors}`,
          );
        }
        row[`${name}Us`] = (Math.min(...runs.map((run) => run.seconds)) / shotsPerCase) * 1e6;
      }
      row.errors = native.errors;
      row.ratio = row.threadedUs / row.nativeUs;
      rows.push(row);
      if (jsonFile) appendFileSync(jsonFile, JSON.stringify({ kind: "wasm", ...row }) + "\n");
      console.log(
        `wasm/${row.case}: ${row.threadedUs.toFixed(2)} us/shot threaded wasm, ` +
          `${row["single-threadUs"].toFixed(2)} single-thread wasm, ${row.nativeUs.toFixed(2)} native ` +
          `(ratio ${row.ratio.toFixed(2)}; ${row.errors} errors in ${shotsPerCase} shots, equal)`,
      );
    }
  }
  return rows;
}

async function compareWorkers() {
  const { launchBrowser, openPage, startServer } = await import(
    join(root, "tests/e2e/harness.mjs")
  );
  const server = await startServer({ isolated: true });
  const browser = await launchBrowser();
  try {
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
  } finally {
    await browser.close();
    server.close();
  }
}

await compareBuilds();
if (!args.includes("--no-browser")) await compareWorkers();
