// Reads the JSON lines of scripts/bench.sh (one per case and round) and prints, per case, the
// median over rounds of our µs/shot, the reference's, and the per-round ratios.
import { readFileSync } from "node:fs";

const median = (values) => {
  const sorted = values.filter((v) => v != null).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fixed = (value, digits) => (value == null ? "-" : value.toFixed(digits));

const rows = readFileSync(process.argv[2], "utf8")
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line));
const cases = new Map();
for (const row of rows) {
  if (!cases.has(row.case)) cases.set(row.case, []);
  cases.get(row.case).push(row);
}
console.log("\nMedians over rounds (us/shot; ratio = ours / reference, per round, then median):");
console.log(
  "case".padEnd(20) +
    "sample".padStart(9) +
    "stim".padStart(9) +
    "ratio".padStart(8) +
    "decode".padStart(10) +
    "PyMatch".padStart(10) +
    "ratio".padStart(8) +
    "  rounds",
);
for (const [name, runs] of cases) {
  const pick = (key) => median(runs.map((run) => run[key]));
  console.log(
    name.padEnd(20) +
      fixed(pick("sample_us_per_shot"), 2).padStart(9) +
      fixed(pick("stim_sample_us_per_shot"), 2).padStart(9) +
      fixed(pick("sample_ratio"), 2).padStart(8) +
      fixed(pick("decode_us_per_shot"), 2).padStart(10) +
      fixed(pick("pymatching_decode_us_per_shot"), 2).padStart(10) +
      fixed(pick("decode_ratio"), 2).padStart(8) +
      `  ${runs.length}`,
  );
}
