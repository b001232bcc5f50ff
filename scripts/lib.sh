# shellcheck shell=bash disable=SC2034  # variables for the scripts that source this
# scripts/lib.sh — shared paths and ports for the project's shell scripts.
# Source it (". scripts/lib.sh"); it sets shell variables and defines kafka_major, npm_packages
# and cache_once; it exports nothing.
#
#   REPO_ROOT              the checkout this file lives in
#   LOCAL_DIR              throwaway state (git-ignored): $REPO_ROOT/.local,
#                          override with VEXTRUS_LOCAL_DIR
#   VEXTRUS_CACHE          downloads kept outside the repo
#   KAFKA_VERSIONS         the Kafka brokers the integration tests run against, all required
#                          (setup.sh fetches each; test.sh runs the tests against each)
#   KAFKA_VERSION/HOME     the broker infra.sh runs: VEXTRUS_TEST_KAFKA_VERSION, else the first
#                          of KAFKA_VERSIONS; its jars are in $KAFKA_HOME/libs (see setup.sh)
#   PG_BIN                 PostgreSQL server binaries
#   PG_PORT, KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_SASL_PORT   test infra ports (127.0.0.1)

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
LOCAL_DIR="${VEXTRUS_LOCAL_DIR:-$REPO_ROOT/.local}"
VEXTRUS_CACHE="${VEXTRUS_CACHE:-${HOME:-/root}/.cache/vextrus-flow}"

# Kafka: the broker versions the service is tested against (README, Compatibility). Each one is
# required: setup.sh fails when one cannot be fetched, it never falls back to another. The first
# is the default broker; scripts/kafka/pom.xml has a logging profile per major version.
KAFKA_VERSIONS=(3.9.1 4.4.0)
KAFKA_VERSION="${VEXTRUS_TEST_KAFKA_VERSION:-${KAFKA_VERSIONS[0]}}"
KAFKA_HOME="$VEXTRUS_CACHE/kafka-$KAFKA_VERSION"

# kafka_major VERSION — its major version: 3 for 3.9.1 (log4j 1 via reload4j), 4 for 4.4.0 (log4j 2).
kafka_major() { echo "${1%%.*}"; }

PG_BIN="${VEXTRUS_PG_BIN:-/usr/lib/postgresql/15/bin}"

PG_PORT="${VEXTRUS_TEST_PG_PORT:-55432}"
KAFKA_PORT="${VEXTRUS_TEST_KAFKA_PORT:-39092}"
KAFKA_CONTROLLER_PORT="${VEXTRUS_TEST_KAFKA_CONTROLLER_PORT:-39093}"
KAFKA_SASL_PORT="${VEXTRUS_TEST_KAFKA_SASL_PORT:-39094}"

# npm_packages SOURCE_DIR [NPM CI OPTION...] — the npm packages of SOURCE_DIR/package.json,
# pinned by its package-lock.json, installed once per lock (npm ci, install scripts off) into
# $VEXTRUS_CACHE/npm/<name of SOURCE_DIR>; sets NPM_DIR to that directory. Node resolves an ES
# module's packages from the module's own directory, so a check copies its .mjs files there.
npm_packages() {
  local source="$1"
  shift
  NPM_DIR="$VEXTRUS_CACHE/npm/$(basename "$source")"
  local lock_sum
  lock_sum="$(sha256sum "$REPO_ROOT/$source/package-lock.json" | cut -c1-16)"
  _npm_ci() {
    cp "$REPO_ROOT/$source/package.json" "$REPO_ROOT/$source/package-lock.json" "$NPM_DIR/"
    (cd "$NPM_DIR" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error "$@")
  }
  cache_once "$NPM_DIR" "$lock_sum" "installing the npm packages of $source into $NPM_DIR" _npm_ci "$@"
}

# cache_once DIR KEY MESSAGE COMMAND... — tools and packages kept under $VEXTRUS_CACHE across
# runs: unless DIR holds the marker of KEY (a version or a hash of what it is made from), empties
# DIR, says MESSAGE on stderr, runs COMMAND (which fills DIR) and leaves the marker.
cache_once() {
  local dir="$1" key="$2" message="$3"
  shift 3
  [[ -f "$dir/.complete-$key" ]] && return 0
  echo "$message" >&2
  rm -rf "$dir"
  mkdir -p "$dir"
  "$@"
  touch "$dir/.complete-$key"
}
