#!/usr/bin/env bash
# `npm run bench`: the Rust benchmark (release), then stim's and PyMatching's rates measured in
# the same session when the reference venv is there.
#
#   npm run bench                          everything, default sizes (d = 5, 9, 13, 17; p = 0.001, 0.005)
#   npm run bench -- --shots 20000         extra arguments go to scripts/reference/bench_reference.py
#
# The reference's JSON lines are also saved to $SURFACELAB_BENCH_REFERENCE
# (${SURFACELAB_CACHE:-$HOME/.cache/surfacelab}/bench/reference.jsonl) for later comparison.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

bash scripts/setup.sh --app

say "bench: cargo bench --bench core_rates (release)"
rust_status=0
cargo bench --bench core_rates || rust_status=$?

SURFACELAB_BENCH_REFERENCE="$SURFACELAB_CACHE/bench/reference.jsonl"
export SURFACELAB_BENCH_REFERENCE
if [[ -x "$SURFACELAB_VENV/bin/python" ]]; then
  mkdir -p "$(dirname "$SURFACELAB_BENCH_REFERENCE")"
  say "bench: stim and PyMatching reference (scripts/reference/bench_reference.py), saved to $SURFACELAB_BENCH_REFERENCE"
  "$SURFACELAB_VENV/bin/python" scripts/reference/bench_reference.py "$@" |
    tee "$SURFACELAB_BENCH_REFERENCE.partial"
  mv "$SURFACELAB_BENCH_REFERENCE.partial" "$SURFACELAB_BENCH_REFERENCE"
else
  say "SKIPPED: stim/PyMatching reference rates (no venv at $SURFACELAB_VENV; bash scripts/setup.sh makes it)"
fi

if [[ $rust_status -ne 0 ]]; then
  fail "cargo bench --bench core_rates failed (exit $rust_status)"
fi
