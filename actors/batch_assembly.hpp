#pragma once
// The rows one partition transaction commits, from the items it decided: a dead letter per
// rejected message, an audit record per decision sealed into the partition's chain, the latest
// state of each entity that changed, the invoice keys claimed, and the notifications, with the
// offset after the last message. Pure (no CAF, no I/O): the worker adds the timers, commits,
// and counts the tally once the commit stands.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "actors/pending_item.hpp"
#include "domain/vocabulary.hpp"
#include "ports/partition_store.hpp"
#include "ports/record_codec.hpp"

namespace vextrus::actors {

struct AssemblyContext {
  std::string chain;  // the partition's audit chain, "<topic>/<partition>"
  domain::Workflow workflow = domain::Workflow::purchase_order;
  ports::ChainHead head;                         // the chain's committed head
  std::optional<std::int64_t> committed_offset;  // the partition's; nullopt: nothing yet
  domain::Timestamp recorded_at;                 // processing time of every row of the batch
  const ports::RecordCodec* codec = nullptr;
};

// What a committed batch counts (the metrics of docs/operations.md).
struct BatchTally {
  std::size_t messages = 0;
  std::size_t duplicates = 0;
  std::vector<domain::DeadLetterReason> dead_letters;
  std::vector<domain::RefusalReason> refusals;
  std::vector<domain::EventType> applied;
  std::vector<domain::DeadlineKind> timers_fired;
};

struct AssembledBatch {
  ports::BatchCommit batch;  // without its timers
  ports::ChainHead head;     // the chain's head once it commits
  BatchTally tally;
};

AssembledBatch assemble_batch(const std::vector<PendingItem>& items, const AssemblyContext& context);

}  // namespace vextrus::actors
