#!/usr/bin/env bash
# The wasm facade's tests (src/wasm/tests.rs, wasm-bindgen-test) in headless Chromium through the
# system chromedriver. Single-thread build (stable), release profile for the counting test,
# target dir <cache>/wasm-st-test. Chromium's flags (headless, no sandbox as root) are in
# webdriver.json, which wasm-bindgen-test-runner reads from the repository root.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || true)}"
[[ -x "$CHROMEDRIVER" ]] || fail "chromedriver is missing; run bash scripts/setup.sh"
command -v wasm-bindgen-test-runner >/dev/null ||
  fail "wasm-bindgen-test-runner is missing (it comes with wasm-bindgen-cli); run bash scripts/setup.sh"
export CHROMEDRIVER
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-180}"
exec cargo +stable test --release --lib --target wasm32-unknown-unknown \
  --target-dir "$SURFACELAB_CACHE/wasm-st-test" "$@"
