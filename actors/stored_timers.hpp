#pragma once
// A partition's timer window (timer_book.hpp) kept in step with its store: the earliest stored
// timers are loaded on start and after a failed commit, more are read as the window runs low,
// and the count of pending timers (vextrus_timers_pending) follows each commit. Owned by a
// partition worker; used from its thread only. Store reads throw ports::StoreError.

#include <cstdint>

#include "actors/timer_book.hpp"
#include "adapters/metrics/metrics.hpp"
#include "ports/partition_store.hpp"

namespace vextrus::actors {

class StoredTimers {
 public:
  StoredTimers(ports::PartitionStore& store, metrics::Metrics& metrics, std::size_t capacity)
      : store_(store), metrics_(metrics), capacity_(capacity), book_(capacity) {}

  TimerBook& book() { return book_; }
  std::int64_t pending() const { return pending_; }  // stored, in memory or not

  // Replaces the window with the earliest stored timers and counts them all.
  void load();
  // Between transactions: reads the next stored timers into the window when it runs low.
  void refill();
  // The batch's timer changes were committed, adding `delta` stored timers.
  void committed(std::int64_t delta);
  // The worker stops: its timers no longer count as this process's.
  void release();

 private:
  ports::PartitionStore& store_;
  metrics::Metrics& metrics_;
  std::size_t capacity_;
  TimerBook book_;
  std::int64_t pending_ = 0;
};

}  // namespace vextrus::actors
