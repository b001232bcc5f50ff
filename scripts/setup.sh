#!/usr/bin/env bash
# scripts/setup.sh — install what building and testing this project needs.
#   1. Debian packages (compiler, C++ libraries, clang-format and clang-tidy for scripts/lint.sh,
#      PostgreSQL 15, Java, Maven, Node.js when there is none), apt-get only when one is missing;
#   2. the Apache Kafka broker jars of every version in KAFKA_VERSIONS (lib.sh; the tests run
#      against each) from Maven Central into $VEXTRUS_CACHE/kafka-<version>/libs (outside the
#      repo), via scripts/kafka/pom.xml; a marker file per version makes reruns instant;
#   3. the npm packages of the web console's build (console/) and of the checks (tests/contract,
#      tests/openapi, tests/k8s-schemas, tests/browser), each pinned by its package-lock.json,
#      into $VEXTRUS_CACHE/npm (lib.sh's npm_packages); Debian's chromium (step 1) is the
#      browser of tests/browser: no browser is ever downloaded.
# Idempotent; prints nothing when everything is already there.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

say() { echo "setup: $*" >&2; }
die() { say "error: $*"; exit 1; }

# --- 1. Debian packages -----------------------------------------------------
PACKAGES=(
  build-essential cmake ninja-build ccache pkg-config
  libcaf-dev librdkafka-dev libpqxx-dev libpq-dev libsimdjson-dev
  prometheus-cpp-dev libgtest-dev libgmock-dev libbenchmark-dev
  libyaml-cpp-dev libcli11-dev libcpp-httplib-dev nlohmann-json3-dev
  librapidcheck-dev libssl-dev libjemalloc-dev libboost1.81-dev
  postgresql-15 postgresql-client-15
  openjdk-17-jre-headless maven curl procps openssl
  clang libclang-rt-14-dev clang-format clang-tidy prometheus wrk
  debootstrap umoci chromium
)

missing=()
for p in "${PACKAGES[@]}"; do
  status="$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)"
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
# Node.js and npm run the OpenAPI validator of tests/openapi; any installed Node will do.
command -v node >/dev/null && command -v npm >/dev/null || missing+=(nodejs npm)
# Go builds helm from its module for scripts/helm-check.sh; Debian 12's golang (1.19) is too old
# for helm 3.22, so it must be the machine's own (GO=..., `go` on PATH or /usr/local/go).
go_bin="${GO:-$(command -v go || echo /usr/local/go/bin/go)}"
"$go_bin" version >/dev/null 2>&1 ||
  die "Go 1.26 or later is needed (scripts/helm-check.sh builds helm with it); install it from go.dev or set GO"

if ((${#missing[@]})); then
  SUDO=()
  [[ "$(id -u)" -eq 0 ]] || SUDO=(sudo)
  say "installing Debian packages: ${missing[*]}"
  "${SUDO[@]}" apt-get update -q
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"
fi

# --- 2. Kafka broker jars -----------------------------------------------------
POM="$REPO_ROOT/scripts/kafka/pom.xml"
pom_sum="$(sha256sum "$POM" | cut -d' ' -f1)"

# A version is complete when its marker names the pom it was fetched with.
kafka_complete() {
  local marker="$VEXTRUS_CACHE/kafka-$1/.complete"
  [[ -f "$marker" ]] && grep -qx "pom-sha256=$pom_sum" "$marker"
}

# kafka_needed_jars VERSION — the jars (name prefixes) without which that broker cannot run:
# broker, tools, clients, and the logging binding of its major version's pom profile.
kafka_needed_jars() {
  local v="$1"
  echo "kafka_2.13-$v.jar" "kafka-tools-$v.jar" "kafka-clients-$v.jar"
  case "$(kafka_major "$v")" in
    3) echo "slf4j-reload4j-" "reload4j-" ;;
    *) echo "log4j-slf4j-impl-" "log4j-api-" "log4j-core-" ;;
  esac
}

fetch_kafka() {  # fetch_kafka VERSION  -> 0 when libs/ is complete
  local v="$1" dest="$VEXTRUS_CACHE/kafka-$1" major
  local tmp="$dest.tmp.$$" log="$VEXTRUS_CACHE/kafka-$1.mvn.log"
  major="$(kafka_major "$v")"
  if ! grep -q "<id>kafka-$major</id>" "$POM"; then
    say "Kafka $v: $POM has no profile kafka-$major (the logging jars of Kafka $major.x)"
    return 1
  fi
  say "fetching Kafka $v broker jars from Maven Central into $dest"
  rm -rf "$tmp"
  mkdir -p "$tmp/libs"
  if ! mvn -q -B -f "$POM" \
        -Dmaven.repo.local="$VEXTRUS_CACHE/m2" \
        -Dkafka.version="$v" -P "kafka-$major" \
        -DoutputDirectory="$tmp/libs" \
        dependency:copy-dependencies >"$log" 2>&1; then
    say "mvn failed for Kafka $v (log: $log):"
    tail -n 15 "$log" >&2
    rm -rf "$tmp"
    return 1
  fi
  local need
  for need in $(kafka_needed_jars "$v"); do
    if ! compgen -G "$tmp/libs/$need*" >/dev/null; then
      say "Kafka $v: $need missing from the fetched jars"
      rm -rf "$tmp"
      return 1
    fi
  done
  {
    echo "kafka-version=$v"
    echo "pom-sha256=$pom_sum"
    echo "jars=$(find "$tmp/libs" -name '*.jar' | wc -l)"
  } >"$tmp/.complete"
  if [[ -d "$dest/libs" ]] && diff -r -q "$tmp/libs" "$dest/libs" >/dev/null 2>&1; then
    # The same jars (the pom changed elsewhere): keep them in place, under a running broker too.
    mv "$tmp/.complete" "$dest/.complete"
    rm -rf "$tmp"
  else
    rm -rf "$dest"
    mv "$tmp" "$dest"
  fi
  rm -f "$log"
}

failed=()
for v in "${KAFKA_VERSIONS[@]}"; do
  kafka_complete "$v" && continue
  command -v mvn >/dev/null || die "mvn not found (the maven package should have installed it)"
  mkdir -p "$VEXTRUS_CACHE"
  fetch_kafka "$v" || failed+=("$v")
done
((${#failed[@]} == 0)) ||
  die "could not fetch Kafka ${failed[*]}; the integration tests run against each of ${KAFKA_VERSIONS[*]} (scripts/lib.sh), so each is needed"

# --- 3. npm packages of the console and the checks ------------------------------------------------------------
npm_packages console
npm_packages tests/contract
npm_packages tests/openapi
npm_packages tests/k8s-schemas --engine-strict=false
npm_packages tests/browser
