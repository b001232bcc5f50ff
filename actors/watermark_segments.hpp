#pragma once
// The order in which a transaction decides its events and the deadlines falling due among them
// (docs/events.md, "Time, deadlines and the policy"). The watermark advances with the events'
// business time, never past the wall clock, and to the wall clock once the partition is read to
// the end. Due deadlines are decided just before the first event past them. Events are decided
// in segments no longer than the shortest deadline, so no deadline set inside a segment falls
// due inside it (a deadline dated by an event's payload shortens its segment).
//
// The run stops before an event when the transaction's deadline budget is spent, or when the
// event lies beyond the timer window's horizon (the watermark never passes it: the timers after
// it are still in the store); the next transaction goes on from there.
//
// Pure: the caller's sink fires deadlines and decides segments.

#include <cstddef>
#include <optional>
#include <vector>

#include "domain/time.hpp"

namespace vextrus::actors {

// What the segmentation needs of one item: nullopt for a message without an event (it is
// dead-lettered in whatever segment it falls).
struct SegmentEvent {
  domain::Timestamp occurred_at;
  std::optional<domain::Timestamp> dated_deadline;  // the earliest deadline its payload dates
};

struct SegmentLimits {
  domain::Timestamp now;                     // the wall clock
  std::optional<domain::Timestamp> horizon;  // the timer window's end; nullopt: every timer is in memory
  domain::Duration shortest_deadline;        // of any approval deadline of the policies
};

class SegmentSink {
 public:
  virtual ~SegmentSink() = default;
  // Adds the deadlines due at `watermark` to the open segment; false once the transaction's
  // deadline budget is spent.
  virtual bool fire_due(domain::Timestamp watermark) = 0;
  // Adds item `index` to the open segment.
  virtual void add(std::size_t index) = 0;
  // Decides the open segment (maybe empty) and opens the next.
  virtual void close_segment() = 0;
};

struct SegmentRun {
  std::size_t taken = 0;        // items taken (all, unless the run stopped before one)
  domain::Timestamp watermark;  // where the run left it
};

// Runs `items` from `watermark` through `sink`. `caught_up`: the partition is read to the end
// after them, so the watermark then follows the wall clock (up to the horizon).
SegmentRun run_segments(const std::vector<std::optional<SegmentEvent>>& items, domain::Timestamp watermark,
                        bool caught_up, const SegmentLimits& limits, SegmentSink& sink);

}  // namespace vextrus::actors
