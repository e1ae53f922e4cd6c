// End-to-end tests of the page, served with the cross-origin isolation headers (threaded
// build). They drive the page only through DESIGN.md's automation contract: URL parameters and
// data-testid hooks.

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cliCounts, pageCounts } from "./cli.mjs";
import { openPage, root, testId, useServerAndBrowser, waitForRunEnd } from "./harness.mjs";

const screenshots = join(root, "tests/e2e/screenshots");
mkdirSync(screenshots, { recursive: true });
const session = useServerAndBrowser();

async function open(query = "", viewport) {
  return openPage(session.browser.context, `${session.server.url}${query}`, viewport);
}

const waitForEnd = waitForRunEnd;

async function setField(page, id, value) {
  await page.fill(testId(id), value);
}

// DESIGN.md's data-testid hooks, each on exactly one element.
const FORM_FIELDS = ["distances", "rounds", "p", "basis", "max-shots", "max-errors", "seed"].concat(
  ["commit-rounds", "buffer-rounds", "noise", "decoder"],
);
const HOOKS = [
  ...FORM_FIELDS.flatMap((name) => [`field-${name}`, `error-${name}`]),
  ...["workers", "window-workers", "error-workers", "error-window-workers", "hardware-threads"],
  ...["concurrency", "concurrency-zone", "recommendation", "threads-mode"],
  ...["preset-seed-default", "preset-seed-window", "preset-seed-conservative"],
  ...["run", "stop", "run-status", "results", "export-csv", "import-csv", "error-import-csv"],
  ...["sweep-run", "monitor-peak-busy", "monitor-mean-busy"],
];

test("the page is cross-origin isolated and uses the threaded build", async () => {
  const { page, problems } = await open();
  for (const hook of HOOKS) {
    assert.equal(await page.locator(testId(hook)).count(), 1, `one element with ${hook}`);
  }
  for (const name of ["noise", "decoder"]) {
    assert.equal(await page.locator(`select${testId(`field-${name}`)}`).count(), 1);
  }
  assert.equal(await page.locator(`input[type=number]${testId("workers")}`).count(), 1);
  assert.equal(await page.locator(`input[type=number]${testId("window-workers")}`).count(), 1);
  assert.equal(await page.locator(`input[type=file]${testId("import-csv")}`).count(), 1);
  assert.equal(await page.locator(`table${testId("results")}`).count(), 1);
  assert.equal(await page.evaluate(() => crossOriginIsolated), true);
  assert.equal(await page.textContent(testId("threads-mode")), "threaded");
  const n = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(await page.textContent(testId("hardware-threads")), String(n));
  // The defaults of the automation contract, and a seed written into the URL at once.
  assert.equal(await page.inputValue(testId("field-distances")), "3,5,7");
  assert.equal(await page.inputValue(testId("field-rounds")), "d");
  assert.equal(await page.inputValue(testId("field-p")), "0.001,0.003,0.005,0.007,0.01");
  assert.equal(await page.inputValue(testId("workers")), String(Math.min(n, 64)));
  assert.equal(await page.inputValue(testId("window-workers")), "1");
  assert.match(new URL(page.url()).searchParams.get("seed"), /^\d+$/);
  assert.equal(await page.textContent(testId("run-status")), "idle");
  assert.deepEqual(problems, []);
  await page.close();
});

