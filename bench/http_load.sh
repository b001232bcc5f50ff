#!/usr/bin/env bash
# bench/http_load.sh [BINARY...] — the HTTP listener under load: requests/s and latency
# percentiles with 100 concurrent keep-alive clients (wrk, from Debian) for /health/live and for
# /v1/purchase-orders/{id} (a read from PostgreSQL), each binary in turn (default:
# build/vextrus-flow) on a fresh database holding the sample events. Give two binaries to compare
# a change: before and after. Prints a table and appends it to bench/results/<date>-http.md.
#   BENCH_HTTP_SECONDS  seconds of load per route (default 15)
#   BENCH_PUBLISH       the publisher of the sample events (default build/vextrus-publish)
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/lib.sh"
cd "$REPO_ROOT"
say() { echo "http_load: $*" >&2; }
die() { say "error: $*"; exit 1; }

command -v wrk >/dev/null || die "wrk not found; run scripts/setup.sh"
seconds="${BENCH_HTTP_SECONDS:-15}"
binaries=("$@")
((${#binaries[@]})) || binaries=(build/vextrus-flow)
for binary in "${binaries[@]}"; do [[ -x "$binary" ]] || die "$binary: no such executable"; done
publish="${BENCH_PUBLISH:-build/vextrus-publish}"
[[ -x "$publish" ]] || die "$publish missing; run scripts/build.sh build"

bash scripts/infra.sh up pg >/dev/null
eval "$(bash scripts/infra.sh env)"
database=vextrus_httpbench
export VEXTRUS_PG_DSN="${VEXTRUS_PG_DSN%/*}/$database?sslmode=disable"
export VEXTRUS_PG_OWNER_DSN="${VEXTRUS_PG_OWNER_DSN%/*}/$database?sslmode=disable"
export VEXTRUS_KAFKA_BROKERS=embedded
VEXTRUS_API_TOKEN="$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
export VEXTRUS_API_TOKEN VEXTRUS_LOG_LEVEL=warn
# An empty configuration file: a binary of another version may not know this checkout's keys.
empty_config="$(mktemp /tmp/vextrus-http-bench.XXXXXX.yaml)"
echo "{}" >"$empty_config"
service_pid=""
cleanup() {
  [[ -n "$service_pid" ]] && kill "$service_pid" 2>/dev/null && wait "$service_pid" 2>/dev/null
  rm -f "$empty_config"
}
trap cleanup EXIT

# wrk's "Requests/sec", its 50 % and 99 % latency, and the answers that were not 2xx.
load() {  # load URL [HEADER]
  local out
  out="$(wrk -t2 -c100 -d"${seconds}s" --latency ${2:+-H "$2"} "$1")"
  local rps p50 p99 bad
  rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
  p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
  p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
  bad="$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")"
  echo "$rps|$p50|$p99|${bad:-0}"
}

rows=()
run=0
for binary in "${binaries[@]}"; do
  # Ports of their own for each run: the closed connections of the one before linger (TIME_WAIT).
  run=$((run + 1))
  export VEXTRUS_KAFKA_EMBEDDED_PORT=$((19390 + run)) VEXTRUS_HTTP_ADDR="127.0.0.1:$((18380 + run))"
  say "$binary: fresh database $database"
  psql -X -q -v ON_ERROR_STOP=1 "$VEXTRUS_TEST_PG_SUPER_DSN" \
    -c "DROP DATABASE IF EXISTS $database WITH (FORCE)" -c "CREATE DATABASE $database OWNER vextrus_owner"
  psql -X -q -v ON_ERROR_STOP=1 "${VEXTRUS_TEST_PG_SUPER_DSN%/*}/$database" \
    -c "ALTER SCHEMA public OWNER TO vextrus_owner" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
    -c "GRANT USAGE ON SCHEMA public TO vextrus_runtime"
  "$binary" run --config "$empty_config" 2>/tmp/vextrus-http-bench.log &
  service_pid=$!
  for _ in $(seq 1 150); do
    curl -fsS "http://$VEXTRUS_HTTP_ADDR/health/ready" >/dev/null 2>&1 && break
    kill -0 "$service_pid" 2>/dev/null || die "$binary stopped; see /tmp/vextrus-http-bench.log"
    sleep 0.2
  done
  "$publish" config/samples/purchase-orders.ndjson >/dev/null
  entity="http://$VEXTRUS_HTTP_ADDR/v1/purchase-orders/PO-2025-000123"
  for _ in $(seq 1 100); do
    curl -fsS -H "Authorization: Bearer $VEXTRUS_API_TOKEN" "$entity" >/dev/null 2>&1 && break
    sleep 0.1
  done
  say "$binary: /health/live, ${seconds}s"
  health="$(load "http://$VEXTRUS_HTTP_ADDR/health/live")"
  say "$binary: /v1/purchase-orders/{id}, ${seconds}s"
  api="$(load "$entity" "Authorization: Bearer $VEXTRUS_API_TOKEN")"
  rss="$(awk '/VmHWM/ {print int($2 / 1024)}' "/proc/$service_pid/status")"
  kill "$service_pid"
  wait "$service_pid" 2>/dev/null || true
  service_pid=""
  # The commit of the checkout the binary was built in ("-dirty": with changes not committed).
  version="$(git -C "$(dirname "$binary")" describe --always --dirty 2>/dev/null || echo unknown)"
  IFS='|' read -r h_rps h_p50 h_p99 h_bad <<<"$health"
  IFS='|' read -r a_rps a_p50 a_p99 a_bad <<<"$api"
  rows+=("| \`$binary\` ($version) | /health/live | $h_rps | $h_p50 | $h_p99 | $h_bad | $rss |"
         "| \`$binary\` ($version) | /v1/purchase-orders/{id} | $a_rps | $a_p50 | $a_p99 | $a_bad | $rss |")
done

cores="$(nproc)"
table="$(
  echo "### $(date -u +%Y-%m-%dT%H:%MZ) — \`bench/http_load.sh\`, wrk -t2 -c100 -d${seconds}s --latency, $cores cores shared by wrk, the service and PostgreSQL"
  echo
  echo "| binary | route | requests/s | p50 | p99 | not 2xx | peak RSS MiB |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
)"
echo "$table"
mkdir -p bench/results
printf '%s\n\n' "$table" >>"bench/results/$(date -u +%Y-%m-%d)-http.md"
