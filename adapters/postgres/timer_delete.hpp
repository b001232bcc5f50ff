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
// Planned with the ids at hand, never as a reusable prepared statement. A generic plan knows
// only "$4", so when it filters rows by the ids rather than probing the key with them (a planner
// whose statistics lag picks that) it compares every row with every id of the array: up to 11 s
// per DELETE in bench/e2e (bench/README.md). A plan made for the given ids holds them as a
// constant array, which PostgreSQL hashes for a filter: a scan costs one pass, whatever the plan.
std::int64_t delete_entity_timers(pqxx::transaction_base& tx, const PartitionId& partition,
                                  const std::string& entity_type, const std::vector<std::string>& entity_ids,
                                  const std::string& up_to);

}  // namespace vextrus::pg
