// The threshold estimate of the results panel (www/app/crossing.js), in Node: synthetic
// curves with a known crossing, intervals that contain it, and curves that do not cross.

import assert from "node:assert/strict";
import { test } from "node:test";
import { crossing, crossings, describeCrossing, fitLine } from "../../www/app/crossing.js";

const ps = [0.002, 0.004, 0.006, 0.008, 0.012, 0.016];
/** Rates A·(p/pth)^((d+1)/2) with relative interval ±spread. */
const curve = (d, pth, spread = 0.2) =>
  ps.map((p) => {
    const best = 0.03 * (p / pth) ** ((d + 1) / 2);
    return { p, best, low: best * (1 - spread), high: best * (1 + spread) };
  });

test("a straight log-log line is fitted exactly", () => {
  const line = fitLine([
    [0, 1],
    [1, 3],
    [2, 5],
  ]);
  assert.deepEqual(line, { intercept: 1, slope: 2 });
  assert.equal(fitLine([[1, 1]]), null);
});

test("the crossing of two power laws is found, inside its interval", () => {
  const c = crossing(curve(3, 0.01), curve(5, 0.01));
  assert.ok(Math.abs(c.estimate - 0.01) < 1e-9, `${c.estimate}`);
  assert.ok(c.inRange);
  assert.ok(c.low < 0.01 && c.high > 0.01, `[${c.low}, ${c.high}]`);
  assert.equal(c.points, ps.length);
  // Wider rate intervals give a wider crossing interval.
  const wide = crossing(curve(3, 0.01, 0.5), curve(5, 0.01, 0.5));
  assert.ok(wide.high - wide.low > c.high - c.low);
  assert.match(describeCrossing({ ...c, d1: 3, d2: 5 }), /^d = 3 \/ 5: p ≈ 0\.01 \[/);
});

test("curves that do not cross in the measured range say so", () => {
  // Threshold far above the p range: d5 stays below d3 everywhere.
  const c = crossing(curve(3, 0.2), curve(5, 0.2));
  assert.equal(c.inRange, false);
  assert.match(describeCrossing({ ...c, d1: 3, d2: 5 }), /no crossing in range/);
  // Parallel lines never cross.
  assert.equal(Number.isFinite(crossing(curve(3, 0.01), curve(3, 0.02)).estimate), false);
});

test("crossings pairs adjacent distances of the same basis, decoder and noise", () => {
  const rows = [];
  for (const d of [3, 5, 7]) {
    for (const point of curve(d, 0.008)) {
      const fit = { best: point.best, low: point.low, high: point.high };
      rows.push({
        basis: "z",
        decoder: "global",
        noise: "stim",
        d,
        pValue: point.p,
        rates: { perShot: fit, perRound: fit },
      });
    }
  }
  const found = crossings(rows, "shot");
  assert.deepEqual(
    found.map((c) => [c.d1, c.d2]),
    [
      [3, 5],
      [5, 7],
    ],
  );
  for (const c of found) assert.ok(Math.abs(c.estimate - 0.008) < 1e-9);
});
