#pragma once
// The readiness check of PostgreSQL, which also reads the dashboard gauges that come from the
// projections. Opens and closes its own connection; called from the health thread.

#include <cstdint>
#include <map>
#include <string>

namespace vextrus::pg {

struct DatabaseStatus {
  bool reachable = false;
  std::map<std::string, std::int64_t> pending_approvals;  // by workflow; empty before migrations
};

DatabaseStatus probe_database(const std::string& dsn);

}  // namespace vextrus::pg
