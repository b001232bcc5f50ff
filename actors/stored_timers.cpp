#include "actors/stored_timers.hpp"

#include <vector>

namespace vextrus::actors {
namespace {

std::vector<EntityDeadline> entity_deadlines(const ports::TimerPage& page) {
  std::vector<EntityDeadline> timers;
  timers.reserve(page.timers.size());
  for (const auto& stored : page.timers) timers.push_back({stored.entity_id, stored.deadline});
  return timers;
}

}  // namespace

void StoredTimers::load() {
  const auto page = store_.load_timers(std::nullopt, capacity_);
  book_.load(entity_deadlines(page), page.complete);
  const auto pending = store_.count_timers();
  metrics_.timers_pending(pending - pending_);
  pending_ = pending;
}

void StoredTimers::refill() {
  if (!book_.wants_more()) return;
  const auto page = store_.load_timers(book_.horizon(), capacity_ - book_.committed_count());
  book_.extend(entity_deadlines(page), page.complete);
}

void StoredTimers::committed(std::int64_t delta) {
  book_.commit();
  pending_ += delta;
  metrics_.timers_pending(delta);
}

void StoredTimers::release() {
  metrics_.timers_pending(-pending_);
  pending_ = 0;
}

}  // namespace vextrus::actors
