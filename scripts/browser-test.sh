#!/usr/bin/env bash
# scripts/browser-test.sh — the web console (/ui/) in a real browser: Debian's Chromium driven by
# Playwright's library (playwright-core, which downloads no browser) with axe-core for
# accessibility, against build/vextrus-flow running on the real broker and PostgreSQL of
# scripts/infra.sh:
#   1. the npm packages of tests/browser (pinned by its package-lock.json) into
#      $VEXTRUS_CACHE/npm/browser, never into the repository (lib.sh's npm_packages);
#   2. a scratch database (as scripts/run-local.sh makes one) and a topic set of unique names
#      (as tests/support/harness.cpp's TopicSet), created by `vextrus-flow init-topics`;
#   3. a tokens file with three random tokens, only their SHA-256 digests in it: viewer
#      "dash-viewer", auditor "nbr-auditor", operator "ops-operator" (docs/api.md);
#   4. the service on a free loopback port, the sample events of config/samples/ published, with
#      two malformed messages so there are dead letters and 10,000 refused approvals of one order
#      (a long timeline), waited for until all are processed;
#   5. node tests/browser/console.test.mjs (node:test): the URL, the tokens and the scratch
#      database's superuser DSN (for the tampering test) passed in the environment;
#   6. the service stopped, the database dropped, the topics deleted.
# Screenshots go to $VEXTRUS_SCREENSHOT_DIR (default $LOCAL_DIR/screenshots). The infrastructure
# is expected up (scripts/test.sh starts it); run alone, what of it is down is started here and
# stopped again at the end. Exits non-zero on any failure, with the service log's tail.
#
# Usage: scripts/browser-test.sh [NODE TEST OPTION...]   e.g. --test-name-pattern=sign-in
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

t0=$SECONDS
say() { echo "browser-test: $* ($((SECONDS - t0))s)" >&2; }
die() { say "error: $*"; exit 1; }

CHROMIUM="${VEXTRUS_CHROMIUM:-/usr/bin/chromium}"
# The binaries under test: build/ (scripts/build.sh build), or VEXTRUS_BINARY's directory (as the
# integration tests' VEXTRUS_BINARY), e.g. VEXTRUS_BINARY=build-dev/vextrus-flow.
SERVICE="${VEXTRUS_BINARY:-build/vextrus-flow}"
PUBLISH="$(dirname "$SERVICE")/vextrus-publish"
[[ -x "$CHROMIUM" ]] || die "no Chromium at $CHROMIUM; run scripts/setup.sh (Debian package chromium)"
command -v node >/dev/null && command -v npm >/dev/null || die "node and npm are needed; run scripts/setup.sh"
command -v psql >/dev/null || die "psql is needed; run scripts/setup.sh"
[[ -x "$SERVICE" && -x "$PUBLISH" ]] ||
  die "$SERVICE and $PUBLISH are missing; build them first (bash scripts/build.sh build)"

work="$(mktemp -d /tmp/vextrus-browser.XXXXXX)"
log="$work/vextrus-flow.log"
service_pid=""
db=""
topic_prefix=""
started_pg=""
started_kafka=""
failed=1

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then
    say "stopping the service"
    kill -TERM "$service_pid" 2>/dev/null || true
    for _ in $(seq 1 150); do kill -0 "$service_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if ((failed)) && [[ -s "$log" ]]; then
    say "the service log's tail ($log):"
    tail -n 40 "$log" >&2
  fi
  if [[ -n "$db" ]]; then
    say "dropping the database $db"
    psql -X -q "$VEXTRUS_TEST_PG_SUPER_DSN" -c "DROP DATABASE IF EXISTS \"$db\" WITH (FORCE)" >/dev/null 2>&1 || true
  fi
  if [[ -n "$topic_prefix" ]]; then delete_topics || true; fi
  if [[ -n "$started_kafka" ]]; then say "stopping Kafka (started here)"; bash scripts/infra.sh down kafka >/dev/null 2>&1 || true; fi
  if [[ -n "$started_pg" ]]; then say "stopping PostgreSQL (started here)"; bash scripts/infra.sh down pg >/dev/null 2>&1 || true; fi
  # The log is kept when the run failed, for a closer look; the tokens file goes either way.
  rm -f "$work/tokens.yaml"
  if ((failed)); then say "kept $work"; else rm -rf "$work"; fi
  if ((status == 0 && failed)); then status=1; fi
  ((status == 0)) && say "passed" || say "FAILED"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The broker's own topic tool (the jars setup.sh fetched), best effort: the test broker keeps every
# topic a run leaves behind, as the harness's TopicSet says.
delete_topics() {
  local home="$VEXTRUS_CACHE/kafka-${VEXTRUS_TEST_KAFKA_VERSION:-$KAFKA_VERSION}"
  [[ -d "$home/libs" ]] && command -v java >/dev/null || return 0
  say "deleting the topics ${topic_prefix}*"
  java -Xmx256m -Djava.awt.headless=true -cp "$home/libs/*" org.apache.kafka.tools.TopicCommand \
    --bootstrap-server "$VEXTRUS_KAFKA_BROKERS" --delete --topic "${topic_prefix//./\\.}.*" >/dev/null 2>&1 || true
}

