// Results you can trust, in the page: the results table merges imported rows by the core's rule
// (no shot counted twice: a repeat changes nothing and says why, overlapping shards are
// refused, other seeds and shards add up), a worker that crashes on a task is reported as a
// crash with that task, and the memory a worker reaches stays within the page's estimate.

import assert from "node:assert/strict";
import { test } from "node:test";
import { cliCsv } from "./cli.mjs";
import { openPage, testId, useServerAndBrowser, waitForRunEnd } from "./harness.mjs";

const session = useServerAndBrowser();

async function importCsv(page, name, text) {
  const count = await page.evaluate(() => window.surfacelab.results.imported.length);
  await page.setInputFiles(testId("import-csv"), {
    name,
    mimeType: "text/csv",
    buffer: Buffer.from(text),
  });
  // The file is read asynchronously: wait until the table was rendered with it.
  await page.waitForFunction((before) => window.surfacelab.results.imported.length > before, count);
  assert.equal(await page.textContent(testId("error-import-csv")), "", name);
}

const shotsShown = (page) => page.getAttribute("tr[data-d]", "data-shots");

test("imports merge by the core's rule: repeats change nothing, overlaps are refused", async () => {
  const task = { distances: 3, p: 0.005, "max-shots": 3000 };
  const { page, problems } = await openPage(
    session.browser.context,
    `${session.server.url}?${new URLSearchParams({ ...task, seed: 5, workers: 2, run: 1 })}`,
  );
  assert.equal(await waitForRunEnd(page), "done");
  assert.equal(await shotsShown(page), "3000");
  const own = await page.evaluate(() => window.surfacelab.results.exportCsv());
  assert.match(own, /"\{""seed=5,shard=0\/1"":3000\}"/, "the export names its seed and shard");

  await importCsv(page, "own.csv", own);
  assert.equal(await shotsShown(page), "3000", "the run's own export adds nothing");
  assert.match(await page.textContent(testId("merge-notes")), /own\.csv row 2 repeats this run/);

  // The CLI's run of the same task and seed, shard 1 of 2: the same shots as blocks of the run.
  await importCsv(page, "shard.csv", cliCsv({ ...task, seed: 5, shard: "1/2" }));
  assert.equal(await shotsShown(page), "3000", "an overlapping shard is refused");
  assert.match(
    await page.textContent(testId("merge-notes")),
    /shard\.csv row 2 and this run both hold shots of seed 5 .*refusing to count them twice/,
  );

  // Two shards of another seed are other shots: both add up.
  await importCsv(page, "seed7-0.csv", cliCsv({ ...task, seed: 7, shard: "0/2" }));
  await importCsv(page, "seed7-1.csv", cliCsv({ ...task, seed: 7, shard: "1/2" }));
  assert.equal(await page.locator("tr[data-d]").count(), 1, "one task, one row");
  assert.equal(await shotsShown(page), "6000");
  const merged = await page.evaluate(() => window.surfacelab.results.exportCsv());
  assert.match(
    merged,
    /"seed=5,shard=0\/1"":3000,""seed=7,shard=0\/2"":1976,""seed=7,shard=1\/2"":1024/,
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("a worker that keeps crashing on a task stops the run as a crash, naming the task", async () => {
  const query = new URLSearchParams({
    distances: 5,
    p: 0.005,
    "max-shots": 2000000,
    seed: 9,
    workers: 1,
  });
  const { page } = await openPage(session.browser.context, `${session.server.url}?${query}`);
  await page.click(testId("run"));
  for (let crash = 0; crash < 3; crash++) {
    await page.waitForFunction(() => window.surfacelab.controller.pool.busySlots().length > 0);
    // What a worker posts when its wasm instance panics during the batch.
    await page.evaluate(() => {
      const [slot] = window.surfacelab.controller.pool.busySlots();
      slot.worker.onmessage({ data: { type: "crashed", message: "panicked: on purpose" } });
    });
  }
  assert.equal(await waitForRunEnd(page), "error");
  const message = await page.evaluate(() => window.surfacelab.controller.message);
  assert.match(
    message,
    /a worker crashed 3 times on task \{"b":"Z","d":5,"p":0\.005,"r":5\} \(global\) \(panicked: on purpose\); this is a bug, not a problem with the model/,
  );
  await page.close();
});

test("a 6-task page run stays within the memory estimate per worker", async () => {
  const query = new URLSearchParams({
    distances: "9,11,13",
    p: "0.004,0.008",
    "max-shots": 3072,
    seed: 1,
    workers: 2,
    run: 1,
  });
  const { page, problems } = await openPage(
    session.browser.context,
    `${session.server.url}?${query}`,
  );
  assert.equal(await waitForRunEnd(page, 300_000), "done");
  assert.equal(await page.locator("tr[data-d]").count(), 6);
  const { measured, estimate, tasksPerWorker } = await page.evaluate(() => {
    const { controller, wasm, form } = window.surfacelab;
    const slots = controller.pool.slots;
    return {
      measured: Math.max(...slots.map((slot) => slot.memoryBytes)),
      estimate: wasm.memoryFor(form.values()).perWorkerBytes,
      tasksPerWorker: slots.map((slot) => slot.batches),
    };
  });
  console.log(
    `6 tasks, 2 workers: largest worker memory ${(measured / 2 ** 20).toFixed(1)} MiB, ` +
      `estimate ${(estimate / 2 ** 20).toFixed(1)} MiB per worker (batches ${tasksPerWorker})`,
  );
  assert.ok(measured > 0, "the workers report their memory");
  assert.ok(estimate >= measured, `estimate ${estimate} B below the measured ${measured} B`);
  assert.deepEqual(problems, []);
  await page.close();
});
