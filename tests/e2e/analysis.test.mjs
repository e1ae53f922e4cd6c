// The results panel's analysis comes from the core: one plot curve per task identity (rows
// differing only in r, or only in c and w, are different curves), the table and the plot agree
// row for row, and the threshold estimates are the numbers `surfacelab fit` prints for the
// same CSV (per shot and per round).

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { openPage, root, testId, useServerAndBrowser } from "./harness.mjs";

const session = useServerAndBrowser();

const HEADER =
  "     shots,    errors,  discards, seconds,decoder,strong_id,json_metadata,custom_counts";

/** A sinter CSV line. */
const line = (shots, errors, decoder, id, metadata) =>
  `${shots},${errors},0,0.5,${decoder},${id},"${JSON.stringify(metadata).replaceAll('"', '""')}",`;

/** `surfacelab fit --json` (scripts/cli.sh, or SURFACELAB_E2E_CLI when set). */
function cliFit(path, perRound) {
  const args = ["fit", "--csv", path, "--json", ...(perRound ? ["--per-round"] : [])];
  const [command, commandArgs] = process.env.SURFACELAB_E2E_CLI
    ? [process.env.SURFACELAB_E2E_CLI, args]
    : ["bash", [join(root, "scripts/cli.sh"), ...args]];
  return JSON.parse(
    execFileSync(command, commandArgs, { cwd: root, stdio: ["ignore", "pipe", "inherit"] }),
  );
}

async function importCsv(page, text, name = "analysis.csv") {
  await page.setInputFiles(testId("import-csv"), {
    name,
    mimeType: "text/csv",
    buffer: Buffer.from(text),
  });
}

test("rows differing only in r, or only in c and w, are curves of their own; table and plot agree", async () => {
  const { page, problems } = await openPage(session.browser.context, session.server.url);
  const rows = [
    line(10000, 40, "global", "a1", { b: "Z", d: 3, p: 0.004, r: 3 }),
    line(10000, 300, "global", "a2", { b: "Z", d: 3, p: 0.008, r: 3 }),
    line(10000, 90, "global", "b1", { b: "Z", d: 3, p: 0.004, r: 9 }),
    line(10000, 700, "global", "b2", { b: "Z", d: 3, p: 0.008, r: 9 }),
    line(10000, 20, "global", "c1", { b: "Z", d: 5, p: 0.004, r: 5 }),
    line(10000, 95, "parallel-window", "w1", { b: "Z", c: 3, d: 3, p: 0.004, r: 9, w: 3 }),
    line(10000, 97, "parallel-window", "w2", { b: "Z", c: 3, d: 3, p: 0.004, r: 9, w: 6 }),
  ];
  await importCsv(page, [HEADER, ...rows].join("\n") + "\n");
  // The import is read and drawn asynchronously: wait for its five curves.
  await page.waitForFunction(
    (selector) => document.querySelectorAll(selector).length === 5,
    testId("plot-curve"),
  );
  const curves = await page.$$eval(testId("plot-curve"), (els) =>
    els.map((el) => ({
      key: el.dataset.key,
      points: Number(el.dataset.points),
      text: el.textContent,
    })),
  );
  const keys = curves.map((c) => c.key).sort();
  assert.deepEqual(keys, [
    '{"b":"Z","c":3,"d":3,"decoder":"parallel-window","r":9,"w":3}',
    '{"b":"Z","c":3,"d":3,"decoder":"parallel-window","r":9,"w":6}',
    '{"b":"Z","d":3,"decoder":"global","r":"1d"}',
    '{"b":"Z","d":3,"decoder":"global","r":"3d"}',
    '{"b":"Z","d":5,"decoder":"global","r":"1d"}',
  ]);
  // The legend names what tells the curves apart.
  const legend = curves.map((c) => c.text).join(" | ");
  for (const words of ["r = 1d", "r = 3d", "w = 3", "w = 6", "decoder = parallel-window"]) {
    assert.ok(legend.includes(words), `${words} in ${legend}`);
  }
  // Row for row: every table row is on the curve of its key, and every curve has its rows.
  const tableRows = await page.$$eval("#results tbody tr", (trs) =>
    trs.map((tr) => ({ key: tr.dataset.key, p: tr.dataset.p })),
  );
  assert.equal(tableRows.length, rows.length);
  for (const curve of curves) {
    const onCurve = tableRows.filter((row) => row.key === curve.key);
    assert.equal(onCurve.length, curve.points, curve.key);
  }
  assert.equal(
    curves.reduce((sum, c) => sum + c.points, 0),
    tableRows.length,
  );
  assert.deepEqual(problems, []);
  await page.close();
});

test("the page shows the threshold numbers of `surfacelab fit` for sinter's own CSV", async () => {
  const path = join(root, "tests/data/sinter_threshold_d3_d11.csv");
  const { page, problems } = await openPage(session.browser.context, session.server.url);
  await importCsv(page, readFileSync(path, "utf8"), "sinter.csv");
  for (const per of ["shot", "round"]) {
    if (per === "round") await page.check('input[name="rate-kind"][value="round"]');
    const expected = cliFit(path, per === "round");
    await page.waitForFunction(
      (kind) => document.querySelector('[data-testid="threshold-estimate"]')?.dataset.per === kind,
      per,
    );
    const shown = await page.$$eval(testId("threshold-estimate"), (els) =>
      els.map((el) => ({ ...el.dataset })),
    );
    const crossed = expected.filter((c) => c.p !== null);
    // Per shot every adjacent pair crosses; per round only 5 / 7 and 9 / 11 below p = 0.012.
    assert.equal(crossed.length, per === "shot" ? 4 : 2, JSON.stringify(expected));
    assert.equal(shown.length, crossed.length);
    crossed.forEach((c, i) => {
      assert.equal(shown[i].distances, c.distances.join(","));
      assert.equal(shown[i].per, per);
      assert.equal(Number(shown[i].p), c.p, `p of ${c.distances}`);
      assert.equal(Number(shown[i].low), c.low);
      assert.equal(Number(shown[i].high), c.high);
    });
    assert.equal(await page.locator(testId("plot-curve")).count(), 5);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
