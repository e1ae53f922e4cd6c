// `npm run bench`'s summary: reads the JSON lines of scripts/bench.sh (one per case, round and
// program) and prints one table: per measure and case, the median over rounds of each program's
// time and the median of the per-round ratios engine / PyMatching; then, per measure, the median
// of those ratios over the cases and the largest. Writes the same to a JSON file.
//
//   node scripts/bench-summary.mjs RESULTS.jsonl [SUMMARY.json] [MACHINE-AND-DATE TEXT]
import { readFileSync, writeFileSync } from "node:fs";

const median = (values) => {
  const sorted = values.filter((v) => v != null && Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const fixed = (value, digits) => (value == null ? "-" : value.toFixed(digits));

const [resultsPath, summaryPath, machine] = process.argv.slice(2);
const rows = readFileSync(resultsPath, "utf8")
  .split("\n")
  .filter((line) => line.startsWith("{"))
  .map((line) => JSON.parse(line));
const cases = [...new Set(rows.map((row) => row.case))];
const rounds = [...new Set(rows.map((row) => row.round))];
const engines = ["blossom", "rmatching"].filter((engine) =>
  rows.some((row) => row.engine === engine || row[`${engine}_s`] != null),
);

// Per measure: how to find, for a case and round, each program's value (null when absent).
const pick = (filter, key) => (name, round) => {
  const row = rows.find((r) => r.case === name && r.round === round && filter(r));
  return row?.[key] ?? null;
};
const loopOf = (engine, key) => pick((r) => r.kind === "loop" && r.engine === engine, key);
const referenceLoop = (key) => pick((r) => r.kind === "loop" && r.engine == null, key);
const e2e = (decoding, key) => pick((r) => r.kind === "e2e" && r.decoding === decoding, key);
const measures = [
  {
    name: "decode loop, us/shot",
    ours: (engine) => loopOf(engine, "plain_us_per_shot"),
    reference: referenceLoop("pymatching_plain_us_per_shot"),
    digits: 2,
  },
  {
    name: "decode loop on every component (engine alone), us/shot",
    ours: (engine) => loopOf(engine, "every_component_us_per_shot"),
    reference: referenceLoop("pymatching_plain_us_per_shot"),
    digits: 2,
  },
  {
    name: "correlated loop, us/shot",
    ours: (engine) => loopOf(engine, "correlated_us_per_shot"),
    reference: referenceLoop("pymatching_correlated_us_per_shot"),
    digits: 2,
  },
  {
    name: "decode end to end, s",
    ours: (engine) => e2e("plain", `${engine}_s`),
    reference: e2e("plain", "pymatching_s"),
    digits: 3,
  },
  {
    name: "correlated end to end, s",
    ours: (engine) => e2e("correlated", `${engine}_s`),
    reference: e2e("correlated", "pymatching_s"),
    digits: 3,
  },
  {
    name: "decode e2e vs PyMatching's work (no interpreter start), s",
    ours: (engine) => e2e("plain", `${engine}_s`),
    reference: e2e("plain", "pymatching_work_s"),
    digits: 3,
  },
  {
    name: "correlated e2e vs PyMatching's work (no interpreter start), s",
    ours: (engine) => e2e("correlated", `${engine}_s`),
    reference: e2e("correlated", "pymatching_work_s"),
    digits: 3,
  },
  {
    name: "sampling, us/shot (ours vs stim)",
    ours: (engine) => loopOf(engine, "sample_us_per_shot"),
    reference: referenceLoop("stim_sample_us_per_shot"),
    digits: 2,
  },
  {
    name: "threaded wasm in Chromium vs native (default engine), us/shot",
    ours: (engine) => pick((r) => r.kind === "wasm" && r.engine === engine, "threadedUs"),
    reference: pick((r) => r.kind === "wasm", "nativeUs"),
    referenceLabel: "native",
    digits: 2,
  },
];

const summary = { machine: machine ?? null, rounds: rounds.length, engines, measures: [] };
const header =
  "case".padEnd(18) +
  engines.map((engine) => engine.padStart(11)).join("") +
  "reference".padStart(11) +
  engines.map((engine) => `${engine}/ref`.padStart(15)).join("");
const lines = [];
for (const measure of measures) {
  const result = { measure: measure.name, cases: [], overall: {} };
  for (const name of cases) {
    const entry = { case: name, reference: median(rounds.map((r) => measure.reference(name, r))) };
    let any = entry.reference != null;
    for (const engine of engines) {
      const values = rounds.map((r) => measure.ours(engine)(name, r));
      const ratios = rounds.map((r, i) => {
        const theirs = measure.reference(name, r);
        return values[i] != null && theirs ? values[i] / theirs : null;
      });
      entry[engine] = median(values);
      entry[`${engine}_ratio`] = median(ratios);
      entry[`${engine}_ratios`] = ratios.filter((v) => v != null);
      any ||= entry[engine] != null;
    }
    if (any) result.cases.push(entry);
  }
  if (result.cases.length === 0) continue;
  for (const engine of engines) {
    const ratios = result.cases.map((entry) => entry[`${engine}_ratio`]).filter((v) => v != null);
    result.overall[engine] = {
      median_ratio: median(ratios),
      max_ratio: ratios.length ? Math.max(...ratios) : null,
    };
  }
  summary.measures.push(result);
  lines.push("", `${measure.name}  (reference: ${measure.referenceLabel ?? "PyMatching/stim"})`);
  lines.push(header);
  for (const entry of result.cases) {
    lines.push(
      entry.case.padEnd(18) +
        engines.map((engine) => fixed(entry[engine], measure.digits).padStart(11)).join("") +
        fixed(entry.reference, measure.digits).padStart(11) +
        engines.map((engine) => fixed(entry[`${engine}_ratio`], 2).padStart(15)).join(""),
    );
  }
  lines.push(
    "median (max)".padEnd(18 + 11 * (engines.length + 1)) +
      engines
        .map((engine) => {
          const { median_ratio: m, max_ratio: x } = result.overall[engine];
          return `${fixed(m, 2)} (${fixed(x, 2)})`.padStart(15);
        })
        .join(""),
  );
}

console.log(
  `\nbench summary: medians over ${rounds.length} round(s); ratio = engine / reference per round, ` +
    `then the median${machine ? `\n${machine}` : ""}`,
);
// The end-to-end runs decode the same file: how often each engine's predictions equal
// PyMatching's (differences are ties between equal-weight matchings, or correlated ones).
summary.agreement = {};
for (const engine of engines) {
  for (const decoding of ["plain", "correlated"]) {
    const values = rows
      .filter((row) => row.kind === "e2e" && row.decoding === decoding)
      .map((row) => row[`${engine}_agreement`])
      .filter((value) => value != null);
    if (values.length) summary.agreement[`${engine}_${decoding}`] = Math.min(...values);
  }
}
lines.push(
  "",
  "lowest agreement of predictions with PyMatching's over the end-to-end runs: " +
    Object.entries(summary.agreement)
      .map(([key, value]) => `${key} ${(value * 100).toFixed(3)} %`)
      .join(", "),
);
console.log(lines.join("\n"));
if (summaryPath) {
  writeFileSync(summaryPath, JSON.stringify(summary, null, 2) + "\n");
  const markdownPath = summaryPath.replace(/\.json$/, "") + ".md";
  writeFileSync(markdownPath, markdown(summary));
  console.log(`\nbench: summary written to ${summaryPath} and ${markdownPath}`);
}

/** The summary as Markdown tables (one per measure), for docs/benchmarks.md. */
function markdown({ machine, rounds, engines, measures, agreement }) {
  const out = [`Medians of ${rounds} round(s); ${machine ?? ""}`, ""];
  for (const { measure, cases, overall } of measures) {
    out.push(`**${measure}**`, "");
    out.push(
      `| case | ${engines.join(" | ")} | reference | ${engines.map((e) => `${e} / ref`).join(" | ")} |`,
    );
    out.push(
      `|---|${engines.map(() => "---:|").join("")}---:|${engines.map(() => "---:|").join("")}`,
    );
    for (const entry of cases) {
      const digits = entry.reference != null && entry.reference < 20 ? 3 : 1;
      out.push(
        `| ${entry.case} | ${engines.map((e) => fixed(entry[e], digits)).join(" | ")} | ` +
          `${fixed(entry.reference, digits)} | ` +
          `${engines.map((e) => fixed(entry[`${e}_ratio`], 2)).join(" | ")} |`,
      );
    }
    out.push(
      `| median (max) |${engines.map(() => "|").join("")}|` +
        engines
          .map((e) => ` ${fixed(overall[e].median_ratio, 2)} (${fixed(overall[e].max_ratio, 2)}) `)
          .join("|") +
        "|",
      "",
    );
  }
  out.push(
    "Lowest agreement of predictions with PyMatching's (end-to-end runs): " +
      Object.entries(agreement)
        .map(([key, value]) => `${key.replace("_", " ")} ${(value * 100).toFixed(3)} %`)
        .join(", ") +
      ".",
    "",
  );
  return out.join("\n");
}
