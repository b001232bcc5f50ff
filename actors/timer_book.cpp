#include "actors/timer_book.hpp"

#include <algorithm>

namespace vextrus::actors {

TimerBook::Entry TimerBook::entry(const std::string& entity_id, const domain::Deadline& d) {
  return {d.due_at.micros, entity_id, static_cast<int>(d.kind), d.step};
}

void TimerBook::load(const std::vector<EntityDeadline>& timers) {
  queue_.clear();
  by_entity_.clear();
  rollback();
  for (const auto& t : timers) {
    queue_.insert(entry(t.entity_id, t.deadline));
    by_entity_[t.entity_id].push_back(t.deadline);
  }
}

std::vector<EntityDeadline> TimerBook::take_due(domain::Timestamp watermark, std::size_t limit) {
  // Entities with a committed timer due now join the overlay with their committed set...
  for (auto it = queue_.begin(); it != queue_.end() && std::get<0>(*it) <= watermark.micros; ++it) {
    const auto& entity_id = std::get<1>(*it);
    if (!overlay_.count(entity_id)) {
      overlay_[entity_id] = by_entity_[entity_id];
      overlay_earliest_ = std::min(overlay_earliest_, std::get<0>(*it));
    }
  }
  // ...and the overlay, which now holds every effective deadline that can be due, gives them up.
  std::vector<EntityDeadline> due;
  if (watermark.micros < overlay_earliest_) return due;
  overlay_earliest_ = INT64_MAX;
  for (auto& [entity_id, deadlines] : overlay_) {
    auto keep = std::partition(deadlines.begin(), deadlines.end(),
                               [&](const domain::Deadline& d) { return watermark.micros < d.due_at.micros; });
    for (auto it = keep; it != deadlines.end(); ++it) due.push_back({entity_id, *it});
    deadlines.erase(keep, deadlines.end());
    for (const auto& d : deadlines) overlay_earliest_ = std::min(overlay_earliest_, d.due_at.micros);
  }
  std::sort(due.begin(), due.end(), [](const EntityDeadline& a, const EntityDeadline& b) {
    return entry(a.entity_id, a.deadline) < entry(b.entity_id, b.deadline);
  });
  // Beyond the limit, the later ones stay pending in the overlay for the next call.
  for (std::size_t i = limit; i < due.size(); ++i) {
    overlay_earliest_ = std::min(overlay_earliest_, due[i].deadline.due_at.micros);
    overlay_[due[i].entity_id].push_back(due[i].deadline);
  }
  if (due.size() > limit) due.resize(limit);
  return due;
}

void TimerBook::replace(const std::string& entity_id, std::vector<domain::Deadline> deadlines) {
  for (const auto& d : deadlines) overlay_earliest_ = std::min(overlay_earliest_, d.due_at.micros);
  overlay_[entity_id] = std::move(deadlines);
}

void TimerBook::erase_committed(const std::string& entity_id) {
  const auto it = by_entity_.find(entity_id);
  if (it == by_entity_.end()) return;
  for (const auto& d : it->second) queue_.erase(entry(entity_id, d));
  by_entity_.erase(it);
}

void TimerBook::commit() {
  for (auto& [entity_id, deadlines] : overlay_) {
    erase_committed(entity_id);
    if (deadlines.empty()) continue;
    for (const auto& d : deadlines) queue_.insert(entry(entity_id, d));
    by_entity_[entity_id] = std::move(deadlines);
  }
  rollback();
}

void TimerBook::rollback() {
  overlay_.clear();
  overlay_earliest_ = INT64_MAX;
}

std::optional<domain::Timestamp> TimerBook::earliest() const {
  if (queue_.empty()) return std::nullopt;
  return domain::Timestamp{std::get<0>(*queue_.begin())};
}

}  // namespace vextrus::actors
