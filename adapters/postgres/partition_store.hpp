#pragma once
// The port through which a partition worker reads and commits its partition's state. One
// instance per partition worker, used only by that worker's thread. Implementations: PostgreSQL
// (pg_partition_store.cpp) and an in-memory fake in the actor tests.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/health/problem.hpp"
#include "domain/audit_record.hpp"
#include "domain/dead_letter.hpp"
#include "domain/decision.hpp"
#include "domain/entity.hpp"

namespace vextrus::pg {

struct PartitionId {
  std::string group;
  std::string topic;
  std::int32_t partition = 0;
  std::string chain() const { return topic + "/" + std::to_string(partition); }
};

struct ChainHead {
  std::int64_t seq = 0;
  std::string hash = domain::genesis_hash;
};

// What an entity actor needs to resume: its projection (if it was ever created) and the ids of
// the events already accepted for it, applied or refused.
struct StoredEntity {
  std::optional<domain::EntityState> state;
  std::vector<std::string> accepted_event_ids;
};

// (vendor id, invoice number): unique across all invoices (docs/events.md, invoice.received).
using InvoiceKey = std::pair<std::string, std::string>;

// What invoices received in a batch are checked against, as committed.
struct InvoiceFacts {
  std::map<InvoiceKey, std::string> key_owners;  // the invoice that claimed each key first
  std::unordered_map<std::string, domain::LinkedOrder> orders;  // by po_id, those that exist
};

struct StoredTimer {
  std::string entity_id;
  domain::Deadline deadline;
};

// An entity's pending deadlines after the batch (empty: none left): the complete set, or, when
// `up_to` is set, those due up to then (the stored ones due later are kept).
struct EntityTimers {
  std::string entity_type;
  std::string entity_id;
  std::vector<domain::Deadline> deadlines;
  std::optional<domain::Timestamp> up_to;
};

// The earliest stored timers of a partition after some due time.
struct TimerPage {
  std::vector<StoredTimer> timers;  // in due order
  bool complete = false;            // no stored timer is due after the last of them
};

struct CommitResult {
  std::int64_t timers_delta = 0;  // stored timers added minus removed
};

struct NotificationRow {
  std::string notification_id;
  std::string chain;
  std::int64_t seq = 0;  // of the audit record that caused it
  std::string type;
  std::string entity_type;
  std::string entity_id;
  std::string to_role;
  domain::Timestamp at;
  std::string detail_json;
  std::string message;  // the value to publish
  std::optional<std::string> traceparent;  // of the input message that caused it
};

struct BatchCommit {
  std::optional<std::int64_t> expected_offset;  // what the store holds now; nullopt: nothing yet
  std::int64_t next_offset = 0;
  std::vector<domain::AuditRecord> audit;                // sealed, in chain order
  std::vector<domain::EntityState> entities;            // latest state per entity that changed
  // Keys of invoices received in the batch, for the invoice that claims each; the commit fails
  // (and is decided again) when another invoice claimed one first.
  std::vector<std::pair<InvoiceKey, std::string>> invoice_key_claims;
  std::vector<domain::DeadLetter> dead_letters;
  std::vector<EntityTimers> timers;
  std::vector<NotificationRow> notifications;
};

// A commit the store refused or could not make; nothing of the batch was written.
struct StoreError : std::runtime_error {
  explicit StoreError(const std::string& what, bool refused_data = false,
                      std::optional<health::Problem> permanent_problem = std::nullopt)
      : std::runtime_error(what), data_refused(refused_data), permanent(std::move(permanent_problem)) {}
  // The database refused the rows themselves (SQLSTATE class 22 or 23): retrying the same rows
  // fails again, unlike a lost connection.
  bool data_refused;
  // A failure retrying will not cure until an operator acts (a privilege, a login, a table):
  // the caller still retries, but reports it (health::Problems).
  std::optional<health::Problem> permanent;
};

// The commit found that another process took the partition after this store claimed it: this
// process must not write for it again (until it is assigned the partition anew and claims it).
struct Fenced : StoreError {
  explicit Fenced(const std::string& what) : StoreError(what) {}
};

class PartitionStore {
 public:
  virtual ~PartitionStore() = default;
  // Takes the next ownership epoch of the partition for `owner` (host and pid) and returns it;
  // every later commit through this store checks it (throwing Fenced once another claim took
  // over). Waits for a commit of the previous owner that is past its check (at most the
  // server's timeouts: 10 s idle in a transaction, 20 s in a statement). Called once, before
  // the reads.
  virtual std::int64_t claim(const std::string& owner) = 0;
  virtual std::optional<std::int64_t> committed_offset() = 0;
  virtual ChainHead chain_head() = 0;
  virtual std::unordered_map<std::string, StoredEntity> load_entities(domain::Workflow workflow,
                                                                     const std::vector<std::string>& ids) = 0;
  virtual InvoiceFacts invoice_facts(const std::vector<InvoiceKey>& keys, const std::vector<std::string>& po_ids) = 0;
  // The earliest `limit` pending timers of the partition due after `after` (from the first
  // when nullopt), with every other timer due at the same time as the last of them.
  virtual TimerPage load_timers(std::optional<domain::Timestamp> after, std::size_t limit) = 0;
  virtual std::int64_t count_timers() = 0;
  // One transaction: audit rows, projections, dead letters, timers, notifications and the
  // offset, made only while the claimed epoch is still the partition's (else Fenced). The offset
  // is also a compare-and-set on expected_offset.
  virtual CommitResult commit(const BatchCommit& batch) = 0;
};

std::unique_ptr<PartitionStore> make_pg_partition_store(const std::string& dsn, PartitionId id);

}  // namespace vextrus::pg
