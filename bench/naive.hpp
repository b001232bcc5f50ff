#pragma once
// The naive baseline of the end-to-end benchmark: how the replaced service applied events. A
// plain librdkafka consumer reads the input topics from the beginning and, for each event, in
// its own transaction: reads the entity, writes its new state, appends an audit row, stores the
// offset, and commits. No batching, no actors, no hash chain.

#include <cstdint>
#include <string>
#include <vector>

namespace vextrus::bench {

struct NaiveResult {
  std::int64_t events = 0;
  double seconds = 0;  // first event applied to last
};

// Applies the first `limit` messages of `topics` (in arrival order) to the database at `dsn`,
// whose schema must be migrated; creates its own projection table there.
NaiveResult run_naive_baseline(const std::string& brokers, const std::vector<std::string>& topics,
                               const std::string& dsn, std::int64_t limit);

}  // namespace vextrus::bench
