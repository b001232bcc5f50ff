#include <algorithm>
#include <pqxx/pqxx>

#include "adapters/postgres/batch_rows.hpp"
#include "adapters/postgres/entity_rows.hpp"
#include "adapters/postgres/lazy_connection.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "adapters/postgres/prepared.hpp"

namespace vextrus::pg {
namespace {

using domain::PurchaseOrder;

// commit_partition_batch's SQLSTATEs: the partition is another epoch's, a key claim was lost.
constexpr const char* fenced_state = "VX001";
constexpr const char* lost_claim_state = "VX002";

// The message PostgreSQL raised, without libpq's "ERROR:  " and the lines of context after it.
std::string raised_message(const pqxx::sql_error& e) {
  std::string text = e.what();
  const std::string prefix = "ERROR:  ";
  if (text.rfind(prefix, 0) == 0) text.erase(0, prefix.size());
  return text.substr(0, text.find('\n'));
}

PurchaseOrder read_order(const pqxx::row& row) {
  PurchaseOrder order;
  order.po_id = row["po_id"].as<std::string>();
  const auto status = domain::parse_purchase_order_status(row["status"].as<std::string>());
  const auto total = domain::parse_money(row["total"].as<std::string>());
  if (!status || !total) {
    // Only this service writes the table; anything else is corruption, not something to guess.
    throw StoreError("purchase_orders row " + order.po_id + " has an unknown status or total");
  }
  order.status = *status;
  order.total = *total;
  order.department = row["department"].as<std::string>();
  order.vendor_id = row["vendor_id"].as<std::string>();
  order.requester_id = row["requester_id"].as<std::string>();
  order.budget_code = row["budget_code"].as<std::string>();
  const auto tiers = row["tiers"].as<std::string>();
  for (std::size_t start = 0; start < tiers.size();) {
    const auto comma = std::min(tiers.find(',', start), tiers.size());
    const auto role = domain::parse_role(tiers.substr(start, comma - start));
    if (!role) throw StoreError("purchase_orders row " + order.po_id + " has an unknown tier role");
    order.tiers.push_back(*role);
    start = comma + 1;
  }
  order.tiers_approved = row["tiers_approved"].as<int>();
  order.policy_id = row["policy_id"].as<std::string>();
  order.submitted_at = domain::Timestamp{row["submitted_us"].as<std::int64_t>()};
  if (!row["pending_us"].is_null()) order.pending_since = domain::Timestamp{row["pending_us"].as<std::int64_t>()};
  if (!row["decided_us"].is_null()) order.decided_at = domain::Timestamp{row["decided_us"].as<std::int64_t>()};
  return order;
}

std::unordered_map<std::string, PurchaseOrder> load_purchase_orders(pqxx::transaction_base& tx,
                                                                   const std::vector<std::string>& ids) {
  std::unordered_map<std::string, PurchaseOrder> out;
  const auto orders = exec_prepared_text(tx,
      "SELECT po_id, status, total::text AS total, department, vendor_id, requester_id, budget_code,"
      " array_to_string(tiers, ',') AS tiers, tiers_approved, policy_id, " +
          micros_of("submitted_at") + " AS submitted_us, " + micros_of("pending_since") + " AS pending_us, " +
          micros_of("decided_at") + " AS decided_us FROM purchase_orders WHERE po_id = ANY($1::text[])",
      text_array(ids));
  for (const auto& row : orders) {
    auto order = read_order(row);
    auto id = order.po_id;
    out.emplace(std::move(id), std::move(order));
  }
  return out;
}

class PgPartitionStore final : public PartitionStore {
 public:
  PgPartitionStore(std::string dsn, PartitionId id)
      : id_(std::move(id)), connection_(std::move(dsn), [](pqxx::connection& c) {
          pqxx::work tx(c);
          tx.exec("SET TIME ZONE 'UTC'");
          // Bound how long a process frozen inside a commit (SIGSTOP, a paused VM) can hold
          // what its partition's new owner waits for: its uncommitted rows (the new owner's
          // insert of the same audit record waits on them) and, at the end of a commit, the
          // share lock on the partition_owners row (the claim waits on it). A statement of a
          // batch commit takes milliseconds, a large one under load a few seconds; nothing of a
          // live commit is idle for long.
          tx.exec("SET statement_timeout = '20s'");
          tx.exec("SET idle_in_transaction_session_timeout = '10s'");
          tx.commit();
        }) {}

  std::int64_t claim(const std::string& owner) override {
    epoch_ = connection_.guarded([&] {
      pqxx::work tx(connection_.get());
      const auto epoch = tx.exec_params1(
          "INSERT INTO partition_owners (group_id, topic, partition, epoch, owner) VALUES ($1, $2, $3, 1, $4)"
          " ON CONFLICT (group_id, topic, partition) DO UPDATE"
          " SET epoch = partition_owners.epoch + 1, owner = EXCLUDED.owner, claimed_at = now()"
          " RETURNING epoch",
          id_.group, id_.topic, id_.partition, owner)[0].as<std::int64_t>();
      tx.commit();
      return epoch;
    });
    return epoch_;
  }

