#!/usr/bin/env bash
# scripts/check-layers.sh — the allowed dependencies between the layers, checked on every
# #include "<layer>/..." of the sources. Dependencies point inward: app -> actors -> ports ->
# domain, and adapters implement ports. A line below names a layer (a directory) and the layers
# its files may include besides their own; an include outside it fails the check with the file
# and line. Changing a line here is a design decision: say why in the commit.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$REPO_ROOT"

declare -A allowed=(
  [domain]=""                                   # pure rules: nothing but the standard library
  [ports]="domain"                              # interfaces and plain types over the domain
  [config]="domain"
  [adapters/log]="domain"
  [adapters/metrics]=""
  [adapters/json]="domain ports"
  [adapters/health]="domain ports adapters/log"
  [adapters/kafka]="domain ports adapters/log adapters/health"
  [adapters/http]="domain ports adapters/log adapters/json adapters/health"
  # adapters/http/api.hpp is the query API's interface, which the PostgreSQL adapter implements.
  [adapters/postgres]="domain ports adapters/log adapters/json adapters/health adapters/http/api.hpp"
  # Not yet ports only (issue 30): the consumer loop and the outbox relay use the Kafka client,
  # the metrics and the log directly, and the worker the JSON decoder and codec.
  [actors]="domain ports config adapters/log adapters/metrics adapters/health adapters/kafka adapters/json"
  [app]="domain ports config actors adapters/log adapters/metrics adapters/health adapters/kafka adapters/json adapters/http adapters/postgres"
  [tools]="domain ports config adapters/log adapters/kafka"
)

failures=0
for layer in "${!allowed[@]}"; do
  while IFS= read -r hit; do
    file="${hit%%:*}"
    rest="${hit#*:}"
    line="${rest%%:*}"
    target="$(sed -E 's/^[^"]*"([^"]+)".*/\1/' <<<"${rest#*:}")"
    ok=0
    for dep in "$layer" ${allowed[$layer]}; do
      if [[ "$target" == "$dep" || "$target" == "$dep"/* ]]; then ok=1; break; fi
    done
    # A header beside the file, or a library's own (caf/, pqxx/ ...), is not a layer.
    top="${target%%/*}"
    if [[ "$ok" == 0 && ( "$target" != */* || ! -d "$top" ) ]]; then ok=1; fi
    if [[ "$ok" == 0 ]]; then
      echo "$file:$line: $layer may not include \"$target\" (allowed: ${allowed[$layer]:-nothing}; scripts/check-layers.sh)" >&2
      failures=$((failures + 1))
    fi
  done < <(grep -rnE '^#include "' "$layer" --include='*.cpp' --include='*.hpp' || true)
done
if ((failures > 0)); then
  echo "check-layers: $failures include(s) cross the layers the wrong way" >&2
  exit 1
fi
echo "check-layers: every include follows the allowed dependencies (${#allowed[@]} layers)"
