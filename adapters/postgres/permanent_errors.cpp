#include "adapters/postgres/permanent_errors.hpp"

#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

#include <cstdlib>
#include <pqxx/except>
#include <string_view>

namespace vextrus::pg {
namespace {

bool contains(std::string_view text, std::string_view part) { return text.find(part) != std::string_view::npos; }

// The first line of a server message: libpq adds DETAIL/HINT lines and the statement.
std::string first_line(const char* what) {
  std::string text(what);
  const auto end = text.find('\n');
  return end == std::string::npos ? text : text.substr(0, end);
}

std::string quoted(const std::string& role) { return role.empty() ? "the runtime role" : "\"" + role + "\""; }

health::Problem problem(std::string kind, std::string reason, std::string fix) {
  return {"postgres", std::move(kind), std::move(reason), std::move(fix)};
}

}  // namespace

std::optional<health::Problem> permanent_problem(const std::exception& error, const std::string& role) {
  const std::string reason = first_line(error.what());
  // The SQLSTATE when libpqxx kept it; some paths (COPY, a login refused) only keep the text.
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  const std::string state = sql != nullptr ? sql->sqlstate() : std::string();
  const auto permission = [&] {
    return problem("permission", reason + " (role " + quoted(role) + ")",
                   "as the schema owner run GRANT vextrus_runtime TO " + quoted(role) +
                       " (deploy/sql/roles.sql creates the group; vextrus-flow migrate grants it what the service "
                       "needs)");
  };
  const auto authentication = [&] {
    return problem("authentication", reason, "check the user and password of VEXTRUS_PG_DSN, and pg_hba.conf");
  };
  if (state == "42501" || contains(reason, "permission denied for ")) return permission();
  // undefined table, column, function
  if (state == "42P01" || state == "42703" || state == "42883" ||
      (contains(reason, "relation \"") && contains(reason, "does not exist"))) {
    return problem("missing_object", reason,
                   "apply the schema with vextrus-flow migrate (VEXTRUS_PG_OWNER_DSN), and check that "
                   "VEXTRUS_PG_DSN names the service's database");
  }
  if (state == "28P01" || state == "28000" || contains(reason, "password authentication failed") ||
      contains(reason, "no pg_hba.conf entry") || contains(reason, "authentication failed") ||
      contains(reason, "password is required") || contains(reason, "is not permitted to log in")) {
    return authentication();
  }
  if (state == "3D000" || (contains(reason, "database \"") && contains(reason, "does not exist"))) {
    return problem("missing_object", reason, "check the database name in VEXTRUS_PG_DSN");
  }
  if (contains(reason, "role \"") && contains(reason, "does not exist")) {
    return problem("missing_object", reason,
                   "create the role (deploy/sql/roles.sql creates vextrus_app), or fix the user in VEXTRUS_PG_DSN");
  }
  return std::nullopt;
}

std::string dsn_user(const std::string& dsn) {
  std::string user;
  if (PQconninfoOption* options = PQconninfoParse(dsn.c_str(), nullptr)) {
    for (PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
      if (std::string_view(option->keyword) == "user" && option->val != nullptr) user = option->val;
    }
    PQconninfoFree(options);
  }
  if (user.empty()) {
    if (const char* env = std::getenv("PGUSER")) user = env;
  }
  if (user.empty()) {
    if (const passwd* entry = ::getpwuid(::geteuid())) user = entry->pw_name;
  }
  return user;
}

}  // namespace vextrus::pg
