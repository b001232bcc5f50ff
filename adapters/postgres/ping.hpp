#pragma once
#include <string>

namespace vextrus::pg {
// True when a connection with `dsn` answers SELECT 1. Opens and closes its own connection.
bool ping(const std::string& dsn);
}  // namespace vextrus::pg
