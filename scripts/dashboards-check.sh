#!/usr/bin/env bash
# scripts/dashboards-check.sh [DASHBOARD.json...] — checks every query of the Grafana dashboards
# (default deploy/grafana/dashboards/*.json) with tests/dashboards/check.mjs: each PromQL
# expression is parsed by promtool and its metric names checked against the ones the service
# exports; each SQL query runs with psql in a read-only transaction as the dashboards' role
# (vextrus_grafana of deploy/sql/roles.sql: the dashboard views and nothing else, so the grants
# are checked too), $VEXTRUS_DASHBOARD_PG_DSN, by default the test cluster's. Pending migrations are applied first (build/vextrus-flow migrate, or
# $VEXTRUS_BINARY), so that the views are the ones of this checkout. Needs the infrastructure's
# environment: eval "$(scripts/infra.sh env)".
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

if [[ -z "${VEXTRUS_PG_DSN:-}" || -z "${VEXTRUS_DASHBOARD_PG_DSN:-${VEXTRUS_TEST_PG_GRAFANA_DSN:-}}" ]]; then
  echo 'dashboards-check: the database is not set; run eval "$(scripts/infra.sh env)" first' >&2
  exit 2
fi
export VEXTRUS_DASHBOARD_PG_DSN="${VEXTRUS_DASHBOARD_PG_DSN:-$VEXTRUS_TEST_PG_GRAFANA_DSN}"
for tool in node promtool psql; do
  command -v "$tool" >/dev/null || { echo "dashboards-check: $tool is missing; run scripts/setup.sh" >&2; exit 1; }
done

binary="${VEXTRUS_BINARY:-build/vextrus-flow}"
if [[ -x "$binary" ]]; then
  if ! out="$("$binary" migrate 2>&1)"; then
    echo "$out" >&2
    echo "dashboards-check: $binary migrate failed" >&2
    exit 1
  fi
else
  echo "dashboards-check: $binary is not built; checking against the schema as it is" >&2
fi

if (($# == 0)); then set -- deploy/grafana/dashboards/*.json; fi
exec node tests/dashboards/check.mjs "$@"
