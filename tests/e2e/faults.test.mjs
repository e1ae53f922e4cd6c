// Faults on purpose: workers killed at random moments, and a task too big for a worker's
// memory. The counts must not notice the first; the second is refused before anything runs.

import assert from "node:assert/strict";
import { test } from "node:test";
import { cliCounts, pageCounts } from "./cli.mjs";
import { openPage, testId, useServerAndBrowser, waitForRunEnd } from "./harness.mjs";

const session = useServerAndBrowser();

async function open(query = "") {
  return openPage(session.browser.context, `${session.server.url}${query}`);
}

test("five workers killed at random moments of a run change nothing in the counts", async () => {
  const flags = {
    distances: "3,5",
    rounds: "2d",
    p: "0.004,0.01",
    basis: "x",
    decoder: "parallel-window",
    "commit-rounds": "2",
    "buffer-rounds": "2",
    "max-shots": "80000",
    "max-errors": "1000",
    seed: "5550123",
  };
  const query = new URLSearchParams({ ...flags, workers: "2", "window-workers": "1" });
  const { page, problems } = await open(`?${query}`);
  await page.click(testId("run"));
  const kills = [];
  for (let kill = 0; kill < 5; kill++) {
    // A random moment, then a random worker among those holding a batch.
    await page.waitForTimeout(50 + Math.floor(Math.random() * 300));
    // Replaced workers reload their module first, which takes long on a loaded machine; a run
    // that ended before every kill fails below with the kills so far, not with a timeout.
    await page.waitForFunction(
      () => {
        const { controller } = window.surfacelab;
        return controller.status !== "running" || controller.pool.busySlots().length > 0;
      },
      null,
      { timeout: 120_000 },
    );
    assert.equal(
      await page.evaluate(() => window.surfacelab.controller.status),
      "running",
      `the run ended before kill ${kill + 1}: ${JSON.stringify(kills)}`,
    );
    kills.push(
      await page.evaluate((pick) => {
        const { controller } = window.surfacelab;
        const busy = controller.pool.busySlots();
        const slot = busy[Math.floor(pick * busy.length)];
        const blocks = slot.batch.blocks.length;
        controller.pool.crash(slot, "killed on purpose");
        return { status: controller.status, slot: slot.id, blocks };
      }, Math.random()),
    );
  }
  assert.ok(
    kills.every((kill) => kill.status === "running"),
    `every kill hit a running run: ${JSON.stringify(kills)}`,
  );
  assert.equal(await waitForRunEnd(page), "done");
  assert.equal(await page.evaluate(() => window.surfacelab.controller.pool.crashes), 5);
  const log = await page.evaluate(() => window.surfacelab.controller.log);
  assert.equal(log.filter((line) => /killed on purpose.*redone/.test(line)).length, 5);
  assert.deepEqual(await pageCounts(page), cliCounts({ ...flags, workers: 2 }));
  assert.deepEqual(problems, []);
  await page.close();
});

test("a task too big for a worker's memory is refused before anything runs, never half-run", async () => {
  // d = 3 would fit; d = 101 at r = 100,000 (global) would not: the whole run is refused.
  const { page, problems } = await open("?distances=3,101&rounds=100000&p=0.001&workers=2&seed=9");
  await page.waitForFunction(() => window.surfacelab.controller.pool?.idleSlots().length === 2);
  await page.waitForSelector(`${testId("saved-runs")}[data-ready='1']`, { state: "attached" });
  const savedBefore = await page.locator(testId("saved-run")).count();
  await page.click(testId("run"));
  assert.equal(await page.textContent(testId("run-status")), "error");
  assert.match(
    await page.textContent("#run-message"),
    /task d = 101, r = 100000 \(global\) needs about \d+ TiB per worker; a worker has 4 GiB/,
  );
  // No worker was handed a block, no row was counted and no run was saved.
  const state = await page.evaluate(() => {
    const { controller } = window.surfacelab;
    return {
      batches: controller.pool.slots.reduce((sum, slot) => sum + slot.batches, 0),
      busy: controller.pool.busySlots().length,
      savedId: controller.savedId ?? null,
    };
  });
  assert.deepEqual(state, { batches: 0, busy: 0, savedId: null });
  assert.equal(await page.locator("tr[data-d]").count(), 0);
  assert.equal(await page.locator(testId("saved-run")).count(), savedBefore);
  assert.deepEqual(problems, []);
  await page.close();
});

test("the LER plot draws a rate whose range starts just below a power of ten without hanging", async () => {
  // d = 3, p = 0.005, seed 4 with max-errors 200 ends at 11,264 shots and 210 errors: the
  // y range [0.0095, 0.036] once sent uPlot's log splits into a loop of ~10 s and a RangeError.
  const { page, problems } = await open("?distances=3&p=0.005&seed=4&workers=2");
  const milliseconds = await page.evaluate(() => {
    const start = performance.now();
    window.surfacelab.results.setRunRows([
      {
        shots: 11264,
        errors: 210,
        discards: 0,
        seconds: 0.1,
        decoder: "global",
        strongId: "plot-range",
        jsonMetadata: '{"b":"Z","d":3,"p":0.005,"r":3}',
        customCounts: "",
      },
    ]);
    return performance.now() - start;
  });
  assert.ok(milliseconds < 2000, `the plot took ${milliseconds} ms`);
  assert.equal(await page.locator("#plot canvas").count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});
