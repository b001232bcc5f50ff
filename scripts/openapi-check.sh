#!/usr/bin/env bash
# scripts/openapi-check.sh DOCUMENT [RESPONSES.ndjson] — validates the OpenAPI document, and the
# HTTP answers the integration tests recorded, with tests/openapi/check.mjs. Its npm packages
# (pinned by tests/openapi/package-lock.json) are installed once under $VEXTRUS_CACHE.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

dir="$VEXTRUS_CACHE/openapi-check"
lock_sum="$(sha256sum tests/openapi/package-lock.json | cut -c1-16)"
install_validator() {
  cp tests/openapi/package.json tests/openapi/package-lock.json "$dir/"
  (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
}
cache_once "$dir" "$lock_sum" "openapi-check: installing the validator's npm packages into $dir" install_validator
cp tests/openapi/check.mjs "$dir/"
exec node "$dir/check.mjs" "$@"
