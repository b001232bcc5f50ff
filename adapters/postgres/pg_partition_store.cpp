#include <algorithm>
#include <array>
#include <map>
#include <pqxx/pqxx>

#include "adapters/postgres/bulk_rows.hpp"
#include "adapters/postgres/copy_row.hpp"
#include "adapters/postgres/entity_rows.hpp"
#include "adapters/postgres/json_rows.hpp"
#include "adapters/postgres/lazy_connection.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "adapters/postgres/prepared.hpp"
#include "adapters/postgres/timer_delete.hpp"
#include "adapters/postgres/worker_session.hpp"
#include "adapters/postgres/workflow_rows.hpp"
#include "adapters/postgres/write_statement.hpp"

namespace vextrus::pg {
namespace {

const std::vector<std::string> timer_columns{"topic", "partition", "entity_type", "entity_id",
                                             "kind",  "step",      "due_at"};
const std::vector<std::string> notification_columns{"notification_id", "chain",     "seq",        "type",
                                                    "entity_type",     "entity_id", "to_role",    "at",
                                                    "detail",          "message",   "traceparent"};

const std::vector<std::string> audit_columns{
    "chain",         "seq",          "entity_type", "entity_id",   "event_id", "action",    "actor_id", "actor_role",
    "status_before", "status_after", "occurred_at", "recorded_at", "detail",   "prev_hash", "hash",     "canonical"};

const std::vector<std::string> dead_letter_columns{"topic",  "partition", "\"offset\"", "key",
                                                   "reason", "detail",    "payload",    "received_at"};

class PgPartitionStore final : public PartitionStore {
 public:
  PgPartitionStore(std::string dsn, PartitionId id)
      : id_(std::move(id)), connection_(std::move(dsn), configure_worker_session) {}

  std::int64_t claim(const std::string& owner) override {
    epoch_ = connection_.guarded([&] {
      pqxx::work tx(connection_.get());
      const auto epoch =
          tx.exec_params1(
                "INSERT INTO partition_owners (group_id, topic, partition, epoch, owner) VALUES ($1, $2, $3, 1, $4)"
                " ON CONFLICT (group_id, topic, partition) DO UPDATE"
                " SET epoch = partition_owners.epoch + 1, owner = EXCLUDED.owner, claimed_at = now()"
                " RETURNING epoch",
                id_.group, id_.topic, id_.partition, owner)[0]
              .as<std::int64_t>();
      tx.commit();
      return epoch;
    });
    return epoch_;
  }

  std::optional<std::int64_t> committed_offset() override {
    return connection_.guarded([&] {
      pqxx::read_transaction tx(connection_.get());
      const auto rows = tx.exec_params(
          "SELECT next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3", id_.group,
          id_.topic, id_.partition);
      if (rows.empty()) return std::optional<std::int64_t>();
      return std::optional<std::int64_t>(rows[0][0].as<std::int64_t>());
    });
  }

