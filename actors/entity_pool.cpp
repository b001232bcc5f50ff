#include "actors/entity_pool.hpp"

#include <unordered_set>

#include "actors/entity_actor.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::actors {

using Clock = std::chrono::steady_clock;

EntityPool::EntityPool(caf::blocking_actor* self, domain::Workflow workflow,
                       std::shared_ptr<const domain::PolicySet> policies, ports::PartitionStore& store,
                       metrics::Metrics& metrics, EntityPoolLimits limits, SpawnObserver on_spawned)
    : self_(self),
      workflow_(workflow),
      policies_(std::move(policies)),
      store_(store),
      metrics_(metrics),
      limits_(limits),
      on_spawned_(std::move(on_spawned)) {}

// Nothing commits between the prefetch and the segments that spawn from it, so it is what a
// query per segment would read.
void EntityPool::prefetch(const std::vector<PendingItem>& items) {
  prefetched_.clear();
  std::vector<std::string> ids;
  for (const auto& item : items) {
    if (!item.event) continue;
    const auto& id = item.entity_id();
    if (!live_.contains(id) && !prefetched_.count(id)) {
      ids.push_back(id);
      prefetched_.emplace(id, ports::StoredEntity{});  // never created, unless found
    }
  }
  if (ids.empty()) return;
  for (auto& [id, stored] : store_.load_entities(workflow_, ids)) prefetched_[id] = std::move(stored);
}

void EntityPool::spawn_missing(const std::vector<PendingItem>& items, std::size_t from) {
  std::vector<std::string> missing;
  std::vector<std::string> unread;
  std::unordered_set<std::string> seen;
  for (std::size_t i = from; i < items.size(); ++i) {
    const auto& item = items[i];
    if (!(item.event || item.deadline)) continue;
    const auto& id = item.entity_id();
    if (!live_.contains(id) && seen.insert(id).second) {
      missing.push_back(id);
      if (!prefetched_.count(id)) unread.push_back(id);
    }
  }
  if (missing.empty()) return;
  if (!unread.empty()) {
    for (const auto& id : unread) prefetched_.emplace(id, ports::StoredEntity{});
    for (auto& [id, stored] : store_.load_entities(workflow_, unread)) prefetched_[id] = std::move(stored);
  }
  const auto now = Clock::now();
  for (const auto& id : missing) {
    const auto stored = prefetched_.find(id);
    auto actor = spawn_entity(*self_, workflow_, std::move(stored->second), policies_);
    self_->monitor(actor);
    if (on_spawned_) on_spawned_(id, actor);
    live_.add(id, std::move(actor), now);
    prefetched_.erase(stored);
    metrics_.live_actors(std::string(domain::name(workflow_)), 1);
  }
}

std::optional<EntityPool::Failure> EntityPool::decide(std::vector<PendingItem>& items, std::size_t from) {
  using Handle = decltype(self_->request(std::declval<caf::actor>(), caf::infinite, decide_atom::value,
                                         std::declval<EventPtr>(), std::declval<LookupsPtr>()));
  std::vector<std::pair<std::size_t, Handle>> requests;
  const auto now = Clock::now();
  for (std::size_t i = from; i < items.size(); ++i) {
    auto& item = items[i];
    if (item.skipped) continue;
    if (item.deadline) {
      requests.emplace_back(i, self_->request(live_.use(item.entity_id(), now), caf::infinite, deadline_atom::value,
                                              item.deadline->deadline));
    } else if (item.event) {
      requests.emplace_back(i, self_->request(live_.use(item.entity_id(), now), caf::infinite, decide_atom::value,
                                              item.event, item.lookups));
    }
  }
  std::optional<Failure> failure;
  for (auto& [index, handle] : requests) {
    handle.receive([&, i = index](Outcome& outcome) { items[i].outcome = std::move(outcome); },
                   [&, i = index](caf::error& error) {
                     if (!failure) failure = Failure{i, self_->system().render(error)};
                   });
  }
  return failure;
}

void EntityPool::drop_all() { stop(live_.clear()); }

void EntityPool::passivate(bool idle) {
  std::optional<Clock::time_point> idle_before;
  if (idle) idle_before = Clock::now() - limits_.passivate_after;
  const auto evicted = live_.evict(limits_.max_live_actors, idle_before);
  metrics_.passivated(static_cast<std::int64_t>(evicted.size()));
  stop(evicted);
}

void EntityPool::take_downs() {
  for (bool more = true; more;) {
    self_->receive([&](caf::down_msg& down) { on_down(down); },
                   caf::after(std::chrono::seconds(0)) >> [&] { more = false; });
  }
}

void EntityPool::on_down(const caf::down_msg& down) {
  const auto id = live_.forget(down.source.id());
  if (!id) return;  // stopped by the pool itself
  metrics_.actor_restart();
  metrics_.live_actors(std::string(domain::name(workflow_)), -1);
  log::warn("an entity actor ended on its own; its committed state is loaded again when next needed",
            {{"entity_id", *id}, {"reason", self_->system().render(down.reason)}});
}

void EntityPool::stop(const std::vector<caf::actor>& actors) {
  // Not monitored any more: a stopped actor's down message would only queue up behind the
  // worker's requests (a blocking receive passes over every message it skips).
  for (const auto& entity : actors) {
    self_->demonitor(entity);
    self_->send_exit(entity, caf::exit_reason::kill);
  }
  if (!actors.empty()) {
    metrics_.live_actors(std::string(domain::name(workflow_)), -static_cast<std::int64_t>(actors.size()));
  }
}

}  // namespace vextrus::actors
