#pragma once
// Versioned schema migrations (migrations/NNN_name.sql, embedded in the binary), applied in
// order under an advisory lock and recorded in schema_migrations.

#include <string>
#include <vector>

namespace vextrus::pg {

struct Migration {
  int version;
  const char* name;
  const char* sql;
};

const std::vector<Migration>& embedded_migrations();

// Any stable number: the advisory lock that serialises the schema changes of several processes
// starting at once (migrations, grants).
inline constexpr long long migration_lock_key = 0x7665787472757301;

struct MigrationResult {
  int applied = 0;  // applied by this call
  int current = 0;  // the schema version afterwards
};

// Applies what is missing. With a role that may not create tables, succeeds only when nothing is
// missing. Throws std::runtime_error with a one-line reason.
MigrationResult apply_migrations(const std::string& dsn);

}  // namespace vextrus::pg
