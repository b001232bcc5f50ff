#!/usr/bin/env bash
# scripts/test.sh — set up, build and run every test:
#   0. the repository is complete on its own: no tracked file points at the contract documents
#      that lived beside it (its reference is docs/);
#   1. unit tests (pure, no services) and actor tests (CAF, in-memory store);
#   2. integration tests against a real Kafka broker (KRaft) and PostgreSQL on 127.0.0.1,
#      started here by scripts/infra.sh and stopped again if this script started them; every
#      HTTP answer they read is then validated against docs/openapi.yaml (scripts/openapi-check.sh);
#      the event contract (docs/asyncapi.yaml, docs/schemas) is checked against the decoder unit
#      tests' cases, config/samples and every output message the integration tests read back
#      (scripts/contract-check.sh);
#      every query of the Grafana dashboards (deploy/grafana) is parsed by promtool or run
#      read-only in PostgreSQL (scripts/dashboards-check.sh); the container image is built
#      (debootstrap + umoci) and the service run inside it: version, migrate, run
#      (scripts/image-test.sh, as root: chroot and mounts);
#   3. the unit and actor tests again in a second build with AddressSanitizer and UBSan;
#   4. each libFuzzer target of tests/fuzz for $VEXTRUS_FUZZ_SECONDS (default 45) from its
#      committed seed corpus (scripts/fuzz.sh);
#   5. the alert rules of deploy/prometheus, checked and unit-tested by promtool;
#   6. the Helm chart (deploy/helm): helm lint --strict and helm template for each values file,
#      every rendered object against the Kubernetes, KEDA and prometheus-operator schemas, the
#      chart's facts, and the binary reading each container's configuration
#      (scripts/helm-check.sh).
# Any failure, or any sanitizer report, fails the run.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
t0=$SECONDS
step() { echo "== test: $* ($((SECONDS - t0))s)" >&2; }
passed=0
# ctest with its output kept, adding its count to the closing summary.
run_ctest() {
  local out
  out="$(mktemp)"
  if ! ctest "$@" --output-on-failure --no-tests=error 2>&1 | tee "$out"; then rm -f "$out"; exit 1; fi
  # No test is skipped: gtest reports the tests of a suite whose SetUpTestSuite failed as
  # skipped, and ctest counts a skipped test as passed.
  if grep -q 'The following tests did not run' "$out"; then
    echo "test.sh: tests were skipped (above); a skipped test fails the run" >&2
    rm -f "$out"
    exit 1
  fi
  passed=$((passed + $(sed -n 's/.* 0 tests failed out of \([0-9]*\)$/\1/p' "$out" | tail -1)))
  rm -f "$out"
}

step "setup"
bash scripts/setup.sh

step "self-contained: no tracked file points outside the repository"
# The pattern is built from pieces so that this file does not match it.
outside="CONTRACT""[.]md|ARCHITECTURE""[.]md|STYLE""[.]md|[.][.]/""shared"
if git ls-files -z | xargs -0 grep -nIE "$outside" -- >&2; then
  echo "test.sh: the lines above point outside the repository; point them into docs/ instead" >&2
  exit 1
fi

step "build (Release)"
bash scripts/build.sh build

step "unit and actor tests"
# The decoder tests record each case for the contract check (tests/unit/event_text.hpp).
VEXTRUS_TEST_EVENT_LOG="$(mktemp /tmp/vextrus-decoder-cases.XXXXXX)"
export VEXTRUS_TEST_EVENT_LOG
run_ctest --test-dir build -L 'unit|actor'
decoder_cases="$VEXTRUS_TEST_EVENT_LOG"
unset VEXTRUS_TEST_EVENT_LOG

started_infra=""
if ! bash scripts/infra.sh status >/dev/null 2>&1; then
  started_infra=1
  trap 'bash scripts/infra.sh down >/dev/null 2>&1 || true' EXIT
fi
step "infrastructure"
bash scripts/infra.sh up
eval "$(bash scripts/infra.sh env)"

step "integration tests (real Kafka and PostgreSQL)"
VEXTRUS_TEST_HTTP_LOG="$(mktemp /tmp/vextrus-http-answers.XXXXXX)"
VEXTRUS_TEST_OUTPUT_LOG="$(mktemp /tmp/vextrus-output-messages.XXXXXX)"
export VEXTRUS_TEST_HTTP_LOG VEXTRUS_TEST_OUTPUT_LOG
run_ctest --test-dir build -L integration --timeout 900

step "OpenAPI document and the HTTP answers of the integration tests"
bash scripts/openapi-check.sh docs/openapi.yaml "$VEXTRUS_TEST_HTTP_LOG"
rm -f "$VEXTRUS_TEST_HTTP_LOG"

step "event contract: AsyncAPI document, schemas against the decoder's cases, samples and output messages"
bash scripts/contract-check.sh --events "$decoder_cases" --outputs "$VEXTRUS_TEST_OUTPUT_LOG"
rm -f "$decoder_cases" "$VEXTRUS_TEST_OUTPUT_LOG"

step "dashboards: PromQL parsed by promtool, SQL run read-only in PostgreSQL"
bash scripts/dashboards-check.sh

step "container image (debootstrap + umoci; the service run inside it with chroot)"
as_root=()
[[ "$(id -u)" -eq 0 ]] || as_root=(sudo -E)
"${as_root[@]}" bash scripts/image-test.sh

step "build (AddressSanitizer + UndefinedBehaviorSanitizer)"
bash scripts/build.sh build-asan -DCMAKE_BUILD_TYPE=Debug -DVEXTRUS_SANITIZE=ON \
  -DVEXTRUS_BUILD_BENCH=OFF -DVEXTRUS_INTEGRATION_TESTS=OFF
step "unit and actor tests under sanitizers"
ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
  run_ctest --test-dir build-asan -L 'unit|actor'

step "fuzz targets (libFuzzer, ${VEXTRUS_FUZZ_SECONDS:-45}s each)"
bash scripts/fuzz.sh "${VEXTRUS_FUZZ_SECONDS:-45}"

step "alert rules (promtool)"
promtool check rules deploy/prometheus/alerts.yaml
(cd deploy/prometheus && promtool test rules alerts_test.yaml)

step "Helm chart (helm lint, template, schemas, facts)"
helm_out="$(mktemp)"
bash scripts/helm-check.sh | tee "$helm_out"
passed=$((passed + $(sed -n 's/^helm-check: \([0-9]*\) passed, 0 failed$/\1/p' "$helm_out")))
rm -f "$helm_out"

step "done${started_infra:+ (stopping the infrastructure it started)}"
echo "test.sh: $passed passed, 0 failed"
