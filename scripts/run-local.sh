#!/usr/bin/env bash
# scripts/run-local.sh — the quickest way to see vextrus-flow work on this machine:
# set-up, build, a throwaway PostgreSQL on 127.0.0.1, the service with its embedded Kafka
# broker, the sample events of config/samples/ published to it, a summary of what the
# projections hold, then the service keeps running with its URLs printed (the web console's
# first), and an operator API token made for this run to sign in to the console with and a
# ready curl line (the token lives only in this process and the terminal).
# Ctrl-C stops everything this script started.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
say() { echo "run-local: $*" >&2; }

bash scripts/setup.sh
say "building (first time: a few minutes)"
bash scripts/build.sh build

started_pg=""
if ! bash scripts/infra.sh status 2>/dev/null | grep -q '^postgres: running'; then started_pg=1; fi
bash scripts/infra.sh up pg
eval "$(bash scripts/infra.sh env)"
# The embedded broker starts empty every time, so the offsets a previous run stored would skip
# new events: start from a fresh database too.
say "fresh database vextrus_local"
psql -X -q -v ON_ERROR_STOP=1 "$VEXTRUS_TEST_PG_SUPER_DSN" \
  -c "DROP DATABASE IF EXISTS vextrus_local WITH (FORCE)" \
  -c "CREATE DATABASE vextrus_local OWNER vextrus_owner"
psql -X -q -v ON_ERROR_STOP=1 "${VEXTRUS_TEST_PG_SUPER_DSN%/*}/vextrus_local" \
  -c "ALTER SCHEMA public OWNER TO vextrus_owner" -c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
  -c "GRANT USAGE ON SCHEMA public TO vextrus_runtime"
export VEXTRUS_PG_DSN="${VEXTRUS_PG_DSN%/*}/vextrus_local"
export VEXTRUS_PG_OWNER_DSN="${VEXTRUS_PG_OWNER_DSN%/*}/vextrus_local"
export VEXTRUS_KAFKA_BROKERS=embedded
export VEXTRUS_KAFKA_EMBEDDED_PORT="${VEXTRUS_KAFKA_EMBEDDED_PORT:-19092}"
export VEXTRUS_HTTP_ADDR="${VEXTRUS_HTTP_ADDR:-127.0.0.1:8080}"
# A token of 32 random bytes for this run, unless one is given: so /v1 can be tried at once.
VEXTRUS_API_TOKEN="${VEXTRUS_API_TOKEN:-$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')}"
export VEXTRUS_API_TOKEN

service_pid=""
cleanup() {
  trap - INT TERM EXIT
  if [[ -n "$service_pid" ]] && kill -0 "$service_pid" 2>/dev/null; then
    say "stopping the service"
    kill -TERM "$service_pid" 2>/dev/null || true
    wait "$service_pid" 2>/dev/null || true
  fi
  if [[ -n "$started_pg" ]]; then
    say "stopping PostgreSQL"
    bash scripts/infra.sh down >/dev/null 2>&1 || true
  fi
}
trap cleanup INT TERM EXIT

log="$LOCAL_DIR/logs/vextrus-flow.log"
mkdir -p "$(dirname "$log")"
say "starting the service (log: $log)"
./build/vextrus-flow run 2>>"$log" &
service_pid=$!

for _ in $(seq 1 150); do
  if curl -fsS "http://$VEXTRUS_HTTP_ADDR/health/ready" >/dev/null 2>&1; then break; fi
  kill -0 "$service_pid" 2>/dev/null || { tail -20 "$log" >&2; say "the service stopped; see $log"; exit 1; }
  sleep 0.2
done
curl -fsS "http://$VEXTRUS_HTTP_ADDR/health/ready" >/dev/null || { tail -20 "$log" >&2; say "not ready; see $log"; exit 1; }

