// The native CLI's counts for the same experiment, to compare the page's with.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./harness.mjs";

/** Runs `surfacelab collect` with `flags` and returns {"d|p": {shots, errors}}. */
export function cliCounts(flags) {
  const args = ["collect", ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)])];
  const csv = execFileSync("bash", [join(root, "scripts/cli.sh"), ...args], {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  }).toString();
  const counts = {};
  for (const line of csv.trim().split("\n").slice(1)) {
    const [shots, errors] = line.split(",").map((field) => field.trim());
    const metadata = JSON.parse(/"(\{.*\})"/.exec(line)[1].replaceAll('""', '"'));
    counts[`${metadata.b.toLowerCase()}|${metadata.d}|${metadata.p}`] = {
      shots: Number(shots),
      errors: Number(errors),
    };
  }
  return counts;
}

/** The page's result rows in the same shape. */
export async function pageCounts(page) {
  const rows = await page.$$eval("tr[data-d]", (trs) => trs.map((tr) => ({ ...tr.dataset })));
  const counts = {};
  for (const row of rows) {
    counts[`${row.basis}|${row.d}|${Number(row.p)}`] = {
      shots: Number(row.shots),
      errors: Number(row.errors),
    };
  }
  return counts;
}
