#include "adapters/postgres/database_probe.hpp"

#include <pqxx/pqxx>

namespace vextrus::pg {

DatabaseStatus probe_database(const std::string& dsn) {
  DatabaseStatus status;
  try {
    pqxx::connection connection(dsn);
    pqxx::read_transaction tx(connection);
    const bool migrated = tx.exec1("SELECT to_regclass('purchase_orders') IS NOT NULL")[0].as<bool>();
    status.reachable = true;
    if (migrated) {
      status.pending_approvals["purchase_order"] =
          tx.exec1("SELECT count(*) FROM purchase_orders WHERE status = 'pending_approval'")[0].as<std::int64_t>();
    }
  } catch (const std::exception&) {
    // Unreachable, or the query failed: both make the service not ready.
  }
  return status;
}

}  // namespace vextrus::pg
