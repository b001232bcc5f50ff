#pragma once
// Tells the PostgreSQL errors that retrying will not cure (health::Problem) from the ones that
// pass (a restart, a lost connection, a full queue): a missing privilege, a rejected login, a
// table, database or role that does not exist. Stateless.

#include <exception>
#include <optional>
#include <string>

#include "adapters/health/problem.hpp"

namespace vextrus::pg {

// The problem `error` (thrown by libpqxx while `role` worked, empty when unknown) is, with the fix
// an operator applies; nullopt for a failure that may pass.
std::optional<health::Problem> permanent_problem(const std::exception& error, const std::string& role);

// The user a connection string logs in as: its `user`, else libpq's default (the OS user).
std::string dsn_user(const std::string& dsn);

}  // namespace vextrus::pg
