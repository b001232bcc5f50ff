#include "actors/watermark_segments.hpp"

#include <algorithm>

namespace vextrus::actors {

SegmentRun run_segments(const std::vector<std::optional<SegmentEvent>>& items, domain::Timestamp watermark,
                        bool caught_up, const SegmentLimits& limits, SegmentSink& sink) {
  const std::size_t all = items.size();
  std::size_t taken = all;  // unless the run stops before an event
  for (std::size_t i = 0; i < all && taken == all;) {
    domain::Timestamp segment_end = watermark + limits.shortest_deadline;
    for (const std::size_t start = i; i < all; ++i) {
      if (const auto& event = items[i]) {
        auto t = std::min(event->occurred_at, limits.now);
        if (i > start && segment_end <= t) break;  // the next segment starts here
        const bool beyond_window = limits.horizon && *limits.horizon < t;
        if (beyond_window) t = *limits.horizon;
        if (watermark < t) watermark = t;
        // A deadline this event sets may fall due before later events of the segment: an
        // approval deadline no sooner than the shortest one, a deadline dated by the payload
        // (an invoice's due date, onboarding tasks) maybe at once.
        segment_end = std::min(segment_end, t + limits.shortest_deadline);
        if (event->dated_deadline) segment_end = std::min(segment_end, *event->dated_deadline);
        const bool budget_left = sink.fire_due(watermark);
        if (!budget_left || beyond_window) {
          taken = i;  // maybe more are due before this event: the next transaction goes on
          break;
        }
      }
      sink.add(i);
    }
    sink.close_segment();
  }
  if (caught_up && taken == all) {
    const auto until = limits.horizon && *limits.horizon < limits.now ? *limits.horizon : limits.now;
    if (watermark < until) watermark = until;
    sink.fire_due(watermark);
    sink.close_segment();
  }
  return {taken, watermark};
}

}  // namespace vextrus::actors
