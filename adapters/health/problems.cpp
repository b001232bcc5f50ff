#include "adapters/health/problems.hpp"

#include "adapters/log/log.hpp"

namespace vextrus::health {

Problems::Problems(std::function<void(const Problem&)> counted, Clock::duration hold,
                   std::function<Clock::time_point()> now)
    : counted_(std::move(counted)), hold_(hold), now_(std::move(now)) {}

void Problems::report(const Problem& problem) {
  if (counted_) counted_(problem);
  const auto now = now_();
  bool log_it = false;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    auto [it, inserted] =
        entries_.try_emplace({problem.source, problem.kind, problem.reason}, Entry{problem, now, now});
    Entry& entry = it->second;
    const bool was_gone = !inserted && now - entry.last_seen > hold_;
    log_it = inserted || was_gone || now - entry.last_logged >= log_interval;
    entry.last_seen = now;
    if (log_it) entry.last_logged = now;
  }
  if (log_it) {
    log::error("permanent " + problem.source + " error: retrying will not help until it is fixed",
               {{"source", problem.source}, {"kind", problem.kind}, {"reason", problem.reason}, {"fix", problem.fix}});
  }
}

std::vector<Problem> Problems::active() const {
  const auto now = now_();
  std::vector<Problem> out;
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [key, entry] : entries_) {
    if (now - entry.last_seen <= hold_) out.push_back(entry.problem);
  }
  return out;
}

}  // namespace vextrus::health
