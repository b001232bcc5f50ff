#!/usr/bin/env bash
# scripts/test.sh — set up, build and run every test:
#   0. the repository is complete on its own: no tracked file points at the contract documents
#      that lived beside it (its reference is docs/); every include follows the allowed
#      dependencies between the layers (scripts/check-layers.sh); the C++ sources outside tests/
#      are formatted as .clang-format says and pass the clang-tidy profile of .clang-tidy
#      (scripts/lint.sh); every build below treats a compiler warning as an error (build.sh);
#   1. unit tests (pure, no services) and actor tests (CAF, in-memory store), and the web
#      console's own (node --test console/test);
#   2. integration tests against a real Kafka broker (KRaft) and PostgreSQL on 127.0.0.1,
#      started here by scripts/infra.sh and stopped again if this script started them: all of
#      them against the first broker version of KAFKA_VERSIONS (lib.sh: 3.9.1), then those that
#      lean on the broker against each other version (4.4.0), the broker switched in between
#      (PostgreSQL stays up); the web console is driven in Debian's chromium against the service,
#      the broker and PostgreSQL (scripts/browser-test.sh); every HTTP answer of the first run
#      is then validated against docs/openapi.yaml (scripts/openapi-check.sh);
#      the event contract (docs/asyncapi.yaml, docs/schemas) is checked against the decoder unit
#      tests' cases, config/samples and every output message the first integration run reads back
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

step "layers: every include follows the allowed dependencies"
bash scripts/check-layers.sh

step "lint: clang-format and clang-tidy over the C++ sources outside tests/"
bash scripts/lint.sh

step "build (Release)"
bash scripts/build.sh build

step "unit and actor tests"
# The decoder tests record each case for the contract check (tests/unit/event_text.hpp).
VEXTRUS_TEST_EVENT_LOG="$(mktemp /tmp/vextrus-decoder-cases.XXXXXX)"
export VEXTRUS_TEST_EVENT_LOG
run_ctest --test-dir build -L 'unit|actor'
decoder_cases="$VEXTRUS_TEST_EVENT_LOG"
unset VEXTRUS_TEST_EVENT_LOG

step "console unit tests (formatting, hash check; node --test)"
node --test "$REPO_ROOT"/console/test/*.test.mjs

# use_kafka VERSION — the test broker becomes Kafka VERSION: a broker of another version is
# stopped first (PostgreSQL stays up), and the environment points at the new one (its
# VEXTRUS_TEST_KAFKA_VERSION too, so a test that restarts the broker restarts this version).
use_kafka() {
  local status
  status="$(bash scripts/infra.sh status 2>/dev/null || true)"
  if grep -q '^kafka: running ' <<<"$status" && ! grep -q "^kafka: running $1 " <<<"$status"; then
    bash scripts/infra.sh down kafka
  fi
  VEXTRUS_TEST_KAFKA_VERSION="$1" bash scripts/infra.sh up
  eval "$(VEXTRUS_TEST_KAFKA_VERSION="$1" bash scripts/infra.sh env)"
}

# What this script starts, it stops; infrastructure it finds running stays, with the broker
# version it found brought back at the end. (No later step needs a broker of a given version:
# the image test runs the service with its embedded broker.)
started_infra=""
found_kafka="$(bash scripts/infra.sh status 2>/dev/null | sed -n 's/^kafka: running \([^ ]*\) .*/\1/p' || true)"
if ! bash scripts/infra.sh status >/dev/null 2>&1; then started_infra=1; fi
on_exit() {
  if [[ -n "$started_infra" ]]; then
    bash scripts/infra.sh down >/dev/null 2>&1 || true
  elif [[ -n "$found_kafka" && "${VEXTRUS_TEST_KAFKA_VERSION:-}" != "$found_kafka" ]]; then
    echo "test.sh: starting the Kafka $found_kafka broker it found again" >&2
    use_kafka "$found_kafka" >/dev/null 2>&1 || echo "test.sh: that failed; see scripts/infra.sh up" >&2
  fi
}
trap on_exit EXIT
step "infrastructure (Kafka ${KAFKA_VERSIONS[0]})"
use_kafka "${KAFKA_VERSIONS[0]}"

