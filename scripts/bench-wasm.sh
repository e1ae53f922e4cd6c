#!/usr/bin/env bash
# `npm run bench:wasm`: wasm against native µs/shot at d = 5, 9, 13, then b = 2 against b = 1
# shots/s in headless Chromium. Arguments go to scripts/bench-wasm.mjs.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"
bash scripts/setup.sh --app >/dev/null
bash scripts/build-wasm.sh
cargo build --release --bin surfacelab
exec node scripts/bench-wasm.mjs "$@"
