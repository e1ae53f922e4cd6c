// Results survive the tab (www/app/store.js, www/app/saved.js): every finished block is saved
// in IndexedDB as it lands, the page shows a saved run's results after a reload, and a run
// cut by a reload resumes to exactly the counts of an uninterrupted run (the CLI's).

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cliCounts, pageCounts } from "./cli.mjs";
import { openPage, root, testId, useServerAndBrowser, waitForRunEnd } from "./harness.mjs";

const screenshots = join(root, "tests/e2e/screenshots");
mkdirSync(screenshots, { recursive: true });
const session = useServerAndBrowser();

/** Opens the page and waits until the saved runs are listed (and the form's one shown). */
async function open(query = "") {
  const opened = await openPage(session.browser.context, `${session.server.url}${query}`);
  await opened.page.waitForSelector(`${testId("saved-runs")}[data-ready='1']`, {
    state: "attached",
  });
  return opened;
}

async function reload(page) {
  await page.reload();
  await page.waitForSelector("body[data-ready='1']", { timeout: 30_000 });
  await page.waitForSelector(`${testId("saved-runs")}[data-ready='1']`, { state: "attached" });
}

/** The saved-run list items' data attributes. */
async function savedRuns(page) {
  return page.$$eval(`${testId("saved-run")}`, (items) => items.map((li) => ({ ...li.dataset })));
}

/** The saved blocks of run `id` (the run going when absent), as "task:block", read through store.js. */
async function savedBlocks(page, id) {
  return page.evaluate(async (runId) => {
    const id = runId ?? window.surfacelab.controller.savedId;
    if (!id) return [];
    const { RunStore } = await import("/app/store.js");
    const store = await RunStore.open();
    const blocks = await store.blocksOf(id);
    store.close();
    return blocks.map((b) => `${b.task}:${b.block}`);
  }, id);
}

test("store.js saves runs and blocks, reads them back in order, updates and deletes them", async () => {
  const { page, problems } = await open();
  const result = await page.evaluate(async () => {
    const { RunStore, newRunId } = await import("/app/store.js");
    const name = "surfacelab-store-test";
    await RunStore.remove(name);
    const store = await RunStore.open(name);
    const [first, second] = [newRunId(), newRunId()];
    await store.putRun({ id: first, form: { seed: "1" }, status: "running", createdAt: 1 });
    await store.putRun({ id: second, form: { seed: "2" }, status: "done", createdAt: 2 });
    // Blocks land out of order and in several batches; one is written twice (a redone block).
    await store.addBlocks(first, 1, [3, 0], [1024, 1024], [2, 5], 2);
    await store.addBlocks(first, 0, [1, 0], [1024, 100], [0, 1], [0.5, 0.25]);
    await store.addBlocks(first, 0, [0], [100], [1], 0.25);
    await store.addBlocks(second, 0, [0], [1024], [9], 1);
    const blocks = await store.blocksOf(first);
    const updated = await store.updateRun(first, { status: "stopped", shots: 7 });
    const missing = await store.updateRun("no-such-run", { status: "done" });
    const listed = (await store.listRuns()).map((run) => run.id);
    await store.deleteRun(first);
    const afterDelete = {
      run: await store.getRun(first),
      blocks: (await store.blocksOf(first)).length,
      other: (await store.blocksOf(second)).length,
      runs: (await store.listRuns()).map((run) => run.id),
    };
    store.close();
    await RunStore.remove(name);
    return { first, second, blocks, updated, missing, listed, afterDelete };
  });
  assert.deepEqual(result.blocks, [
    { task: 0, block: 0, shots: 100, errors: 1, seconds: 0.25 },
    { task: 0, block: 1, shots: 1024, errors: 0, seconds: 0.5 },
    { task: 1, block: 0, shots: 1024, errors: 5, seconds: 1 },
    { task: 1, block: 3, shots: 1024, errors: 2, seconds: 1 },
  ]);
  assert.equal(result.updated.status, "stopped");
  assert.equal(result.updated.shots, 7);
  assert.deepEqual(result.updated.form, { seed: "1" });
  assert.equal(result.missing, null);
  // The most recently changed first.
  assert.deepEqual(result.listed, [result.first, result.second]);
  assert.deepEqual(result.afterDelete, { run: null, blocks: 0, other: 1, runs: [result.second] });
  assert.deepEqual(problems, []);
  await page.close();
});

