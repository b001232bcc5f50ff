#include <pqxx/pqxx>

#include "adapters/postgres/lazy_connection.hpp"
#include "adapters/postgres/outbox_store.hpp"
#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {
namespace {

class PgOutboxStore final : public OutboxStore {
 public:
  explicit PgOutboxStore(std::string dsn) : connection_(std::move(dsn)) {}

  std::vector<OutboxAudit> pending_audit(const std::vector<std::string>& chains, std::size_t limit) override {
    return connection_.guarded([&] {
      pqxx::read_transaction tx(connection_.get());
      std::vector<OutboxAudit> out;
      const auto rows = tx.exec_params(
          "SELECT a.chain, a.seq, a.entity_id, a.canonical, a.hash FROM relay_positions r"
          " JOIN LATERAL (SELECT chain, seq, entity_id, canonical, hash FROM audit_log"
          "   WHERE chain = r.chain AND seq > r.audit_seq ORDER BY seq LIMIT $1) a ON true"
          " WHERE r.chain = ANY($2::text[]) ORDER BY a.chain, a.seq",
          static_cast<std::int64_t>(limit), text_array(chains));
      for (const auto& row : rows) {
        out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::string>(),
                       row[3].as<std::string>(), row[4].as<std::string>()});
      }
      return out;
    });
  }

  std::vector<OutboxDeadLetter> pending_dead_letters(const std::vector<std::string>& chains,
                                                     std::size_t limit) override {
    return connection_.guarded([&] {
      pqxx::read_transaction tx(connection_.get());
      std::vector<OutboxDeadLetter> out;
      const auto rows = tx.exec_params(
          // The payload is read only as far as the published message can hold (64 KiB, plus one
          // byte to know it was cut), so a page of large dead letters stays small in memory.
          "SELECT r.chain, d.id, d.topic, d.partition, d.\"offset\", d.key, d.reason, d.detail,"
          " substring(d.payload FROM 1 FOR $2), " +
              micros_of("d.received_at") +
              " FROM relay_positions r JOIN LATERAL (SELECT * FROM dead_letters"
              "   WHERE topic = r.topic AND partition = r.partition AND id > r.dead_letter_id ORDER BY id LIMIT $1) d"
              " ON true WHERE r.chain = ANY($3::text[]) ORDER BY d.id",
          static_cast<std::int64_t>(limit), static_cast<std::int64_t>(max_payload_bytes + 1), text_array(chains));
      for (const auto& row : rows) {
        OutboxDeadLetter letter;
        letter.chain = row[0].as<std::string>();
        letter.id = row[1].as<std::int64_t>();
        letter.row.topic = row[2].as<std::string>();
        letter.row.partition = row[3].as<std::int32_t>();
        letter.row.offset = row[4].as<std::int64_t>();
        if (!row[5].is_null()) letter.row.key = from_bytea_hex(row[5].as<std::string>());
        letter.row.reason = row[6].as<std::string>();
        letter.row.detail = row[7].as<std::string>();
        letter.row.payload = from_bytea_hex(row[8].as<std::string>());
        letter.row.received_at = domain::Timestamp{row[9].as<std::int64_t>()};
        out.push_back(std::move(letter));
      }
      return out;
    });
  }

  std::vector<OutboxNotification> pending_notifications(const std::vector<std::string>& chains,
                                                        std::size_t limit) override {
    return connection_.guarded([&] {
      pqxx::read_transaction tx(connection_.get());
      std::vector<OutboxNotification> out;
      // Whole causes only: the page ends at a seq boundary (the last seq's group is complete
      // because it is bounded by the next seq, or the page is not full).
      const auto rows = tx.exec_params(
          "SELECT n.chain, n.seq, n.entity_id, n.message FROM relay_positions r"
          " JOIN LATERAL (SELECT chain, seq, entity_id, message FROM notifications"
          "   WHERE chain = r.chain AND seq > r.notification_seq"
          "     AND seq <= coalesce((SELECT seq FROM notifications WHERE chain = r.chain AND seq > r.notification_seq"
          "                          ORDER BY seq OFFSET $1 LIMIT 1), 9223372036854775807)"
          "   ORDER BY seq, notification_id) n ON true WHERE r.chain = ANY($2::text[]) ORDER BY n.chain, n.seq",
          static_cast<std::int64_t>(limit), text_array(chains));
      for (const auto& row : rows) {
        out.push_back({row[0].as<std::string>(), row[1].as<std::int64_t>(), row[2].as<std::string>(),
                       row[3].as<std::string>()});
      }
      return out;
    });
  }

  void mark_relayed(const Progress& progress) override {
    connection_.guarded([&] {
      pqxx::work tx(connection_.get());
      for (const auto& [chain, seq] : progress.audit_seq) {
        tx.exec_params("UPDATE relay_positions SET audit_seq = GREATEST(audit_seq, $2) WHERE chain = $1", chain, seq);
      }
      for (const auto& [chain, id] : progress.dead_letter_id) {
        tx.exec_params("UPDATE relay_positions SET dead_letter_id = GREATEST(dead_letter_id, $2) WHERE chain = $1",
                       chain, id);
      }
      for (const auto& [chain, seq] : progress.notification_seq) {
        tx.exec_params("UPDATE relay_positions SET notification_seq = GREATEST(notification_seq, $2) WHERE chain = $1",
                       chain, seq);
      }
      tx.commit();
      return 0;
    });
  }

 private:
  LazyConnection connection_;
};

}  // namespace

std::unique_ptr<OutboxStore> make_pg_outbox_store(const std::string& dsn) {
  return std::make_unique<PgOutboxStore>(dsn);
}

}  // namespace vextrus::pg
