#!/usr/bin/env bash
# Builds the release CLI (if anything changed) and runs it with the given arguments:
#   bash scripts/cli.sh circuit --distance 3 --rounds 3 --basis z --p 0.001
#   npm run -s cli -- collect --distances 3,5 --rounds d --p 0.001,0.005 --max-shots 100000
# Cargo's messages go to stderr, so stdout is the CLI's alone (pipe it, redirect it).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cargo build --release --bin surfacelab --manifest-path "$SURFACELAB_ROOT/Cargo.toml" --quiet
exec "$SURFACELAB_BIN" "$@"
