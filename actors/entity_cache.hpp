#pragma once
// The live entity actors of one partition worker, most recently used first, so that idle ones
// and those beyond the cap can be passivated (their state is committed in PostgreSQL; the next
// event loads it again), and findable by actor id, so that one that ended on its own can be
// forgotten. Owned by one worker; not thread-safe.

#include <caf/all.hpp>
#include <chrono>
#include <list>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace vextrus::actors {

class EntityCache {
 public:
  using Clock = std::chrono::steady_clock;

  bool contains(const std::string& id) const { return entries_.count(id) != 0; }
  std::size_t size() const { return entries_.size(); }

  void add(const std::string& id, caf::actor actor, Clock::time_point now);
  // The entity's actor, now the most recently used.
  const caf::actor& use(const std::string& id, Clock::time_point now);

  // Takes out the least recently used actors beyond `capacity`, and any not used since
  // `idle_before`.
  std::vector<caf::actor> evict(std::size_t capacity, std::optional<Clock::time_point> idle_before);
  // Takes out every actor.
  std::vector<caf::actor> clear();
  // Takes out the entity whose actor is `actor` and returns its id; nullopt when that actor was
  // already taken out (passivated, dropped or replaced).
  std::optional<std::string> forget(caf::actor_id actor);

 private:
  struct Entry {
    caf::actor actor;
    Clock::time_point last_used;
    std::list<const std::string*>::iterator position;
  };
  std::list<const std::string*> order_;  // keys of entries_, most recently used first
  std::unordered_map<std::string, Entry> entries_;
  std::unordered_map<caf::actor_id, const std::string*> by_actor_;  // keys of entries_
};

}  // namespace vextrus::actors
