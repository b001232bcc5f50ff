#pragma once
// Operators' actions in the hash-chained audit trail (docs/audit.md "Operators' actions"): each
// one a record of the chain "ops", appended in the caller's transaction after the chain's last
// record, so that `audit verify` covers them like any other chain. Appends are serialised by a
// transaction-scoped advisory lock: two operators acting at once get consecutive records.

#include <pqxx/pqxx>
#include <string>

#include "domain/audit_record.hpp"

namespace vextrus::pg {

inline constexpr const char* ops_chain = "ops";

struct OpsAction {
  std::string entity_type;  // what was acted on: "dead_letter"
  std::string entity_id;    // its id, or "batch" for several
  std::string action;       // "redriven"
  std::string actor_id;     // the API token's name, or $USER@host of a command
  std::string detail_json;  // the facts of the action (JSON text; canonicalised here)
};

// Appends `action` by an operator, dated now, and returns the sealed record.
domain::AuditRecord append_ops_record(pqxx::work& tx, const OpsAction& action);

}  // namespace vextrus::pg