# One file at a time, each committed before the next: invoices are checked against the orders'
# committed projections, which live on another topic.
sample_count=0
for sample in config/samples/purchase-orders.ndjson config/samples/invoices.ndjson config/samples/onboarding.ndjson; do
  # The service embeds the broker. Once it has stopped (Ctrl-C reaches it too, and the publisher
  # that had the terminal may swallow the interrupt, so the shell goes on), stop here rather than
  # publish into a broker that is gone.
  kill -0 "$service_pid" 2>/dev/null || { say "the service stopped; see $log"; exit 1; }
  say "publishing $sample"
  ./build/vextrus-publish "$sample"
  sample_count=$((sample_count + $(grep -c . "$sample")))
  for _ in $(seq 1 100); do
    done_count=$(psql -X -qAt "$VEXTRUS_PG_OWNER_DSN" -c "SELECT coalesce(sum(next_offset),0) FROM consumer_offsets")
    [[ "$done_count" -ge "$sample_count" ]] && break
    kill -0 "$service_pid" 2>/dev/null || break
    sleep 0.1
  done
done
sleep 1  # deadlines long past fire within a second of the watermark reaching the wall clock

echo
echo "== purchase orders"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT po_id, status, total, tiers_approved || '/' || tiers_required AS tiers, pending_role FROM purchase_orders ORDER BY po_id"
echo "== invoices"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT invoice_id, status, total, vat_computed AS vat, vds_amount AS vds, tds_amount AS tds, net_payable, paid_amount AS paid, overdue, array_to_string(hold_reasons, ',') AS holds, mushak_6_10 AS mushak, input_vat_credit_ineligible AS no_credit FROM invoices ORDER BY invoice_id"
echo "== onboarding"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT o.employee_id, o.status, array_to_string(o.hold_reasons, ',') AS holds, string_agg(t.task || ':' || t.status, ' ' ORDER BY t.due_at) AS tasks FROM onboardings o LEFT JOIN onboarding_tasks t USING (employee_id) GROUP BY 1, 2, 3 ORDER BY 1"
echo "== dashboards: v_pending_approvals, v_overdue, v_vat_by_fiscal_month, v_withholding_by_category"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT * FROM v_pending_approvals ORDER BY workflow, entity_id"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT * FROM v_overdue ORDER BY due_at"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT * FROM v_vat_by_fiscal_month ORDER BY month"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT * FROM v_withholding_by_category ORDER BY vendor_category"
echo "== audit trail (latest 10)"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT chain, seq, entity_id, action, actor_role, detail->>'reason' AS reason FROM audit_log ORDER BY recorded_at DESC, chain, seq DESC LIMIT 10"
echo "== dead letters"
psql -X -q "$VEXTRUS_PG_OWNER_DSN" -c "SELECT topic, partition, \"offset\", reason, detail FROM dead_letters ORDER BY id"
./build/vextrus-flow audit verify || true
cat <<INFO

vextrus-flow is running (pid $service_pid):
  console  http://$VEXTRUS_HTTP_ADDR/ui/  sign in with the operator token of this run:
           $VEXTRUS_API_TOKEN
  api      http://$VEXTRUS_HTTP_ADDR/v1 (docs/openapi.yaml), token for this run: $VEXTRUS_API_TOKEN
           curl -H "Authorization: Bearer $VEXTRUS_API_TOKEN" http://$VEXTRUS_HTTP_ADDR/v1/purchase-orders/PO-2025-000123
  health   http://$VEXTRUS_HTTP_ADDR/health
  ready    http://$VEXTRUS_HTTP_ADDR/health/ready
  metrics  http://$VEXTRUS_HTTP_ADDR/metrics
  kafka    127.0.0.1:$VEXTRUS_KAFKA_EMBEDDED_PORT (embedded; publish with build/vextrus-publish FILE.ndjson)
  database $VEXTRUS_PG_OWNER_DSN
  log      $log
Press Ctrl-C to stop.
INFO
wait "$service_pid"
