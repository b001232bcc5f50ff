#include "actors/commit_metrics.hpp"

namespace vextrus::actors {

void count_commit(metrics::Metrics& metrics, const ports::PartitionId& partition, const BatchTally& tally,
                  const std::vector<PendingItem>& items, std::int64_t steady_now_us) {
  for (const auto& item : items) {
    if (item.message == nullptr) continue;
    const double latency = static_cast<double>(steady_now_us - item.message->consumed_at_us) / 1e6;
    metrics.commit_latency_seconds(latency);
    metrics.partition_commit_latency_seconds(partition.topic, partition.partition, latency);
  }
  for (const auto reason : tally.dead_letters) metrics.dead_letter(domain::name(reason));
  for (std::size_t i = 0; i < tally.duplicates; ++i) metrics.duplicate_event();
  for (const auto reason : tally.refusals) metrics.event_refused(domain::name(reason));
  for (const auto type : tally.applied) metrics.event_applied(domain::name(type));
  for (const auto kind : tally.timers_fired) metrics.timer_fired(domain::name(kind));
  if (tally.messages > 0) {
    metrics.partition_committed(partition.topic, partition.partition, static_cast<std::int64_t>(tally.messages));
    metrics.batch_size(tally.messages);
  }
}

}  // namespace vextrus::actors
