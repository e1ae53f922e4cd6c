// One shot's geometry and explanation from the native CLI (`surfacelab shot --geometry` and
// `surfacelab shot --json` with the same flags), for the space-time view's test and benchmark.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { root } from "./harness.mjs";

let built = false;

/** Runs the CLI: SURFACELAB_E2E_CLI if set, else scripts/cli.sh once (it builds), then its binary. */
function surfacelab(args) {
  const cache = process.env.SURFACELAB_CACHE || join(homedir(), ".cache/surfacelab");
  const binary = join(cache, "target/release/surfacelab");
  let command = process.env.SURFACELAB_E2E_CLI;
  let commandArgs = args;
  if (!command && built && existsSync(binary)) command = binary;
  if (!command) [command, commandArgs] = ["bash", [join(root, "scripts/cli.sh"), ...args]];
  const output = execFileSync(command, commandArgs, {
    cwd: root,
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 26,
  }).toString();
  built = true;
  return JSON.parse(output);
}

/** {geometry, explanation} of shot `index` for flags like {distance: 5, decoder: "global"}. */
export function shotData(flags, index = 0) {
  const args = ["shot", ...Object.entries(flags).flatMap(([k, v]) => [`--${k}`, String(v)])];
  return {
    geometry: surfacelab([...args, "--geometry"]),
    explanation: surfacelab([...args, "--json", "--index", String(index)]),
  };
}
