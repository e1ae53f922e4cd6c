// Served without the cross-origin isolation headers (as a plain static host would), the page
// falls back to the single-thread build, forces a = 1, says so, and still runs.

import assert from "node:assert/strict";
import { test } from "node:test";
import { cliCounts, pageCounts } from "./cli.mjs";
import { openPage, testId, useServerAndBrowser } from "./harness.mjs";

const session = useServerAndBrowser({ isolated: false });

test("without isolation the single-thread fallback runs and gives the CLI's counts", async () => {
  const query =
    "?distances=3&p=0.002,0.008&max-shots=5000&seed=42&workers=2&window-workers=3&run=1";
  const { page, problems } = await openPage(
    session.browser.context,
    `${session.server.url}${query}`,
  );
  assert.equal(await page.evaluate(() => crossOriginIsolated), false);
  assert.equal(await page.textContent(testId("threads-mode")), "single-thread");
  assert.match(await page.textContent("#threads-why"), /a = 1 is forced/);
  assert.equal(await page.inputValue(testId("window-workers")), "1");
  assert.equal(await page.isDisabled(testId("window-workers")), true);
  await page.waitForFunction(
    () =>
      !["idle", "running"].includes(
        document.querySelector('[data-testid="run-status"]').textContent,
      ),
    null,
    { timeout: 60_000 },
  );
  assert.equal(await page.textContent(testId("run-status")), "done");
  assert.deepEqual(
    await pageCounts(page),
    cliCounts({ distances: 3, p: "0.002,0.008", "max-shots": 5000, seed: 42 }),
  );
  assert.deepEqual(problems, []);
  await page.close();
});
