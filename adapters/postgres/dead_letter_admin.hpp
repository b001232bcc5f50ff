#pragma once
// The operator's view of the dead letters (`vextrus-flow dead-letters list|redrive`, POST
// /v1/dead-letters/.../redrive): reads them with filters, streaming through a server-side cursor
// so that memory stays bounded, and records each re-drive in dead_letter_redrives and in the
// audit trail's chain "ops". Opens its own connection per call.

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
  std::optional<std::string> topic;
  std::optional<domain::Timestamp> since;  // received_at >= since
  std::optional<domain::Timestamp> until;  // received_at < until
};

struct StoredDeadLetter {
  std::int64_t id = 0;
  domain::DeadLetter row;     // the whole payload
  std::int64_t redrives = 0;  // times re-driven so far
};

// How many dead letters match.
std::int64_t count_dead_letters(const std::string& dsn, const DeadLetterFilter& filter);

// Calls `each` for every matching dead letter, oldest first; returns how many. Throws on a
// database failure.
std::int64_t for_each_dead_letter(const std::string& dsn, const DeadLetterFilter& filter,
                                  const std::function<void(const StoredDeadLetter&)>& each);

// An operator's re-drive, as recorded.
struct Redrive {
  std::vector<std::int64_t> ids;       // re-published (or, in a dry run, that would be)
  std::optional<std::int64_t> single;  // the id, when one dead letter was asked for
  std::string by;                      // an API token's name, or $USER@host
  std::string reason;                  // why, in the operator's words
  bool dry_run = false;
};

// In one transaction: each re-drive in dead_letter_redrives (none in a dry run), and the action as
// a "redriven" record of the audit chain "ops" with detail {reason, dead_letter_ids, dry_run}.
// Returns that record as published on vextrus.audit.
std::string record_redrive(const std::string& dsn, const Redrive& redrive);

}  // namespace vextrus::pg
