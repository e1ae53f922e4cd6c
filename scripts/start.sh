#!/usr/bin/env bash
# `npm start`: set up, build, and serve the app at the printed URL.
set -euo pipefail
# The process that ran us (npm's shell, or yours): the server stops when it is gone.
started_by=$PPID
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"

bash scripts/setup.sh --app

# The browser app's wasm builds. The hook runs once scripts/build-wasm.sh exists; until then the
# page in www/ says the app is on its way and shows the command-line tool.
if [[ -f scripts/build-wasm.sh ]]; then
  bash scripts/build-wasm.sh
fi

# The command-line tool the page points to. The page does not need it, so a build failure here
# (work in progress on main) is reported but does not stop the server.
say "start: building the release CLI ($SURFACELAB_BIN)"
if ! cargo build --release --bin surfacelab; then
  say "WARNING: the CLI did not build (see above); serving the page anyway."
fi

exec node scripts/serve.mjs --exit-with="$started_by" www
