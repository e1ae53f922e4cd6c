// The threshold estimate the results panel shows, from the core through the wasm facade
// (`analyzeRows`, src/analysis/), in Node on the single-thread build: synthetic curves with a
// known crossing, curves that do not cross, families kept apart; and the two small rules the
// page used to copy (the zone of a × b, the rounds grammar).

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { analyzeRows, initSync, resolveRounds, zoneOf } from "../../www/pkg/st/surfacelab.js";

initSync({ module: readFileSync(new URL("../../www/pkg/st/surfacelab_bg.wasm", import.meta.url)) });

const ps = [0.002, 0.004, 0.006, 0.008, 0.012, 0.016];
const SHOTS = 10_000_000;

/** Rows of rates 0.03·(p/pth)^((d+1)/2) at each p, with SHOTS shots. */
function rows(d, pth, metadata = {}) {
  return ps.map((p) => {
    const rate = Math.min(0.5, 0.03 * (p / pth) ** ((d + 1) / 2));
    return {
      shots: SHOTS,
      errors: Math.round(rate * SHOTS),
      discards: 0,
      seconds: 1,
      decoder: "global",
      strongId: `${d}-${p}-${JSON.stringify(metadata)}`,
      jsonMetadata: JSON.stringify({ b: "Z", d, p, r: d, ...metadata }),
      customCounts: "",
    };
  });
}

test("the crossing of two power laws is found, inside its interval", () => {
  const { crossings } = analyzeRows([...rows(3, 0.01), ...rows(5, 0.01)], "shot");
  assert.equal(crossings.length, 1);
  const [c] = crossings;
  assert.deepEqual(c.distances, [3, 5]);
  assert.deepEqual(c.group, { b: "Z", decoder: "global", r: "1d" });
  assert.ok(Math.abs(c.p - 0.01) < 2e-4, `${c.p}`);
  assert.ok(c.low < c.p && c.p < c.high, `[${c.low}, ${c.high}]`);
  assert.match(c.text, /^d = 3 \/ 5, per shot: p ≈ 0\.01 \[/);
  // A fixed seed: the same numbers again.
  assert.deepEqual(analyzeRows([...rows(3, 0.01), ...rows(5, 0.01)], "shot").crossings, crossings);
});

test("curves that do not cross in the measured range say so", () => {
  const { crossings } = analyzeRows([...rows(3, 0.2), ...rows(5, 0.2)], "round");
  assert.equal(crossings[0].p, null);
  assert.equal(crossings[0].per, "round");
  assert.match(crossings[0].text, /no crossing in the measured range \(p 0\.002 … 0\.016\)/);
});

test("adjacent distances of one family only; other families apart", () => {
  const all = [
    ...rows(3, 0.008),
    ...rows(5, 0.008),
    ...rows(7, 0.008),
    ...rows(5, 0.008, { r: 15 }),
  ];
  const { crossings, curves } = analyzeRows(all, "shot");
  assert.equal(curves.length, 4);
  assert.deepEqual(
    crossings.map((c) => [c.group.r, ...c.distances]),
    [
      ["1d", 3, 5],
      ["1d", 5, 7],
    ],
  );
  for (const c of crossings) assert.ok(Math.abs(c.p - 0.008) < 2e-4, `${c.p}`);
  assert.throws(() => analyzeRows(all, "day"), /rate kind must be shot or round, got "day"/);
});

test("zones and the rounds grammar are the core's", () => {
  assert.deepEqual(
    [2, 4, 6].map((concurrency) => zoneOf(concurrency, 2)),
    ["optimal", "acceptable", "too many"],
  );
  assert.equal(resolveRounds("3D", "5"), 15);
  assert.equal(resolveRounds("d", "7"), 7);
  assert.equal(resolveRounds("9", "7"), 9);
  assert.throws(() => resolveRounds("3x", "5"), /^Error: rounds must be/);
});
