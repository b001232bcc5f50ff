#pragma once
// The readiness check of PostgreSQL, which can also read the dashboard gauges that come from the
// projections. Opens and closes its own connection; called from the health thread.

#include <cstdint>
#include <map>
#include <string>

namespace vextrus::pg {

struct DatabaseStatus {
  bool reachable = false;
  // By workflow; empty unless counted, and before migrations.
  std::map<std::string, std::int64_t> pending_approvals;
};

DatabaseStatus probe_database(const std::string& dsn, bool count_pending_approvals);

}  // namespace vextrus::pg
