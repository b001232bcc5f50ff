#pragma once
// Syntax check of a libpq connection string before any connection is tried, so that a typo
// stops the service at start instead of being retried as an outage.

#include <optional>
#include <string>

namespace vextrus::pg {

// Why libpq cannot parse `dsn` (key=value pairs or a postgresql:// URI), or nullopt when it can.
std::optional<std::string> connection_string_error(const std::string& dsn);

}  // namespace vextrus::pg
