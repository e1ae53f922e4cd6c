#!/usr/bin/env bash
# `npm test`: set up, then run every suite, keep going past failures, and end with one line,
# `N passed, N failed`, counting suites. Exits non-zero if any suite failed.
#
# Suites: cargo fmt --check; prettier --check; cargo clippy --all-targets -- -D warnings;
# cargo test (the test profile is optimised in Cargo.toml); the wasm builds, the wasm facade's
# wasm-bindgen-test suite and the end-to-end browser tests (tests/e2e/, system Chromium); the
# one-node Slurm test and the Kubernetes pod scripts; a short run of every fuzz target; then,
# for the Python cross-checks,
# a release build of the CLI and every scripts/reference/check_*.py run with the reference venv's
# python. SURFACELAB_SKIP_REFERENCE=1 skips the cross-checks and says so on a line starting SKIPPED:.
#
# Each check script runs from the repository root with these in its environment:
#   SURFACELAB_ROOT  the clone          SURFACELAB_BIN   the release CLI binary (already built)
#   SURFACELAB_CACHE the cache dir      CARGO_TARGET_DIR where cargo builds
# and passes by exiting 0.
set -uo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

passed=0
failed=0
summary=()
skipped=()

running=""
stop_running() {
  [[ -n "$running" ]] && kill -TERM -- "-$running" 2>/dev/null
  printf '\ntest: interrupted\n'
  exit 130
}
trap stop_running INT TERM

seconds_since() { awk -v a="$1" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# run_suite NAME TIMEOUT_SECONDS COMMAND...
run_suite() {
  local name="$1" limit="$2"
  shift 2
  local start=$EPOCHREALTIME status
  printf '\n==> %s\n    $ %s\n' "$name" "$*"
  # timeout runs the suite in a process group of its own, which it kills whole on expiry; Ctrl-C
  # does not reach that group, so the trap below passes it on.
  timeout --kill-after=30 "$limit" "$@" </dev/null &
  running=$!
  wait "$running"
  status=$?
  running=""
  local elapsed
  elapsed=$(seconds_since "$start")
  if [[ $status -eq 0 ]]; then
    passed=$((passed + 1))
    summary+=("$(printf 'PASS  %-64s %7ss' "$name" "$elapsed")")
  else
    failed=$((failed + 1))
    local why="exit $status"
    [[ $status -eq 124 || $status -eq 137 ]] && why="timed out after ${limit}s"
    summary+=("$(printf 'FAIL  %-64s %7ss  (%s)' "$name" "$elapsed" "$why")")
  fi
  printf '<== %s: %s (%ss)\n' "$name" "$([[ $status -eq 0 ]] && echo passed || echo FAILED)" "$elapsed"
  return 0
}

print_summary() {
  printf '\n==> Summary\n'
  local line
  for line in "${summary[@]}"; do printf '%s\n' "$line"; done
  for line in "${skipped[@]}"; do printf '%s\n' "$line"; done
  printf '%d passed, %d failed\n' "$passed" "$failed"
}

total_start=$EPOCHREALTIME
if ! bash scripts/setup.sh; then
  failed=$((failed + 1))
  summary+=("FAIL  setup (scripts/setup.sh; see the error above)")
  print_summary
  exit 1
fi
printf 'test: CARGO_TARGET_DIR=%s\n' "$CARGO_TARGET_DIR"

# Limits keep a hung suite from eating CI's 90 minutes; they are generous for a cold machine.
run_suite "cargo fmt --check" 300 cargo fmt --check
run_suite "prettier --check (www/, scripts/*.mjs, tests/e2e/)" 300 \
  node_modules/.bin/prettier --check www scripts/*.mjs tests/e2e
run_suite "cargo clippy --all-targets -- -D warnings" 2400 \
  cargo clippy --all-targets -- -D warnings
run_suite "cargo test" 3000 cargo test --no-fail-fast

# The browser: both wasm builds, then the end-to-end tests (system Chromium) against the served
# page. They compare the page's counts with the CLI's, so the release CLI is built first.
run_suite "wasm builds (scripts/build-wasm.sh)" 2400 bash scripts/build-wasm.sh
run_suite "wasm facade tests in Chromium (scripts/test-wasm.sh)" 1800 bash scripts/test-wasm.sh
run_suite "cargo build --release --bin surfacelab (for the e2e tests)" 2400 \
  cargo build --release --bin surfacelab
run_suite "end-to-end tests in Chromium (tests/e2e/)" 1500 \
  node --test --test-concurrency=1 tests/e2e/

# Beyond one machine: a one-node Slurm runs a sharded collect and its combine (SKIPPED without
# root and apt-get), and the Kubernetes manifests' pod scripts run here against the CLI.
run_suite "one-node Slurm (scripts/test-slurm.sh)" 300 bash scripts/test-slurm.sh
run_suite "Kubernetes manifests and pod scripts (scripts/test-k8s-manifests.py)" 120 \
  python3 scripts/test-k8s-manifests.py

# Fuzzing, short: every cargo-fuzz target for a few seconds (docs/reliability.md has the long runs).
run_suite "fuzz (short; scripts/fuzz.sh)" 900 bash scripts/fuzz.sh

shopt -s nullglob
checks=(scripts/reference/check_*.py)
shopt -u nullglob
if [[ "${SURFACELAB_SKIP_REFERENCE:-}" == "1" ]]; then
  line="SKIPPED: Python reference cross-checks (${#checks[@]} scripts/reference/check_*.py) because SURFACELAB_SKIP_REFERENCE=1"
  printf '\n%s\n' "$line"
  skipped+=("$line")
elif [[ ${#checks[@]} -eq 0 ]]; then
  printf '\nERROR: no scripts/reference/check_*.py found; the cross-checks with stim and PyMatching are missing\n'
  failed=$((failed + 1))
  summary+=("FAIL  Python reference cross-checks (no scripts/reference/check_*.py)")
elif [[ ! -x "$SURFACELAB_VENV/bin/python" ]]; then
  printf '\nERROR: the reference venv %s is missing; run bash scripts/setup.sh\n' "$SURFACELAB_VENV"
  failed=$((failed + 1))
  summary+=("FAIL  Python reference cross-checks (no venv at $SURFACELAB_VENV)")
else
  run_suite "cargo build --release --bin surfacelab (for the cross-checks)" 2400 \
    cargo build --release --bin surfacelab
  for check in "${checks[@]}"; do
    run_suite "$check" 1800 "$SURFACELAB_VENV/bin/python" "$check"
  done
fi

printf '\ntest: finished in %ss\n' "$(seconds_since "$total_start")"
print_summary
[[ $failed -eq 0 ]]