  ChainHead chain_head() override {
    return connection_.guarded([&] {
      pqxx::work tx(connection_.get());
      tx.exec_params("INSERT INTO relay_positions (chain, topic, partition) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                     id_.chain(), id_.topic, id_.partition);
      const auto rows =
          tx.exec_params("SELECT seq, hash FROM audit_log WHERE chain = $1 ORDER BY seq DESC LIMIT 1", id_.chain());
      tx.commit();
      ChainHead head;
      if (!rows.empty()) {
        head.seq = rows[0][0].as<std::int64_t>();
        head.hash = rows[0][1].as<std::string>();
      }
      return head;
    });
  }

  std::unordered_map<std::string, StoredEntity> load_entities(domain::Workflow workflow,
                                                              const std::vector<std::string>& ids) override {
    return connection_.guarded([&] {
      std::unordered_map<std::string, StoredEntity> out;
      if (ids.empty()) return out;
      // Outside a transaction (each statement its own): no BEGIN and COMMIT round trips. The
      // statements cannot see different states of these rows: only this partition's worker
      // writes them, on this thread, and a new owner's writes fence it.
      pqxx::nontransaction tx(connection_.get());
      rows_of(workflow).load(tx, ids, out);
      const auto events = exec_prepared_text(tx,
                                             "SELECT entity_id, event_id FROM audit_log WHERE entity_type = $1"
                                             " AND entity_id = ANY($2::text[]) AND event_id IS NOT NULL",
                                             std::string(domain::name(workflow)), text_array(ids));
      for (const auto& row : events) {
        out[row[0].as<std::string>()].accepted_event_ids.push_back(row[1].as<std::string>());
      }
      return out;
    });
  }

  InvoiceFacts invoice_facts(const std::vector<InvoiceKey>& keys, const std::vector<std::string>& po_ids) override {
    return connection_.guarded([&] {
      InvoiceFacts facts;
      if (keys.empty() && po_ids.empty()) return facts;
      // Outside a transaction, as load_entities: the two reads need no common snapshot (the
      // commit claims the keys again, and a linked order is read as it stands).
      pqxx::nontransaction tx(connection_.get());
      facts.key_owners = invoice_key_owners(tx, keys);
      facts.orders = linked_orders(tx, po_ids);
      return facts;
    });
  }

  TimerPage load_timers(std::optional<domain::Timestamp> after, std::size_t limit) override {
    return connection_.guarded([&] {
      pqxx::nontransaction tx(connection_.get());  // one statement: no BEGIN and COMMIT round trips
      // The window ends at the due time of the limit-th timer, ties included; served by the
      // timers_due_by_partition index, whose expression names the partition (migration 010).
      const std::string from = after ? timestamp_text(*after) : "-infinity";
      const auto rows = exec_prepared_text(
          tx,
          "SELECT entity_id, kind, step, " + micros_of("due_at") +
              " FROM timers WHERE topic || '/' || partition::text = $1 AND due_at > $2::timestamptz"
              " AND due_at <= COALESCE((SELECT due_at FROM timers WHERE topic || '/' || partition::text = $1"
              " AND due_at > $2::timestamptz ORDER BY due_at OFFSET $3 LIMIT 1), 'infinity')"
              " ORDER BY due_at",
          id_.topic + "/" + std::to_string(id_.partition), from,
          static_cast<std::int64_t>(std::max<std::size_t>(limit, 1) - 1));
      TimerPage page;
      page.complete = rows.size() < limit;
      for (const auto& row : rows) {
        StoredTimer timer;
        timer.entity_id = row[0].as<std::string>();
        const auto kind = row[1].as<std::string>();
        const auto parsed = domain::parse_deadline_kind(kind);
        if (!parsed) throw StoreError("timers row of " + timer.entity_id + " has an unknown kind " + kind);
        timer.deadline.kind = *parsed;
        timer.deadline.step = row[2].as<int>();
        timer.deadline.due_at = domain::Timestamp{row[3].as<std::int64_t>()};
        page.timers.push_back(std::move(timer));
      }
      return page;
    });
  }

  std::int64_t count_timers() override {
    return connection_.guarded([&] {
      pqxx::read_transaction tx(connection_.get());
      return tx
          .exec_params1("SELECT count(*) FROM timers WHERE topic = $1 AND partition = $2", id_.topic, id_.partition)[0]
          .as<std::int64_t>();
    });
  }

  CommitResult commit(const BatchCommit& batch) override {
    return connection_.guarded(
        [&] { return in_one_statement(batch) ? commit_statement(batch) : commit_transaction(batch); });
  }

 private:
  struct TimerWrites {
    std::int64_t delta = 0;                        // rows added, less those a statement already run deleted
    std::optional<WriteStatement::Part> deletion;  // the rows this part of the commit's statement deletes
  };

  // The commit's writes, but for the invoice-key claims and dead letters: its one statement
  // (write_statement.hpp), and, for a table of many rows, a COPY run in `tx` at once.
  struct Writes {
    WriteStatement statement;
    TimerWrites timers;
    WriteStatement::Part offset = 0;

    CommitResult result(const std::vector<std::int64_t>& written) const {
      CommitResult out;
      out.timers_delta = timers.delta - (timers.deletion ? written[*timers.deletion] : std::int64_t{0});
      return out;
    }
  };

  Writes writes_of(pqxx::transaction_base& tx, const BatchCommit& batch) {
    Writes writes;
    write_audit(tx, writes.statement, batch.audit);
    write_entities(writes.statement, batch.entities);
    writes.timers = replace_timers(tx, writes.statement, batch.timers);
    write_notifications(tx, writes.statement, batch.notifications);
    writes.offset = store_offset(writes.statement, batch);
    return writes;
  }

  // A commit with nothing to claim, no dead letter and no table of many rows (most of them under
  // a live load) is its statement alone, sent outside a transaction block: one round trip where
  // BEGIN and COMMIT made three. Being committed when it returns, the statement fails itself
  // when fenced.
  static bool in_one_statement(const BatchCommit& batch) {
    return batch.invoice_key_claims.empty() && batch.dead_letters.empty() && !BulkRows::by_copy(batch.audit.size()) &&
           !BulkRows::by_copy(batch.notifications.size()) && !BulkRows::by_copy(timer_rows(batch.timers));
  }

  static std::size_t timer_rows(const std::vector<EntityTimers>& timers) {
    std::size_t rows = 0;
    for (const auto& t : timers) rows += t.deadlines.size();
    return rows;
  }

  CommitResult commit_statement(const BatchCommit& batch) {
    std::optional<CommitResult> result;
    {
      pqxx::nontransaction tx(connection_.get());
      auto writes = writes_of(tx, batch);
      writes.statement.expect_rows(writes.offset, 1);
      try {
        result = writes.result(writes.statement.run(tx));
      } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() != WriteStatement::unexpected_rows) throw;
      }
    }
    if (result) return *result;
    pqxx::read_transaction tx(connection_.get());
    throw fenced(tx);
  }

