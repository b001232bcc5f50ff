#pragma once
// Canonical JSON (RFC 8785) and SHA-256 hashing of audit records. Stateless and thread-safe.

#include <string>
#include <string_view>

#include "domain/audit_record.hpp"
#include "domain/detail.hpp"

namespace vextrus::adapters {

// JCS text of a decision's detail.
std::string canonical_detail(const domain::Detail& detail);
// Re-canonicalises detail JSON read back from storage (jsonb reorders and re-spaces it).
std::string canonicalize_json(std::string_view json_text);

// The canonical JSON of the record's hashed fields (everything but `hash`).
std::string canonical_record(const domain::AuditRecord& record);
std::string sha256_hex(std::string_view bytes);

// Fills `canonical` and `hash` from the other fields, `prev_hash` included.
void seal(domain::AuditRecord& record);

// The value published on vextrus.audit: the canonical fields plus `hash`, canonical as well.
std::string audit_message(std::string_view canonical, std::string_view hash);

}  // namespace vextrus::adapters
