#!/usr/bin/env bash
# `npm run build`: a static copy of the app in dist/ for any static host. It is www/ with the
# built modules, marked as a static host (<html data-static-host="1">): where the host does not
# send the cross-origin isolation headers, the page registers sw.js, which adds them, and
# reloads once; without service workers it runs single-threaded and says why.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
cd "$SURFACELAB_ROOT"
bash scripts/setup.sh --app >/dev/null
bash scripts/build-wasm.sh
rm -rf dist
cp -R www dist
rm -f dist/pkg/.inputs dist/pkg/*/*.d.ts
sed -i 's/<html lang="en">/<html lang="en" data-static-host="1">/' dist/index.html
grep -q 'data-static-host="1"' dist/index.html || fail "could not mark dist/index.html as a static host"
# dist/'s own version and file list (its index.html differs from www/'s).
node scripts/build-version.mjs dist >/dev/null
say "build: dist/ is ready ($(du -sh dist | cut -f1)); serve it from any static host, e.g. node scripts/serve.mjs --no-isolation dist"
