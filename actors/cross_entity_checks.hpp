#pragma once
// What a workflow's events are checked against besides their own entity's state (an invoice
// against the vendor and number other invoices claimed, and the order it names): committed
// state of other entities, read once per attempt and given to each event, in order, before its
// entity actor decides it. The one place in actors/ that says which workflow checks what.
// Owned by a partition worker; used from its thread only.

#include <cstddef>
#include <memory>
#include <vector>

#include "actors/pending_item.hpp"
#include "ports/partition_store.hpp"

namespace vextrus::actors {

class CrossEntityChecks {
 public:
  virtual ~CrossEntityChecks() = default;
  // Starts an attempt: reads what the events among `items` are checked against.
  virtual void read(ports::PartitionStore& store, const std::vector<PendingItem>& items) = 0;
  // Gives each event among items[from..] what it is checked against, in order.
  virtual void look_up(std::vector<PendingItem>& items, std::size_t from) = 0;
};

// The checks of `workflow`'s events; null when they need none.
std::unique_ptr<CrossEntityChecks> cross_entity_checks(domain::Workflow workflow);

}  // namespace vextrus::actors
