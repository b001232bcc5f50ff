#include "adapters/json/audit_codec.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace vextrus {
namespace {

using adapters::audit_message;
using adapters::canonical_detail;
using adapters::canonical_record;
using adapters::canonicalize_json;
using adapters::seal;
using adapters::sha256_hex;
using domain::AuditRecord;
using domain::Detail;

domain::Timestamp at(const char* rfc3339) { return *domain::parse_rfc3339(rfc3339); }

const std::string hash_a(64, 'a');

// An approval record with every field set.
AuditRecord approval_record() {
  AuditRecord r;
  r.chain = "erp.purchase-orders/3";
  r.seq = 7;
  r.entity_type = "purchase_order";
  r.entity_id = "PO-2025-000123";
  r.event_id = "0b7c2c9e-3a55-4d0e-9a51-1c2f7c1f8a10";
  r.action = "approved";
  r.actor_id = "u-2001";
  r.actor_role = "department_head";
  r.status_before = "pending_approval";
  r.status_after = "approved";
  r.occurred_at = at("2025-09-17T10:15:00+06:00");
  r.recorded_at = at("2025-09-17T04:15:01.25Z");
  r.detail_json = R"({"policy_id":"bd-default-2025-07-01","total":"100000.01"})";
  r.prev_hash = hash_a;
  return r;
}

const char* const approval_canonical =
    R"({"action":"approved","actor_id":"u-2001","actor_role":"department_head",)"
    R"("chain":"erp.purchase-orders/3","detail":{"policy_id":"bd-default-2025-07-01","total":"100000.01"},)"
    R"("entity_id":"PO-2025-000123","entity_type":"purchase_order",)"
    R"("event_id":"0b7c2c9e-3a55-4d0e-9a51-1c2f7c1f8a10","occurred_at":"2025-09-17T04:15:00.000000Z",)"
    R"("prev_hash":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",)"
    R"("recorded_at":"2025-09-17T04:15:01.250000Z","seq":7,"status_after":"approved",)"
    R"("status_before":"pending_approval"})";

// --- SHA-256 ----------------------------------------------------------------------------------

TEST(AuditCodec, Sha256KnownVectors) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(1'000'000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  // Bytes, not C strings: an embedded NUL counts.
  EXPECT_NE(sha256_hex(std::string("a\0b", 3)), sha256_hex("a"));
}

// --- Canonical record -------------------------------------------------------------------------

TEST(AuditCodec, CanonicalRecordIsSortedCompactJson) {
  EXPECT_EQ(canonical_record(approval_record()), approval_canonical);
}

TEST(AuditCodec, CanonicalRecordWritesAbsentValuesAsNull) {
  AuditRecord r;
  r.chain = "erp.purchase-orders/0";
  r.seq = 1;
  r.entity_type = "purchase_order";
  r.entity_id = "PO-9";
  r.action = "refused";
  r.occurred_at = at("2025-09-17T10:15:00+06:00");
  r.recorded_at = at("2025-09-17T10:15:00.000001+06:00");
  r.detail_json = R"({"reason":"unknown_entity"})";
  r.prev_hash = domain::genesis_hash;
  EXPECT_EQ(canonical_record(r),
            R"({"action":"refused","actor_id":null,"actor_role":null,"chain":"erp.purchase-orders/0",)"
            R"("detail":{"reason":"unknown_entity"},"entity_id":"PO-9","entity_type":"purchase_order",)"
            R"("event_id":null,"occurred_at":"2025-09-17T04:15:00.000000Z",)"
            R"("prev_hash":"0000000000000000000000000000000000000000000000000000000000000000",)"
            R"("recorded_at":"2025-09-17T04:15:00.000001Z","seq":1,"status_after":null,)"
            R"("status_before":null})");
}

