#pragma once
// Verifies an export of the audit trail on its own, trusting nothing but the file: for each
// chain, its records follow each other without a gap, each prev_hash is the previous record's
// hash, and each hash is SHA-256(prev_hash + the RFC 8785 text of the record without `hash`).
// An export holds segments of chains (a range of days): each segment starts from its first
// record's prev_hash, which the chain's earlier records (another export, or the database)
// vouch for. Streams the file: memory grows with the number of chains, not of records.

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <string>

namespace vextrus::adapters {

struct ChainSegment {
  std::int64_t first_seq = 0;
  std::int64_t last_seq = 0;
  std::string starts_after;  // the first record's prev_hash (64 zeros: the chain's beginning)
  std::string last_hash;
};

struct FileBreak {
  std::int64_t line = 0;
  std::string chain;
  std::int64_t seq = 0;
  std::string expected;
  std::string found;
  std::string what;
};

struct FileVerification {
  std::int64_t records = 0;
  std::map<std::string, ChainSegment> chains;
  std::optional<FileBreak> first_break;  // verification stops there
};

// Reads NDJSON lines as `audit export` writes them (each the value published on vextrus.audit).
FileVerification verify_audit_export(std::istream& in);

}  // namespace vextrus::adapters
