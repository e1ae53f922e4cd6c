// End-to-end: the circuit box. A corpus circuit pasted into the page counts what
// `surfacelab collect --circuit FILE` counts for the same seed (same metadata: the text's
// SHA-256); a bad circuit shows the line and the reason beside the box without a page error;
// the page's link carries the circuit (#circuit=, deflate-raw, base64url) and a fresh page
// opened on it holds the same text and counts the same; a circuit too large for an
// 8,000-character link is left out of it, with a note saying so.

import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { cli, cliCsv } from "./cli.mjs";
import { openPage, root, testId, useServerAndBrowser, waitForRunEnd } from "./harness.mjs";

const session = useServerAndBrowser();
const file = join(root, "tests/data/circuit_corpus/cz_round_d3_r3.stim");
const text = readFileSync(file, "utf8");
const digest = createHash("sha256").update(text).digest("hex");
const limits = { "max-shots": 4000, "max-errors": 100000, seed: 99 };

/** The one row of the CLI's CSV for the circuit: {shots, errors, metadata}. */
function cliRow() {
  const line = cliCsv({ circuit: file, ...limits, "no-progress": true })
    .trim()
    .split("\n")[1];
  const [shots, errors] = line.split(",").map((field) => Number(field.trim()));
  const metadata = JSON.parse(/,"(\{.*?\})"(?:,|$)/.exec(line)[1].replaceAll('""', '"'));
  return { shots, errors, metadata };
}

/** The page's row for the circuit (by its SHA-256), once the run is done. */
async function pageRow(page) {
  assert.equal(await waitForRunEnd(page), "done");
  const rows = await page.$$eval("tr[data-circuit]", (trs) =>
    trs.filter((tr) => tr.dataset.circuit).map((tr) => ({ ...tr.dataset })),
  );
  assert.equal(rows.length, 1, JSON.stringify(rows));
  return { shots: Number(rows[0].shots), errors: Number(rows[0].errors), circuit: rows[0].circuit };
}

/** Waits until the core has read and modelled the box's text (after the typing pause). */
async function waitChecked(page) {
  await page.waitForFunction(() =>
    document.getElementById("circuit-summary").textContent.includes("ready to run"),
  );
}

const pageUrl = () => `${session.server.url}?${new URLSearchParams({ ...limits, workers: 2 })}`;

test("a pasted circuit counts what the CLI counts; its link opens a page that counts the same", async () => {
  const cli = cliRow();
  assert.deepEqual(cli.metadata, { circuit: digest });
  const { page, problems } = await openPage(session.browser.context, pageUrl());
  await page.selectOption(testId("field-code"), "circuit");
  assert.ok(await page.isHidden(testId("field-distances")), "memory fields give way to the box");
  await page.fill(testId("field-circuit"), text);
  await waitChecked(page);
  assert.equal(await page.textContent(testId("error-circuit")), "");
  await page.click(testId("run"));
  const counted = await pageRow(page);
  assert.deepEqual(counted, { shots: cli.shots, errors: cli.errors, circuit: digest });
  assert.ok(cli.errors > 0, "the comparison has errors to compare");

  const link = page.url();
  assert.match(link, /#circuit=[A-Za-z0-9_-]+$/);
  assert.ok(link.length < 8000, String(link.length));
  const opened = await openPage(session.browser.context, link);
  assert.equal(await opened.page.inputValue(testId("field-code")), "circuit");
  assert.equal(await opened.page.inputValue(testId("field-circuit")), text);
  await waitChecked(opened.page);
  await opened.page.click(testId("run"));
  assert.deepEqual(await pageRow(opened.page), counted);
  assert.deepEqual([...problems, ...opened.problems], []);
  await opened.page.close();
  await page.close();
});

test("a bad circuit shows the line and the reason beside the box, without a page error", async () => {
  const { page, problems } = await openPage(session.browser.context, pageUrl());
  await page.selectOption(testId("field-code"), "circuit");
  const cases = [
    ["R 0 1\nH 0\nMXX 0 1\nM 0 1\n", 3, "MXX"],
    ["R 0\nX_ERROR(0.1) 0\nMR 0\nDETECTR rec[-1]\n", 4, "DETECTR"],
  ];
  for (const [bad, line, word] of cases) {
    await page.fill(testId("field-circuit"), bad);
    await page.waitForFunction(
      ([id, line]) =>
        document.querySelector(`[data-testid="${id}"]`).textContent.startsWith(`Line ${line}:`),
      ["error-circuit", line],
    );
    const message = await page.textContent(testId("error-circuit"));
    assert.ok(message.includes(word), message);
    const shown = await page.textContent(testId("circuit-bad-line"));
    assert.equal(shown, `${line} │ ${bad.split("\n")[line - 1]}`);
    assert.ok(await page.isDisabled(testId("run")));
    assert.equal(await page.getAttribute(testId("field-circuit"), "aria-invalid"), "true");
  }
  // Windows need the detectors' time and both c and w: the CLI's rule, beside the c field.
  await page.fill(testId("field-circuit"), text);
  await page.selectOption(testId("field-decoder"), "sliding");
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="${id}"]`).textContent.includes("both given"),
    "error-commit-rounds",
  );
  await page.fill(testId("field-commit-rounds"), "1");
  await page.fill(testId("field-buffer-rounds"), "1");
  await waitChecked(page);
  assert.equal(await page.textContent(testId("error-commit-rounds")), "");
  assert.equal(await page.textContent(testId("error-circuit")), "");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a circuit too large for a link is left out of it, with a note", async () => {
  const large = cli("circuit", { distance: 15, rounds: 15, p: 0.001 });
  const { page, problems } = await openPage(session.browser.context, pageUrl());
  await page.selectOption(testId("field-code"), "circuit");
  await page.fill(testId("field-circuit"), text);
  await page.waitForFunction(() => location.hash.startsWith("#circuit="));
  // As a paste does it: one input event (fill types 70 kB too slowly for the test).
  await page.$eval(
    testId("field-circuit"),
    (box, value) => {
      box.value = value;
      box.dispatchEvent(new Event("input"));
    },
    large,
  );
  await page.waitForFunction(
    (id) => document.querySelector(`[data-testid="${id}"]`).textContent.includes("too large"),
    "circuit-link-note",
  );
  assert.equal(await page.evaluate(() => location.hash), "");
  await waitChecked(page);
  // Back to a generated memory: the link carries no circuit.
  await page.fill(testId("field-circuit"), text);
  await page.waitForFunction(() => location.hash.startsWith("#circuit="));
  await page.selectOption(testId("field-code"), "rotated");
  await page.waitForFunction(() => location.hash === "");
  assert.ok(await page.isVisible(testId("field-distances")));
  assert.deepEqual(problems, []);
  await page.close();
});