# --- infrastructure: as found, or started here ------------------------------------------------
status="$(bash scripts/infra.sh status 2>/dev/null || true)"
grep -q '^postgres: running' <<<"$status" || started_pg=1
grep -q '^kafka: running' <<<"$status" || started_kafka=1
if [[ -n "$started_pg$started_kafka" ]]; then
  say "infrastructure is down${started_pg:+ (postgres)}${started_kafka:+ (kafka)}: starting it (scripts/infra.sh up)"
  bash scripts/infra.sh up >&2
fi
eval "$(bash scripts/infra.sh env)"

# --- npm packages ------------------------------------------------------------------------------
npm_packages tests/browser
# Node resolves an ES module's packages from the module's own directory (lib.sh).
cp tests/browser/console.test.mjs "$NPM_DIR/"

# --- scratch database and topics -----------------------------------------------------------
suffix="$$_$RANDOM"
db="vx_browser_$suffix"
say "scratch database $db"
psql -X -q -v ON_ERROR_STOP=1 "$VEXTRUS_TEST_PG_SUPER_DSN" -c "CREATE DATABASE \"$db\" OWNER vextrus_owner" >/dev/null
with_db() { local dsn="$1"; local base="${dsn%%\?*}" query=""; [[ "$dsn" == *\?* ]] && query="?${dsn#*\?}"; echo "${base%/*}/$db$query"; }
super_dsn="$(with_db "$VEXTRUS_TEST_PG_SUPER_DSN")"
psql -X -q -v ON_ERROR_STOP=1 "$super_dsn" \
  -c "ALTER SCHEMA public OWNER TO vextrus_owner" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
  -c "GRANT USAGE ON SCHEMA public TO vextrus_runtime, vextrus_grafana" >/dev/null
export VEXTRUS_PG_DSN VEXTRUS_PG_OWNER_DSN
VEXTRUS_PG_DSN="$(with_db "$VEXTRUS_PG_DSN")"
VEXTRUS_PG_OWNER_DSN="$(with_db "$VEXTRUS_PG_OWNER_DSN")"

topic_prefix="t${suffix}.browser."
export VEXTRUS_KAFKA_TOPICS_PURCHASE_ORDERS="${topic_prefix}erp.purchase-orders"
export VEXTRUS_KAFKA_TOPICS_INVOICES="${topic_prefix}erp.invoices"
export VEXTRUS_KAFKA_TOPICS_ONBOARDING="${topic_prefix}erp.onboarding"
export VEXTRUS_KAFKA_TOPICS_AUDIT="${topic_prefix}vextrus.audit"
export VEXTRUS_KAFKA_TOPICS_NOTIFICATIONS="${topic_prefix}vextrus.notifications"
export VEXTRUS_KAFKA_TOPICS_DEAD_LETTER="${topic_prefix}vextrus.dead-letter"
export VEXTRUS_KAFKA_PARTITIONS=3
export VEXTRUS_KAFKA_GROUP="browser-$suffix"
export VEXTRUS_KAFKA_PROPERTIES_SESSION_TIMEOUT_MS=6000
export VEXTRUS_POLICY="$REPO_ROOT/config/policy/bd-default.yaml"
export VEXTRUS_LOG_LEVEL=info
# The Mushak-6.6 report answers 409 until the withholding entity is named (docs/api.md).
export VEXTRUS_COMPANY_NAME="Vextrus Browser Test Ltd" VEXTRUS_COMPANY_BIN=0000987654321
unset VEXTRUS_API_TOKEN
say "topics ${topic_prefix}* (init-topics)"
"$SERVICE" init-topics >>"$log" 2>&1 || die "init-topics failed"

# --- tokens: random, only their digests in the file -----------------------------------------
declare -A token
tokens_file="$work/tokens.yaml"
: >"$tokens_file"
chmod 600 "$tokens_file"
for entry in viewer:dash-viewer auditor:nbr-auditor operator:ops-operator; do
  role="${entry%%:*}" name="${entry#*:}"
  token[$role]="$(openssl rand -hex 32)"
  digest="$(printf %s "${token[$role]}" | sha256sum | cut -d' ' -f1)"
  echo "- {name: $name, role: $role, sha256: $digest}" >>"$tokens_file"
done
export VEXTRUS_API_TOKENS_FILE="$tokens_file"

# --- the service --------------------------------------------------------------------------
port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')"
export VEXTRUS_HTTP_ADDR="127.0.0.1:$port"
say "starting $SERVICE run on $VEXTRUS_HTTP_ADDR (log: $log)"
"$SERVICE" run </dev/null >>"$log" 2>&1 &
service_pid=$!
ready=""
for _ in $(seq 1 300); do
  if curl -fsS "http://$VEXTRUS_HTTP_ADDR/health/ready" >/dev/null 2>&1; then ready=1; break; fi
  kill -0 "$service_pid" 2>/dev/null || die "the service stopped"
  sleep 0.2
