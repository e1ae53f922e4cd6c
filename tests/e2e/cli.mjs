// The native CLI's counts for the same experiment, to compare the page's with.

import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { root } from "./harness.mjs";

/**
 * The CSV text of `surfacelab collect` with `flags` (true: a switch, e.g. --correlated). The CLI
 * is scripts/cli.sh (built when needed), or the binary in SURFACELAB_E2E_CLI when that is set.
 */
export function cliCsv(flags) {
  return cli("collect", flags);
}

/** The standard output of `surfacelab COMMAND` with `flags` (the CLI as cliCsv finds it). */
export function cli(commandName, flags) {
  const args = [
    commandName,
    ...Object.entries(flags).flatMap(([k, v]) => (v === true ? [`--${k}`] : [`--${k}`, String(v)])),
  ];
  const [command, commandArgs] = process.env.SURFACELAB_E2E_CLI
    ? [process.env.SURFACELAB_E2E_CLI, args]
    : ["bash", [join(root, "scripts/cli.sh"), ...args]];
  return execFileSync(command, commandArgs, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 24,
  }).toString();
}

/** Runs `surfacelab collect` with `flags` (as cliCsv) and returns {"basis|d|p": {shots, errors}}. */
export function cliCounts(flags) {
  const csv = cliCsv(flags);
  const counts = {};
  for (const line of csv.trim().split("\n").slice(1)) {
    const [shots, errors] = line.split(",").map((field) => field.trim());
    // The metadata column, not the custom_counts one after it (both are quoted JSON objects).
    const metadata = JSON.parse(/,"(\{.*?\})"(?:,|$)/.exec(line)[1].replaceAll('""', '"'));
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
