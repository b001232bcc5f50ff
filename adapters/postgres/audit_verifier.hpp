#pragma once
// Verifies every audit chain in PostgreSQL: sequence without gaps from 1, each prev_hash equal
// to the previous hash, the stored canonical text equal to the one rebuilt from the columns, and
// each hash equal to SHA-256(prev_hash + canonical). Streams with a cursor: memory stays bounded.

#include <cstdint>
#include <functional>
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

}  // namespace vextrus::pg
