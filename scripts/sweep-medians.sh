#!/usr/bin/env bash
# Runs `surfacelab sweep` several times on the same configuration and prints the median of each
# (a, b) cell: shots/s, speedup against (1, 1) (per run, then median), latency median and p95.
# This is how docs/parallelism.md's tables were made.
#
#   bash scripts/sweep-medians.sh RUNS SWEEP_ARGS...
#   bash scripts/sweep-medians.sh 3 --distance 9 --rounds 450 --p 0.005 --grid 1-2x1-2 --seconds 4
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
runs="${1:?usage: sweep-medians.sh RUNS SWEEP_ARGS...}"
shift
cargo build --release --bin surfacelab --quiet --manifest-path "$SURFACELAB_ROOT/Cargo.toml"
out_dir="$(mktemp -d)"
trap 'rm -rf "$out_dir"' EXIT
for run in $(seq 1 "$runs"); do
  echo "sweep run $run/$runs: surfacelab sweep $*" >&2
  "$SURFACELAB_BIN" sweep "$@" --out "$out_dir/run$run.csv" >/dev/null
done
node "$SURFACELAB_ROOT/scripts/sweep-summary.mjs" "$out_dir"/run*.csv
