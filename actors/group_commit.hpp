#pragma once
// Group commit: the batches that queued up in a partition worker's mailbox while its last
// transaction ran join the next one, so under a live trickle a slower commit takes more events
// at once instead of falling behind one small transaction at a time. What else was queued is
// handled too: caught_up (it applies if no batch followed it), tick (the batches are processed
// now anyway) and stop (after them). An entity's down message waits for the attempt, which
// takes those first (EntityPool::take_downs).

#include <caf/all.hpp>
#include <vector>

#include "actors/messages.hpp"

namespace vextrus::actors {

struct QueuedBatches {
  std::vector<BatchPtr> batches;
  bool caught_up = false;  // the partition was read to the end after the last of them
};

// `first` and the batches queued behind it, until they hold `max_events` events. Clears
// `running` when a stop was queued.
QueuedBatches take_queued_batches(caf::blocking_actor* self, const BatchPtr& first, std::size_t max_events,
                                  bool& running);

}  // namespace vextrus::actors
