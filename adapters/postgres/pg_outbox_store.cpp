#include <array>
#include <map>
#include <pqxx/pqxx>

#include "adapters/postgres/dead_letter_row.hpp"
#include "adapters/postgres/lazy_connection.hpp"
#include "adapters/postgres/outbox_store.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "adapters/postgres/prepared.hpp"

namespace vextrus::pg {
namespace {

class PgOutboxStore final : public OutboxStore {
 public:
  PgOutboxStore(std::string dsn, std::string group) : connection_(std::move(dsn)), group_(std::move(group)) {}

  std::vector<OutboxAudit> pending_audit(const Owned& owned, std::size_t limit) override {
    return connection_.guarded([&] {
      pqxx::nontransaction tx(connection_.get());  // one statement: no BEGIN and COMMIT
      std::vector<OutboxAudit> out;
      const auto rows = exec_prepared_text(
          tx,
          "SELECT a.chain, a.seq, a.entity_id, a.canonical, a.hash, a.detail ->> 'traceparent' FROM relay_positions r" +
              standing_claims() +
              " JOIN LATERAL (SELECT chain, seq, entity_id, canonical, hash, detail FROM audit_log"
              "   WHERE chain = r.chain AND seq > r.audit_seq ORDER BY seq LIMIT $1) a ON true"
              " ORDER BY a.chain, a.seq",
          static_cast<std::int64_t>(limit), group_, chains_of(owned), epochs_of(owned));
      for (const auto& row : rows) {
        out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::string>(),
                       row[3].as<std::string>(), row[4].as<std::string>(), optional_text(row[5])});
      }
      return out;
    });
  }

  std::vector<OutboxDeadLetter> pending_dead_letters(const Owned& owned, std::size_t limit) override {
    return connection_.guarded([&] {
      pqxx::nontransaction tx(connection_.get());  // one statement: no BEGIN and COMMIT
      std::vector<OutboxDeadLetter> out;
      const auto rows = exec_prepared_text(
          tx,
          // The payload is read only as far as the published message can hold (64 KiB, plus one
          // byte to know it was cut), so a page of large dead letters stays small in memory.
          "SELECT r.chain, d.id, d.topic, d.partition, d.\"offset\", d.key, d.reason, d.detail,"
          " substring(d.payload FROM 1 FOR $5), " +
              micros_of("d.received_at") + " FROM relay_positions r" + standing_claims() +
              " JOIN LATERAL (SELECT * FROM dead_letters"
              "   WHERE topic = r.topic AND partition = r.partition AND id > r.dead_letter_id ORDER BY id LIMIT $1) d"
              " ON true ORDER BY d.id",
          static_cast<std::int64_t>(limit), group_, chains_of(owned), epochs_of(owned),
          static_cast<std::int64_t>(max_payload_bytes + 1));
      for (const auto& row : rows) {
        OutboxDeadLetter letter;
        letter.chain = row[0].as<std::string>();
        letter.id = row[1].as<std::int64_t>();
        letter.row = dead_letter_of(row, 2);
        out.push_back(std::move(letter));
      }
      return out;
    });
  }

