#!/usr/bin/env bash
# `npm run bench`: SurfaceLab's sampling and decoding rates side by side with stim's and
# PyMatching's, measured in the same session, three rounds (reference, then ours, each round),
# and the medians of the per-round ratios.
#
#   npm run bench                              d = 5, 9, 13, 17; p = 0.001, 0.005; rounds = d
#   npm run bench -- --distances 9,13 --rounds-of-comparison 5
#
# Without the reference venv it prints our rates alone and says SKIPPED for the reference.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

distances="5,9,13,17"
ps="0.001,0.005"
rounds=3
shots=20000
while [[ $# -gt 0 ]]; do
  case "$1" in
    --distances) distances="$2"; shift 2 ;;
    --ps) ps="$2"; shift 2 ;;
    --rounds-of-comparison) rounds="$2"; shift 2 ;;
    --shots) shots="$2"; shift 2 ;;
    *) fail "unknown option $1 (use --distances, --ps, --rounds-of-comparison, --shots)" ;;
  esac
done

bash scripts/setup.sh --app
cargo build --release --benches --quiet

out_dir="$SURFACELAB_CACHE/bench"
mkdir -p "$out_dir"
ours="$out_dir/ours.jsonl"
: >"$ours"
have_reference=0
[[ -x "$SURFACELAB_VENV/bin/python" ]] && have_reference=1
[[ $have_reference -eq 0 ]] && say "SKIPPED: stim/PyMatching reference (no venv at $SURFACELAB_VENV; bash scripts/setup.sh makes it)"

for round in $(seq 1 "$rounds"); do
  reference="$out_dir/reference-$round.jsonl"
  if [[ $have_reference -eq 1 ]]; then
    say "bench: round $round/$rounds: stim + PyMatching ($shots shots per case)"
    "$SURFACELAB_VENV/bin/python" scripts/reference/bench_reference.py \
      --distances "$distances" --ps "$ps" --shots "$shots" --repeats 1 >"$reference"
  else
    : >"$reference"
  fi
  say "bench: round $round/$rounds: SurfaceLab"
  cargo bench --quiet --bench core_rates -- --distances "$distances" --ps "$ps" \
    --reference "$reference" --json | tee -a "$ours"
done

node scripts/bench-summary.mjs "$ours"