  std::optional<std::int64_t> committed_offset() override {
    return connection_.guarded([&] {
      pqxx::read_transaction tx(connection_.get());
      const auto rows = tx.exec_params(
          "SELECT next_offset FROM consumer_offsets WHERE group_id = $1 AND topic = $2 AND partition = $3",
          id_.group, id_.topic, id_.partition);
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
      // statements cannot see different states of these rows: only this worker writes them, on
      // this thread, and a new owner's writes fence it.
      pqxx::nontransaction tx(connection_.get());
      switch (workflow) {
        case domain::Workflow::purchase_order:
          for (auto& [id, order] : load_purchase_orders(tx, ids)) out[id].state = std::move(order);
          break;
        case domain::Workflow::invoice:
          for (auto& [id, invoice] : load_invoices(tx, ids)) out[id].state = std::move(invoice);
          break;
        case domain::Workflow::onboarding:
          for (auto& [id, onboarding] : load_onboardings(tx, ids)) out[id].state = std::move(onboarding);
          break;
      }
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
      // timers_due index.
      const std::string from = after ? timestamp_text(*after) : "-infinity";
      const auto rows = exec_prepared_text(tx,
          "SELECT entity_id, kind, step, " + micros_of("due_at") +
              " FROM timers WHERE topic = $1 AND partition = $2 AND due_at > $3::timestamptz"
              " AND due_at <= COALESCE((SELECT due_at FROM timers WHERE topic = $1 AND partition = $2"
              " AND due_at > $3::timestamptz ORDER BY due_at OFFSET $4 LIMIT 1), 'infinity')"
              " ORDER BY due_at",
          id_.topic, id_.partition, from, static_cast<std::int64_t>(std::max<std::size_t>(limit, 1) - 1));
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
      return tx.exec_params1("SELECT count(*) FROM timers WHERE topic = $1 AND partition = $2", id_.topic,
                             id_.partition)[0]
          .as<std::int64_t>();
    });
  }

  // One statement, outside an explicit transaction: commit_partition_batch writes everything in
  // the statement's own transaction, so a commit is one round trip (migration 010).
  CommitResult commit(const BatchCommit& batch) override {
    static const std::string statement =
        "SELECT commit_partition_batch($1, $2, $3, $4, $5, $6, $7::json, $8::json, $9::json, $10::json, $11::json,"
        " $12::text[], $13::text[], $14::text[], $15::json, $16, $17::text[], $18::timestamptz[], $19::json,"
        " $20::json)";
    std::vector<PurchaseOrder> orders;
    std::vector<domain::Invoice> invoices;
    std::vector<domain::Onboarding> onboardings;
    for (const auto& entity : batch.entities) {
      if (const auto* order = std::get_if<PurchaseOrder>(&entity)) orders.push_back(*order);
      else if (const auto* invoice = std::get_if<domain::Invoice>(&entity)) invoices.push_back(*invoice);
      else onboardings.push_back(std::get<domain::Onboarding>(entity));
    }
    // Encoded once, before the round trip (and outside the retry of a lost connection).
    const auto audit = audit_rows(batch.audit);
    const auto order_rows = purchase_order_rows(orders);
    const auto invoice = invoice_rows(invoices);
    const auto onboarding = onboarding_rows(onboardings);
    const auto claims = key_claims(batch.invoice_key_claims);
    const auto dead_letters = dead_letter_rows(batch.dead_letters);
    const auto replaced = replaced_timers(batch.timers);
    const auto timers = timer_rows(id_.topic, id_.partition, batch.timers);
    const auto notifications = notification_rows(batch.notifications);
    const auto expected_offset =
        batch.expected_offset ? std::optional<std::string>(std::to_string(*batch.expected_offset)) : std::nullopt;
    return connection_.guarded([&] {
      pqxx::nontransaction tx(connection_.get());
      try {
        const auto removed = exec_prepared_text(tx, statement, id_.group, id_.topic, id_.partition, epoch_,
                                                expected_offset, batch.next_offset, audit, order_rows, invoice,
                                                onboarding.onboardings, onboarding.tasks, claims.vendors,
                                                claims.numbers, claims.invoices, dead_letters, replaced.entity_type,
                                                replaced.entity_ids, replaced.up_to, timers.rows, notifications)[0][0]
                                 .as<std::int64_t>();
        CommitResult result;
        result.timers_delta = timers.count - removed;
        return result;
      } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() == fenced_state) throw Fenced(raised_message(e));
        if (e.sqlstate() == lost_claim_state) throw StoreError(raised_message(e));
        throw;
      }
    });
  }

 private:
  PartitionId id_;
  std::int64_t epoch_ = 0;  // claimed by claim(); 0: not claimed, every commit is fenced
  LazyConnection connection_;
};

}  // namespace

std::unique_ptr<PartitionStore> make_pg_partition_store(const std::string& dsn, PartitionId id) {
  return std::make_unique<PgPartitionStore>(dsn, std::move(id));
}

}  // namespace vextrus::pg
