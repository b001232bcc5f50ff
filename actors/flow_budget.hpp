#pragma once
// Back-pressure between the consumer and the partition workers: how many messages, and how many
// bytes of them, may be consumed and not yet committed before fetching is paused. The budget is
// the process's, so that memory stays bounded however many partitions a rebalance gives one
// process (a pod catching up alone holds them all); each partition held gets an equal share, so
// that one busy partition cannot starve the others. Pure functions; the consumer thread applies
// them after every poll.

#include <cstddef>
#include <cstdint>

namespace vextrus::actors {

// Messages and bytes of message values.
struct InFlight {
  std::int64_t events = 0;
  std::int64_t bytes = 0;
};

// One partition's share of `budget` when the process holds `partitions` (at least one each).
InFlight flow_share(InFlight budget, std::size_t partitions);

enum class FlowChange { none, pause, resume };

// A running partition is paused once it reaches its share or the process reaches its budget. A
// paused one resumes when it is back to half of its share and the process has room for it to
// fill its share again: the hysteresis keeps partitions from flapping at the limit and lets the
// polls after a resume be large. The process's condition is the partition's own room, not the
// process back to half its budget: that made a partition which had committed wait, idle, for
// the other partitions' commits, and a backlog ran in waves with the machine idle in between
// (bench/results/history-2026-11.md).
FlowChange flow_change(bool paused, InFlight partition, InFlight process, InFlight budget, std::size_t partitions);

}  // namespace vextrus::actors
