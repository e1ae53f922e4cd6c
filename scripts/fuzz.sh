#!/usr/bin/env bash
# Runs every cargo-fuzz target in fuzz/ (docs/reliability.md says what each feeds).
#
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]
#
# Default 8 s per target (the short run of `npm test`, about a minute in all plus the build);
# `bash scripts/fuzz.sh 600` is the documented long run. Installs the nightly toolchain and
# cargo-fuzz when missing. Each input may take at most 10 s and 2 GiB. Prints one line per target
# (runs, rate, corpus, result) and exits non-zero when any target found a crash, a hang or an
# out-of-memory input; the input is kept under $SURFACELAB_CACHE/fuzz-artifacts/TARGET/.
#
# The fuzz crate builds in $SURFACELAB_CACHE/fuzz-target; the corpus grows in
# $SURFACELAB_CACHE/fuzz-corpus/TARGET, seeded from the committed fuzz/corpus/TARGET; libFuzzer's
# logs are in $SURFACELAB_CACHE/fuzz-logs/SECONDSs/TARGET.log.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

seconds="${1:-8}"
shift $(($# > 0 ? 1 : 0))
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || fail "seconds per target must be a positive integer, got '$seconds'"

if ! rustup toolchain list | grep -q '^nightly'; then
  say "fuzz: installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal >/dev/null || fail "rustup could not install nightly"
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  say "fuzz: installing cargo-fuzz"
  cargo +nightly install cargo-fuzz --locked --quiet || fail "cargo-fuzz did not install"
fi

export CARGO_TARGET_DIR="$SURFACELAB_CACHE/fuzz-target"
logs="$SURFACELAB_CACHE/fuzz-logs/${seconds}s"
mkdir -p "$logs"

if [[ $# -gt 0 ]]; then
  targets=("$@")
else
  mapfile -t targets < <(cd fuzz && cargo +nightly fuzz list)
fi
[[ ${#targets[@]} -gt 0 ]] || fail "no fuzz targets found in fuzz/"

say "fuzz: building ${#targets[@]} targets"
(cd fuzz && cargo +nightly fuzz build --release) >"$logs/build.log" 2>&1 || {
  cat "$logs/build.log" >&2
  fail "the fuzz targets did not build"
}

# The last value of "stat::NAME: VALUE" in a libFuzzer log.
stat_of() { sed -n "s/^stat::$1: *//p" "$2" | tail -n 1; }
# The corpus size from libFuzzer's last status line ("... corp: 123/45Kb ...").
corpus_of() { grep -o 'corp: [0-9]*' "$1" | tail -n 1 | cut -d' ' -f2; }

failures=0
for target in "${targets[@]}"; do
  work="$SURFACELAB_CACHE/fuzz-corpus/$target"
  artifacts="$SURFACELAB_CACHE/fuzz-artifacts/$target"
  log="$logs/$target.log"
  mkdir -p "$work" "$artifacts"
  started=$SECONDS
  (cd fuzz && cargo +nightly fuzz run --release "$target" "$work" "corpus/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="$artifacts/" -print_final_stats=1) >"$log" 2>&1
  status=$?
  elapsed=$((SECONDS - started))
  runs="$(stat_of number_of_executed_units "$log")"
  rate="$(stat_of average_exec_per_sec "$log")"
  corpus="$(corpus_of "$log")"
  result="ok"
  if [[ $status -ne 0 ]]; then
    failures=$((failures + 1))
    if grep -q 'ERROR: libFuzzer: timeout' "$log"; then
      result="HANG"
    elif grep -q 'ERROR: libFuzzer: out-of-memory' "$log"; then
      result="OUT OF MEMORY"
    else
      result="CRASH"
    fi
    input="$(sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | tail -n 1)"
    result="$result (exit $status; input ${input:-none}; log $log)"
  fi
  printf 'fuzz %-12s %10s runs in %4s s (%s/s), corpus %s: %s\n' \
    "$target" "${runs:-?}" "$elapsed" "${rate:-?}" "${corpus:-?}" "$result"
done

if [[ $failures -gt 0 ]]; then
  say "fuzz: $failures of ${#targets[@]} targets failed; reproduce with"
  say "  (cd fuzz && CARGO_TARGET_DIR=$CARGO_TARGET_DIR cargo +nightly fuzz run TARGET INPUT)"
  exit 1
fi
say "fuzz: ${#targets[@]} targets, no crash, hang or out-of-memory input"
