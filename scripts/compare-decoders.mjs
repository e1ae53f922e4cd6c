// Windowed against global decoding: runs `surfacelab collect` for each decoder on the same tasks
// and prints each windowed logical error rate next to the global one, with the difference in
// combined standard errors.
//
//   node scripts/compare-decoders.mjs [--distances 5,7] [--rounds 10d] [--p 0.005]
//        [--basis z,x] [--max-errors 1000] [--decoders sliding,parallel-window] [--extra "..."]
//
// Uses $SURFACELAB_BIN (scripts/cli.sh builds it) or the release binary under the cache.
import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";

const options = {
  distances: "5,7",
  rounds: "10d",
  p: "0.005",
  basis: "z,x",
  "max-errors": "1000",
  "max-shots": "10000000",
  decoders: "sliding,parallel-window",
  seed: "2026",
  extra: "",
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, "")] = argv[i + 1];

const cache = process.env.SURFACELAB_CACHE ?? join(homedir(), ".cache", "surfacelab");
const binary = process.env.SURFACELAB_BIN ?? join(cache, "target", "release", "surfacelab");

function collect(decoder) {
  const args = ["collect", "--distances", options.distances, "--rounds", options.rounds];
  args.push("--p", options.p, "--basis", options.basis, "--decoder", decoder);
  args.push("--max-errors", options["max-errors"], "--max-shots", options["max-shots"]);
  args.push("--seed", options.seed, "--no-progress");
  if (options.extra) args.push(...options.extra.split(" "));
  const csv = execFileSync(binary, args, { encoding: "utf8" });
  const rows = new Map();
  for (const line of csv.trim().split("\n").slice(1)) {
    const fields = line.split(",");
    const metadata = JSON.parse(
      fields.slice(6, -1).join(",").replace(/^"|"$/g, "").replaceAll('""', '"'),
    );
    const key = `${metadata.b} d=${metadata.d} r=${metadata.r} p=${metadata.p}`;
    rows.set(key, {
      shots: Number(fields[0]),
      errors: Number(fields[1]),
      seconds: Number(fields[3]),
    });
  }
  return rows;
}

const rate = (row) => row.errors / row.shots;
const variance = (row) => (rate(row) * (1 - rate(row))) / row.shots;
const global = collect("global");
console.log(
  "task".padEnd(28) +
    "decoder".padEnd(17) +
    "errors/shots".padStart(16) +
    "LER".padStart(9) +
    "global LER".padStart(12) +
    "  sigma",
);
let worst = 0;
for (const decoder of options.decoders.split(",")) {
  for (const [key, row] of collect(decoder)) {
    const reference = global.get(key);
    const sigma =
      Math.abs(rate(row) - rate(reference)) / Math.sqrt(variance(row) + variance(reference));
    worst = Math.max(worst, sigma);
    console.log(
      key.padEnd(28) +
        decoder.padEnd(17) +
        `${row.errors}/${row.shots}`.padStart(16) +
        rate(row).toFixed(4).padStart(9) +
        rate(reference).toFixed(4).padStart(12) +
        `  ${sigma.toFixed(2)}`,
    );
  }
}
console.log(
  `largest difference: ${worst.toFixed(2)} combined standard errors (global rows: ${[...global.values()].map((r) => r.errors).join(", ")} errors)`,
);
