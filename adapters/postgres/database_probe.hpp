#pragma once
// The readiness check of PostgreSQL, which can also read the dashboard gauges that come from the
// projections. Opens and closes its own connection; called from the health thread.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "adapters/health/problem.hpp"

namespace vextrus::pg {

struct DatabaseStatus {
  bool reachable = false;
  // Why it is not, when retrying will not cure it (a rejected login, a missing database).
  std::optional<health::Problem> problem;
  // By workflow; empty unless counted, and before migrations.
  std::map<std::string, std::int64_t> pending_approvals;
};

DatabaseStatus probe_database(const std::string& dsn, bool count_pending_approvals);

}  // namespace vextrus::pg
