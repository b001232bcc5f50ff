#include "adapters/json/audit_file_verifier.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <string_view>

#include "adapters/json/audit_codec.hpp"

namespace vextrus::adapters {
namespace {

using Json = nlohmann::json;

// Exactly the members the hash covers, and `hash`.
constexpr std::array<std::string_view, 15> members{
    "action", "actor_id",    "actor_role", "chain",       "detail", "entity_id",    "entity_type",  "event_id",
    "hash",   "occurred_at", "prev_hash",  "recorded_at", "seq",    "status_after", "status_before"};

std::optional<std::string> shape_problem(const Json& record) {
  if (!record.is_object()) return "the line is not a JSON object";
  if (record.size() != members.size()) return "the record has " + std::to_string(record.size()) + " members, not 15";
  for (const auto name : members) {
    if (!record.contains(std::string(name))) return "the record has no member " + std::string(name);
  }
  if (!record["chain"].is_string() || !record["seq"].is_number_integer() || !record["hash"].is_string() ||
      !record["prev_hash"].is_string()) {
    return "chain, seq, hash or prev_hash has the wrong type";
  }
  return std::nullopt;
}

}  // namespace

FileVerification verify_audit_export(std::istream& in) {
  FileVerification result;
  std::int64_t line_number = 0;
  const auto stop = [&](std::string chain, std::int64_t seq, std::string expected, std::string found,
                        std::string what) {
    result.first_break =
        FileBreak{line_number, std::move(chain), seq, std::move(expected), std::move(found), std::move(what)};
  };
  for (std::string line; std::getline(in, line);) {
    ++line_number;
    if (line.empty()) continue;
    Json record = Json::parse(line, nullptr, false);
    if (const auto problem = shape_problem(record)) {
      stop("", 0, "an audit record", line.substr(0, 80), *problem);
      return result;
    }
    const std::string chain = record["chain"];
    const std::int64_t seq = record["seq"];
    const std::string hash = record["hash"];
    const std::string prev_hash = record["prev_hash"];
    auto [segment, first] = result.chains.try_emplace(chain);
    if (first) {
      segment->second = ChainSegment{seq, seq, prev_hash, hash};
    } else {
      if (seq != segment->second.last_seq + 1) {
        stop(chain, seq, std::to_string(segment->second.last_seq + 1), std::to_string(seq),
             "a record is missing or out of order (seq)");
        return result;
      }
      if (prev_hash != segment->second.last_hash) {
        stop(chain, seq, segment->second.last_hash, prev_hash, "prev_hash differs from the previous record's hash");
        return result;
      }
    }
    record.erase("hash");
    const std::string expected = sha256_hex(prev_hash + canonicalize_json(record.dump()));
    if (expected != hash) {
      stop(chain, seq, expected, hash, "hash differs from SHA-256(prev_hash + canonical)");
      return result;
    }
    segment->second.last_seq = seq;
    segment->second.last_hash = hash;
    ++result.records;
  }
  return result;
}

}  // namespace vextrus::adapters
