#pragma once
// Verifies every audit chain in PostgreSQL: sequence without gaps from 1, each prev_hash equal
// to the previous hash, the stored canonical text equal to the one rebuilt from the columns, and
// each hash equal to SHA-256(prev_hash + canonical). Streams with a cursor: memory stays bounded.

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace vextrus::pg {

struct ChainBreak {
  std::string chain;
  std::int64_t seq = 0;
  std::string expected;
  std::string found;
  std::string what;  // which check failed
};

struct VerifyResult {
  std::int64_t chains = 0;
  std::int64_t records = 0;
  std::optional<ChainBreak> first_break;
  bool ok() const { return !first_break; }
};

// `progress` is called every 100,000 records with the count so far.
VerifyResult verify_audit(const std::string& dsn, const std::function<void(std::int64_t)>& progress);

// Records a verification's result in audit_verifications, with who ran it (GET /v1/summary shows
// the last one). Throws on a database failure.
void record_verification(const std::string& dsn, const VerifyResult& result, const std::string& by);

// The last record of a chain published on vextrus.audit: a second store, which PostgreSQL's
// users cannot rewrite.
struct PublishedHead {
  std::int64_t seq = 0;
  std::string hash;
};

// Checks that PostgreSQL holds, for each chain, the very record last published: a missing one
// means the chain's tail was cut off; a different hash, that the chain was rewritten up to
// there (each hash covers every record before it). Returns the first chain that fails.
std::optional<ChainBreak> check_published_heads(const std::string& dsn,
                                                const std::map<std::string, PublishedHead>& heads);

}  // namespace vextrus::pg
