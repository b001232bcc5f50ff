#!/usr/bin/env bash
# scripts/build-console.sh OUT_DIR — builds the web console (console/) into OUT_DIR: app.js (one
# bundle of console/src/main.js and its npm packages, by esbuild), app.css, index.html and
# favicon.svg. CMake runs it at build time and embeds OUT_DIR's files in the binary (served at
# /ui/); nothing of Node.js is needed at run time. The npm packages of console/package.json,
# pinned by its package-lock.json, are installed once into $VEXTRUS_CACHE/npm/console (outside
# the repository) when missing.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

out="${1:?usage: scripts/build-console.sh OUT_DIR}"
command -v npm >/dev/null || {
  echo "build-console: npm not found: the console is built with Node.js and npm at build time; run scripts/setup.sh" >&2
  exit 1
}
npm_packages console
mkdir -p "$out"
src="$REPO_ROOT/console"
# esbuild resolves the packages from the cache, not from a node_modules in the repository.
NODE_PATH="$NPM_DIR/node_modules" "$NPM_DIR/node_modules/.bin/esbuild" "$src/src/main.js" \
  --bundle --minify --format=esm --target=es2020 --legal-comments=none --log-level=warning \
  --outfile="$out/app.js.tmp"
mv "$out/app.js.tmp" "$out/app.js"
cp "$src/src/app.css" "$out/app.css"
cp "$src/index.html" "$src/favicon.svg" "$out/"
