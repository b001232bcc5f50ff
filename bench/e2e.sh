#!/usr/bin/env bash
# bench/e2e.sh [events] [naive_events] — the end-to-end benchmark in one command: builds, starts
# (or reuses) the broker and PostgreSQL of scripts/infra.sh, and runs build/bench/e2e.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
scripts/build.sh build
bash scripts/infra.sh up
eval "$(bash scripts/infra.sh env)"
mkdir -p bench/results
exec build/bench/e2e "$@"
