#!/usr/bin/env bash
# scripts/fuzz.sh [SECONDS] — build the libFuzzer targets of tests/fuzz with clang (address and
# undefined-behaviour sanitizers on) and run each for SECONDS (default 60) from its committed seed
# corpus in tests/fuzz/corpus/<target>/. Inputs found on the way go to a scratch directory, not
# into the repository; a crash, leak, timeout or sanitizer report fails the run and leaves the
# input that caused it in $VEXTRUS_CACHE/fuzz-findings/<target>/ (make it a unit test).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
die() { echo "fuzz: error: $*" >&2; exit 1; }
seconds="${1:-60}"
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || die "usage: scripts/fuzz.sh [SECONDS]"
command -v clang++ >/dev/null || die "clang++ not found; run scripts/setup.sh"

CXX=clang++ bash scripts/build.sh build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DVEXTRUS_FUZZ=ON -DVEXTRUS_SANITIZE=ON -DVEXTRUS_BUILD_BENCH=OFF -DVEXTRUS_INTEGRATION_TESTS=OFF \
  --target event_decoder_fuzzer policy_loader_fuzzer http_request_fuzzer

findings="$VEXTRUS_CACHE/fuzz-findings"
for target in event_decoder http_request policy_loader; do
  scratch="$(mktemp -d /tmp/vextrus-fuzz-$target.XXXXXX)"
  mkdir -p "$findings/$target"
  echo "fuzz: $target for ${seconds}s from $(ls tests/fuzz/corpus/$target | wc -l) seeds" >&2
  if ! UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ASAN_OPTIONS=detect_leaks=1 \
      "build-fuzz/tests/fuzz/${target}_fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$findings/$target/" \
      "$scratch" "tests/fuzz/corpus/$target" >"$scratch.log" 2>&1; then
    tail -60 "$scratch.log" >&2
    die "$target failed; the input is in $findings/$target/ (full log: $scratch.log)"
  fi
  grep -E '^stat::(number_of_executed_units|peak_rss_mb|new_units_added)' "$scratch.log" |
    sed "s/^/fuzz: $target /" >&2
  rm -rf "$scratch" "$scratch.log"
done
