#include "adapters/postgres/migrations.hpp"

#include <pqxx/pqxx>
#include <set>

#include "adapters/log/log.hpp"

namespace vextrus::pg {
namespace {

std::set<int> applied_versions(pqxx::transaction_base& tx) {
  std::set<int> versions;
  const auto exists = tx.exec1("SELECT to_regclass('schema_migrations') IS NOT NULL")[0].as<bool>();
  if (!exists) return versions;
  for (const auto& row : tx.exec("SELECT version FROM schema_migrations")) versions.insert(row[0].as<int>());
  return versions;
}

}  // namespace

MigrationResult apply_migrations(const std::string& dsn) {
  MigrationResult result;
  pqxx::connection connection(dsn);
  {
    pqxx::read_transaction tx(connection);
    const auto versions = applied_versions(tx);
    bool missing = false;
    for (const auto& migration : embedded_migrations()) missing |= !versions.count(migration.version);
    if (!missing) {
      result.current = embedded_migrations().empty() ? 0 : embedded_migrations().back().version;
      return result;
    }
  }
  pqxx::work tx(connection);
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock_key);
  tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
  const auto versions = applied_versions(tx);
  for (const auto& migration : embedded_migrations()) {
    result.current = migration.version;
    if (versions.count(migration.version)) continue;
    log::info("applying migration", {{"version", migration.version}, {"name", migration.name}});
    tx.exec(migration.sql);
    tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", migration.version,
                   std::string(migration.name));
    ++result.applied;
  }
  tx.commit();
  return result;
}

}  // namespace vextrus::pg
