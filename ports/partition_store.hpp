#pragma once
// The port through which a partition worker reads and commits its partition's state. One
// instance per partition worker, used only by that worker's thread. Implementations: PostgreSQL
// (adapters/postgres/pg_partition_store.cpp) and an in-memory fake in the actor tests.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/audit_record.hpp"
#include "domain/decision.hpp"
#include "domain/entity.hpp"
#include "domain/invoice.hpp"
#include "ports/batch_commit.hpp"
#include "ports/store_errors.hpp"

namespace vextrus::ports {

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

// What invoices received in a batch are checked against, as committed.
struct InvoiceFacts {
  std::map<InvoiceKey, std::string> key_owners;                 // the invoice that claimed each key first
  std::unordered_map<std::string, domain::LinkedOrder> orders;  // by po_id, those that exist
};

struct StoredTimer {
  std::string entity_id;
  domain::Deadline deadline;
};

// The earliest stored timers of a partition after some due time.
struct TimerPage {
  std::vector<StoredTimer> timers;  // in due order
  bool complete = false;            // no stored timer is due after the last of them
};

struct CommitResult {
  std::int64_t timers_delta = 0;  // stored timers added minus removed
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

}  // namespace vextrus::ports
