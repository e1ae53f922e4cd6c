# Shared environment for SurfaceLab's scripts. Source it; don't run it.
#
# Sets SURFACELAB_ROOT (the clone), SURFACELAB_CACHE (caches that outlive a fresh clone),
# CARGO_TARGET_DIR (inside the cache, so CI's fresh clones keep warm builds) and
# SURFACELAB_VENV (the Python reference venv). Never sets RUSTFLAGS: the threaded wasm build
# keeps its flags in a cargo config file, and RUSTFLAGS would override them.

SURFACELAB_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SURFACELAB_CACHE="${SURFACELAB_CACHE:-$HOME/.cache/surfacelab}"
# SURFACELAB_TARGET: another cargo target dir (a second work tree building beside this one).
CARGO_TARGET_DIR="${SURFACELAB_TARGET:-$SURFACELAB_CACHE/target}"
SURFACELAB_VENV="$SURFACELAB_CACHE/venv-ref"
export SURFACELAB_ROOT SURFACELAB_CACHE CARGO_TARGET_DIR SURFACELAB_VENV

# `cargo install` puts wasm-bindgen here; a login shell may not have it on PATH (CI, sudo -i).
case ":$PATH:" in
  *":${CARGO_HOME:-$HOME/.cargo}/bin:"*) ;;
  *) PATH="${CARGO_HOME:-$HOME/.cargo}/bin:$PATH" ;;
esac
export PATH

# The release CLI binary (built by scripts/cli.sh, scripts/start.sh and the test runner).
SURFACELAB_BIN="$CARGO_TARGET_DIR/release/surfacelab"
export SURFACELAB_BIN

# Pinned tool versions (README.md, "Toolchain", says why each is pinned).
SURFACELAB_WASM_BINDGEN_VERSION="0.2.130"
SURFACELAB_PY_REQUIREMENTS=("stim==1.16.0" "pymatching==2.4.0" "sinter==1.16.0")

# Prints a step header; all script output goes through these so logs are easy to scan.
say() { printf '%s\n' "$*"; }
fail() {
  printf 'ERROR: %s\n' "$*" >&2
  exit 1
}
