#pragma once
// The durable timers of one partition, in memory: a window of the set committed to PostgreSQL
// (every committed timer due up to `horizon`, the earliest ones) and the changes of the batch
// being decided (an overlay), so that a failed commit simply drops the overlay. Both are indexed
// by due time, so taking the due timers costs what is taken, not what is pending. The window
// keeps memory bounded however many timers are pending: timers beyond it stay in PostgreSQL
// until the window moves on (`extend`).
//
// Owned by one partition worker; not thread-safe. Timers belong to entities of the partition's
// one workflow and are keyed by entity id.

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

// A batch's new deadlines for one entity. When `up_to` is set, they replace only the entity's
// deadlines due up to then (it also has stored ones beyond the window); otherwise all of them.
struct TimerChange {
  const std::vector<domain::Deadline>* deadlines;
  std::optional<domain::Timestamp> up_to;
};

class TimerBook {
 public:
  // At most about this many committed timers are kept in memory (ties at the window's end may
  // add a few).
  explicit TimerBook(std::size_t capacity = 200'000) : capacity_(capacity) {}

  // Replaces the committed window (on start and after a failed commit's reload) with the
  // earliest stored timers; `complete` says they are all there are. Forgets parked timers,
  // which are then tried again.
  void load(const std::vector<EntityDeadline>& timers, bool complete);
  // Between batches: the window needs the stored timers due after horizon() (true while the
  // window holds fewer than half its capacity and more are stored).
  bool wants_more() const;
  // Adds the stored timers due after horizon() (the earliest ones, with every timer of the last
  // due time); `complete` says they are all there are.
  void extend(const std::vector<EntityDeadline>& timers, bool complete);
  // Every committed timer due up to here is in memory; nullopt: every committed timer is.
  std::optional<domain::Timestamp> horizon() const { return horizon_; }

  // Takes the timers due at `watermark` (due_at <= watermark, which must not pass horizon())
  // out of the effective set, in due order, at most `limit` of them (the earliest); the overlay
  // remembers that they fired.
  std::vector<EntityDeadline> take_due(domain::Timestamp watermark, std::size_t limit = SIZE_MAX);
  // The entity's deadlines become exactly `deadlines` (empty: none).
  void replace(const std::string& entity_id, std::vector<domain::Deadline> deadlines);
  // Sets a taken timer aside until the next load: it stays stored, but is not taken again.
  void park(const EntityDeadline& timer);

  // What the batch changed, per entity, for the commit.
  std::vector<std::pair<std::string, TimerChange>> changes() const;
  void commit();    // the overlay was committed: it becomes the committed set
  void rollback();  // the overlay was not committed: forget it

  std::size_t committed_count() const { return queue_.size(); }  // in memory
  // The earliest due_at of the committed window, parked timers aside.
  std::optional<domain::Timestamp> earliest() const;

 private:
  using Entry = std::tuple<std::int64_t, std::string, int, int>;  // due µs, entity, kind, step
  static Entry entry(const std::string& entity_id, const domain::Deadline& d);
  bool in_window(const domain::Deadline& d) const { return !horizon_ || d.due_at.micros <= horizon_->micros; }
  void add_committed(const std::string& entity_id, const domain::Deadline& d);
  void erase_committed(const std::string& entity_id);
  // Brings the entity's committed deadlines into the overlay (a no-op when already there).
  void pull(const std::string& entity_id);
  // Narrows the window until it holds at most capacity_ timers.
  void trim();

  std::size_t capacity_;
  std::optional<domain::Timestamp> horizon_;
  std::set<Entry> queue_;                                                     // committed, by due time
  std::unordered_map<std::string, std::vector<domain::Deadline>> by_entity_;  // committed
  std::unordered_map<std::string, std::vector<domain::Deadline>> overlay_;    // this batch's sets
  std::set<std::string> replaced_;  // overlay entities whose set a decision replaced: complete
  std::set<Entry> overlay_queue_;   // the overlay's deadlines not yet taken, by due time
  // Committed entries up to here have had their entity pulled into the overlay.
  std::optional<Entry> cursor_;
  std::set<Entry> parked_;
};

}  // namespace vextrus::actors
