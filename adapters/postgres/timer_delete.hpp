#pragma once
// The commit's removal of the stored timers of the entities a batch changed. Internal to the
// PostgreSQL adapters; its own unit so that a test can see how PostgreSQL plans it.

#include <cstdint>
#include <string>
#include <vector>

#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/write_statement.hpp"

namespace vextrus::pg {

// An entity whose stored timers due up to `up_to` (timestamptz text; "infinity": all of them)
// are to go.
struct TimerRemoval {
  std::string entity_id;
  std::string up_to;
};

// Adds to `writes` the deletion of the timers of `entities` (of `entity_type`, on `partition`);
// the part's count is how many it deleted.
//
// Shaped so that its plan does not depend on PostgreSQL's statistics, which lag behind a table
// that churns as this one does (a new database until its first analyse; a vacuum that found the
// table nearly empty), run in a worker's session (worker_session.hpp: no sequential scans):
// - Each entity is looked up on its own, by equality on the primary key's first four columns.
//   Given `entity_id = ANY(ids)` instead, a planner that believed a partition's range held one
//   row scanned the range and filtered by the ids: with a generic plan, every row against every
//   id (up to 11 s per DELETE in bench/e2e); with the ids hashed, still a partition's timers read
//   for every few entities (20-50 ms per DELETE under a live load; bench/results/history-2026-11.md).
// - No other index serves that lookup: the due-time index keys on an expression of the
//   partition (migration 010), and the due time is checked on the rows found.
// So its generic plan, as a prepared statement, probes by entity as a custom plan does; the
// tests hold both plans to that.
WriteStatement::Part delete_entity_timers(WriteStatement& writes, const PartitionId& partition,
                                          const std::string& entity_type, const std::vector<TimerRemoval>& entities);

}  // namespace vextrus::pg