  // Statements of their own first: the claims' second read must see the keys another transaction
  // committed while the first waited, and COPY cannot be part of a statement.
  CommitResult commit_transaction(const BatchCommit& batch) {
    pqxx::work tx(connection_.get());
    claim_keys(tx, batch.invoice_key_claims);
    copy_dead_letters(tx, batch.dead_letters);
    const auto writes = writes_of(tx, batch);
    const auto written = writes.statement.run(tx);
    if (written[writes.offset] != 1) throw fenced(tx);
    tx.commit();
    return writes.result(written);
  }

  // The offset, written only while this store's epoch is still the partition's: the share lock
  // on the partition_owners row makes a claim by another process wait for this transaction, and
  // this transaction find no row once a claim took over. Taken by the last part of the commit's
  // statement, so that a process frozen earlier in its transaction does not make the new owner's
  // claim wait.
  WriteStatement::Part store_offset(WriteStatement& writes, const BatchCommit& batch) {
    static const std::string owned =
        "WITH owned AS (SELECT 1 FROM partition_owners WHERE group_id = $1 AND topic = $2 AND partition = $3"
        " AND epoch = $5 FOR SHARE) ";
    std::vector<std::string> params{id_.group, id_.topic, std::to_string(id_.partition),
                                    std::to_string(batch.next_offset), std::to_string(epoch_)};
    if (!batch.expected_offset) {
      return writes.add(owned +
                            "INSERT INTO consumer_offsets (group_id, topic, partition, next_offset)"
                            " SELECT $1, $2, $3::integer, $4::bigint WHERE EXISTS (SELECT 1 FROM owned) RETURNING 1",
                        std::move(params));
    }
    params.push_back(std::to_string(*batch.expected_offset));
    return writes.add(owned +
                          "UPDATE consumer_offsets SET next_offset = $4, updated_at = now()"
                          " WHERE group_id = $1 AND topic = $2 AND partition = $3 AND next_offset = $6"
                          " AND EXISTS (SELECT 1 FROM owned) RETURNING 1",
                      std::move(params));
  }

  // Who holds the partition now, for the commit that found it is no longer this store's.
  Fenced fenced(pqxx::transaction_base& tx) {
    const auto now = tx.exec_params(
        "SELECT epoch, owner FROM partition_owners WHERE group_id = $1 AND topic = $2 AND partition = $3", id_.group,
        id_.topic, id_.partition);
    return Fenced(id_.chain() + " is owned by " + (now.empty() ? std::string("nobody") : now[0][1].as<std::string>()) +
                  " since epoch " + (now.empty() ? std::string("0") : now[0][0].as<std::string>()) +
                  " (this process holds epoch " + std::to_string(epoch_) + "); its commit is dropped");
  }

  void write_audit(pqxx::transaction_base& tx, WriteStatement& writes,
                   const std::vector<domain::AuditRecord>& records) {
    if (records.empty()) return;
    BulkRows rows(tx, "audit_log", audit_columns, records.size());
    for (const auto& r : records) {
      rows.add(r.chain)
          .add(r.seq)
          .add(r.entity_type)
          .add(r.entity_id)
          .add(r.event_id)
          .add(r.action)
          .add(r.actor_id)
          .add(r.actor_role)
          .add(r.status_before)
          .add(r.status_after)
          .add(timestamp_text(r.occurred_at))
          .add(timestamp_text(r.recorded_at))
          .add_json(r.detail_json)
          .add(r.prev_hash)
          .add(r.hash)
          .add(r.canonical);
      rows.end_row();
    }
    rows.complete(writes);
  }

