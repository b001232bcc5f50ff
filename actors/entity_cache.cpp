#include "actors/entity_cache.hpp"

namespace vextrus::actors {

void EntityCache::add(const std::string& id, caf::actor actor, Clock::time_point now) {
  const auto [it, inserted] = entries_.try_emplace(id);
  auto& entry = it->second;
  if (inserted) {
    order_.push_front(&it->first);  // the key's node is stable until it is erased
    entry.position = order_.begin();
  } else {
    by_actor_.erase(entry.actor.id());
    order_.splice(order_.begin(), order_, entry.position);
  }
  entry.actor = std::move(actor);
  entry.last_used = now;
  by_actor_[entry.actor.id()] = &it->first;
}

const caf::actor& EntityCache::use(const std::string& id, Clock::time_point now) {
  auto& entry = entries_.at(id);
  order_.splice(order_.begin(), order_, entry.position);
  entry.last_used = now;
  return entry.actor;
}

std::vector<caf::actor> EntityCache::evict(std::size_t capacity, std::optional<Clock::time_point> idle_before) {
  std::vector<caf::actor> out;
  while (!order_.empty()) {
    auto it = entries_.find(*order_.back());
    const bool over = entries_.size() > capacity;
    const bool idle = idle_before && it->second.last_used < *idle_before;
    if (!over && !idle) break;  // the rest were used more recently
    by_actor_.erase(it->second.actor.id());
    out.push_back(std::move(it->second.actor));
    order_.pop_back();
    entries_.erase(it);
  }
  return out;
}

std::vector<caf::actor> EntityCache::clear() {
  std::vector<caf::actor> out;
  for (auto& [id, entry] : entries_) out.push_back(std::move(entry.actor));
  entries_.clear();
  order_.clear();
  by_actor_.clear();
  return out;
}

std::optional<std::string> EntityCache::forget(caf::actor_id actor) {
  const auto found = by_actor_.find(actor);
  if (found == by_actor_.end()) return std::nullopt;
  std::string id = *found->second;
  const auto entry = entries_.find(id);
  order_.erase(entry->second.position);
  entries_.erase(entry);
  by_actor_.erase(found);
  return id;
}

}  // namespace vextrus::actors
