#include "actors/timer_book.hpp"

#include <algorithm>

namespace vextrus::actors {

TimerBook::Entry TimerBook::entry(const std::string& entity_id, const domain::Deadline& d) {
  return {d.due_at.micros, entity_id, static_cast<int>(d.kind), d.step};
}

void TimerBook::load(const std::vector<EntityDeadline>& timers, bool complete) {
  queue_.clear();
  by_entity_.clear();
  parked_.clear();
  rollback();
  horizon_.reset();
  extend(timers, complete);
}

bool TimerBook::wants_more() const {
  const std::size_t parked = std::min(parked_.size(), queue_.size());
  return horizon_.has_value() && queue_.size() - parked < capacity_ / 2;
}

void TimerBook::extend(const std::vector<EntityDeadline>& timers, bool complete) {
  for (const auto& t : timers) {
    add_committed(t.entity_id, t.deadline);
    if (!horizon_ || *horizon_ < t.deadline.due_at) horizon_ = t.deadline.due_at;
  }
  if (complete) horizon_.reset();
}

void TimerBook::add_committed(const std::string& entity_id, const domain::Deadline& d) {
  queue_.insert(entry(entity_id, d));
  by_entity_[entity_id].push_back(d);
}

void TimerBook::pull(const std::string& entity_id) {
  if (overlay_.count(entity_id)) return;
  auto& deadlines = overlay_[entity_id];
  const auto committed = by_entity_.find(entity_id);
  if (committed == by_entity_.end()) return;
  deadlines = committed->second;
  for (const auto& d : deadlines) {
    const auto e = entry(entity_id, d);
    if (!parked_.count(e)) overlay_queue_.insert(e);
  }
}

std::vector<EntityDeadline> TimerBook::take_due(domain::Timestamp watermark, std::size_t limit) {
  // Merges, in due order, the committed timers not yet looked at (each brings its entity's set
  // into the overlay, once per batch) with the overlay's own, and takes the overlay's. Only the
  // entities of what is taken are pulled in, so a burst costs what `limit` allows.
  std::vector<EntityDeadline> due;
  while (due.size() < limit) {
    const auto committed = cursor_ ? queue_.upper_bound(*cursor_) : queue_.begin();
    const bool committed_due = committed != queue_.end() && std::get<0>(*committed) <= watermark.micros;
    const bool overlay_due = !overlay_queue_.empty() && std::get<0>(*overlay_queue_.begin()) <= watermark.micros;
    if (!committed_due && !overlay_due) break;
    if (committed_due && (!overlay_due || *committed < *overlay_queue_.begin())) {
      cursor_ = *committed;
      pull(std::get<1>(*committed));
      continue;
    }
    const auto [micros, entity_id, kind, step] = *overlay_queue_.begin();
    overlay_queue_.erase(overlay_queue_.begin());
    auto& deadlines = overlay_[entity_id];
    // Captured by name: a lambda may not capture a structured binding in C++17.
    const auto it = std::find_if(
        deadlines.begin(), deadlines.end(), [micros = micros, kind = kind, step = step](const domain::Deadline& d) {
          return d.due_at.micros == micros && static_cast<int>(d.kind) == kind && d.step == step;
        });
    due.push_back({entity_id, *it});
    deadlines.erase(it);
  }
  return due;
}

void TimerBook::replace(const std::string& entity_id, std::vector<domain::Deadline> deadlines) {
  pull(entity_id);
  for (const auto& d : overlay_[entity_id]) overlay_queue_.erase(entry(entity_id, d));
  for (const auto& d : deadlines) overlay_queue_.insert(entry(entity_id, d));
  overlay_[entity_id] = std::move(deadlines);
  replaced_.insert(entity_id);
}

void TimerBook::park(const EntityDeadline& timer) {
  parked_.insert(entry(timer.entity_id, timer.deadline));
  overlay_[timer.entity_id].push_back(timer.deadline);  // stays stored
}

std::vector<std::pair<std::string, TimerChange>> TimerBook::changes() const {
  std::vector<std::pair<std::string, TimerChange>> out;
  out.reserve(overlay_.size());
  for (const auto& [entity_id, deadlines] : overlay_) {
    // A set pulled from the window may lack the entity's deadlines beyond it.
    const bool complete = replaced_.count(entity_id) != 0 || !horizon_;
    out.push_back({entity_id, TimerChange{&deadlines, complete ? std::nullopt : horizon_}});
  }
  return out;
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
    for (const auto& d : deadlines) {
      if (in_window(d)) add_committed(entity_id, d);  // the rest stay stored
    }
  }
  rollback();
  trim();
}

void TimerBook::trim() {
  if (queue_.size() <= capacity_) return;
  // The window ends before the due time of the first timer beyond capacity, or at it when
  // ties there would leave the window less than half full.
  // Walks from the end: a commit adds few timers beyond capacity.
  const auto excess = static_cast<std::ptrdiff_t>(queue_.size() - capacity_);
  const std::int64_t boundary = std::get<0>(*std::prev(queue_.end(), excess));
  const auto first_at_boundary = queue_.lower_bound(Entry{boundary, "", INT32_MIN, INT32_MIN});
  const auto before_boundary = queue_.size() - static_cast<std::size_t>(std::distance(first_at_boundary, queue_.end()));
  const bool keep_ties = before_boundary < capacity_ / 2;
  horizon_ = domain::Timestamp{keep_ties ? boundary : boundary - 1};
  auto first_out = keep_ties ? queue_.lower_bound(Entry{boundary + 1, "", INT32_MIN, INT32_MIN}) : first_at_boundary;
  while (first_out != queue_.end()) {
    const auto& [micros, entity_id, kind, step] = *first_out;
    const auto owner = by_entity_.find(entity_id);
    auto& deadlines = owner->second;
    deadlines.erase(std::find_if(
        deadlines.begin(), deadlines.end(), [micros = micros, kind = kind, step = step](const domain::Deadline& d) {
          return d.due_at.micros == micros && static_cast<int>(d.kind) == kind && d.step == step;
        }));
    if (deadlines.empty()) by_entity_.erase(owner);
    first_out = queue_.erase(first_out);
  }
}

void TimerBook::rollback() {
  overlay_.clear();
  overlay_queue_.clear();
  replaced_.clear();
  cursor_.reset();
}

std::optional<domain::Timestamp> TimerBook::earliest() const {
  for (const auto& e : queue_) {
    if (!parked_.count(e)) return domain::Timestamp{std::get<0>(e)};
  }
  return std::nullopt;
}

}  // namespace vextrus::actors
