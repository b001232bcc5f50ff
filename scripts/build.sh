#!/usr/bin/env bash
# scripts/build.sh [BUILD_DIR] [CMAKE OPTIONS...] [--target TARGET...] — configure and build with
# Ninja, through ccache (cache kept outside the repository) when it is installed. Default
# BUILD_DIR: build (Release); default targets: all.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
dir="${1:-build}"
shift || true
options=()
targets=()
while (($#)); do
  if [[ "$1" == --target ]]; then shift; targets=("$@"); break; fi
  options+=("$1")
  shift
done
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_DIR="${CCACHE_DIR:-$VEXTRUS_CACHE/ccache}"
  # Paths relative to the checkout, so that a fresh clone elsewhere (CI) hits the same cache.
  export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$REPO_ROOT}" CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi
cd "$REPO_ROOT"
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" "${options[@]}" >/dev/null
cmake --build "$dir" ${targets[@]:+--target "${targets[@]}"} -- -j"$(nproc)" >"$dir/build.log" 2>&1 || { tail -50 "$dir/build.log" >&2; exit 1; }
