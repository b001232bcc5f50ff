#!/usr/bin/env bash
# scripts/contract-check.sh [--events EVENTS.ndjson] [--outputs OUTPUTS.ndjson] — the event
# contract (docs/asyncapi.yaml, docs/schemas) against the service, with tests/contract/check.mjs:
# the document validated by @asyncapi/parser, the schemas' examples and config/samples, and, when
# given, the decoder unit tests' cases (VEXTRUS_TEST_EVENT_LOG) and the output messages the
# integration tests read back from the broker (VEXTRUS_TEST_OUTPUT_LOG). Its npm packages (pinned
# by tests/contract/package-lock.json) are installed once under $VEXTRUS_CACHE.
set -euo pipefail
# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"
npm_packages tests/contract
cp tests/contract/check.mjs "$NPM_DIR/"
exec node "$NPM_DIR/check.mjs" "$REPO_ROOT" "$@"
