#include "actors/flow_budget.hpp"

#include <algorithm>

namespace vextrus::actors {
namespace {

bool reached(InFlight used, InFlight limit) { return used.events >= limit.events || used.bytes >= limit.bytes; }
bool within_half(InFlight used, InFlight limit) {
  return used.events <= limit.events / 2 && used.bytes <= limit.bytes / 2;
}

}  // namespace

InFlight flow_share(InFlight budget, std::size_t partitions) {
  const auto held = static_cast<std::int64_t>(std::max<std::size_t>(1, partitions));
  return {std::max<std::int64_t>(1, budget.events / held), std::max<std::int64_t>(1, budget.bytes / held)};
}

FlowChange flow_change(bool paused, InFlight partition, InFlight process, InFlight budget, std::size_t partitions) {
  const auto share = flow_share(budget, partitions);
  if (!paused) return reached(partition, share) || reached(process, budget) ? FlowChange::pause : FlowChange::none;
  return within_half(partition, share) && within_half(process, budget) ? FlowChange::resume : FlowChange::none;
}

}  // namespace vextrus::actors
