#include "adapters/postgres/runtime_role.hpp"

#include <pqxx/pqxx>
#include <sstream>

#include "adapters/postgres/migrations.hpp"

namespace vextrus::pg {
namespace {

// Each privilege of a grant, one by one: "SELECT, INSERT" -> {"SELECT", "INSERT"}.
std::vector<std::string> split_privileges(const char* privileges) {
  std::vector<std::string> out;
  std::stringstream in(privileges);
  for (std::string item; std::getline(in, item, ',');) {
    const auto first = item.find_first_not_of(' ');
    out.push_back(item.substr(first));
  }
  return out;
}

std::string quoted(const std::string& role) { return "\"" + role + "\""; }

}  // namespace

const std::vector<RuntimeGrant>& runtime_grants() {
  static const std::vector<RuntimeGrant> grants{
      {"schema_migrations", "SELECT"},
      {"audit_log", "SELECT, INSERT"},
      {"dead_letters", "SELECT, INSERT"},
      {"dead_letters_id_seq", "USAGE, SELECT", true},
      {"purchase_orders", "SELECT, INSERT, UPDATE"},
      {"consumer_offsets", "SELECT, INSERT, UPDATE"},
      {"relay_positions", "SELECT, INSERT, UPDATE"},
      {"timers", "SELECT, INSERT, DELETE"},
      {"notifications", "SELECT, INSERT"},
      {"invoices", "SELECT, INSERT, UPDATE"},
      {"onboardings", "SELECT, INSERT, UPDATE"},
      {"onboarding_tasks", "SELECT, INSERT, UPDATE"},
      {"invoice_keys", "SELECT, INSERT"},
      {"partition_owners", "SELECT, INSERT, UPDATE"},
      {"dead_letter_redrives", "SELECT, INSERT"},
      {"dead_letter_redrives_id_seq", "USAGE", true},
      {"audit_verifications", "SELECT, INSERT"},
      {"audit_verifications_id_seq", "USAGE", true},
      {"v_pending_approvals", "SELECT"},
      {"v_overdue", "SELECT"},
      {"v_vat_by_fiscal_month", "SELECT"},
      {"v_withholding_by_category", "SELECT"},
  };
  return grants;
}

GrantOutcome grant_runtime_privileges(const std::string& owner_dsn) {
  pqxx::connection connection(owner_dsn);
  pqxx::work tx(connection);
  // Processes starting together grant together: one at a time, or PostgreSQL refuses the
  // concurrent updates of the same privileges ("tuple concurrently updated").
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", migration_lock_key);
  const bool owner =
      tx.exec1("SELECT pg_has_role(current_user, relowner, 'USAGE') FROM pg_class WHERE oid = 'audit_log'::regclass")[0]
          .as<bool>();
  if (!owner) return GrantOutcome::not_owner;
  const bool exists =
      tx.exec_params1("SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1)", runtime_group)[0].as<bool>();
  if (!exists) return GrantOutcome::no_runtime_group;
  for (const auto& grant : runtime_grants()) {
    // Names from the list above, never from input; GRANT takes no parameters.
    tx.exec(std::string("GRANT ") + grant.privileges + " ON " + (grant.sequence ? "SEQUENCE " : "") + grant.object +
            " TO " + runtime_group);
  }
  tx.commit();
  return GrantOutcome::granted;
}

RuntimeRoleCheck check_runtime_role(const std::string& dsn) {
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  RuntimeRoleCheck check;
  check.role = tx.exec1("SELECT current_user")[0].as<std::string>();
  const auto group = tx.exec_params1(
      "SELECT EXISTS (SELECT FROM pg_roles WHERE rolname = $1), "
      "EXISTS (SELECT FROM pg_roles WHERE rolname = $1 AND pg_has_role(current_user, oid, 'MEMBER'))",
      runtime_group);
  check.runtime_group_exists = group[0].as<bool>();
  check.member_of_runtime_group = group[1].as<bool>();
  // Without USAGE on the schema no name in it can even be looked up: nothing else to check.
  if (!tx.exec1("SELECT has_schema_privilege('public', 'USAGE')")[0].as<bool>()) {
    check.missing.emplace_back("USAGE on schema public");
    return check;
  }
  for (const auto& grant : runtime_grants()) {
    for (const auto& privilege : split_privileges(grant.privileges)) {
      // to_regclass: a missing object is missing, not an error that ends the transaction.
      const char* sql = grant.sequence ? "SELECT to_regclass($1) IS NOT NULL AND has_sequence_privilege($1, $2)"
                                       : "SELECT to_regclass($1) IS NOT NULL AND has_table_privilege($1, $2)";
      if (!tx.exec_params1(sql, grant.object, privilege)[0].as<bool>()) {
        check.missing.push_back(privilege + " on " + grant.object);
      }
    }
  }
  if (!tx.exec1("SELECT has_database_privilege(current_database(), 'TEMPORARY')")[0].as<bool>()) {
    check.missing.emplace_back("TEMPORARY on the database");
  }
  if (tx.exec1("SELECT has_table_privilege('schema_migrations', 'SELECT')")[0].as<bool>()) {
    check.schema_version = tx.exec1("SELECT coalesce(max(version), 0) FROM schema_migrations")[0].as<int>();
  }
  return check;
}

std::optional<std::string> runtime_role_problem(const RuntimeRoleCheck& check) {
  if (check.missing.empty()) return std::nullopt;
  std::string line = "the runtime role " + quoted(check.role) + " (VEXTRUS_PG_DSN) lacks " + check.missing.front();
  if (check.missing.size() > 1) line += " and " + std::to_string(check.missing.size() - 1) + " more privileges";
  if (!check.runtime_group_exists) {
    line +=
        "; there is no role vextrus_runtime: run deploy/sql/roles.sql as a superuser, then vextrus-flow migrate, "
        "then GRANT vextrus_runtime TO " +
        quoted(check.role);
  } else if (!check.member_of_runtime_group) {
    line += "; as the schema owner or a superuser run GRANT vextrus_runtime TO " + quoted(check.role);
  } else {
    line +=
        "; vextrus_runtime lacks its grants: run vextrus-flow migrate with VEXTRUS_PG_OWNER_DSN set to the "
        "schema owner";
  }
  return line;
}

}  // namespace vextrus::pg
