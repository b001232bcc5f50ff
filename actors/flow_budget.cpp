#include "actors/flow_budget.hpp"

#include <algorithm>

namespace vextrus::actors {
namespace {

bool reached(InFlight used, InFlight limit) { return used.events >= limit.events || used.bytes >= limit.bytes; }
bool within_half(InFlight used, InFlight limit) {
  return used.events <= limit.events / 2 && used.bytes <= limit.bytes / 2;
}
// The process stays within its budget should the partition fill its share again.
bool room_to_refill(InFlight partition, InFlight share, InFlight process, InFlight budget) {
  return process.events + (share.events - partition.events) <= budget.events &&
         process.bytes + (share.bytes - partition.bytes) <= budget.bytes;
}

}  // namespace

InFlight flow_share(InFlight budget, std::size_t partitions) {
  const auto held = static_cast<std::int64_t>(std::max<std::size_t>(1, partitions));
  return {std::max<std::int64_t>(1, budget.events / held), std::max<std::int64_t>(1, budget.bytes / held)};
}

FlowChange flow_change(bool paused, InFlight partition, InFlight process, InFlight budget, std::size_t partitions) {
  const auto share = flow_share(budget, partitions);
  if (!paused) return reached(partition, share) || reached(process, budget) ? FlowChange::pause : FlowChange::none;
  return within_half(partition, share) && room_to_refill(partition, share, process, budget) ? FlowChange::resume
                                                                                            : FlowChange::none;
}

}  // namespace vextrus::actors
