#pragma once
// Typed readers of a request's query parameters: each returns the value or nullopt when absent,
// or throws std::invalid_argument naming the parameter and what it must be (a 400), so that no
// filter reaches PostgreSQL as text it has not been checked as. Stateless.

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "domain/money.hpp"
#include "domain/time.hpp"

namespace vextrus::http {

using Params = std::multimap<std::string, std::string>;

// Any text (UTF-8, no NUL, given once, not empty).
std::optional<std::string> text_param(const Params& params, const std::string& name);
// One of `allowed`.
std::optional<std::string> enum_param(const Params& params, const std::string& name,
                                      const std::set<std::string>& allowed);
// An RFC 3339 time, 1900 to 9999.
std::optional<domain::Timestamp> time_param(const Params& params, const std::string& name);
// A day YYYY-MM-DD.
std::optional<domain::Date> date_param(const Params& params, const std::string& name);
// A month YYYY-MM: its first day.
std::optional<domain::Date> month_param(const Params& params, const std::string& name);
// A fiscal year such as 2025-26 (July to June): its first year (2025).
std::optional<int> fiscal_year_param(const Params& params, const std::string& name);
// Money in BDT, a decimal with at most 2 fractional digits.
std::optional<domain::Money> money_param(const Params& params, const std::string& name);
// true or false.
std::optional<bool> bool_param(const Params& params, const std::string& name);
// A duration such as 48h, 30m, 7d or 90s.
std::optional<std::int64_t> seconds_param(const Params& params, const std::string& name);
// A whole number from `min` to `max`; `absent` when not given.
int int_param(const Params& params, const std::string& name, int min, int max, int absent);
// Refuses parameters not in `known` (a misspelt filter must not quietly match everything).
void only_known(const Params& params, const std::set<std::string>& known);

}  // namespace vextrus::http
