#include "adapters/postgres/ping.hpp"

#include <pqxx/pqxx>

namespace vextrus::pg {

bool ping(const std::string& dsn) {
  try {
    pqxx::connection connection(dsn);
    pqxx::nontransaction tx(connection);
    tx.exec("SELECT 1");
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace vextrus::pg
