#pragma once
// Parameterised statements run as prepared statements of their connection, so PostgreSQL parses,
// analyses and plans each text once per connection instead of at every call. Under a live load
// that work took a quarter of PostgreSQL's CPU (bench/results/history-2026-11.md). Internal to the PostgreSQL
// adapters.

#include <pqxx/pqxx>
#include <string>
#include <utility>

namespace vextrus::pg {

// The statement's name on a connection, derived from its text alone: the same text gets the same
// name on every connection, a different text (almost surely) another one. Two texts with the same
// name fail loudly (libpqxx refuses to redefine a name), never run the wrong statement.
std::string prepared_name(const std::string& sql);

// Runs `sql` with `args` like exec_params, as a prepared statement. For the statements run again
// and again (the commit path, the entity loads, the relay's reads): a text run once costs an
// extra round trip to prepare it. `sql` must not embed values that vary, or every value becomes
// a statement kept by the connection.
template <typename... Args>
pqxx::result exec_prepared_text(pqxx::transaction_base& tx, const std::string& sql, Args&&... args) {
  const auto name = prepared_name(sql);
  // libpqxx keeps the definitions per connection and prepares on first execution; defining the
  // same name with the same text again does nothing, and a new connection starts with none.
  tx.conn().prepare(name, sql);
  return tx.exec_prepared(name, std::forward<Args>(args)...);
}

}  // namespace vextrus::pg
