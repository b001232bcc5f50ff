#include "adapters/postgres/ops_audit.hpp"

#include <chrono>

#include "adapters/json/audit_codec.hpp"
#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {
namespace {

// pg_advisory_xact_lock's key for the ops chain: "vops" in ASCII, apart from the migrations' lock.
constexpr std::int64_t ops_chain_lock = 0x76'6f'70'73;

domain::Timestamp now() {
  return {std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
              .count()};
}

}  // namespace

domain::AuditRecord append_ops_record(pqxx::work& tx, const OpsAction& action) {
  tx.exec_params("SELECT pg_advisory_xact_lock($1)", ops_chain_lock);
  const auto head =
      tx.exec_params("SELECT seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1", ops_chain);
  domain::AuditRecord record;
  record.chain = ops_chain;
  record.seq = head.empty() ? 1 : head[0][0].as<std::int64_t>() + 1;
  record.prev_hash = head.empty() ? domain::genesis_hash : head[0][1].as<std::string>();
  record.entity_type = action.entity_type;
  record.entity_id = action.entity_id;
  record.action = action.action;
  record.actor_id = action.actor_id;
  record.actor_role = "operator";
  record.occurred_at = record.recorded_at = now();
  record.detail_json = adapters::canonicalize_json(action.detail_json);
  adapters::seal(record);
  tx.exec_params(
      "INSERT INTO audit_log (chain, seq, entity_type, entity_id, event_id, action, actor_id, actor_role,"
      " status_before, status_after, occurred_at, recorded_at, detail, prev_hash, hash, canonical)"
      " VALUES ($1, $2, $3, $4, NULL, $5, $6, $7, NULL, NULL, $8, $9, $10::jsonb, $11, $12, $13)",
      record.chain, record.seq, record.entity_type, record.entity_id, record.action, record.actor_id, record.actor_role,
      timestamp_text(record.occurred_at), timestamp_text(record.recorded_at), record.detail_json, record.prev_hash,
      record.hash, record.canonical);
  return record;
}

}  // namespace vextrus::pg
