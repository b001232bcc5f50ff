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

// An optional filter as a parameter: NULL when not given.
inline std::optional<std::string> time_or_null(const std::optional<domain::Timestamp>& t) {
  return t ? std::optional<std::string>(timestamp_text(*t)) : std::nullopt;
}

}  // namespace vextrus::pg
