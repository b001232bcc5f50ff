#pragma once
// One record of the hash-chained audit trail (docs/events.md, docs/audit.md). Plain data; the audit
// codec adapter computes `canonical` and `hash`.

#include <cstdint>
#include <optional>
#include <string>

#include "domain/time.hpp"

namespace vextrus::domain {

struct AuditRecord {
  std::string chain;  // "<topic>/<partition>"
  std::int64_t seq = 0;
  std::string entity_type;
  std::string entity_id;
  std::optional<std::string> event_id;
  std::string action;
  std::optional<std::string> actor_id;
  std::optional<std::string> actor_role;
  std::optional<std::string> status_before;
  std::optional<std::string> status_after;
  Timestamp occurred_at;
  Timestamp recorded_at;
  std::string detail_json;  // canonical (RFC 8785) JSON text of the decision's detail
  std::string prev_hash;
  std::string hash;
  std::string canonical;  // canonical JSON of the record without `hash`: what `hash` covers
};

// The prev_hash of a chain's first record.
inline const std::string genesis_hash(64, '0');

}  // namespace vextrus::domain
