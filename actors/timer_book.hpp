#pragma once
// The durable timers of one partition, in memory: the set committed to PostgreSQL and the
// changes of the batch being decided (an overlay), so that a failed commit simply drops the
// overlay. Both are indexed by due time, so taking the due timers costs what is taken, not
// what is pending. Owned by one partition worker; not thread-safe. Timers belong to entities
// of the partition's one workflow and are keyed by entity id.

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "domain/decision.hpp"

namespace vextrus::actors {

struct EntityDeadline {
  std::string entity_id;
  domain::Deadline deadline;
};

class TimerBook {
 public:
  // Replaces the committed set (on start and after a failed commit's reload); forgets parked
  // timers, which are then tried again.
  void load(const std::vector<EntityDeadline>& timers);

  // Takes the timers due at `watermark` (due_at <= watermark) out of the effective set, in due
  // order, at most `limit` of them (the earliest); the overlay remembers that they fired.
  std::vector<EntityDeadline> take_due(domain::Timestamp watermark, std::size_t limit = SIZE_MAX);
  // The entity's deadlines become exactly `deadlines` (empty: none).
  void replace(const std::string& entity_id, std::vector<domain::Deadline> deadlines);
  // Sets a taken timer aside until the next load: it stays stored, but is not taken again.
  void park(const EntityDeadline& timer);

  // The complete new set of every entity the overlay touched, for the commit.
  const std::unordered_map<std::string, std::vector<domain::Deadline>>& changes() const { return overlay_; }
  void commit();    // the overlay was committed: it becomes the committed set
  void rollback();  // the overlay was not committed: forget it

  std::size_t committed_count() const { return queue_.size(); }
  // The earliest due_at of the committed set, parked timers aside.
  std::optional<domain::Timestamp> earliest() const;

 private:
  using Entry = std::tuple<std::int64_t, std::string, int, int>;  // due µs, entity, kind, step
  static Entry entry(const std::string& entity_id, const domain::Deadline& d);
  void erase_committed(const std::string& entity_id);
  // Brings the entity's committed deadlines into the overlay (a no-op when already there).
  void pull(const std::string& entity_id);

  std::set<Entry> queue_;                                                    // committed, by due time
  std::unordered_map<std::string, std::vector<domain::Deadline>> by_entity_;  // committed
  std::unordered_map<std::string, std::vector<domain::Deadline>> overlay_;    // this batch's sets
  std::set<Entry> overlay_queue_;  // the overlay's deadlines not yet taken, by due time
  // Committed entries up to here have had their entity pulled into the overlay.
  std::optional<Entry> cursor_;
  std::set<Entry> parked_;
};

}  // namespace vextrus::actors
