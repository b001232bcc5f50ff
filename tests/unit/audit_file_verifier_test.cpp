// An export verified on its own (adapters/json/audit_file_verifier): records sealed as the
// service seals them, Bengali text and quotes in their detail, interleaved chains and a segment
// that starts mid-chain verify; a changed byte, a removed record and a foreign member do not.

#include "adapters/json/audit_file_verifier.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "adapters/json/audit_codec.hpp"
#include "domain/audit_record.hpp"

namespace vextrus::adapters {
namespace {

// `count` records of `chain` from `first_seq`, linked from `prev_hash`, each as published.
std::vector<std::string> chain_of(const std::string& chain, std::int64_t first_seq, std::string prev_hash, int count) {
  std::vector<std::string> out;
  for (int i = 0; i < count; ++i) {
    domain::AuditRecord r;
    r.chain = chain;
    r.seq = first_seq + i;
    r.entity_type = "onboarding";
    r.entity_id = "EMP-" + std::to_string(i);
    r.event_id = "e-" + std::to_string(i);
    r.action = "hired";
    r.actor_id = "u-\"quoted\"";
    r.actor_role = "hr";
    r.status_after = "in_progress";
    r.occurred_at = *domain::parse_rfc3339("2025-09-17T10:15:00+06:00");
    r.recorded_at = *domain::parse_rfc3339("2025-09-17T04:15:01.25Z");
    r.detail_json =
        canonical_detail({{"department", std::string("\xe0\xa6\xb9\xe0\xa6\xbf\xe0\xa6\xb8\xe0\xa6\xbe\xe0\xa6\xac")},
                          {"position", std::string("line\nbreak")}});
    r.prev_hash = prev_hash;
    seal(r);
    prev_hash = r.hash;
    out.push_back(audit_message(r.canonical, r.hash));
  }
  return out;
}

std::string interleave(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::string out;
  for (std::size_t i = 0; i < std::max(a.size(), b.size()); ++i) {
    if (i < a.size()) out += a[i] + "\n";
    if (i < b.size()) out += b[i] + "\n";
  }
  return out;
}

FileVerification verify(const std::string& text) {
  std::istringstream in(text);
  return verify_audit_export(in);
}

TEST(AuditFileVerifier, InterleavedChainsAndAMidChainSegmentVerify) {
  const auto a = chain_of("erp.onboarding/0", 1, domain::genesis_hash, 4);
  const auto b = chain_of("erp.onboarding/1", 41, std::string(64, 'c'), 3);  // starts mid-chain
  const auto result = verify(interleave(a, b));
  EXPECT_FALSE(result.first_break) << result.first_break->what;
  EXPECT_EQ(result.records, 7);
  ASSERT_EQ(result.chains.size(), 2u);
  EXPECT_EQ(result.chains.at("erp.onboarding/0").starts_after, domain::genesis_hash);
  EXPECT_EQ(result.chains.at("erp.onboarding/1").first_seq, 41);
  EXPECT_EQ(result.chains.at("erp.onboarding/1").last_seq, 43);
  EXPECT_EQ(result.chains.at("erp.onboarding/1").starts_after, std::string(64, 'c'));
}

TEST(AuditFileVerifier, AChangedByteARemovedRecordAndAForeignMemberBreakIt) {
  auto a = chain_of("erp.onboarding/0", 1, domain::genesis_hash, 4);
  auto changed = a;
  changed[2].replace(changed[2].find("EMP-2"), 5, "EMP-9");
  auto result = verify(interleave(changed, {}));
  ASSERT_TRUE(result.first_break);
  EXPECT_EQ(result.first_break->line, 3);
  EXPECT_EQ(result.first_break->what, "hash differs from SHA-256(prev_hash + canonical)");

  auto removed = a;
  removed.erase(removed.begin() + 1);
  result = verify(interleave(removed, {}));
  ASSERT_TRUE(result.first_break);
  EXPECT_EQ(result.first_break->seq, 3);
  EXPECT_EQ(result.first_break->what, "a record is missing or out of order (seq)");

  auto foreign = a;
  foreign[0].insert(1, "\"note\":\"added\",");
  result = verify(interleave(foreign, {}));
  ASSERT_TRUE(result.first_break);
  EXPECT_EQ(result.first_break->what, "the record has 16 members, not 15");
  EXPECT_TRUE(verify("not json\n").first_break);
}

}  // namespace
}  // namespace vextrus::adapters
