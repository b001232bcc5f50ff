#pragma once
// The commit's removal of the stored timers of the entities a batch changed. Internal to the
// PostgreSQL adapters; its own unit so that a test can see how PostgreSQL plans it.

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "adapters/postgres/partition_store.hpp"

namespace vextrus::pg {

// Deletes the timers of `entity_ids` (of `entity_type`, on `partition`) due up to `up_to` (a
// timestamptz text; "infinity": all of them) and returns how many it deleted.
//
// Shaped so that its plan does not depend on PostgreSQL's statistics, which lag behind a table
// that churns as this one does (a new database until its first analyse; a vacuum that found the
// table nearly empty), run in a worker's session (worker_session.hpp: no sequential scans):
// - Each entity is looked up on its own, by equality on the primary key's first four columns.
//   Given `entity_id = ANY(ids)` instead, a planner that believed a partition's range held one
//   row scanned the range and filtered by the ids: with a generic plan, every row against every
//   id (up to 11 s per DELETE in bench/e2e); with the ids hashed, still a partition's timers read
//   for every few entities (20-50 ms per DELETE under a live load; bench/README.md).
// - No other index serves that lookup: the due-time index keys on an expression of the
//   partition (migration 010), and the due time is checked on the rows found.
// - Planned with the values at hand, never as a reusable prepared statement: a generic plan made
//   while the table was nearly empty would be kept after it has grown.
std::int64_t delete_entity_timers(pqxx::transaction_base& tx, const PartitionId& partition,
                                  const std::string& entity_type, const std::vector<std::string>& entity_ids,
                                  const std::string& up_to);

}  // namespace vextrus::pg
