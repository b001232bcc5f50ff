#pragma once
// Conversions between domain values and PostgreSQL text forms, shared by the PostgreSQL adapters.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"

namespace vextrus::pg {

// Timestamps travel as bigint microseconds since the epoch, computed exactly in SQL:
// (extract(epoch FROM col) * 1000000)::bigint. This is the select-list form of that.
std::string micros_of(std::string_view column);
// The input form: "2025-09-17T04:15:00.000000Z", which timestamptz reads exactly.
inline std::string timestamp_text(domain::Timestamp t) { return domain::format_utc(t); }
// The same, or SQL NULL.
inline std::optional<std::string> timestamp_text(const std::optional<domain::Timestamp>& t) {
  if (!t) return std::nullopt;
  return timestamp_text(*t);
}
// bytea input in hex form: "\x0a1b…".
std::string bytea_hex(std::string_view bytes);
// Decodes bytea hex output ("\x0a1b…") back into bytes.
std::string from_bytea_hex(std::string_view text);
// text[] literal with every element quoted: {"a","b\"c"}.
std::string text_array(const std::vector<std::string>& values);
// bigint[] literal: {1,2,3}.
std::string bigint_array(const std::vector<std::int64_t>& values);

}  // namespace vextrus::pg