TEST(AuditCodec, CanonicalRecordEscapesStringFields) {
  AuditRecord r = approval_record();
  r.actor_id = "u-\"quoted\"\\\n";
  r.entity_id = "PO-\xe0\xa7\xa7";  // non-ASCII kept raw
  const std::string canonical = canonical_record(r);
  EXPECT_NE(canonical.find(R"("actor_id":"u-\"quoted\"\\\n")"), std::string::npos) << canonical;
  EXPECT_NE(canonical.find("\"entity_id\":\"PO-\xe0\xa7\xa7\""), std::string::npos) << canonical;
}

TEST(AuditCodec, GenesisHashIsSixtyFourZeros) { EXPECT_EQ(domain::genesis_hash, std::string(64, '0')); }

// --- Canonical detail -------------------------------------------------------------------------

TEST(AuditCodec, CanonicalDetailSortsKeysAndKeepsTypes) {
  const Detail detail{
      {"total", std::string("100000.01")},
      {"tiers", std::vector<std::string>{"department_head", "finance_manager"}},
      {"policy_id", std::string("bd-default-2025-07-01")},
      {"tier", std::int64_t{2}},
      {"pending_role", nullptr},
      {"flag", true},
      {"off", false},
      {"delta", std::int64_t{-5}},
      {"empty", std::vector<std::string>{}},
      {"Zeta", std::string("upper case sorts first")},
      {"a_b", std::string("'_' (0x5f) sorts before 'b'")},
      {"ab", std::string("x")},
  };
  EXPECT_EQ(canonical_detail(detail), R"({"Zeta":"upper case sorts first","a_b":"'_' (0x5f) sorts before 'b'",)"
                                      R"("ab":"x","delta":-5,"empty":[],"flag":true,"off":false,"pending_role":null,)"
                                      R"("policy_id":"bd-default-2025-07-01","tier":2,)"
                                      R"("tiers":["department_head","finance_manager"],"total":"100000.01"})");
}

TEST(AuditCodec, CanonicalDetailOfNothingIsAnEmptyObject) { EXPECT_EQ(canonical_detail({}), "{}"); }

TEST(AuditCodec, CanonicalDetailEscapesControlCharactersLowercase) {
  const std::string text = std::string("q\"b\\s/") + '\b' + '\f' + '\n' + '\r' + '\t' + '\x01' + '\x1b' + '\x1f' +
                           '\x7f' + "\xe0\xa7\xa7\xf0\x9f\x98\x80";
  EXPECT_EQ(canonical_detail({{"comment", text}}),
            "{\"comment\":\"q\\\"b\\\\s/\\b\\f\\n\\r\\t\\u0001\\u001b\\u001f\x7f"
            "\xe0\xa7\xa7\xf0\x9f\x98\x80\"}");
}

TEST(AuditCodec, CanonicalDetailKeepsNonAsciiRaw) {
  const std::string bangla = "\xe0\xa6\xaa\xe0\xa7\x82\xe0\xa6\xb0\xe0\xa7\x8d\xe0\xa6\xa4";  // পূর্ত
  EXPECT_EQ(canonical_detail({{"department", bangla}, {"symbol", std::string("\xe0\xa7\xb3")}}),
            "{\"department\":\"" + bangla + "\",\"symbol\":\"\xe0\xa7\xb3\"}");
}

// --- canonicalize_json ------------------------------------------------------------------------

TEST(AuditCodec, CanonicalizeJsonSortsAndCompacts) {
  EXPECT_EQ(canonicalize_json("{\"b\": 1, \"a\": [\"x\"]}"), "{\"a\":[\"x\"],\"b\":1}");
  EXPECT_EQ(
      canonicalize_json(" {\n  \"z\" : {\"d\": null, \"c\": [true, false]},\n  \"m\": \"\\u00e9\\/\\u001F\"\n}\n"),
      "{\"m\":\"\xc3\xa9/\\u001f\",\"z\":{\"c\":[true,false],\"d\":null}}");
  EXPECT_EQ(canonicalize_json("{}"), "{}");
  EXPECT_EQ(canonicalize_json("{\"n\": -12, \"tier\": 3}"), "{\"n\":-12,\"tier\":3}");
}

TEST(AuditCodec, CanonicalizeJsonIsIdempotentOnCanonicalDetail) {
  const Detail detail{{"total", std::string("100000.01")},
                      {"tiers", std::vector<std::string>{"cfo"}},
                      {"note", std::string("a\tb\x01\xe0\xa7\xa7")},
                      {"pending_role", nullptr},
                      {"tier", std::int64_t{1}}};
  const std::string canonical = canonical_detail(detail);
  EXPECT_EQ(canonicalize_json(canonical), canonical);
  // As PostgreSQL jsonb prints it back: ", " and ": " separators, keys reordered by length.
  EXPECT_EQ(canonicalize_json(
                R"({"tier": 1, "note": "a\tb\u0001১", "tiers": ["cfo"], "total": "100000.01", "pending_role": null})"),
            canonical);
}

// RFC 8785 section 3.2.3: member names are sorted by their UTF-16 code units, so U+1F600
// (surrogates D83D DE00) sorts before U+FB33. The example is the RFC's own.
TEST(AuditCodec, CanonicalizeJsonSortsKeysByUtf16CodeUnits) {
  const std::string input =
      R"({"\u20ac":"Euro Sign","\r":"Carriage Return","\ufb33":"Hebrew Letter Dalet With Dagesh",)"
      R"("1":"One","\ud83d\ude00":"Emoji: Grinning Face","\u0080":"Control",)"
      R"("\u00f6":"Latin Small Letter O With Diaeresis"})";
  EXPECT_EQ(canonicalize_json(input),
            "{\"\\r\":\"Carriage Return\",\"1\":\"One\",\"\xc2\x80\":\"Control\","
            "\"\xc3\xb6\":\"Latin Small Letter O With Diaeresis\",\"\xe2\x82\xac\":\"Euro Sign\","
            "\"\xf0\x9f\x98\x80\":\"Emoji: Grinning Face\","
            "\"\xef\xac\xb3\":\"Hebrew Letter Dalet With Dagesh\"}");
}

// --- Sealing and the hash chain ---------------------------------------------------------------

TEST(AuditCodec, SealHashesPrevHashFollowedByTheCanonicalText) {
  AuditRecord r = approval_record();
  seal(r);
  EXPECT_EQ(r.canonical, approval_canonical);
  EXPECT_EQ(r.hash, sha256_hex(hash_a + approval_canonical));
  // Computed independently (Python hashlib) from the same bytes.
  EXPECT_EQ(r.hash, "1cf6cf70a6c8c26daa304d8d09121ef40af7e5509e60598c2dff2692753690ba");
  EXPECT_EQ(r.hash.size(), 64u);
  EXPECT_EQ(r.hash.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(AuditCodec, SealIgnoresAStaleHashAndCanonical) {
  AuditRecord clean = approval_record();
  seal(clean);
  AuditRecord stale = approval_record();
  stale.hash = "stale";
  stale.canonical = "stale";
  seal(stale);
  EXPECT_EQ(stale.canonical, clean.canonical);
  EXPECT_EQ(stale.hash, clean.hash);
}

TEST(AuditCodec, SealChainsRecords) {
  AuditRecord first = approval_record();
  first.seq = 1;
  first.prev_hash = domain::genesis_hash;
  seal(first);
  AuditRecord second = approval_record();
  second.seq = 2;
  second.prev_hash = first.hash;
  seal(second);
  EXPECT_EQ(second.hash, sha256_hex(first.hash + second.canonical));
  EXPECT_NE(second.canonical.find("\"prev_hash\":\"" + first.hash + "\""), std::string::npos);
}

TEST(AuditCodec, ChangingAnyHashedFieldChangesTheHash) {
  AuditRecord base = approval_record();
  seal(base);
  const std::vector<std::pair<const char*, std::function<void(AuditRecord&)>>> changes{
      {"chain", [](AuditRecord& r) { r.chain = "erp.purchase-orders/4"; }},
      {"seq", [](AuditRecord& r) { r.seq = 8; }},
      {"entity_type", [](AuditRecord& r) { r.entity_type = "invoice"; }},
      {"entity_id", [](AuditRecord& r) { r.entity_id = "PO-2025-000124"; }},
      {"event_id", [](AuditRecord& r) { r.event_id = "0b7c2c9e-3a55-4d0e-9a51-1c2f7c1f8a11"; }},
      {"event_id null", [](AuditRecord& r) { r.event_id.reset(); }},
      {"action", [](AuditRecord& r) { r.action = "rejected"; }},
      {"actor_id", [](AuditRecord& r) { r.actor_id = "u-2002"; }},
      {"actor_id null", [](AuditRecord& r) { r.actor_id.reset(); }},
      {"actor_role", [](AuditRecord& r) { r.actor_role = "cfo"; }},
      {"actor_role null", [](AuditRecord& r) { r.actor_role.reset(); }},
      {"status_before", [](AuditRecord& r) { r.status_before = "approved"; }},
      {"status_before null", [](AuditRecord& r) { r.status_before.reset(); }},
      {"status_after", [](AuditRecord& r) { r.status_after = "rejected"; }},
      {"status_after null", [](AuditRecord& r) { r.status_after.reset(); }},
      {"occurred_at by 1 µs", [](AuditRecord& r) { r.occurred_at.micros += 1; }},
      {"recorded_at by 1 µs", [](AuditRecord& r) { r.recorded_at.micros += 1; }},
      {"detail",
       [](AuditRecord& r) { r.detail_json = R"({"policy_id":"bd-default-2025-07-01","total":"100000.02"})"; }},
      {"prev_hash", [](AuditRecord& r) { r.prev_hash = std::string(63, 'a') + "b"; }},
      {"string null vs \"null\"", [](AuditRecord& r) { r.status_before = "null"; }},
  };
  for (const auto& [what, change] : changes) {
    AuditRecord changed = approval_record();
    change(changed);
    seal(changed);
    EXPECT_NE(changed.canonical, base.canonical) << what;
    EXPECT_NE(changed.hash, base.hash) << what;
  }
}

// --- The published message --------------------------------------------------------------------

TEST(AuditCodec, AuditMessageIsTheCanonicalTextPlusHash) {
  AuditRecord r = approval_record();
  seal(r);
  const std::string message = audit_message(r.canonical, r.hash);
  const std::string hash_member = ",\"hash\":\"" + r.hash + "\"";
  const auto event_id = message.find("\"event_id\":");
  const auto hash = message.find(hash_member);
  const auto occurred_at = message.find("\"occurred_at\":");
  ASSERT_NE(hash, std::string::npos) << message;
  EXPECT_LT(event_id, hash);
  EXPECT_LT(hash, occurred_at);
  EXPECT_EQ(message.find("\"hash\":", hash + hash_member.size()), std::string::npos) << "one hash only";
  std::string without_hash = message;
  without_hash.erase(hash, hash_member.size());
  EXPECT_EQ(without_hash, r.canonical);
  // Its key order stays canonical: the message itself is RFC 8785 text.
  EXPECT_EQ(canonicalize_json(message), message);
}

}  // namespace
}  // namespace vextrus
