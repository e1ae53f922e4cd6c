#!/usr/bin/env bash
# `npm run bench`: our matching engine (blossom), rmatching and PyMatching side by side on the
# same stim shots, rotated memory, rounds = d, at d = 9, 13, 17 and p = 0.001, 0.005:
#
#   loop        the decode loop alone, µs/shot (plain, then correlated = PyMatching 2.4's
#               enable_correlations=True), graphs built beforehand: core_rates per engine,
#               scripts/reference/bench_reference.py loop for PyMatching (and stim's sampler
#               against ours);
#   end to end  `surfacelab decode --dem --dets --out [--correlated]` on the b8 file against
#               scripts/reference/pymatching_decode.py (stim reads the b8 file, PyMatching builds
#               and decodes, stim writes the predictions), each the wall clock of its whole
#               process (bench_reference.py e2e);
#   wasm        the threaded wasm build against the native one (scripts/bench-wasm.mjs, the
#               default engine on both sides), timed in headless Chromium (the page's engine);
#               Node's figure is kept beside it (nodeThreadedUs).
#
# Everything is single-threaded. Each round runs every case side by side (PyMatching, then the
# engines, case by case); the summary (scripts/bench-summary.mjs) prints per case the medians
# over rounds and the medians of the per-round ratios ours / PyMatching, and writes them to
# $SURFACELAB_CACHE/bench/summary.json.
#
#   npm run bench                                   the full table, 3 rounds (~10 min on 2 cores, warm builds)
#   npm run bench -- --quick                        d = 9, p = 0.005, 5000 shots, 1 round, no wasm
#   npm run bench -- --distances 9,13 --ps 0.005 --rounds-of-comparison 5 --shots 20000
#                     --engines blossom --no-wasm
#
# The shots of a case are stim's (seed 2026), written once to $SURFACELAB_CACHE/bench/data.
# Without the reference venv it times our engines on our own shots and says SKIPPED for the
# reference.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

distances="9,13,17"
ps="0.001,0.005"
rounds=3
shots=""
engines="blossom,rmatching"
wasm=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --distances) distances="$2"; shift 2 ;;
    --ps) ps="$2"; shift 2 ;;
    --rounds-of-comparison) rounds="$2"; shift 2 ;;
    --shots) shots="$2"; shift 2 ;;
    --engines) engines="$2"; shift 2 ;;
    --no-wasm) wasm=0; shift ;;
    --quick) distances="9"; ps="0.005"; rounds=1; shots=5000; wasm=0; shift ;;
    *) fail "unknown option $1 (use --quick, --distances, --ps, --rounds-of-comparison, --shots, --engines, --no-wasm)" ;;
  esac
done
for engine in ${engines//,/ }; do
  [[ "$engine" == blossom || "$engine" == rmatching ]] ||
    fail "--engines: '$engine' is not an engine (blossom, rmatching)"
done

# Shots per case: enough for about a second of PyMatching's plain decoding at each point.
shots_for() {
  local d="$1" p="$2"
  if [[ -n "$shots" ]]; then echo "$shots"; return; fi
  case "$d:$p" in
    9:0.001) echo 50000 ;;
    9:*) echo 20000 ;;
    13:0.001) echo 20000 ;;
    13:*) echo 5000 ;;
    17:0.001) echo 10000 ;;
    *) echo 2000 ;;
  esac
}

bash scripts/setup.sh --app
cargo build --release --bin surfacelab --bench core_rates --quiet
[[ $wasm -eq 1 ]] && bash scripts/build-wasm.sh

out_dir="$SURFACELAB_CACHE/bench"
mkdir -p "$out_dir/data"
results="$out_dir/results.jsonl"
: >"$results"
have_reference=0
[[ -x "$SURFACELAB_VENV/bin/python" ]] && have_reference=1
python="$SURFACELAB_VENV/bin/python"
core_rates() { cargo bench --quiet --bench core_rates -- "$@"; }

say "bench: $(date -u '+%Y-%m-%d %H:%M UTC'); load: $(uptime | sed 's/.*load average/load average/')"
default_engine="$(core_rates --engine-name)"

manifest="$out_dir/data/manifest.jsonl"
case_names=()
if [[ $have_reference -eq 1 ]]; then
  specs=()
  for d in ${distances//,/ }; do
    for p in ${ps//,/ }; do specs+=("$d:$p:$(shots_for "$d" "$p")"); done
  done
  "$python" scripts/reference/bench_reference.py data --dir "$out_dir/data" \
    --cases "$(IFS=,; echo "${specs[*]}")" >"$manifest"
  mapfile -t case_names < <(node -e 'for (const l of require("fs").readFileSync(process.argv[1], "utf8").split("\n")) if (l) console.log(JSON.parse(l).case)' "$manifest")
else
  say "SKIPPED: stim/PyMatching reference (no venv at $SURFACELAB_VENV; bash scripts/setup.sh makes it): our engines on our own shots"
fi

for round in $(seq 1 "$rounds"); do
  say "bench: round $round/$rounds ($(uptime | sed 's/.*load average/load average/'))"
  if [[ $have_reference -eq 1 ]]; then
    for name in "${case_names[@]}"; do
      "$python" scripts/reference/bench_reference.py loop --manifest "$manifest" --case "$name" |
        sed "s/^{/{\"round\": $round, /" >>"$results"
      for engine in ${engines//,/ }; do
        SURFACELAB_ENGINE="$engine" core_rates --manifest "$manifest" --case "$name" |
          sed "s/^{/{\"round\":$round,/" >>"$results"
      done
      "$python" scripts/reference/bench_reference.py e2e --manifest "$manifest" --case "$name" \
        --bin "$SURFACELAB_BIN" --engines "$engines" | sed "s/^{/{\"round\": $round, /" >>"$results"
    done
  else
    for engine in ${engines//,/ }; do
      SURFACELAB_ENGINE="$engine" core_rates --distances "$distances" --ps "$ps" \
        ${shots:+--shots "$shots"} | sed "s/^{/{\"round\":$round,/" >>"$results"
    done
  fi
  if [[ $wasm -eq 1 ]]; then
    for d in ${distances//,/ }; do
      for p in ${ps//,/ }; do
        wasm_shots=$(($(shots_for "$d" "$p") / 2))
        node scripts/bench-wasm.mjs --distances "$d" --p "$p" --shots "$wasm_shots" --repeats 1 \
          --no-workers --json "$out_dir/wasm-$round.jsonl" >&2
      done
    done
    sed "s/^{/{\"round\":$round,\"engine\":\"$default_engine\",/" "$out_dir/wasm-$round.jsonl" >>"$results"
    rm -f "$out_dir/wasm-$round.jsonl"
  fi
done

node scripts/bench-summary.mjs "$results" "$out_dir/summary.json" \
  "this machine ($(nproc) cores), $(date -u '+%Y-%m-%d %H:%M UTC'), $(uptime | sed 's/.*load average/load average/')"
