#pragma once
// SQL fragments the /v1 reads share: columns written as the text the API and the audit records
// use. Internal to the PostgreSQL adapter.

#include <optional>
#include <string>

#include "adapters/postgres/pg_text.hpp"
#include "domain/time.hpp"

namespace vextrus::pg {

// A timestamptz column as UTC text with six fractional digits ("2025-09-17T04:15:00.000000Z").
inline std::string utc(const std::string& column) {
  return "to_char(" + column + " AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')";
}
// A date column as YYYY-MM-DD.
inline std::string day(const std::string& column) { return "to_char(" + column + ", 'YYYY-MM-DD')"; }

// The entity's earliest pending timer as {"kind", "due_at"}, or NULL when none is pending: what
// fires next, whatever policy set it. Found through its audit chain, which names the input
// partition that keys its timers: two primary-key reads.
inline std::string next_deadline(const std::string& entity_type, const std::string& entity_id) {
  return "(SELECT json_build_object('kind', t.kind, 'due_at', " + utc("t.due_at") +
         ") FROM timers t, (SELECT a.chain FROM audit_log a WHERE a.entity_id = " + entity_id +
         " AND a.entity_type = " + entity_type +
         " LIMIT 1) c"
         " WHERE t.topic = split_part(c.chain, '/', 1) AND t.partition = split_part(c.chain, '/', 2)::int"
         " AND t.entity_type = " +
         entity_type + " AND t.entity_id = " + entity_id + " ORDER BY t.due_at LIMIT 1)";
}

// An optional filter as a parameter: NULL when not given.
inline std::optional<std::string> time_or_null(const std::optional<domain::Timestamp>& t) {
  return t ? std::optional<std::string>(timestamp_text(*t)) : std::nullopt;
}

}  // namespace vextrus::pg
