#!/usr/bin/env bash
# scripts/build.sh [BUILD_DIR] [CMAKE OPTIONS...] [--target TARGET...] — configure and build with
# Ninja, through ccache (cache kept outside the repository) when it is installed. Default
# BUILD_DIR: build (Release); default targets: all. Compiler warnings are errors
# (-DVEXTRUS_WERROR=ON; a caller's -DVEXTRUS_WERROR=OFF overrides it). The build's output goes to
# BUILD_DIR/build.log; its warning lines (a linker's too) are printed on stderr with their count.
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
cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release -DVEXTRUS_WERROR=ON "${launcher[@]}" "${options[@]}" >/dev/null
cmake --build "$dir" ${targets[@]:+--target "${targets[@]}"} -- -j"$(nproc)" >"$dir/build.log" 2>&1 || { tail -50 "$dir/build.log" >&2; exit 1; }
# Only what was compiled in this run is in the log (ccache replays a cached compile's warnings).
warnings="$(grep -E ': warning: ' "$dir/build.log" || true)"
if [[ -n "$warnings" ]]; then
  echo "build.sh: $(wc -l <<<"$warnings") warning(s) building $dir (full output: $dir/build.log):" >&2
  echo "$warnings" >&2
fi
