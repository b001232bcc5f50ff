#pragma once
// When the health thread next counts the pending approvals (the vextrus_pending_approvals
// gauge): every 2 s while the count is quick, and less often when it is not, so that it takes at
// most 1 % of the time of the PostgreSQL backend that runs it. The count reads every pending
// entry of the projections' partial indexes, and their dead ones until a vacuum: 40-70 ms under
// `latency 3500`, and more as the projections grow; without it the commits' p99 was lower in two
// runs of three (bench/results/history-2026-11.md). A count slowed by a busy machine also waits longer. Used by
// the health thread only.

#include <algorithm>
#include <chrono>

namespace vextrus::app {

class CountPacing {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::milliseconds min_interval{2000};
  static constexpr int idle_per_busy = 99;  // 1 % of the time spent counting

  bool due(Clock::time_point now) const { return now >= next_; }
  // A count ran from `started` to `finished` (successful or not).
  void counted(Clock::time_point started, Clock::time_point finished) {
    next_ = finished + std::max<Clock::duration>(min_interval, (finished - started) * idle_per_busy);
  }

 private:
  Clock::time_point next_{};  // due at once
};

}  // namespace vextrus::app