test("(a, b) = (2, 2) parallel-window run gives the CLI's counts, also after a worker crash", async () => {
  const flags = {
    distances: "3,5",
    rounds: "4d",
    p: "0.004,0.01",
    basis: "z",
    decoder: "parallel-window",
    "commit-rounds": "3",
    "buffer-rounds": "3",
    "max-shots": "6000",
    "max-errors": "60",
    seed: "123456789012345678",
  };
  const query = new URLSearchParams({ ...flags, workers: "2", "window-workers": "2" });
  const { page, problems } = await open(`?${query}`);
  assert.equal(await page.textContent(testId("concurrency")), "4");
  await page.click(testId("run"));
  // Crash worker 1 as soon as it holds a batch: its blocks must be redone, counts unchanged.
  await page.waitForFunction(() => window.surfacelab.controller.pool.busySlots().length > 0);
  await page.evaluate(() => {
    const pool = window.surfacelab.controller.pool;
    pool.crash(pool.busySlots()[0]);
  });
  assert.equal(await waitForEnd(page), "done");
  const expected = cliCounts({ ...flags, workers: 2, "window-workers": 2 });
  assert.deepEqual(await pageCounts(page), expected);
  assert.match(await page.textContent("#run-message"), /crashed .*redone/);
  const peak = Number(await page.textContent(testId("monitor-peak-busy")));
  assert.ok(peak >= 1 && peak <= 4, `peak busy ${peak}`);
  // A worker replaced between runs (as when a run ends with blocks past every prefix) reads
  // "idle" in the live panel once its module has loaded, not "starting" for good.
  await page.evaluate(() =>
    window.surfacelab.controller.pool.crash(window.surfacelab.controller.pool.slots[0]),
  );
  await page.waitForFunction(
    () => {
      const rows = [...document.querySelectorAll("#worker-activity .worker-row")];
      return rows.length === 2 && rows.every((row) => row.dataset.state === "idle");
    },
    null,
    { timeout: 30_000 },
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("the gauge's zone for (1, 2), (2, 2), (3, 2) on the headless thread count", async () => {
  const { page, problems } = await open("?seed=1");
  const n = await page.evaluate(() => navigator.hardwareConcurrency);
  for (const [a, b] of [
    [1, 2],
    [2, 2],
    [3, 2],
  ]) {
    await setField(page, "workers", String(b));
    await setField(page, "window-workers", String(a));
    const product = a * b;
    const zone = product <= n ? "optimal" : product <= 2 * n ? "acceptable" : "too many";
    assert.equal(await page.textContent(testId("concurrency")), String(product));
    assert.equal(await page.textContent(testId("concurrency-zone")), zone);
    assert.equal(new URL(page.url()).searchParams.get("window-workers"), String(a));
  }
  await page.click(testId("preset-seed-window"));
  assert.equal(await page.inputValue(testId("window-workers")), "4");
  assert.equal(await page.inputValue(testId("workers")), "10");
  assert.equal(await page.textContent(testId("concurrency")), "40");
  await page.selectOption(testId("field-decoder"), "parallel-window");
  await setField(page, "field-rounds", "50d");
  await setField(page, "workers", "1");
  const recommended = await page.getAttribute(testId("recommendation"), "data-recommended-a");
  assert.equal(recommended, String(Math.min(64, n)));
  assert.deepEqual(problems, []);
  await page.close();
});

test("Stop keeps each task's finished prefix", async () => {
  const query =
    "?distances=5&rounds=d&p=0.01&max-shots=100000000&max-errors=1000000000&workers=2&seed=9";
  const { page, problems } = await open(query);
  await page.click(testId("run"));
  await page.waitForFunction(() => window.surfacelab.controller.progress()[0]?.shots >= 4096);
  await page.click(testId("stop"));
  assert.equal(await waitForEnd(page), "stopped");
  const shots = Number(await page.getAttribute("tr[data-d='5']", "data-shots"));
  const errors = Number(await page.getAttribute("tr[data-d='5']", "data-errors"));
  assert.ok(shots >= 4096 && shots % 1024 === 0, `shots ${shots}`);
  assert.ok(errors > 0);
  await page.waitForTimeout(1000);
  assert.equal(Number(await page.getAttribute("tr[data-d='5']", "data-shots")), shots);
  // The stopped prefix is the CLI's count for the same number of shots.
  const expected = cliCounts({
    distances: 5,
    rounds: "d",
    p: 0.01,
    "max-shots": shots,
    seed: 9,
    workers: 2,
  });
  assert.deepEqual(await pageCounts(page), expected);
  assert.equal(await page.isDisabled(testId("run")), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test("bad input shows the core's message in its error hook and disables Run", async () => {
  const { page, problems } = await open("?seed=3&distances=3&p=0.01&max-shots=2048");
  const cases = [
    ["field-distances", "", "error-distances", /distances must be a comma-separated list/],
    [
      "field-distances",
      "abc",
      "error-distances",
      /distance must be an integer from 2 to 101, got abc/,
    ],
    [
      "field-distances",
      "1",
      "error-distances",
      /distance must be an integer from 2 to 101, got 1$/,
    ],
    ["field-distances", "10001", "error-distances", /got 10001/],
    ["field-p", "2", "error-p", /p must be a probability from 0 to 0.5 .*got 2$/],
    ["field-rounds", "x", "error-rounds", /rounds must be/],
    ["field-max-shots", "0", "error-max-shots", /max-shots must be an integer from 1/],
    ["field-seed", "-1", "error-seed", /seed must be an integer from 0 to 18446744073709551615/],
    ["workers", "65", "error-workers", /workers must be an integer from 1 to 64, got 65/],
    ["window-workers", "", "error-window-workers", /window-workers must be an integer/],
  ];
  for (const [field, value, hook, message] of cases) {
    const before = await page.inputValue(testId(field));
    await setField(page, field, value);
    assert.match(
      await page.textContent(testId(hook)),
      message,
      `${field} = ${JSON.stringify(value)}`,
    );
    assert.equal(await page.isDisabled(testId("run")), true, `Run disabled for ${field}`);
    await setField(page, field, before);
    assert.equal(await page.textContent(testId(hook)), "");
  }
  // (a, b) = (32, 2) is allowed: "too many", with a warning, and Run stays enabled.
  await setField(page, "workers", "2");
  await setField(page, "window-workers", "32");
  assert.equal(await page.textContent(testId("concurrency-zone")), "too many");
  assert.match(await page.textContent(testId("concurrency-warning")), /Warning: a × b = 64/);
  assert.equal(await page.textContent(testId("error-window-workers")), "");
  assert.equal(await page.isDisabled(testId("run")), false);
  assert.deepEqual(problems, []);
  await page.screenshot({ path: join(screenshots, "too-many-1280x800.png") });
  await page.close();
});

test("si1000 noise: its p range, and the CLI's counts", async () => {
  const { page, problems } = await open("?noise=si1000&distances=3&p=0.2&seed=4&workers=2");
  assert.match(await page.textContent(testId("error-p")), /0 to 0.1 with si1000 noise/);
  await setField(page, "field-p", "0.004");
  assert.equal(await page.textContent(testId("error-p")), "");
  await page.click(testId("run"));
  assert.equal(await waitForEnd(page), "done");
  const flags = { noise: "si1000", distances: 3, p: 0.004, "max-shots": 100000, "max-errors": 200 };
  assert.deepEqual(await pageCounts(page), cliCounts({ ...flags, seed: 4 }));
  assert.deepEqual(problems, []);
  await page.close();
});

test("run=1 with a bad parameter does not start and shows the error", async () => {
  const { page, problems } = await open("?distances=1&p=0.01&run=1");
  assert.equal(await page.textContent(testId("run-status")), "error");
  assert.match(await page.textContent(testId("error-distances")), /got 1$/);
  const bad = await open("?decoder=magic&run=1");
  assert.equal(await bad.page.textContent(testId("run-status")), "error");
  assert.match(await bad.page.textContent(testId("error-decoder")), /decoder must be .*got magic/);
  assert.deepEqual([...problems, ...bad.problems], []);
  await bad.page.close();
  await page.close();
});

test("run=1 runs on load; CSV export, and a CSV that is not sinter's is refused", async () => {
  const { page, problems } = await open(
    "?distances=3&p=0.005&max-shots=3000&seed=5&workers=2&run=1",
  );
  assert.equal(await waitForEnd(page), "done");
  const expected = cliCounts({ distances: 3, p: 0.005, "max-shots": 3000, seed: 5 });
  assert.deepEqual(await pageCounts(page), expected);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click(testId("export-csv")),
  ]);
  const text = await (await import("node:fs/promises")).readFile(await download.path(), "utf8");
  assert.match(
    text,
    /^ {5}shots, {4}errors, {2}discards, seconds,decoder,strong_id,json_metadata,custom_counts\n/,
  );
  assert.match(text, / {6}3000,/);
  await page.setInputFiles(testId("import-csv"), {
    name: "other.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("name,value\nx,1\n"),
  });
  // The file is read asynchronously: wait for its outcome.
  await page.waitForFunction(
    () => document.querySelector('[data-testid="error-import-csv"]').textContent !== "",
  );
  assert.match(
    await page.textContent(testId("error-import-csv")),
    /not sinter's format: missing column shots/,
  );
  assert.equal(await page.locator("tr[data-d]").count(), 1, "finished results survive");
  // The run's own export holds the same shots (seed 5): importing it changes no count and the
  // page says why (the core's merge rule; integrity.test.mjs merges other seeds and shards).
  await page.setInputFiles(testId("import-csv"), {
    name: "a.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(text),
  });
  await page.waitForFunction(
    () => document.querySelector('[data-testid="merge-notes"]').textContent !== "",
  );
  assert.equal(await page.textContent(testId("error-import-csv")), "");
  assert.equal(await page.getAttribute("tr[data-d]", "data-shots"), "3000");
  assert.match(
    await page.textContent(testId("merge-notes")),
    /a\.csv row 2 repeats this run \(the same 3000 shots of seed 5\): counted once/,
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("screenshots at 1280×800 and 390×844 after a run and a small sweep", async () => {
  for (const [width, height] of [
    [1280, 800],
    [390, 844],
  ]) {
    const query =
      "?distances=3,5&p=0.003,0.006,0.01&max-shots=4000&max-errors=100&seed=11&workers=2&run=1";
    const { page, problems } = await open(query, { width, height });
    assert.equal(await waitForEnd(page), "done");
    if (width === 1280) {
      await page.fill("#sweep-grid", "1-2x1-2");
      await page.fill("#sweep-seconds", "0.5");
      await page.click(testId("sweep-run"));
      await page.waitForFunction(
        () =>
          document.querySelectorAll('[data-testid="sweep-cell"][data-shots-per-second]').length ===
          4,
        null,
        { timeout: 60_000 },
      );
      const cells = await page.$$eval('[data-testid="sweep-cell"]', (els) =>
        els.map((el) => ({ ...el.dataset })),
      );
      assert.equal(cells.length, 4);
      for (const cell of cells) assert.ok(Number(cell.shotsPerSecond) > 0, JSON.stringify(cell));
    }
    assert.equal(await page.textContent("#plot .u-title"), "Logical error rate per shot");
    await page.check('input[name="rate-kind"][value="round"]');
    assert.equal(await page.textContent("#plot .u-title"), "Logical error rate per round");
    await page.check('input[name="rate-kind"][value="shot"]');
    await page.screenshot({ path: join(screenshots, `page-${width}x${height}.png`) });
    await page.screenshot({
      path: join(screenshots, `page-${width}x${height}-full.png`),
      fullPage: true,
    });
    // Nothing sticks out sideways: the page is no wider than the window.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
    assert.ok(overflow <= 0, `page overflows by ${overflow}px at ${width}px`);
    assert.deepEqual(problems, []);
    await page.close();
  }
});

test("the monitor measures busy threads of a (2, 2) parallel-window run on a long memory", async () => {
  const query =
    "?distances=3&rounds=300&p=0.005&decoder=parallel-window&commit-rounds=3&buffer-rounds=3" +
    "&max-shots=100000000&max-errors=1000000000&workers=2&window-workers=2&seed=21";
  const { page, problems } = await open(query);
  assert.match(await page.textContent("#memory-estimate"), /each worker needs about [\d.]+ MiB/);
  await page.click(testId("run"));
  const read = async () => [
    await page.textContent(testId("monitor-peak-busy")),
    await page.textContent(testId("monitor-mean-busy")),
    await page.textContent("#monitor-cpu"),
  ];
  await page.waitForFunction(() => window.surfacelab.controller.finishedShots > 0, null, {
    timeout: 60_000,
  });
  const first = await read();
  await page.waitForTimeout(2000);
  const second = await read();
  assert.notDeepEqual(second, first, "the monitor's numbers change during the run");
  assert.match(await page.textContent("#monitor-memory"), /w1 \d+ MiB · w2 \d+ MiB/);
  await page.click(testId("stop"));
  assert.equal(await waitForEnd(page), "stopped");
  const peak = Number(await page.textContent(testId("monitor-peak-busy")));
  const mean = Number(await page.textContent(testId("monitor-mean-busy")));
  assert.ok(peak >= 1 && peak <= 4, `peak busy ${peak}`);
  assert.ok(mean > 0 && mean <= peak, `mean busy ${mean}`);
  assert.equal(await page.locator("#monitor-plot canvas").count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test("memory: a task that would not fit is refused with its numbers; d = 33, r = 3 runs", async () => {
  const big = await open("?distances=101&rounds=100000&p=0.001&seed=1&run=1");
  assert.equal(await big.page.textContent(testId("run-status")), "error");
  const refusal =
    /task d = 101, r = 100000 \(global\) needs about 8 TiB per worker; a worker has 4 GiB \(wasm\)/;
  assert.match(await big.page.textContent("#run-message"), refusal);
  assert.match(await big.page.textContent("#memory-estimate"), refusal);
  assert.deepEqual(big.problems, []);
  await big.page.close();
  const { page, problems } = await open(
    "?distances=33&rounds=3&p=0.005&max-shots=2048&workers=1&seed=2&run=1",
  );
  assert.match(await page.textContent("#memory-estimate"), /each worker needs about/);
  assert.equal(await waitForEnd(page), "done");
  assert.equal(await page.getAttribute("tr[data-d='33']", "data-shots"), "2048");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the seed's window names, and window errors beside their fields", async () => {
  const { page, problems } = await open(
    "?distances=5&rounds=50&decoder=parallel-window&window-rounds=5&overlap=0&seed=1",
  );
  assert.equal(await page.inputValue(testId("field-commit-rounds")), "5");
  assert.equal(await page.inputValue(testId("field-buffer-rounds")), "0");
  assert.match(await page.textContent(testId("error-buffer-rounds")), /needs w >= 1/);
  assert.equal(await page.isDisabled(testId("run")), true);
  await page.selectOption(testId("field-decoder"), "independent-windows");
  assert.equal(await page.textContent(testId("error-buffer-rounds")), "");
  await setField(page, "field-distances", "4");
  assert.match(
    await page.textContent(testId("error-distances")),
    /odd integer .*independent-windows/,
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("a long memory streams: d = 9, r = 100,000 parallel-window fits a worker and gives the CLI's count", async () => {
  const flags = {
    distances: "9",
    rounds: "100000",
    p: "0.005",
    decoder: "parallel-window",
    "max-shots": "1",
    seed: "4",
  };
  const query = new URLSearchParams({ ...flags, workers: "1", run: "1" });
  const { page, problems } = await open(`?${query}`);
  assert.match(
    await page.textContent("#memory-estimate"),
    /each worker needs about \d+(\.\d)? MiB/,
  );
  assert.equal(await waitForEnd(page, 300_000), "done");
  assert.equal(await page.getAttribute("tr[data-d='9']", "data-shots"), "1");
  assert.deepEqual(await pageCounts(page), cliCounts({ ...flags, workers: 1 }));
  assert.deepEqual(problems, []);
  await page.close();
});