done
[[ -n "$ready" ]] || die "the service was not ready within 60 s"
[[ "$(curl -sS -o /dev/null -w '%{http_code}' "http://$VEXTRUS_HTTP_ADDR/ui/")" == 200 ]] ||
  die "GET /ui/ does not answer 200: $SERVICE serves no console (rebuild it with console/ in)"

committed() { psql -X -qAt "$VEXTRUS_PG_OWNER_DSN" -c "SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets" 2>/dev/null || echo 0; }
wait_committed() {  # wait_committed COUNT
  for _ in $(seq 1 300); do
    [[ "$(committed)" -ge "$1" ]] && return 0
    kill -0 "$service_pid" 2>/dev/null || die "the service stopped"
    sleep 0.1
  done
  die "only $(committed) of $1 events were committed within 30 s"
}

# One file at a time, each committed before the next: invoices are checked against the orders'
# committed projections, which live on another topic (as scripts/run-local.sh).
published=0
for sample in config/samples/purchase-orders.ndjson config/samples/invoices.ndjson config/samples/onboarding.ndjson; do
  say "publishing $sample"
  "$PUBLISH" "$sample" 2>>"$log" || die "publishing $sample failed"
  published=$((published + $(grep -c . "$sample")))
  wait_committed "$published"
done
# Two messages the service cannot accept, so there are dead letters besides the samples' own: an
# event of a type no workflow has (vextrus-publish sends it to the onboarding topic; the
# re-drive test re-drives it), and a line that is not JSON, without a key, with markup that the
# console must show as text (the payload test, and every visit of its page).
malformed="$work/malformed.ndjson"
cat >"$malformed" <<'EOF'
{"event_id": "0b9e4c1a-7f3d-4e2b-9a15-b0e5e0000001", "type": "onboarding.teleported", "entity_id": "EMP-BROWSER-1", "occurred_at": "2025-09-21T10:00:00+06:00", "actor": {"id": "u-9", "role": "hr"}, "payload": {}}
not JSON <img src=x onerror="window.__vextrusInjected=1"><script>window.__vextrusInjected=2</script> {
EOF
say "publishing 2 malformed messages"
"$PUBLISH" "$malformed" 2>>"$log" || die "publishing the malformed messages failed"
published=$((published + 2))
wait_committed "$published"

# One order with a trail of 10,000 more records (approvals of an order already approved, each
# refused and recorded): its page must open with the first page of its trail only.
heavy="$work/heavy.ndjson"
for i in $(seq 1 10000); do
  printf '{"event_id":"7e57b0a1-0000-4000-8000-%012d","type":"purchase_order.approved","entity_id":"PO-2025-000123","occurred_at":"2025-09-25T10:00:00+06:00","actor":{"id":"u-4001","role":"cfo"},"payload":{}}\n' "$i"
done >"$heavy"
say "publishing 10,000 refused approvals of PO-2025-000123 (a long timeline)"
"$PUBLISH" "$heavy" 2>>"$log" || die "publishing the long timeline failed"
published=$((published + 10000))
wait_committed "$published"

api() { curl -fsS -H "Authorization: Bearer ${token[operator]}" "http://$VEXTRUS_HTTP_ADDR$1"; }
for _ in $(seq 1 100); do
  dead="$(api '/v1/dead-letters' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items.length))')"
  [[ "$dead" -ge 2 ]] && break
  sleep 0.1
done
[[ "$dead" -ge 2 ]] || die "expected 2 dead letters, /v1/dead-letters lists $dead"
# Deadlines long past fire within a second of the watermark reaching the wall clock
# (scripts/run-local.sh): wait until the summary holds still.
previous=""
for _ in $(seq 1 20); do
  summary="$(api '/v1/summary' | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(JSON.parse(s).counts)))')"
  [[ "$summary" == "$previous" ]] && break
  previous="$summary"
  sleep 1
done
say "processed $published events, $dead dead letters; counts $summary"

# --- the browser tests ------------------------------------------------------------------------
shots="${VEXTRUS_SCREENSHOT_DIR:-$LOCAL_DIR/screenshots}"
mkdir -p "$shots"
say "running tests/browser/console.test.mjs (Chromium $("$CHROMIUM" --version 2>/dev/null | grep -o '[0-9][0-9.]*' | head -1); screenshots in $shots)"
node_status=0
VEXTRUS_UI_URL="http://$VEXTRUS_HTTP_ADDR" \
  VEXTRUS_UI_TOKEN_VIEWER="${token[viewer]}" \
  VEXTRUS_UI_TOKEN_AUDITOR="${token[auditor]}" \
  VEXTRUS_UI_TOKEN_OPERATOR="${token[operator]}" \
  VEXTRUS_UI_SUPER_DSN="$super_dsn" \
  VEXTRUS_CHROMIUM="$CHROMIUM" \
  VEXTRUS_SCREENSHOT_DIR="$shots" \
  node --test-reporter=spec "$@" "$NPM_DIR/console.test.mjs" || node_status=$?
kill -0 "$service_pid" 2>/dev/null || die "the service stopped during the browser tests"
((node_status == 0)) || die "the browser tests failed (exit $node_status)"
failed=0