  std::vector<OutboxNotification> pending_notifications(const Owned& owned, std::size_t limit) override {
    return connection_.guarded([&] {
      pqxx::nontransaction tx(connection_.get());  // one statement: no BEGIN and COMMIT
      std::vector<OutboxNotification> out;
      // Whole causes only: the page ends at a seq boundary (the last seq's group is complete
      // because it is bounded by the next seq, or the page is not full).
      const auto rows = exec_prepared_text(
          tx,
          "SELECT n.chain, n.seq, n.entity_id, n.message, n.traceparent FROM relay_positions r" + standing_claims() +
              " JOIN LATERAL (SELECT chain, seq, entity_id, message, traceparent FROM notifications"
              "   WHERE chain = r.chain AND seq > r.notification_seq"
              "     AND seq <= coalesce((SELECT seq FROM notifications WHERE chain = r.chain AND seq > "
              "r.notification_seq"
              "                          ORDER BY seq OFFSET $1 LIMIT 1), 9223372036854775807)"
              "   ORDER BY seq, notification_id) n ON true ORDER BY n.chain, n.seq",
          static_cast<std::int64_t>(limit), group_, chains_of(owned), epochs_of(owned));
      for (const auto& row : rows) {
        out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::string>(),
                       row[3].as<std::string>(), optional_text(row[4])});
      }
      return out;
    });
  }

  Backlog backlog(const Owned& owned) override {
    return connection_.guarded([&] {
      pqxx::nontransaction tx(connection_.get());  // one statement: no BEGIN and COMMIT
      const auto row = exec_prepared_text(
          tx,
          "SELECT coalesce(sum((SELECT max(seq) FROM audit_log WHERE chain = r.chain) - r.audit_seq), 0)::bigint,"
          " coalesce(sum((SELECT count(*) FROM notifications WHERE chain = r.chain AND seq > r.notification_seq)), "
          "0)::bigint,"
          " coalesce(sum((SELECT count(*) FROM dead_letters"
          "   WHERE topic = r.topic AND partition = r.partition AND id > r.dead_letter_id)), 0)::bigint"
          " FROM relay_positions r" +
              standing_claims(1),
          group_, chains_of(owned), epochs_of(owned));
      return Backlog{row[0][0].as<std::int64_t>(), row[0][1].as<std::int64_t>(), row[0][2].as<std::int64_t>()};
    });
  }

  void mark_relayed(const Progress& progress, const Owned& owned) override {
    // One statement for every chain and output kind (a round's progress had been a statement
    // per chain and kind: dozens of round trips). A kind a chain has no progress in reads 0.
    std::map<std::string, std::array<std::int64_t, 3>> positions;
    for (const auto& [chain, seq] : progress.audit_seq) positions[chain][0] = seq;
    for (const auto& [chain, id] : progress.dead_letter_id) positions[chain][1] = id;
    for (const auto& [chain, seq] : progress.notification_seq) positions[chain][2] = seq;
    std::vector<std::string> chains;
    std::vector<std::int64_t> epochs, audit_seqs, dead_letter_ids, notification_seqs;
    for (const auto& [chain, position] : positions) {
      const auto epoch = owned.find(chain);
      if (epoch == owned.end()) continue;
      chains.push_back(chain);
      epochs.push_back(epoch->second);
      audit_seqs.push_back(position[0]);
      dead_letter_ids.push_back(position[1]);
      notification_seqs.push_back(position[2]);
    }
    if (chains.empty()) return;
    connection_.guarded([&] {
      pqxx::nontransaction tx(connection_.get());  // one statement: its own transaction
      // GREATEST: a position never moves back, whoever relayed further.
      exec_prepared_text(
          tx,
          "UPDATE relay_positions r SET audit_seq = GREATEST(r.audit_seq, p.audit_seq),"
          " dead_letter_id = GREATEST(r.dead_letter_id, p.dead_letter_id),"
          " notification_seq = GREATEST(r.notification_seq, p.notification_seq)"
          " FROM unnest($2::text[], $3::bigint[], $4::bigint[], $5::bigint[], $6::bigint[])"
          "   AS p(chain, epoch, audit_seq, dead_letter_id, notification_seq)"
          " WHERE r.chain = p.chain AND EXISTS (SELECT 1 FROM partition_owners o"
          "   WHERE o.group_id = $1 AND o.topic = r.topic AND o.partition = r.partition AND o.epoch = p.epoch)",
          group_, text_array(chains), bigint_array(epochs), bigint_array(audit_seqs), bigint_array(dead_letter_ids),
          bigint_array(notification_seqs));
      return 0;
    });
  }

 private:
  // The relay positions of the owned chains whose claimed epoch is still the partition's
  // (parameters from $<first>: group, chains, their epochs).
  static std::string standing_claims(int first = 2) {
    const auto p = [first](int i) { return "$" + std::to_string(first + i); };
    return " JOIN unnest(" + p(1) + "::text[], " + p(2) +
           "::bigint[]) AS mine(chain, epoch) ON mine.chain = r.chain"
           " JOIN partition_owners o ON o.group_id = " +
           p(0) + " AND o.topic = r.topic AND o.partition = r.partition AND o.epoch = mine.epoch";
  }

  static std::optional<std::string> optional_text(const pqxx::field& field) {
    return field.is_null() ? std::nullopt : std::optional<std::string>(field.as<std::string>());
  }

  static std::string chains_of(const Owned& owned) {
    std::vector<std::string> chains;
    for (const auto& entry : owned) chains.push_back(entry.first);
    return text_array(chains);
  }
  static std::string epochs_of(const Owned& owned) {
    std::vector<std::int64_t> epochs;
    for (const auto& entry : owned) epochs.push_back(entry.second);
    return bigint_array(epochs);
  }

  LazyConnection connection_;
  std::string group_;
};

}  // namespace

std::unique_ptr<OutboxStore> make_pg_outbox_store(const std::string& dsn, const std::string& group) {
  return std::make_unique<PgOutboxStore>(dsn, group);
}

}  // namespace vextrus::pg
