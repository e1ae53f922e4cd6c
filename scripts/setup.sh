#!/usr/bin/env bash
# Idempotent setup for SurfaceLab; `npm start` and `npm test` both run it first.
#
#   bash scripts/setup.sh          everything; a reference venv that cannot be made is an error
#   bash scripts/setup.sh --app    the same, but the reference venv and the test browser are optional
#                                  (the app never needs Python; only the tests drive Chromium)
#
# Each step checks before it acts, so a warm run takes a second or two. Nothing here needs sudo.
# Caches live outside the clone, under ${SURFACELAB_CACHE:-$HOME/.cache/surfacelab} (scripts/env.sh).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

venv_required=1
browser_required=1
for arg in "$@"; do
  case "$arg" in
    --app) venv_required=0 browser_required=0 ;;
    *) fail "setup.sh: unknown argument '$arg' (allowed: --app)" ;;
  esac
done
if [[ "${SURFACELAB_SKIP_REFERENCE:-}" == "1" ]]; then venv_required=0; fi

mkdir -p "$SURFACELAB_CACHE"
# Two commands started at once (npm start in one shell, npm test in another) must not install twice.
exec 9>"$SURFACELAB_CACHE/setup.lock"
flock 9

setup_start=$EPOCHREALTIME
step_start=0
step() {
  step_start=$EPOCHREALTIME
  printf 'setup: %s ... ' "$1"
}
ok() {
  local elapsed
  elapsed=$(awk -v a="$step_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  printf '%s (%ss)\n' "${1:-ok}" "$elapsed"
}

# --- Tools that must come with the machine ------------------------------------------------
step "tools"
for tool in rustup cargo node npm; do
  command -v "$tool" >/dev/null || { echo; fail "'$tool' is not on PATH; install it (README.md, Requirements)"; }
done
ok "rustup, cargo, node $(node --version), npm $(npm --version)"

# --- Rust: the image's nightly (threaded wasm build), never a fresh install ---------------
step "nightly toolchain"
if ! rustup toolchain list | grep -q '^nightly'; then
  echo "installing"
  fail "no 'nightly' toolchain in 'rustup toolchain list'. The threaded wasm build needs the machine's nightly (rustc 1.97.0-nightly, 2026-05-19 was verified); install it with 'rustup toolchain install nightly --profile minimal'."
fi
ok "$(rustc +nightly --version)"

step "rust-src for nightly (build-std)"
nightly_sysroot="$(rustc +nightly --print sysroot)"
if [[ -d "$nightly_sysroot/lib/rustlib/src/rust/library" ]]; then
  ok "present"
else
  echo "installing"
  rustup component add rust-src --toolchain nightly
  ok "installed"
fi

for toolchain in stable nightly; do
  step "wasm32-unknown-unknown for $toolchain"
  sysroot="$(rustc "+$toolchain" --print sysroot)"
  if [[ -d "$sysroot/lib/rustlib/wasm32-unknown-unknown/lib" ]]; then
    ok "present"
  else
    echo
    rustup target add wasm32-unknown-unknown --toolchain "$toolchain"
    ok "installed"
  fi
done

# --- wasm-bindgen-cli, pinned to the wasm-bindgen crate version ---------------------------
step "wasm-bindgen-cli $SURFACELAB_WASM_BINDGEN_VERSION"
have_wbg="$( (wasm-bindgen --version 2>/dev/null || true) | awk '{ print $2 }')"
if [[ "$have_wbg" == "$SURFACELAB_WASM_BINDGEN_VERSION" ]]; then
  ok "present"
else
  echo "${have_wbg:+found $have_wbg, }installing (a few minutes, once per machine)"
  # No --locked: one of its locked dependency versions is gone from the registry.
  # cargo install builds in a temporary directory of its own, not in CARGO_TARGET_DIR.
  env -u CARGO_TARGET_DIR cargo install wasm-bindgen-cli \
    --version "$SURFACELAB_WASM_BINDGEN_VERSION" --no-default-features
  [[ "$(wasm-bindgen --version | awk '{ print $2 }')" == "$SURFACELAB_WASM_BINDGEN_VERSION" ]] ||
    fail "wasm-bindgen on PATH ($(command -v wasm-bindgen)) is not $SURFACELAB_WASM_BINDGEN_VERSION after installing"
  ok "installed"
fi

# --- Python reference venv (tests and benchmarks only) -------------------------------------
venv_ok() {
  [[ -x "$SURFACELAB_VENV/bin/python" ]] || return 1
  "$SURFACELAB_VENV/bin/python" - "${SURFACELAB_PY_REQUIREMENTS[@]}" <<'PY' 2>/dev/null
import sys
from importlib.metadata import version
for requirement in sys.argv[1:]:
    name, wanted = requirement.split("==")
    if version(name) != wanted:
        sys.exit(1)
PY
}
make_venv() {
  command -v python3 >/dev/null || { echo "python3 is not on PATH" >&2; return 1; }
  if ! "$SURFACELAB_VENV/bin/python" -c 'import sys' 2>/dev/null; then
    # --clear: a venv left behind by another Python version is broken; start it over.
    python3 -m venv --clear "$SURFACELAB_VENV" || {
      echo "python3 -m venv failed (on Debian/Ubuntu the python3-venv package provides it)" >&2
      return 1
    }
  fi
  "$SURFACELAB_VENV/bin/python" -m pip install --disable-pip-version-check --quiet \
    "${SURFACELAB_PY_REQUIREMENTS[@]}"
  venv_ok
}
step "reference venv ($SURFACELAB_VENV)"
if venv_ok; then
  ok "${SURFACELAB_PY_REQUIREMENTS[*]}"
else
  echo "installing ${SURFACELAB_PY_REQUIREMENTS[*]}"
  if make_venv; then
    ok "installed"
  elif [[ "$venv_required" == "1" ]]; then
    fail "could not make the Python reference venv at $SURFACELAB_VENV; npm test needs it for the cross-checks. Fix the error above, or set SURFACELAB_SKIP_REFERENCE=1 to skip the cross-checks explicitly."
  else
    ok "WARNING: not available (the app does not need it; npm test does)"
  fi
fi

# --- npm packages --------------------------------------------------------------------------
step "npm packages"
deps_hash="$(cat package.json package-lock.json 2>/dev/null | sha256sum | awk '{ print $1 }')"
stamp="node_modules/.surfacelab-deps"
if [[ -d node_modules && -f "$stamp" && "$(cat "$stamp")" == "$deps_hash" ]]; then
  ok "up to date"
else
  echo "installing"
  if [[ -f package-lock.json ]]; then
    npm ci --no-audit --no-fund
  else
    npm install --no-audit --no-fund
  fi
  # npm install may have written the lock file; stamp what is there now.
  cat package.json package-lock.json 2>/dev/null | sha256sum | awk '{ print $1 }' >"$stamp"
  ok "installed"
fi

# --- Chromium for the browser tests (system package; Playwright's own download does not work) --
step "chromium and chromedriver"
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  ok "$(chromium --version 2>/dev/null | head -n 1 | awk '{ print $1, $2 }')"
else
  echo "installing (apt-get, once per machine)"
  install_chromium() {
    [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null || {
      echo "chromium is missing and this user cannot install it: as root, run 'apt-get update && apt-get install -y chromium chromium-driver'" >&2
      return 1
    }
    apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null &&
      command -v chromium >/dev/null && command -v chromedriver >/dev/null
  }
  if install_chromium; then
    ok "installed"
  elif [[ "$browser_required" == "1" ]]; then
    fail "could not install chromium and chromedriver; the browser tests need them (see above)"
  else
    ok "WARNING: not available (the app does not need it; npm test does)"
  fi
fi

total=$(awk -v a="$setup_start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
say "setup: done in ${total}s (cache: $SURFACELAB_CACHE)"
