// Medians over several `surfacelab sweep --out` CSVs: one row per (a, b), as a Markdown table.
import { readFileSync } from "node:fs";

const median = (values) => {
  const sorted = [...values].sort((x, y) => x - y);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const cells = new Map();
for (const file of process.argv.slice(2)) {
  const [header, ...lines] = readFileSync(file, "utf8").trim().split("\n");
  const columns = header.split(",");
  for (const line of lines) {
    const row = Object.fromEntries(line.split(",").map((value, i) => [columns[i], value]));
    const key = `${row.a},${row.b}`;
    if (!cells.has(key)) cells.set(key, []);
    cells.get(key).push(row);
  }
}
console.log(
  "| (a, b) | a×b | zone | shots/s | speedup | efficiency | latency median µs | latency p95 µs | speedup of each run |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
for (const [key, rows] of cells) {
  const pick = (name) => median(rows.map((row) => Number(row[name])));
  console.log(
    `| (${key.replace(",", ", ")}) | ${rows[0].concurrency} | ${rows[0].zone} | ` +
      `${pick("shots_per_second").toFixed(0)} | ${pick("speedup").toFixed(2)}× | ` +
      `${pick("efficiency").toFixed(2)} | ${pick("latency_median_us").toFixed(1)} | ` +
      `${pick("latency_p95_us").toFixed(1)} | ${rows.map((row) => Number(row.speedup).toFixed(2)).join(", ")} |`,
  );
}
