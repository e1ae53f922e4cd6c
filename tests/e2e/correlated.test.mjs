// End-to-end: the "correlated" switch. correlated=1 in the URL turns it on, a run decodes with
// correlated matching (rows data-decoder="global+correlated") and counts what the CLI counts
// with --correlated for the same seed; next to plain rows (imported from the CLI's CSV), the
// plot draws the two as separate curves.

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cliCounts, cliCsv, pageCounts } from "./cli.mjs";
import { openPage, root, testId, useServerAndBrowser, waitForRunEnd } from "./harness.mjs";

const screenshots = join(root, "tests/e2e/screenshots");
mkdirSync(screenshots, { recursive: true });
const session = useServerAndBrowser();

test("correlated=1: the switch, rows global+correlated with the CLI's counts, separate curves", async () => {
  const flags = {
    distances: "3,5",
    p: "0.005,0.01",
    "max-shots": 4000,
    "max-errors": 200,
    seed: 12,
  };
  const query = new URLSearchParams({ ...flags, workers: 2, correlated: 1 });
  const { page, problems } = await openPage(
    session.browser.context,
    `${session.server.url}?${query}`,
  );
  assert.equal(await page.isChecked(testId("field-correlated")), true);
  assert.equal(await page.textContent(testId("error-correlated")), "");
  await page.click(testId("run"));
  assert.equal(await waitForRunEnd(page), "done");
  const decoders = await page.$$eval("tr[data-d]", (trs) => trs.map((tr) => tr.dataset.decoder));
  assert.equal(decoders.length, 4);
  assert.ok(
    decoders.every((decoder) => decoder === "global+correlated"),
    String(decoders),
  );
  const correlated = cliCounts({ ...flags, correlated: true });
  assert.deepEqual(await pageCounts(page), correlated);
  const plain = cliCounts(flags);
  const fewer = (counts) => Object.values(counts).reduce((sum, c) => sum + c.errors, 0);
  assert.ok(fewer(correlated) < fewer(plain), "correlation lowers the error count");

  // Plain rows beside them (the CLI's CSV): both kept, and drawn as separate curves.
  await page.setInputFiles(testId("import-csv"), {
    name: "plain.csv",
    mimeType: "text/csv",
    buffer: Buffer.from(cliCsv(flags)),
  });
  await page.waitForFunction(() => document.querySelectorAll("tr[data-d]").length === 8);
  const plainRows = await page.locator('tr[data-decoder="global"]').count();
  assert.equal(plainRows, 4);
  const labels = await page.$$eval(".u-legend .u-label", (els) => els.map((el) => el.textContent));
  assert.ok(
    labels.some((label) => /decoder = global\+correlated\b/.test(label)),
    String(labels),
  );
  assert.ok(
    labels.some((label) => /decoder = global(?!\+)\b/.test(label)),
    String(labels),
  );
  await page.screenshot({ path: join(screenshots, "correlated.png"), fullPage: true });

  // Switched off, the URL drops it; a bad value is refused with the parameter's name.
  await page.uncheck(testId("field-correlated"));
  assert.equal(new URL(page.url()).searchParams.get("correlated"), null);
  const bad = await openPage(session.browser.context, `${session.server.url}?correlated=yes&run=1`);
  assert.equal(await bad.page.textContent(testId("run-status")), "error");
  assert.match(
    await bad.page.textContent(testId("error-correlated")),
    /^correlated must be 0 or 1, got yes$/,
  );
  const independent = await openPage(
    session.browser.context,
    `${session.server.url}?decoder=independent-windows&correlated=1&distances=5&rounds=10`,
  );
  assert.match(
    await independent.page.textContent(testId("error-correlated")),
    /^correlated must be off/,
  );
  assert.deepEqual([...problems, ...bad.problems, ...independent.problems], []);
  await Promise.all([page.close(), bad.page.close(), independent.page.close()]);
});
