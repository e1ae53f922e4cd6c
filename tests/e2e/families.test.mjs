// End-to-end: the code field. A repetition-code and an unrotated surface-code run in the page
// count what the CLI counts with --code for the same seed (rows carry data-code); a bad code is
// refused beside the field; the Learn panel's repetition code comes first and its "see a shot"
// link opens the viewer on a repetition-code shot, drawn on a line.

import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cliCounts, pageCounts } from "./cli.mjs";
import { openPage, root, testId, useServerAndBrowser, waitForRunEnd } from "./harness.mjs";

const screenshots = join(root, "tests/e2e/screenshots");
mkdirSync(screenshots, { recursive: true });
const session = useServerAndBrowser();

for (const code of ["repetition", "unrotated"]) {
  test(`code=${code}: rows data-code=${code} with the CLI's counts`, async () => {
    const flags = {
      code,
      distances: "3,5",
      p: "0.01,0.02",
      "max-shots": 3000,
      "max-errors": 10000,
      seed: 21,
    };
    const query = new URLSearchParams({ ...flags, workers: 2 });
    const { page, problems } = await openPage(
      session.browser.context,
      `${session.server.url}?${query}`,
    );
    assert.equal(await page.inputValue(testId("field-code")), code);
    await page.click(testId("run"));
    assert.equal(await waitForRunEnd(page), "done");
    const codes = await page.$$eval("tr[data-d]", (trs) => trs.map((tr) => tr.dataset.code));
    assert.deepEqual(codes, [code, code, code, code]);
    assert.deepEqual(await pageCounts(page), cliCounts(flags));
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("a bad code and the repetition code's x basis are refused beside their fields", async () => {
  const { page, problems } = await openPage(
    session.browser.context,
    `${session.server.url}?code=repetition&basis=x&distances=3&p=0.01`,
  );
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="${id}"]`).textContent.includes("repetition"),
    "error-basis",
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("Learn: the repetition code first; see a shot opens the viewer on a line of qubits", async () => {
  const { page, problems } = await openPage(session.browser.context, session.server.url);
  const first = await page.$eval("#learn .learn-grid article h3", (h) => h.textContent);
  assert.equal(first, "The repetition code");
  await page.locator("#learn").screenshot({ path: join(screenshots, "learn-repetition.png") });
  await page.click(testId("learn-see-repetition"));
  await page.waitForSelector('[data-testid="shot-qubit"]');
  const ys = await page.$$eval('[data-testid="shot-qubit"]', (els) =>
    els.map((el) => el.getAttribute("cy")),
  );
  assert.equal(ys.length, 7, "d = 7 data qubits");
  assert.ok(
    ys.every((y) => y === "0"),
    String(ys),
  );
  assert.equal(await page.locator('[data-testid="shot-stabilizer"]').count(), 6);
  await page.screenshot({ path: join(screenshots, "viewer-repetition.png"), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});
