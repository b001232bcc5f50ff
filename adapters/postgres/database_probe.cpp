#include "adapters/postgres/database_probe.hpp"

#include <pqxx/pqxx>

#include "adapters/postgres/permanent_errors.hpp"

namespace vextrus::pg {

DatabaseStatus probe_database(const std::string& dsn, bool count_pending_approvals) {
  DatabaseStatus status;
  try {
    pqxx::connection connection(dsn);
    pqxx::read_transaction tx(connection);
    // v_pending_approvals comes with the invoice schema (migration 004).
    const bool migrated = tx.exec1("SELECT to_regclass('v_pending_approvals') IS NOT NULL")[0].as<bool>();
    status.reachable = true;
    if (migrated && count_pending_approvals) {
      status.pending_approvals["purchase_order"] = 0;
      status.pending_approvals["invoice"] = 0;
      for (const auto& row : tx.exec("SELECT workflow, count(*) FROM v_pending_approvals GROUP BY workflow")) {
        status.pending_approvals[row[0].as<std::string>()] = row[1].as<std::int64_t>();
      }
    }
  } catch (const std::exception& e) {
    // Unreachable, or the query failed: both make the service not ready.
    status.reachable = false;
    status.problem = permanent_problem(e, dsn_user(dsn));
  }
  return status;
}

}  // namespace vextrus::pg