test("a finished run's results are there after a reload, and its saved run exports and deletes", async () => {
  const query =
    "?distances=3&rounds=d&p=0.005,0.01&max-shots=5000&max-errors=1000000&workers=2&seed=77";
  const { page, problems } = await open(query);
  assert.equal(await page.locator(testId("saved-run")).count(), 0);
  await page.click(testId("run"));
  assert.equal(await waitForRunEnd(page), "done");
  const counts = await pageCounts(page);
  assert.equal(Object.keys(counts).length, 2);
  await page.waitForFunction(
    () => document.querySelector('[data-testid="saved-run"]')?.dataset.status === "done",
  );

  await reload(page);
  assert.deepEqual(await pageCounts(page), counts);
  const [saved] = await savedRuns(page);
  assert.equal(saved.status, "done");
  assert.equal(saved.seed, "77");
  assert.equal(Number(saved.shots), 10_000);
  assert.equal(await page.isVisible(testId("resume")), false);
  const csv = await page.evaluate((id) => window.surfacelab.saved.exportCsv(id), saved.runId);
  assert.equal(csv.trim().split("\n").length, 3, csv);
  assert.match(csv, /^\s*5000,/m);

  // Another experiment's page does not show this run's rows; Open brings them and its form back.
  await page.goto(`${session.server.url}?distances=5&seed=1`);
  await page.waitForSelector(`${testId("saved-runs")}[data-ready='1']`, { state: "attached" });
  assert.equal(await page.locator("tr[data-d]").count(), 0);
  await page.click(`${testId("saved-run")} ${testId("saved-run-open")}`);
  await page.waitForFunction(() => document.querySelectorAll("tr[data-d]").length === 2);
  assert.deepEqual(await pageCounts(page), counts);
  assert.equal(await page.inputValue(testId("field-seed")), "77");
  assert.equal(new URL(page.url()).searchParams.get("p"), "0.005,0.01");

  await page.click(`${testId("saved-run")} ${testId("saved-run-delete")}`);
  await page.waitForFunction(() => !document.querySelector('[data-testid="saved-run"]'));
  await reload(page);
  assert.equal(await page.locator(testId("saved-run")).count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("run, reload halfway, resume: the final counts equal an uninterrupted run's (the CLI's)", async () => {
  const flags = {
    distances: "3,5",
    rounds: "d",
    p: "0.005,0.01",
    basis: "z",
    decoder: "global",
    "max-shots": "60000",
    "max-errors": "900",
    seed: "20261202",
  };
  const query = new URLSearchParams({ ...flags, workers: "2", "window-workers": "1" });
  const { page, problems } = await open(`?${query}`);
  await page.click(testId("run"));
  // Halfway: some blocks saved, the run still going.
  await page.waitForFunction(() => window.surfacelab.controller.finishedShots >= 40_000);
  await page.waitForFunction(() => window.surfacelab.controller.savedId);
  assert.ok((await savedBlocks(page)).length > 0);
  const beforeReload = await page.evaluate(() => window.surfacelab.controller.status);
  assert.equal(beforeReload, "running");

  await reload(page);
  // The saved results are shown, the run is listed as interrupted and Resume is offered.
  const [saved] = await savedRuns(page);
  assert.equal(saved.status, "interrupted");
  assert.equal(await page.isVisible(testId("resume")), true);
  assert.equal(await page.getAttribute(testId("resume"), "data-run-id"), saved.runId);
  const shown = await pageCounts(page);
  const shownShots = Object.values(shown).reduce((sum, c) => sum + c.shots, 0);
  assert.ok(shownShots > 0, "the saved rows are shown after the reload");
  assert.equal(Number(saved.shots), shownShots);
  await page.screenshot({ path: join(screenshots, "saved-runs-1280x800.png"), fullPage: true });
  await page.locator("#saved").screenshot({ path: join(screenshots, "saved-runs-panel.png") });
  await page.locator("#results-panel").screenshot({
    path: join(screenshots, "saved-results-after-reload.png"),
  });

  // Record every block handed to a worker after the resume.
  await page.waitForFunction(() => window.surfacelab.controller.pool?.idleSlots().length === 2);
  await page.evaluate(() => {
    const { pool } = window.surfacelab.controller;
    const send = pool.send.bind(pool);
    window.sentBlocks = [];
    pool.send = (slot, batch) => {
      window.sentBlocks.push(...batch.blocks.map((block) => `${batch.task}:${block}`));
      return send(slot, batch);
    };
  });
  const restored = await savedBlocks(page, saved.runId);
  await page.click(testId("resume"));
  assert.equal(await waitForRunEnd(page), "done");
  const expected = cliCounts({ ...flags, workers: 2 });
  assert.deepEqual(await pageCounts(page), expected);
  // Only the missing blocks ran again.
  const sent = await page.evaluate(() => window.sentBlocks);
  assert.ok(restored.length > 0 && sent.length > 0, `${restored.length} saved, ${sent.length} run`);
  assert.deepEqual(
    sent.filter((block) => restored.includes(block)),
    [],
    "no saved block is run again",
  );
  const runs = await savedRuns(page);
  assert.equal(runs.length, 1, "the resumed run is the same saved run");
  await page.waitForFunction(
    () => document.querySelector('[data-testid="saved-run"]')?.dataset.status === "done",
  );
  assert.equal(await page.isVisible(testId("resume")), false);

  // And once more after a reload: the finished counts, nothing to resume.
  await reload(page);
  assert.deepEqual(await pageCounts(page), expected);
  assert.equal(await page.isVisible(testId("resume")), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a crashed tab, then a closed one: each new tab shows the saved results and the twice-resumed run ends with the CLI's counts", async () => {
  const flags = {
    distances: "3,5",
    rounds: "d",
    p: "0.003",
    basis: "z",
    decoder: "global",
    "max-shots": "100000",
    "max-errors": "1000000",
    seed: "31337",
  };
  const url = `?${new URLSearchParams({ ...flags, workers: "2", "window-workers": "1" })}`;
  const first = await open(url);
  await first.page.click(testId("run"));
  await first.page.waitForFunction(() => window.surfacelab.controller.finishedShots >= 20_000);
  assert.ok((await savedBlocks(first.page)).length > 0);
  // The renderer process dies, as a tab does when it runs out of memory.
  const cdp = await session.browser.context.newCDPSession(first.page);
  const crashed = new Promise((resolve) => first.page.once("crash", resolve));
  cdp.send("Page.crash").catch(() => {});
  await crashed;
  await first.page.close().catch(() => {});

  const second = await open(url);
  const listed = await savedRuns(second.page);
  const saved = listed.find((run) => run.status === "interrupted");
  assert.ok(saved, JSON.stringify(listed));
  const afterCrash = await pageCounts(second.page);
  const crashShots = Object.values(afterCrash).reduce((sum, c) => sum + c.shots, 0);
  assert.ok(crashShots > 0 && crashShots === Number(saved.shots), `${crashShots} shots shown`);
  // The list as a user finds it (with the previous test's run when the whole file runs).
  await second.page
    .locator("#saved")
    .screenshot({ path: join(screenshots, "saved-runs-list.png") });
  await second.page.click(testId("resume"));
  // Some more blocks land, then the tab is closed while the resumed run goes.
  await second.page.waitForFunction(() => window.surfacelab.controller.finishedShots >= 20_000);
  assert.equal(await second.page.evaluate(() => window.surfacelab.controller.status), "running");
  await second.page.close();

  const third = await open(url);
  const runs = await savedRuns(third.page);
  assert.equal(runs.length, listed.length, "the resumed run is the same saved run");
  const resumed = runs.find((run) => run.runId === saved.runId);
  assert.equal(resumed.status, "interrupted");
  assert.ok(Number(resumed.shots) > crashShots, "the resumed blocks were saved too");
  await third.page.click(testId("resume"));
  assert.equal(await waitForRunEnd(third.page), "done");
  assert.deepEqual(await pageCounts(third.page), cliCounts({ ...flags, workers: 2 }));
  assert.deepEqual([...second.problems, ...third.problems], []);
  await third.page.close();
});
