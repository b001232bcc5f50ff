#pragma once
// The permanent problems the service has met lately (problem.hpp). Any thread reports one each
// time it meets it (a commit, a relay round, a health probe); a problem lasts `hold` after it was
// last reported, longer than the longest retry back-off, so it stays while the failure repeats
// and clears by itself once the operator's fix lets the retries succeed. Thread-safe.

#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <tuple>
#include <vector>

#include "adapters/health/problem.hpp"

namespace vextrus::health {

class Problems {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr auto default_hold = std::chrono::seconds(30);
  // How often a problem that goes on is logged again.
  static constexpr auto log_interval = std::chrono::seconds(60);

  // `counted` runs for every report (the vextrus_permanent_errors_total counter).
  explicit Problems(
      std::function<void(const Problem&)> counted, Clock::duration hold = default_hold,
      std::function<Clock::time_point()> now = [] { return Clock::now(); });

  // Records `problem` (one entry per source, kind and reason: six missing topics are six
  // problems) and logs it as an error with its fix when it is new, came back, or was last
  // logged a while ago.
  void report(const Problem& problem);
  // The problems reported within the hold, by source, kind and reason.
  std::vector<Problem> active() const;

 private:
  struct Entry {
    Problem problem;
    Clock::time_point last_seen;
    Clock::time_point last_logged;
  };
  std::function<void(const Problem&)> counted_;
  Clock::duration hold_;
  std::function<Clock::time_point()> now_;
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, std::string>, Entry> entries_;
};

}  // namespace vextrus::health
