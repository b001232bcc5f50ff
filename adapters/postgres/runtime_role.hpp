#pragma once
// What the service's runtime role needs in the schema, in one list: `migrate` grants it to the
// group role vextrus_runtime, and `run` checks at start that the role of VEXTRUS_PG_DSN has it,
// so a role without its grants stops the service with the fix instead of failing every commit.

#include <optional>
#include <string>
#include <vector>

namespace vextrus::pg {

// The group the migrations grant to (deploy/sql/roles.sql creates it).
inline constexpr const char* runtime_group = "vextrus_runtime";

struct RuntimeGrant {
  const char* object;      // a table, view or sequence of the schema
  const char* privileges;  // as GRANT writes them: "SELECT, INSERT"
  bool sequence = false;
};

const std::vector<RuntimeGrant>& runtime_grants();

enum class GrantOutcome {
  granted,           // vextrus_runtime now holds every privilege of runtime_grants()
  no_runtime_group,  // the cluster has no vextrus_runtime: nothing was granted
  not_owner          // the DSN's role does not own the schema (a runtime role): nothing to grant
};

// As the schema owner (`owner_dsn`), after the migrations: grants runtime_grants() to
// vextrus_runtime when it exists. Idempotent. Throws what libpqxx throws when the database fails.
GrantOutcome grant_runtime_privileges(const std::string& owner_dsn);

struct RuntimeRoleCheck {
  std::string role;  // the user of the DSN
  bool runtime_group_exists = false;
  bool member_of_runtime_group = false;
  std::vector<std::string> missing;  // "INSERT on consumer_offsets", in runtime_grants() order
  int schema_version = 0;            // the highest applied migration
};

// As the runtime role (`dsn`): what of runtime_grants() it lacks, and the schema's version.
// Throws what libpqxx throws when the database cannot be reached or refuses the login.
RuntimeRoleCheck check_runtime_role(const std::string& dsn);

// One line naming the role, the first missing privilege (and how many more) and the fix, or
// nullopt when nothing is missing.
std::optional<std::string> runtime_role_problem(const RuntimeRoleCheck& check);

}  // namespace vextrus::pg
