#pragma once
// The operator's view of the dead letters (`vextrus-flow dead-letters list|redrive`): reads them
// with filters, streaming through a server-side cursor so that memory stays bounded, and records
// each re-drive in dead_letter_redrives. Opens its own connection per call.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "domain/dead_letter.hpp"

namespace vextrus::pg {

struct DeadLetterFilter {
  std::optional<std::int64_t> id;
  std::optional<std::string> reason;
  std::optional<domain::Timestamp> since;  // received_at >= since
};

struct StoredDeadLetter {
  std::int64_t id = 0;
  domain::DeadLetter row;  // the whole payload
  std::int64_t redrives = 0;  // times re-driven so far
};

// Calls `each` for every matching dead letter, oldest first; returns how many. Throws on a
// database failure.
std::int64_t for_each_dead_letter(const std::string& dsn, const DeadLetterFilter& filter,
                                  const std::function<void(const StoredDeadLetter&)>& each);

// Records that the dead letters `ids` were re-published by `by`, in one transaction.
void record_redrives(const std::string& dsn, const std::vector<std::int64_t>& ids, const std::string& by);

}  // namespace vextrus::pg