# The integration tests against each broker version: the first as before, every one of them, with
# the HTTP answers and output messages recorded for the checks below.
integration_counts=()
integration_run() {  # integration_run VERSION CTEST-OPTIONS...: ctest's summary, then one line per run
  local version="$1" before="$passed"
  shift
  run_ctest --test-dir build -L integration --timeout 900 "$@"
  integration_counts+=("Kafka $version: $((passed - before))")
  echo "test.sh: integration tests against Kafka $version: $((passed - before)) passed, 0 failed" >&2
}
step "integration tests against Kafka ${KAFKA_VERSIONS[0]} (real Kafka and PostgreSQL)"
VEXTRUS_TEST_HTTP_LOG="$(mktemp /tmp/vextrus-http-answers.XXXXXX)"
VEXTRUS_TEST_OUTPUT_LOG="$(mktemp /tmp/vextrus-output-messages.XXXXXX)"
export VEXTRUS_TEST_HTTP_LOG VEXTRUS_TEST_OUTPUT_LOG
integration_run "${KAFKA_VERSIONS[0]}"

# Every other broker version gets the tests that lean on the broker, not the whole set: on this
# 2-core machine the whole set takes about 5 minutes against either broker (86 tests: 304 s against
# 3.9.1; 4.4.0 took as long as 3.9.1 did in the same session), more than the 5 minutes a second
# run may add; this subset adds about 3.5 (32 tests: 205 s against 4.4.0, plus 10 s to switch the
# broker). It covers the pipeline and the three workflows end to end, consumer groups with their
# rebalances and scale-out (three processes, rolling restarts, kill -9, a frozen member), fencing
# and stale claims, SASL/PLAIN to the broker, crash and outage (the broker restarted mid-stream),
# dead letters re-driven to their topic, trace headers through the broker, `audit verify` reading
# the audit topic back, and the broker's refusals (a missing topic, a refused login). Left out:
# PostgreSQL-only tests (entity rows, timer and outbox stores, statements), HTTP ones (limits,
# abuse, metrics, Prometheus) and those whose use of the broker the subset already makes (timers
# across a kill -9, the samples, the CLI).
broker_suites=(Pipeline Workflows ScaleOut StaleClaim Fencing Security Crash Outage DeadLetters TraceContext
  AuditTamper)
broker_tests="^($(IFS='|'; echo "${broker_suites[*]}"))\\.|^PermanentErrors\\..*(Kafka|Topic|Broker)"
for suite in "${broker_suites[@]}"; do  # a renamed suite must not drop out of the subset unseen
  listing="$(ctest --test-dir build -N -L integration -R "^$suite\\.")"
  grep -q '^Total Tests: [1-9]' <<<"$listing" || {
    echo "test.sh: no integration test of suite $suite is left; update broker_suites here" >&2
    exit 1
  }
done
# Its tests record nothing: the checks below read the first run's records, whose files keep their
# names in this shell (export -n only keeps them from the tests).
export -n VEXTRUS_TEST_HTTP_LOG VEXTRUS_TEST_OUTPUT_LOG
for version in "${KAFKA_VERSIONS[@]:1}"; do
  step "integration tests against Kafka $version (those that lean on the broker; the broker switched, PostgreSQL kept)"
  use_kafka "$version"
  integration_run "$version" -R "$broker_tests"
done

step "browser tests of the console (Debian chromium headless, playwright-core; real broker and PostgreSQL)"
bash scripts/browser-test.sh

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
echo "test.sh: integration tests per broker: $(IFS=,; echo "${integration_counts[*]}" | sed 's/,/, /g')"
echo "test.sh: $passed passed, 0 failed"
