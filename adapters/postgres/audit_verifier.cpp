#include "adapters/postgres/audit_verifier.hpp"

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <vector>

#include "adapters/json/audit_codec.hpp"
#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {
namespace {

constexpr int fetch_size = 10'000;

std::optional<std::string> optional_text(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<std::string>();
}

domain::AuditRecord read_record(const pqxx::row& row) {
  domain::AuditRecord r;
  r.chain = row[0].as<std::string>();
  r.seq = row[1].as<std::int64_t>();
  r.entity_type = row[2].as<std::string>();
  r.entity_id = row[3].as<std::string>();
  r.event_id = optional_text(row[4]);
  r.action = row[5].as<std::string>();
  r.actor_id = optional_text(row[6]);
  r.actor_role = optional_text(row[7]);
  r.status_before = optional_text(row[8]);
  r.status_after = optional_text(row[9]);
  r.occurred_at = domain::Timestamp{row[10].as<std::int64_t>()};
  r.recorded_at = domain::Timestamp{row[11].as<std::int64_t>()};
  r.detail_json = adapters::canonicalize_json(row[12].as<std::string>());
  r.prev_hash = row[13].as<std::string>();
  r.hash = row[14].as<std::string>();
  r.canonical = row[15].as<std::string>();
  return r;
}

std::optional<ChainBreak> check(const domain::AuditRecord& r, std::int64_t expected_seq,
                                const std::string& expected_prev) {
  if (r.seq != expected_seq) {
    return ChainBreak{r.chain, r.seq, std::to_string(expected_seq), std::to_string(r.seq),
                      "a record is missing or out of order (seq)"};
  }
  if (r.prev_hash != expected_prev) {
    return ChainBreak{r.chain, r.seq, expected_prev, r.prev_hash, "prev_hash differs from the previous record's hash"};
  }
  const std::string rebuilt = adapters::canonical_record(r);
  const std::string expected_hash = adapters::sha256_hex(r.prev_hash + rebuilt);
  if (rebuilt != r.canonical) {
    return ChainBreak{r.chain, r.seq, expected_hash, r.hash, "the columns differ from the hashed canonical text"};
  }
  if (expected_hash != r.hash) {
    return ChainBreak{r.chain, r.seq, expected_hash, r.hash, "hash differs from SHA-256(prev_hash + canonical)"};
  }
  return std::nullopt;
}

}  // namespace

VerifyResult verify_audit(const std::string& dsn, const std::function<void(std::int64_t)>& progress) {
  VerifyResult result;
  pqxx::connection connection(dsn);
  pqxx::work tx(connection);
  tx.exec("SET TIME ZONE 'UTC'");
  tx.exec(
      "DECLARE audit_cursor NO SCROLL CURSOR FOR SELECT chain, seq, entity_type, entity_id, event_id, action,"
      " actor_id, actor_role, status_before, status_after, " +
      micros_of("occurred_at") + ", " + micros_of("recorded_at") +
      ", detail::text, prev_hash, hash, canonical FROM audit_log ORDER BY chain, seq");
  std::string chain;
  std::int64_t expected_seq = 1;
  std::string expected_prev = domain::genesis_hash;
  for (;;) {
    const auto rows = tx.exec("FETCH " + std::to_string(fetch_size) + " FROM audit_cursor");
    if (rows.empty()) break;
    for (const auto& row : rows) {
      const auto record = read_record(row);
      if (record.chain != chain) {
        chain = record.chain;
        ++result.chains;
        expected_seq = 1;
        expected_prev = domain::genesis_hash;
      }
      ++result.records;
      if (auto broken = check(record, expected_seq, expected_prev)) {
        result.first_break = std::move(broken);
        return result;
      }
      expected_seq = record.seq + 1;
      expected_prev = record.hash;
      if (progress && result.records % 100'000 == 0) progress(result.records);
    }
  }
  return result;
}

void record_verification(const std::string& dsn, const VerifyResult& result, const std::string& by) {
  pqxx::connection connection(dsn);
  pqxx::work tx(connection);
  std::optional<std::string> first_break;
  if (result.first_break) {
    const auto& b = *result.first_break;
    first_break = nlohmann::json{{"chain", b.chain}, {"seq", b.seq}, {"expected", b.expected}, {"found", b.found}}.dump(
        -1, ' ', false, nlohmann::json::error_handler_t::replace);
  }
  tx.exec_params(
      "INSERT INTO audit_verifications (verified_by, ok, chains, records, first_break)"
      " VALUES ($1, $2, $3, $4, $5::jsonb)",
      by, result.ok(), result.chains, result.records, first_break);
  tx.commit();
}

std::optional<ChainBreak> check_published_heads(const std::string& dsn,
                                                const std::map<std::string, PublishedHead>& heads) {
  if (heads.empty()) return std::nullopt;
  std::vector<std::string> chains, seqs;
  for (const auto& [chain, head] : heads) {
    chains.push_back(chain);
    seqs.push_back(std::to_string(head.seq));
  }
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  const auto rows = tx.exec_params(
      "SELECT h.chain, a.hash, (SELECT max(m.seq) FROM audit_log m WHERE m.chain = h.chain)"
      " FROM unnest($1::text[], $2::bigint[]) AS h(chain, seq)"
      " LEFT JOIN audit_log a ON a.chain = h.chain AND a.seq = h.seq ORDER BY h.chain",
      text_array(chains), text_array(seqs));
  for (const auto& row : rows) {
    const auto chain = row[0].as<std::string>();
    const auto& head = heads.at(chain);
    if (row[1].is_null()) {
      const std::string last = row[2].is_null() ? "no record" : "seq " + row[2].as<std::string>();
      return ChainBreak{chain, head.seq, head.hash, "PostgreSQL's chain ends at " + last,
                        "the chain's tail is missing: vextrus.audit has records PostgreSQL lacks"};
    }
    if (row[1].as<std::string>() != head.hash) {
      return ChainBreak{chain, head.seq, head.hash, row[1].as<std::string>(),
                        "the chain was rewritten: its record differs from the one published on vextrus.audit"};
    }
  }
  return std::nullopt;
}

}  // namespace vextrus::pg