  // A worker's partition carries one workflow, but a batch's states say which rows they are.
  void write_entities(WriteStatement& writes, const std::vector<domain::EntityState>& entities) {
    std::map<domain::Workflow, std::vector<const domain::EntityState*>> by_workflow;
    for (const auto& entity : entities) by_workflow[workflow_of(entity)].push_back(&entity);
    for (const auto& [workflow, states] : by_workflow) rows_of(workflow).upsert(writes, states);
  }

  // A lost claim means another invoice with the same vendor and number was committed since the
  // batch was decided (on another partition or process): fail, so the batch is decided again
  // and sees it.
  void claim_keys(pqxx::work& tx, const std::vector<std::pair<InvoiceKey, std::string>>& claims) {
    const auto lost = claim_invoice_keys(tx, claims);
    if (!lost.empty()) {
      throw StoreError("invoice " + lost.front().second +
                       " lost its vendor and invoice number to another invoice"
                       " committed meanwhile; deciding the batch again");
    }
  }

  void copy_dead_letters(pqxx::work& tx, const std::vector<domain::DeadLetter>& rows) {
    if (rows.empty()) return;
    CopyWriter copy(tx, "dead_letters", dead_letter_columns);
    for (const auto& d : rows) {
      copy.row()
          .add(d.topic)
          .add(d.partition)
          .add(d.offset)
          .add(d.key ? std::optional<std::string>(bytea_hex(*d.key)) : std::nullopt)
          .add(d.reason)
          .add(d.detail)
          .add(bytea_hex(d.payload))
          .add(timestamp_text(d.received_at));
      copy.end_row();
    }
    copy.complete();
  }

  // Replaces the stored timers of the entities in `timers`. A few new rows go in the commit's
  // statement after its deletion of the old ones (the same keys may come back); many go by COPY,
  // after a deletion run first.
  TimerWrites replace_timers(pqxx::transaction_base& tx, WriteStatement& writes,
                             const std::vector<EntityTimers>& timers) {
    TimerWrites out;
    if (timers.empty()) return out;
    std::vector<TimerRemoval> removals;
    for (const auto& t : timers) removals.push_back({t.entity_id, t.up_to ? timestamp_text(*t.up_to) : "infinity"});
    const auto added = timer_rows(timers);
    out.delta = static_cast<std::int64_t>(added);
    const auto& entity_type = timers.front().entity_type;
    if (BulkRows::by_copy(added)) {
      WriteStatement first;
      const auto part = delete_entity_timers(first, id_, entity_type, removals);
      out.delta -= first.run(tx)[part];
    } else {
      out.deletion = delete_entity_timers(writes, id_, entity_type, removals);
    }
    if (added == 0) return out;  // only removals (an entity's workflow ended)
    BulkRows rows(tx, "timers", timer_columns, added);
    for (const auto& t : timers) {
      for (const auto& d : t.deadlines) {
        rows.add(id_.topic)
            .add(id_.partition)
            .add(t.entity_type)
            .add(t.entity_id)
            .add(std::string(domain::name(d.kind)))
            .add(d.step)
            .add(timestamp_text(d.due_at));
        rows.end_row();
      }
    }
    rows.complete(writes, out.deletion ? writes.completed(*out.deletion) : "");
    return out;
  }

  void write_notifications(pqxx::transaction_base& tx, WriteStatement& writes,
                           const std::vector<NotificationRow>& notifications) {
    if (notifications.empty()) return;
    BulkRows rows(tx, "notifications", notification_columns, notifications.size());
    for (const auto& n : notifications) {
      rows.add(n.notification_id)
          .add(n.chain)
          .add(n.seq)
          .add(n.type)
          .add(n.entity_type)
          .add(n.entity_id)
          .add(n.to_role)
          .add(timestamp_text(n.at))
          .add_json(n.detail_json)
          .add(n.message)
          .add(n.traceparent);
      rows.end_row();
    }
    rows.complete(writes);
  }

  PartitionId id_;
  std::int64_t epoch_ = 0;  // claimed by claim(); 0: not claimed, every commit is fenced
  LazyConnection connection_;
};

}  // namespace

std::unique_ptr<PartitionStore> make_pg_partition_store(const std::string& dsn, PartitionId id) {
  return std::make_unique<PgPartitionStore>(dsn, std::move(id));
}

}  // namespace vextrus::pg
