// The seed system's accuracy table (reference/seed_system.md), remeasured with SurfaceLab:
// global, sliding, parallel-window and independent-windows (the seed's scheme) at d = 5, r = 50
// and d = 7, r = 70, p = 0.005, memory_z, the seed's (n, k) window settings, 20,000 shots each.
// Prints a Markdown table for docs/seed-comparison.md.
//
//   node scripts/seed-comparison.mjs [--shots 20000] [--seed 2026]
import { execFileSync } from "node:child_process";
import { homedir } from "node:os";
import { join } from "node:path";

const options = { shots: "20000", seed: "2026" };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) options[argv[i].replace(/^--/, "")] = argv[i + 1];
const cache = process.env.SURFACELAB_CACHE ?? join(homedir(), ".cache", "surfacelab");
const binary = process.env.SURFACELAB_BIN ?? join(cache, "target", "release", "surfacelab");

// The seed's measured rows: errors out of 20,000 shots.
const seed = {
  "5 global": 2652,
  "5 independent-windows 5/0": 7984,
  "5 independent-windows 5/5": 9656,
  "5 independent-windows 10/0": 5796,
  "5 independent-windows 10/5": 9992,
  "7 global": 2191,
  "7 independent-windows 7/0": 9035,
  "7 independent-windows 7/7": 10003,
  "7 independent-windows 14/0": 6685,
  "7 independent-windows 14/7": 9992,
};

function run(d, decoder, n, k) {
  const args = ["collect", "--distances", String(d), "--rounds", String(10 * d), "--p", "0.005"];
  args.push("--basis", "z", "--decoder", decoder, "--max-shots", options.shots);
  args.push("--seed", options.seed, "--no-progress");
  if (n !== undefined) args.push("--window-rounds", String(n), "--overlap", String(k));
  try {
    const csv = execFileSync(binary, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    const fields = csv.trim().split("\n")[1].split(",");
    return { shots: Number(fields[0]), errors: Number(fields[1]) };
  } catch (error) {
    return {
      refused: String(error.stderr)
        .trim()
        .replace(/^surfacelab: /, ""),
    };
  }
}

const rate = (errors, shots) => errors / shots;
const sigma = (a, b) => {
  const [ra, rb] = [rate(a.errors, a.shots), rate(b.errors, b.shots)];
  const se = Math.sqrt((ra * (1 - ra)) / a.shots + (rb * (1 - rb)) / b.shots);
  return Math.abs(ra - rb) / se;
};

console.log(
  "| d, r | decoder | n, k (c, w) | SurfaceLab errors / shots | p_L | × global | seed p_L | seed vs ours (σ) |",
);
console.log("|---|---|---|---|---|---|---|---|");
for (const d of [5, 7]) {
  const global = run(d, "global");
  const globalRate = rate(global.errors, global.shots);
  const rows = [["global"]];
  for (const [n, k] of [
    [d, 0],
    [d, d],
    [2 * d, 0],
    [2 * d, d],
  ]) {
    for (const decoder of ["independent-windows", "sliding", "parallel-window"])
      rows.push([decoder, n, k]);
  }
  for (const [decoder, n, k] of rows) {
    const result = decoder === "global" ? global : run(d, decoder, n, k);
    const key = decoder === "global" ? `${d} global` : `${d} ${decoder} ${n}/${k}`;
    const seedErrors = seed[key];
    const seedRow = seedErrors === undefined ? null : { errors: seedErrors, shots: 20000 };
    const window = decoder === "global" ? "—" : `${n}, ${k}`;
    if (result.refused) {
      console.log(
        `| ${d}, ${10 * d} | ${decoder} | ${window} | refused: ${result.refused} | | | | |`,
      );
      continue;
    }
    const ours = rate(result.errors, result.shots);
    console.log(
      `| ${d}, ${10 * d} | ${decoder} | ${window} | ${result.errors} / ${result.shots} | ${ours.toFixed(4)} | ` +
        `${(ours / globalRate).toFixed(2)} | ${seedRow ? rate(seedRow.errors, 20000).toFixed(4) : ""} | ` +
        `${seedRow ? sigma(result, seedRow).toFixed(2) : ""} |`,
    );
  }
}
