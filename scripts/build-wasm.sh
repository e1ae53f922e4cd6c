#!/usr/bin/env bash
# Builds the page's two WebAssembly modules and copies the page's vendored scripts:
#
#   www/pkg/mt/   threaded build: nightly, atomics + shared memory, wasm-bindgen-rayon
#                 (cargo +nightly --config .cargo/wasm-threads.toml, target dir <cache>/wasm-mt)
#   www/pkg/st/   single-thread fallback: stable (target dir <cache>/wasm-st)
#   www/pkg/build-version.js  the build's content hash and the files the service worker caches
#                 for offline use (scripts/build-version.mjs; also written when nothing changed)
#   www/pkg/vendor/  uPlot from node_modules (the page loads nothing from other hosts)
#   www/pkg/vendor/three/  three.js (three.module.js + three.core.js) and its OrbitControls addon,
#                 whose bare `from 'three'` is rewritten to './three.module.js' (no import map:
#                 that would be an inline script, and a strict CSP is planned)
#
#   bash scripts/build-wasm.sh            release builds, wasm-opt -O3 (npm binaryen)
#   bash scripts/build-wasm.sh --force    rebuild even when nothing changed
#
# www/pkg/ is git-ignored. A warm run with nothing changed takes well under a second: the inputs'
# hash is kept in www/pkg/.inputs. The threaded module must import a shared memory; without the
# link args of .cargo/wasm-threads.toml the build succeeds but the page fails at run time, so
# the generated JS is checked for `shared:true` and the build fails loudly otherwise.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

force=0
for arg in "$@"; do
  case "$arg" in
    --force) force=1 ;;
    *) fail "build-wasm.sh: unknown argument '$arg' (allowed: --force)" ;;
  esac
done

out=www/pkg
start=$EPOCHREALTIME
elapsed() { awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }'; }

# Everything the modules depend on: sources, manifests, the threads config, this script,
# the vendored packages' lock entries and the toolchains.
inputs_hash() {
  {
    find src -type f -name '*.rs' -print0 | sort -z | xargs -0 sha256sum
    sha256sum Cargo.toml Cargo.lock .cargo/wasm-threads.toml scripts/build-wasm.sh package-lock.json
    rustc +nightly --version
    rustc +stable --version
    wasm-bindgen --version
  } | sha256sum | awk '{ print $1 }'
}
hash="$(inputs_hash)"
outputs=("$out/mt/surfacelab.js" "$out/mt/surfacelab_bg.wasm" "$out/st/surfacelab.js"
  "$out/st/surfacelab_bg.wasm" "$out/vendor/uPlot.esm.js" "$out/vendor/uPlot.min.css"
  "$out/vendor/three/three.module.js" "$out/vendor/three/three.core.js"
  "$out/vendor/three/OrbitControls.js")
have_all=1
for file in "${outputs[@]}"; do [[ -f "$file" ]] || have_all=0; done
if [[ $force -eq 0 && $have_all -eq 1 && -f "$out/.inputs" && "$(cat "$out/.inputs")" == "$hash" ]]; then
  node scripts/build-version.mjs www >/dev/null
  say "build-wasm: up to date ($out, $(elapsed)s)"
  exit 0
fi

# three.js for the shot viewer's space-time view. three.module.js imports only './three.core.js';
# OrbitControls imports the bare specifier 'three', which a browser cannot resolve without an
# import map, so the copy points it at the file beside it.
vendor_three() {
  local dir="$1" three=node_modules/three
  [[ -f "$three/build/three.module.js" ]] || fail "$three is missing; run bash scripts/setup.sh"
  mkdir -p "$dir"
  cp "$three/build/three.module.js" "$three/build/three.core.js" "$dir/"
  sed "s#from 'three';#from './three.module.js';#" \
    "$three/examples/jsm/controls/OrbitControls.js" >"$dir/OrbitControls.js"
  cp "$three/LICENSE" "$dir/three.LICENSE" 2>/dev/null || true
  if grep -qE "from ['\"]three['\"]" "$dir/OrbitControls.js"; then
    fail "$dir/OrbitControls.js still imports the bare specifier 'three'"
  fi
  if grep -qE "from ['\"]\./three\.(webgpu|tsl)" "$dir/three.module.js"; then
    fail "$dir/three.module.js imports a file that is not vendored"
  fi
}

command -v wasm-bindgen >/dev/null || fail "wasm-bindgen is not on PATH; run bash scripts/setup.sh"
wasm_opt="node_modules/.bin/wasm-opt"
[[ -x "$wasm_opt" ]] || fail "$wasm_opt is missing (npm package binaryen); run bash scripts/setup.sh"

say "build-wasm: threaded module (nightly, $SURFACELAB_CACHE/wasm-mt)"
cargo +nightly build --release --lib --config .cargo/wasm-threads.toml \
  --target-dir "$SURFACELAB_CACHE/wasm-mt"
say "build-wasm: single-thread module (stable, $SURFACELAB_CACHE/wasm-st)"
cargo +stable build --release --lib --target wasm32-unknown-unknown \
  --target-dir "$SURFACELAB_CACHE/wasm-st"

# wasm-bindgen, then wasm-opt, into a fresh directory that replaces the old one at the end,
# so a failed build never leaves a half-written www/pkg behind.
staging="$(mktemp -d "${TMPDIR:-/tmp}/surfacelab-pkg.XXXXXX")"
trap 'rm -rf "$staging"' EXIT
for flavour in mt st; do
  wasm="$SURFACELAB_CACHE/wasm-$flavour/wasm32-unknown-unknown/release/surfacelab.wasm"
  wasm-bindgen --target web --out-dir "$staging/$flavour" "$wasm"
  module="$staging/$flavour/surfacelab_bg.wasm"
  # -O3 for speed; the features come from the module's target_features section.
  "$wasm_opt" -O3 "$module" -o "$module.opt"
  mv "$module.opt" "$module"
done
if ! grep -q 'shared:true' "$staging/mt/surfacelab.js"; then
  fail "the threaded module's memory is not shared ('shared:true' is missing from $out/mt/surfacelab.js). Check .cargo/wasm-threads.toml's link args (--shared-memory, --import-memory, ...) and that RUSTFLAGS is not set (it overrides them)."
fi
if grep -q 'shared:true' "$staging/st/surfacelab.js"; then
  fail "the single-thread module imports a shared memory; it must build without atomics"
fi

mkdir -p "$staging/vendor"
cp node_modules/uplot/dist/uPlot.esm.js node_modules/uplot/dist/uPlot.min.css "$staging/vendor/"
cp node_modules/uplot/LICENSE "$staging/vendor/uPlot.LICENSE" 2>/dev/null || true
vendor_three "$staging/vendor/three"

echo "$hash" >"$staging/.inputs"
rm -rf "$out"
mkdir -p "$(dirname "$out")"
mv "$staging" "$out"
chmod -R a+rX "$out"
trap - EXIT
# The build's version and the service worker's file list; an edited page gets a new one on every
# run, even when the modules are up to date (above).
node scripts/build-version.mjs www >/dev/null
say "build-wasm: done in $(elapsed)s: $(du -h "$out/mt/surfacelab_bg.wasm" | cut -f1) threaded, $(du -h "$out/st/surfacelab_bg.wasm" | cut -f1) single-thread"
