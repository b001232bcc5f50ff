#include "actors/entity_cache.hpp"

namespace vextrus::actors {

void EntityCache::add(const std::string& id, caf::actor actor, Clock::time_point now) {
  const auto [it, inserted] = entries_.try_emplace(id, Entry{std::move(actor), now, {}});
  if (inserted) {
    order_.push_front(&it->first);  // the key's node is stable until it is erased
    it->second.position = order_.begin();
  } else {
    it->second.actor = std::move(actor);
    use(id, now);
  }
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
  return out;
}

}  // namespace vextrus::actors
