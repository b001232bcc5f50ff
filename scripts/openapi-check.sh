#!/usr/bin/env bash
# scripts/openapi-check.sh DOCUMENT [RESPONSES.ndjson] — validates the OpenAPI document, and the
# HTTP answers the integration tests recorded, with tests/openapi/check.mjs. Its npm packages
# (pinned by tests/openapi/package-lock.json) are installed once under $VEXTRUS_CACHE.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
npm_packages tests/openapi
cp tests/openapi/check.mjs "$NPM_DIR/"
exec node "$NPM_DIR/check.mjs" "$@"
