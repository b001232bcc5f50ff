#pragma once
// The metrics of a committed batch (docs/operations.md): what it decided, how many messages it
// took, and each message's time from poll to commit.

#include <cstdint>
#include <string>
#include <vector>

#include "actors/batch_assembly.hpp"
#include "adapters/metrics/metrics.hpp"

namespace vextrus::actors {

// `steady_now_us`: the steady clock at the commit (ports::Clock::steady_us).
void count_commit(metrics::Metrics& metrics, const ports::PartitionId& partition, const BatchTally& tally,
                  const std::vector<PendingItem>& items, std::int64_t steady_now_us);

}  // namespace vextrus::actors
