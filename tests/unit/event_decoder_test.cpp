#include "adapters/json/event_decoder.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <simdjson.h>
#include "tests/unit/event_text.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace vextrus {
namespace {

using adapters::DecodeResult;
using adapters::EventDecoder;
using adapters::Malformed;
using adapters::RawEvent;
using domain::DeadLetterReason;
using Json = nlohmann::ordered_json;
using test_events::describe;
using test_events::envelope;
using test_events::with;
using test_events::with_raw;
using test_events::with_raws;
using test_events::without;

constexpr const char* entity = "PO-2025-000123";

const domain::PolicySet& default_policies() {
  static const domain::PolicySet set = [] {
    domain::Policy policy;
    policy.policy_id = "bd-default-2025-07-01";
    policy.effective_from = *domain::parse_date("2025-07-01");
    policy.purchase_order.tiers = {
        {domain::Role::department_head, domain::Money::from_taka(0)},
        {domain::Role::finance_manager, domain::Money::from_taka(100'000)},
        {domain::Role::cfo, domain::Money::from_taka(1'000'000)},
        {domain::Role::managing_director, domain::Money::from_taka(10'000'000)},
    };
    return domain::PolicySet{{policy}};
  }();
  return set;
}

// --- Building event text ----------------------------------------------------------------------

// A valid purchase_order.submitted: 10 × 12500.05 + 3 × 1000 = 128000.50.
Json submitted() {
  return envelope("purchase_order.submitted", Json{{"id", "u-1001"}, {"role", "requester"}},
                  Json{
                      {"requester_id", "u-1001"},
                      {"department", "civil-works"},
                      {"vendor_id", "V-77"},
                      {"budget_code", "CAPEX-2025-11"},
                      {"lines", Json::array({Json{{"item", "cement"}, {"quantity", 10}, {"unit_price", "12500.05"}},
                                             Json{{"item", "rod"}, {"quantity", 3}, {"unit_price", 1000}}})},
                      {"total", "128000.50"},
                  });
}

Json approved() {
  return envelope("purchase_order.approved", Json{{"id", "u-2001"}, {"role", "department_head"}},
                  Json{{"comment", "ok"}});
}

Json rejected() {
  return envelope("purchase_order.rejected", Json{{"id", "u-2001"}, {"role", "department_head"}},
                  Json{{"reason", "over budget"}});
}

Json cancelled() {
  return envelope("purchase_order.cancelled", Json{{"id", "u-1001"}, {"role", "requester"}},
                  Json{{"reason", "no longer needed"}});
}

DecodeResult decode(const std::string& text, std::optional<std::string> key = std::string(entity)) {
  static EventDecoder decoder(default_policies());
  RawEvent raw;
  raw.value = text;
  if (key) raw.key = *key;
  raw.topic_workflow = domain::Workflow::purchase_order;
  raw.key_required = true;
  return test_events::decode_recorded(decoder, raw);
}

// The decoded event (a copy: the result is usually a temporary), or an empty one after a failure.
domain::Event expect_event(const DecodeResult& result) {
  const auto* event = std::get_if<domain::Event>(&result);
  EXPECT_NE(event, nullptr) << describe(result);
  return event != nullptr ? *event : domain::Event{};
}

std::string repeat(char c, std::size_t n) { return std::string(n, c); }

// --- Dead-letter reasons, one table ----------------------------------------------------------

struct Case {
  std::string description;
  std::optional<std::string> key;
  std::string json;
  DeadLetterReason expected;
};

void run(const std::vector<Case>& cases) {
  for (const auto& c : cases) {
    SCOPED_TRACE(c.description);
    const DecodeResult result = decode(c.json, c.key);
    const auto* malformed = std::get_if<Malformed>(&result);
    ASSERT_NE(malformed, nullptr) << "expected " << domain::name(c.expected) << ", got " << describe(result)
                                  << "\n  json: " << c.json.substr(0, 300);
    EXPECT_EQ(domain::name(malformed->reason), domain::name(c.expected))
        << describe(result) << "\n  json: " << c.json.substr(0, 300);
    EXPECT_FALSE(malformed->detail.empty());
  }
}

const std::optional<std::string> key = std::string(entity);

TEST(EventDecoder, NoKey) {
  run({
      {"message without a key", std::nullopt, submitted().dump(), DeadLetterReason::no_key},
      {"empty key", std::string(), submitted().dump(), DeadLetterReason::no_key},
      {"no key, approval", std::nullopt, approved().dump(), DeadLetterReason::no_key},
  });
}

TEST(EventDecoder, KeyMismatch) {
  run({
      {"another entity", std::string("PO-2025-000124"), submitted().dump(), DeadLetterReason::key_mismatch},
      {"different case", std::string("po-2025-000123"), submitted().dump(), DeadLetterReason::key_mismatch},
      {"key with a trailing space", std::string("PO-2025-000123 "), submitted().dump(), DeadLetterReason::key_mismatch},
      {"prefix of the entity id", std::string("PO-2025"), approved().dump(), DeadLetterReason::key_mismatch},
  });
}

TEST(EventDecoder, InvalidJson) {
  const std::string valid = submitted().dump();
  run({
      {"truncated", key, valid.substr(0, valid.size() / 2), DeadLetterReason::invalid_json},
      {"truncated by one byte", key, valid.substr(0, valid.size() - 1), DeadLetterReason::invalid_json},
      {"empty message", key, "", DeadLetterReason::invalid_json},
      {"only whitespace", key, "  \n ", DeadLetterReason::invalid_json},
      {"trailing garbage after {}", key, "{} x", DeadLetterReason::invalid_json},
      {"two documents {}{}", key, "{}{}", DeadLetterReason::invalid_json},
      {"trailing garbage after a valid event", key, valid + " x", DeadLetterReason::invalid_json},
      {"two valid events", key, valid + valid, DeadLetterReason::invalid_json},
      {"a valid event then a comma", key, valid + ",", DeadLetterReason::invalid_json},
      {"invalid UTF-8 byte in a string", key, with_raw(submitted(), "/payload/department", "\"civil\xff\""),
       DeadLetterReason::invalid_json},
      {"overlong UTF-8 encoding", key, with_raw(submitted(), "/payload/department", "\"\xc0\xaf\""),
       DeadLetterReason::invalid_json},
      {"truncated UTF-8 sequence", key, with_raw(submitted(), "/payload/department", "\"\xe0\xa6\""),
       DeadLetterReason::invalid_json},
      {"invalid UTF-8 in an unknown field", key, with_raw(submitted(), "/extra", "\"\xfe\""),
       DeadLetterReason::invalid_json},
      {"escaped U+0000 in a string", key, with_raw(submitted(), "/payload/department", R"("civil\u0000works")"),
       DeadLetterReason::invalid_json},
      {"escaped U+0000 in the actor id", key, with_raw(submitted(), "/actor/id", R"("\u0000")"),
       DeadLetterReason::invalid_json},
      {"escaped U+0000 in an unknown field", key, with_raw(submitted(), "/note", R"("a\u0000")"),
       DeadLetterReason::invalid_json},
      {"raw NUL byte in a string", key,
       with_raw(submitted(), "/payload/department", std::string("\"civil\0works\"", 13)),
       DeadLetterReason::invalid_json},
      {"single quotes", key, with_raw(submitted(), "/payload/department", "'civil'"), DeadLetterReason::invalid_json},
      {"bare NaN", key, with_raw(submitted(), "/payload/total", "NaN"), DeadLetterReason::invalid_json},
      {"bare Infinity", key, with_raw(submitted(), "/payload/total", "Infinity"), DeadLetterReason::invalid_json},
      {"leading zero number", key, with_raw(submitted(), "/payload/lines/0/quantity", "010"),
       DeadLetterReason::invalid_json},
      {"number with a trailing dot", key, with_raw(submitted(), "/payload/total", "128000."),
       DeadLetterReason::invalid_json},
      {"misspelt literal in an unknown field", key, with_raw(submitted(), "/flag", "tru"),
       DeadLetterReason::invalid_json},
      {"nul instead of null", key, with_raw(submitted(), "/flag", "nul"), DeadLetterReason::invalid_json},
      {"trailing comma in an object", key, "{\"event_id\":\"e\",}", DeadLetterReason::invalid_json},
      {"unterminated string", key, "{\"event_id\":\"e}", DeadLetterReason::invalid_json},
      {"control character in a string", key, with_raw(submitted(), "/payload/department", "\"a\nb\""),
       DeadLetterReason::invalid_json},
  });
}

// Separate from the table: a U+0000 escape inside a member name.
TEST(EventDecoder, InvalidJsonForNulInAMemberName) {
  std::string text = submitted().dump();
  text.insert(1, R"("bad\u0000key":1,)");
  run({{"escaped U+0000 in a key", key, text, DeadLetterReason::invalid_json}});
}

TEST(EventDecoder, DeeplyNestedJsonIsMalformedNotACrash) {
  const std::size_t depth = 100'000;
  const std::string text = with_raw(submitted(), "/extra", repeat('[', depth) + repeat(']', depth));
  const DecodeResult result = decode(text);
  EXPECT_TRUE(std::holds_alternative<Malformed>(result)) << describe(result);
}

TEST(EventDecoder, NotAnObject) {
  run({
      {"array [1]", key, "[1]", DeadLetterReason::not_an_object},
      {"empty array", key, "[]", DeadLetterReason::not_an_object},
      {"string", key, "\"s\"", DeadLetterReason::not_an_object},
      {"number 42", key, "42", DeadLetterReason::not_an_object},
      {"number with whitespace", key, " 42 \n", DeadLetterReason::not_an_object},
      {"null", key, "null", DeadLetterReason::not_an_object},
      {"true", key, "true", DeadLetterReason::not_an_object},
      {"array holding the event", key, "[" + submitted().dump() + "]", DeadLetterReason::not_an_object},
  });
}

TEST(EventDecoder, MissingField) {
  std::vector<Case> cases;
  for (const char* field :
       {"/event_id", "/type", "/entity_id", "/occurred_at", "/actor", "/actor/id", "/actor/role", "/payload"}) {
    cases.push_back(
        {std::string("envelope without ") + field, key, without(submitted(), field), DeadLetterReason::missing_field});
    cases.push_back({std::string("envelope with null ") + field, key, with(submitted(), field, nullptr),
                     DeadLetterReason::missing_field});
  }
  for (const char* field :
       {"/payload/requester_id", "/payload/department", "/payload/vendor_id", "/payload/budget_code", "/payload/lines",
        "/payload/total", "/payload/lines/0/item", "/payload/lines/0/quantity", "/payload/lines/0/unit_price",
        "/payload/lines/1/unit_price"}) {
    cases.push_back(
        {std::string("submitted without ") + field, key, without(submitted(), field), DeadLetterReason::missing_field});
  }
  cases.push_back({"empty event_id", key, with(submitted(), "/event_id", ""), DeadLetterReason::missing_field});
  cases.push_back({"empty actor.id", key, with(submitted(), "/actor/id", ""), DeadLetterReason::missing_field});
  cases.push_back(
      {"empty requester_id", key, with(submitted(), "/payload/requester_id", ""), DeadLetterReason::missing_field});
  cases.push_back(
      {"no lines", key, with(submitted(), "/payload/lines", Json::array()), DeadLetterReason::missing_field});
  cases.push_back({"empty object {}", key, "{}", DeadLetterReason::missing_field});
  cases.push_back(
      {"rejected without reason", key, without(rejected(), "/payload/reason"), DeadLetterReason::missing_field});
  cases.push_back(
      {"cancelled without reason", key, without(cancelled(), "/payload/reason"), DeadLetterReason::missing_field});
  run(cases);
}

TEST(EventDecoder, MissingFieldDetailNamesTheField) {
  const DecodeResult result = decode(without(submitted(), "/payload/lines/1/unit_price"));
  const auto* malformed = std::get_if<Malformed>(&result);
  ASSERT_NE(malformed, nullptr);
  EXPECT_NE(malformed->detail.find("unit_price"), std::string::npos) << malformed->detail;
  EXPECT_NE(malformed->detail.find("lines[1]"), std::string::npos) << malformed->detail;
}

TEST(EventDecoder, WrongType) {
  run({
      {"event_id is a number", key, with(submitted(), "/event_id", 42), DeadLetterReason::wrong_type},
      {"event_id of 65 characters", key, with(submitted(), "/event_id", repeat('e', 65)), DeadLetterReason::wrong_type},
      {"type is a number", key, with(submitted(), "/type", 1), DeadLetterReason::wrong_type},
      {"entity_id is a number", key, with(submitted(), "/entity_id", 123), DeadLetterReason::wrong_type},
      {"entity_id with a space", std::string("PO 2025"), with(submitted(), "/entity_id", "PO 2025"),
       DeadLetterReason::wrong_type},
      {"entity_id with a slash", std::string("PO/2025"), with(submitted(), "/entity_id", "PO/2025"),
       DeadLetterReason::wrong_type},
      {"entity_id with non-ASCII", std::string("PO-\xe0\xa7\xa7"), with(submitted(), "/entity_id", "PO-\xe0\xa7\xa7"),
       DeadLetterReason::wrong_type},
      {"entity_id of 65 characters", repeat('P', 65), with(submitted(), "/entity_id", repeat('P', 65)),
       DeadLetterReason::wrong_type},
      {"occurred_at is a number", key, with(submitted(), "/occurred_at", 1758082500), DeadLetterReason::wrong_type},
      {"actor is a string", key, with(submitted(), "/actor", "u-1001"), DeadLetterReason::wrong_type},
      {"actor.id is a number", key, with(submitted(), "/actor/id", 1001), DeadLetterReason::wrong_type},
      {"actor.role is an array", key, with(submitted(), "/actor/role", Json::array({"requester"})),
       DeadLetterReason::wrong_type},
      {"payload is an array", key, with(submitted(), "/payload", Json::array()), DeadLetterReason::wrong_type},
      {"payload is a string", key, with(submitted(), "/payload", "{}"), DeadLetterReason::wrong_type},
      {"approval payload is a number", key, with(approved(), "/payload", 1), DeadLetterReason::wrong_type},
      {"requester_id is a number", key, with(submitted(), "/payload/requester_id", 1001), DeadLetterReason::wrong_type},
      {"lines is an object", key, with(submitted(), "/payload/lines", Json::object()), DeadLetterReason::wrong_type},
      {"a line is a string", key, with(submitted(), "/payload/lines/0", "cement"), DeadLetterReason::wrong_type},
      {"quantity is a string", key, with(submitted(), "/payload/lines/0/quantity", "10"), DeadLetterReason::wrong_type},
      {"unit_price is a boolean", key, with(submitted(), "/payload/lines/0/unit_price", true),
       DeadLetterReason::wrong_type},
      {"total is an object", key, with(submitted(), "/payload/total", Json{{"amount", "1"}}),
       DeadLetterReason::wrong_type},
      {"comment is a number", key, with(approved(), "/payload/comment", 5), DeadLetterReason::wrong_type},
      {"reject reason is a number", key, with(rejected(), "/payload/reason", 5), DeadLetterReason::wrong_type},
  });
}

TEST(EventDecoder, IdLengthLimitsAreInclusive) {
  EXPECT_EQ(expect_event(decode(with(submitted(), "/event_id", repeat('e', 64)))).event_id, repeat('e', 64));
  const std::string longest = "Az09._:-" + repeat('x', 56);
  ASSERT_EQ(longest.size(), 64u);
  EXPECT_EQ(expect_event(decode(with(submitted(), "/entity_id", longest), longest)).entity_id, longest);
  EXPECT_EQ(expect_event(decode(with(submitted(), "/entity_id", "P"), std::string("P"))).entity_id, "P");
}

// "At most 64 characters": counted as characters, so an id in Bengali script fits as well.
TEST(EventDecoder, EventIdLengthIsCountedInCharacters) {
  std::string bengali;
  for (int i = 0; i < 64; ++i) bengali += "\xe0\xa7\xa7";  // ১, three bytes in UTF-8
  EXPECT_EQ(expect_event(decode(with(submitted(), "/event_id", bengali))).event_id, bengali);
  run({{"65 Bengali characters", key, with(submitted(), "/event_id", bengali + "\xe0\xa7\xa7"),
        DeadLetterReason::wrong_type}});
}

// The detail ends with the rule of docs/schemas the event breaks, when a schema rule states it,
// and names none for what only the service can tell.
TEST(EventDecoder, TheDetailNamesTheSchemaRuleItBreaks) {
  const auto detail = [](const DecodeResult& result) {
    const auto* malformed = std::get_if<Malformed>(&result);
    return malformed != nullptr ? malformed->detail : std::string("a valid event");
  };
  EXPECT_EQ(detail(decode(with(submitted(), "/payload/lines/0/unit_price", "1.505"))),
            "payload.lines[0].unit_price '1.505' is not a decimal amount with at most 2 decimals "
            "(schema: docs/schemas/purchase_order.submitted.json#/$defs/line/properties/unit_price)");
  EXPECT_EQ(
      detail(decode(without(submitted(), "/payload/total"))),
      "payload.total is missing (schema: docs/schemas/purchase_order.submitted.json#/properties/payload/required)");
  EXPECT_EQ(detail(decode(with(submitted(), "/actor/role", "admin"))),
            "actor.role 'admin' is unknown (schema: docs/schemas/common.json#/$defs/actor/properties/role)");
  EXPECT_EQ(
      detail(decode(with(submitted(), "/type", "invoice.received"))),
      "invoice.received does not belong on this topic (schema: docs/asyncapi.yaml#/channels/purchaseOrders/messages)");
  EXPECT_EQ(detail(decode(with_raw(submitted(), "/payload/total", "1.500"))),
            "payload.total '1.500' is not a decimal amount with at most 2 decimals")
      << "JSON Schema sees the number 1.5, which is valid: only the service can tell";
  EXPECT_EQ(detail(decode(submitted().dump(), std::string("PO-9"))), "the message key differs from entity_id");
}

TEST(EventDecoder, UnknownType) {
  run({
      {"misspelt type", key, with(submitted(), "/type", "purchase_order.submit"), DeadLetterReason::unknown_type},
      {"upper case type", key, with(submitted(), "/type", "PURCHASE_ORDER.SUBMITTED"), DeadLetterReason::unknown_type},
      {"empty type", key, with(submitted(), "/type", ""), DeadLetterReason::unknown_type},
      {"expired is not an input event", key, with(approved(), "/type", "purchase_order.expired"),
       DeadLetterReason::unknown_type},
  });
}

TEST(EventDecoder, WrongTopic) {
  run({
      {"invoice.received on the purchase-order topic", key, with(submitted(), "/type", "invoice.received"),
       DeadLetterReason::wrong_topic},
      {"invoice.approved on the purchase-order topic", key, with(approved(), "/type", "invoice.approved"),
       DeadLetterReason::wrong_topic},
      {"employee.hired on the purchase-order topic", key, with(submitted(), "/type", "employee.hired"),
       DeadLetterReason::wrong_topic},
  });
}

TEST(EventDecoder, UnknownRole) {
  run({
      {"admin", key, with(submitted(), "/actor/role", "admin"), DeadLetterReason::unknown_role},
      {"capitalised", key, with(submitted(), "/actor/role", "Requester"), DeadLetterReason::unknown_role},
      {"empty", key, with(submitted(), "/actor/role", ""), DeadLetterReason::unknown_role},
      {"role with spaces", key, with(approved(), "/actor/role", "department head"), DeadLetterReason::unknown_role},
  });
}

TEST(EventDecoder, BadMoney) {
  std::vector<Case> cases;
  struct Bad {
    const char* description;
    const char* raw;
  };
  const Bad bad[] = {
      {"third fractional digit as string", R"("1.500")"},
      {"third fractional digit as number", "1.500"},
      {"exponent as string", R"("1e5")"},
      {"exponent as number", "1e5"},
      {"upper-case exponent as number", "1E5"},
      {"exponent with fraction", "1.5e2"},
      {"digit grouping", R"("1,00,000")"},
      {"negative number", "-5"},
      {"negative string", R"("-5.00")"},
      {"negative zero", "-0"},
      {"NaN string", R"("NaN")"},
      {"Infinity string", R"("Infinity")"},
      {"empty string", R"("")"},
      {"currency sign", R"("৳100")"},
      {"leading space", R"(" 100")"},
      {"trailing dot", R"("100.")"},
      {"leading dot", R"(".5")"},
      {"17 integer digits", R"("10000000000000000")"},
  };
  for (const Bad& b : bad) {
    cases.push_back({std::string("unit_price: ") + b.description, key,
                     with_raw(submitted(), "/payload/lines/0/unit_price", b.raw), DeadLetterReason::bad_money});
    cases.push_back({std::string("total: ") + b.description, key, with_raw(submitted(), "/payload/total", b.raw),
                     DeadLetterReason::bad_money});
  }
  cases.push_back({"zero unit_price as number", key, with_raw(submitted(), "/payload/lines/0/unit_price", "0"),
                   DeadLetterReason::bad_money});
  cases.push_back({"zero unit_price as string", key, with_raw(submitted(), "/payload/lines/0/unit_price", R"("0.00")"),
                   DeadLetterReason::bad_money});
  // A zero total where the lines are also zero: the zero itself is the fault.
  {
    Json doc = submitted();
    doc["payload"]["lines"] = Json::array({Json{{"item", "x"}, {"quantity", 1}, {"unit_price", "0"}}});
    doc["payload"]["total"] = "0";
    cases.push_back({"zero total with zero lines", key, doc.dump(), DeadLetterReason::bad_money});
    doc["payload"]["lines"][0]["unit_price"] = "1";
    doc["payload"]["total"] = 0;
    cases.push_back({"zero total as number", key, doc.dump(), DeadLetterReason::bad_money});
  }
  // Σ quantity × unit_price beyond numeric(18,2).
  {
    Json doc = submitted();
    doc["payload"]["lines"] =
        Json::array({Json{{"item", "x"}, {"quantity", 1000}, {"unit_price", "9999999999999999.99"}}});
    cases.push_back({"line amount beyond numeric(18,2)", key, doc.dump(), DeadLetterReason::bad_money});
  }
  run(cases);
}

// A number beyond 64 bits or beyond double range is still valid JSON (RFC 8259 section 6): its
// fault is the amount or quantity, not the syntax.
TEST(EventDecoder, HugeNumbersAreBadMoneyOrQuantityNotInvalidJson) {
  run({
      {"total of 30 digits", key, with_raw(submitted(), "/payload/total", "123456789012345678901234567890"),
       DeadLetterReason::bad_money},
      {"unit_price of 20 digits", key, with_raw(submitted(), "/payload/lines/0/unit_price", "99999999999999999999"),
       DeadLetterReason::bad_money},
      {"total 1e400", key, with_raw(submitted(), "/payload/total", "1e400"), DeadLetterReason::bad_money},
      {"quantity of 20 digits", key, with_raw(submitted(), "/payload/lines/0/quantity", "99999999999999999999"),
       DeadLetterReason::bad_quantity},
  });
}

// "Unknown fields are ignored": whatever valid JSON number they hold.
TEST(EventDecoder, UnknownFieldsMayHoldAnyValidJsonNumber) {
  for (const char* number : {"123456789012345678901234567890", "-9223372036854775809", "1e400", "18446744073709551616",
                             "1e-400", "9223372036854775808"}) {
    const DecodeResult result = decode(with_raw(submitted(), "/erp_row_id", number));
    EXPECT_TRUE(std::holds_alternative<domain::Event>(result)) << number << ": " << describe(result);
  }
}

TEST(EventDecoder, BadQuantity) {
  std::vector<Case> cases;
  for (const char* raw : {"0", "-1", "1.5", "1e2", "1E2", "10.0", "-0", "9223372036854775808"}) {
    cases.push_back({std::string("quantity ") + raw, key, with_raw(submitted(), "/payload/lines/0/quantity", raw),
                     DeadLetterReason::bad_quantity});
  }
  run(cases);
}

TEST(EventDecoder, BadDate) {
  run({
      {"occurred_at without offset", key, with(submitted(), "/occurred_at", "2025-09-17T10:15:00"),
       DeadLetterReason::bad_date},
      {"occurred_at on 2025-02-30", key, with(submitted(), "/occurred_at", "2025-02-30T10:15:00+06:00"),
       DeadLetterReason::bad_date},
      {"occurred_at a date only", key, with(submitted(), "/occurred_at", "2025-09-17"), DeadLetterReason::bad_date},
      {"occurred_at at 24:00", key, with(approved(), "/occurred_at", "2025-09-17T24:00:00Z"),
       DeadLetterReason::bad_date},
      {"occurred_at empty", key, with(cancelled(), "/occurred_at", ""), DeadLetterReason::bad_date},
      {"occurred_at in words", key, with(submitted(), "/occurred_at", "yesterday"), DeadLetterReason::bad_date},
  });
}

TEST(EventDecoder, TooLarge) {
  const std::size_t limit = 1024 * 1024;
  const std::string base = with(submitted(), "/pad", "");
  ASSERT_LT(base.size(), limit);
  // A valid event whose unknown field makes it exactly 1 MiB + 1 byte.
  const std::string over = with(submitted(), "/pad", repeat('x', limit + 1 - base.size()));
  ASSERT_EQ(over.size(), limit + 1);
  run({{"1 MiB + 1 byte", key, over, DeadLetterReason::too_large},
       {"1 MiB + 1 byte of whitespace after a valid event", key,
        submitted().dump() + repeat(' ', limit + 1 - submitted().dump().size()), DeadLetterReason::too_large},
       {"too large and without key", std::nullopt, over, DeadLetterReason::too_large}});

  // Exactly 1 MiB is allowed.
  const std::string at_limit = with(submitted(), "/pad", repeat('x', limit - base.size()));
  ASSERT_EQ(at_limit.size(), limit);
  expect_event(decode(at_limit));
}

TEST(EventDecoder, NoPolicy) {
  run({
      {"one second before 2025-07-01 00:00 Dhaka", key, with(submitted(), "/occurred_at", "2025-06-30T17:59:59Z"),
       DeadLetterReason::no_policy},
      {"one microsecond before, Dhaka offset", key,
       with(submitted(), "/occurred_at", "2025-06-30T23:59:59.999999+06:00"), DeadLetterReason::no_policy},
      {"an approval before the policy", key, with(approved(), "/occurred_at", "2024-01-01T00:00:00Z"),
       DeadLetterReason::no_policy},
  });
  const auto& at_start = expect_event(decode(with(submitted(), "/occurred_at", "2025-06-30T18:00:00Z")));
  EXPECT_EQ(domain::format_utc(at_start.occurred_at), "2025-06-30T18:00:00.000000Z");
  expect_event(decode(with(submitted(), "/occurred_at", "2025-07-01T00:00:00+06:00")));
}

TEST(EventDecoder, TotalMismatch) {
  run({
      {"total one paisa short", key, with(submitted(), "/payload/total", "128000.49"),
       DeadLetterReason::total_mismatch},
      {"total one paisa over", key, with(submitted(), "/payload/total", "128000.51"), DeadLetterReason::total_mismatch},
      {"total of one line only", key, with(submitted(), "/payload/total", "125000.50"),
       DeadLetterReason::total_mismatch},
      {"total is unit_price sum, not amount sum", key, with(submitted(), "/payload/total", "13500.05"),
       DeadLetterReason::total_mismatch},
  });
}

// --- Valid events -----------------------------------------------------------------------------

TEST(EventDecoder, DecodedSubmittedEqualsTheInput) {
  const std::string text = with(submitted(), "/occurred_at", "2025-09-17T10:15:00.123456789+06:00");
  const domain::Event& event = expect_event(decode(text));
  EXPECT_EQ(event.event_id, "0b7c2c9e-3a55-4d0e-9a51-1c2f7c1f8a10");
  EXPECT_EQ(event.type, domain::EventType::purchase_order_submitted);
  EXPECT_EQ(event.entity_id, entity);
  EXPECT_EQ(event.occurred_at.micros, (20'348LL * 86'400 + 4 * 3600 + 15 * 60) * 1'000'000 + 123'456);
  EXPECT_EQ(event.actor.id, "u-1001");
  EXPECT_EQ(event.actor.role, domain::Role::requester);
  const auto* payload = std::get_if<domain::PurchaseOrderSubmitted>(&event.payload);
  ASSERT_NE(payload, nullptr);
  EXPECT_EQ(payload->requester_id, "u-1001");
  EXPECT_EQ(payload->department, "civil-works");
  EXPECT_EQ(payload->vendor_id, "V-77");
  EXPECT_EQ(payload->budget_code, "CAPEX-2025-11");
  ASSERT_EQ(payload->lines.size(), 2u);
  EXPECT_EQ(payload->lines[0].item, "cement");
  EXPECT_EQ(payload->lines[0].quantity, 10);
  EXPECT_EQ(payload->lines[0].unit_price.paisa(), 1'250'005);
  EXPECT_EQ(payload->lines[1].item, "rod");
  EXPECT_EQ(payload->lines[1].quantity, 3);
  EXPECT_EQ(payload->lines[1].unit_price.paisa(), 100'000);
  EXPECT_EQ(payload->total.paisa(), 12'800'050);
}

TEST(EventDecoder, MoneyAsStringOrNumber) {
  struct Valid {
    const char* unit_price;
    const char* total;
    std::int64_t paisa;
  };
  const Valid cases[] = {
      {"125000.5", R"("125000.50")", 12'500'050},
      {R"("125000.50")", "125000.5", 12'500'050},
      {"125000.50", "125000.50", 12'500'050},
      {"100", R"("100")", 10'000},
      {"0.01", "0.01", 1},
      {R"("0.10")", "0.1", 10},
  };
  for (const Valid& c : cases) {
    SCOPED_TRACE(std::string(c.unit_price) + " / " + c.total);
    Json doc = submitted();
    doc["payload"]["lines"] = Json::array({Json{{"item", "x"}, {"quantity", 1}, {"unit_price", "1"}}});
    const std::string text =
        with_raws(doc, {{"/payload/lines/0/unit_price", c.unit_price}, {"/payload/total", c.total}});
    const domain::Event& event = expect_event(decode(text));
    const auto* payload = std::get_if<domain::PurchaseOrderSubmitted>(&event.payload);
    ASSERT_NE(payload, nullptr);
    ASSERT_EQ(payload->lines.size(), 1u);
    EXPECT_EQ(payload->lines[0].unit_price.paisa(), c.paisa);
    EXPECT_EQ(payload->total.paisa(), c.paisa);
  }
}

// numeric(18,2) holds 16 integer digits: its maximum is a valid amount.
TEST(EventDecoder, AcceptsTheNumeric18_2Maximum) {
  Json doc = submitted();
  doc["payload"]["lines"] = Json::array({Json{{"item", "x"}, {"quantity", 1}, {"unit_price", "9999999999999999.99"}}});
  doc["payload"]["total"] = "9999999999999999.99";
  const DecodeResult result = decode(doc.dump());
  ASSERT_TRUE(std::holds_alternative<domain::Event>(result)) << describe(result);
  const auto& payload = std::get<domain::PurchaseOrderSubmitted>(std::get<domain::Event>(result).payload);
  EXPECT_EQ(payload.total.paisa(), 999'999'999'999'999'999);
}

TEST(EventDecoder, PrettyPrintedEventWithWhitespaceAroundNumbers) {
  const std::string text = submitted().dump(2);  // numbers followed by newlines
  const domain::Event& event = expect_event(decode(text));
  const auto* payload = std::get_if<domain::PurchaseOrderSubmitted>(&event.payload);
  ASSERT_NE(payload, nullptr);
  EXPECT_EQ(payload->lines.at(1).unit_price.paisa(), 100'000);
  EXPECT_EQ(payload->total.paisa(), 12'800'050);
  // Whitespace between a number and the next comma or bracket.
  const std::string spaced =
      with_raws(submitted(), {{"/payload/lines/1/unit_price", "1000 \t\r\n"}, {"/payload/lines/1/quantity", " 3 "}});
  const domain::Event& event2 = expect_event(decode(spaced));
  const auto* payload2 = std::get_if<domain::PurchaseOrderSubmitted>(&event2.payload);
  ASSERT_NE(payload2, nullptr);
  EXPECT_EQ(payload2->lines.at(1).quantity, 3);
  EXPECT_EQ(payload2->lines.at(1).unit_price.paisa(), 100'000);
}

TEST(EventDecoder, UnknownFieldsAreIgnored) {
  Json doc = submitted();
  doc["schema_version"] = 3;
  doc["trace"] = Json{{"span", Json::array({1, 2.5, "x", nullptr, true})}, {"nested", Json{{"a", Json::object()}}}};
  doc["actor"]["name"] = "Rahim";
  doc["payload"]["currency"] = "BDT";
  doc["payload"]["lines"][0]["unit"] = "bag";
  doc["payload"]["lines"][0]["discount"] = 1.2345;  // not money: never parsed
  const domain::Event& event = expect_event(decode(doc.dump()));
  const auto* payload = std::get_if<domain::PurchaseOrderSubmitted>(&event.payload);
  ASSERT_NE(payload, nullptr);
  EXPECT_EQ(payload->total.paisa(), 12'800'050);
}

TEST(EventDecoder, NonAsciiTextIsKeptAsUtf8) {
  const std::string department = "\xe0\xa6\xaa\xe0\xa7\x82\xe0\xa6\xb0\xe0\xa7\x8d\xe0\xa6\xa4";  // পূর্ত
  const domain::Event& event = expect_event(decode(with(submitted(), "/payload/department", department)));
  const auto* payload = std::get_if<domain::PurchaseOrderSubmitted>(&event.payload);
  ASSERT_NE(payload, nullptr);
  EXPECT_EQ(payload->department, department);
  // Escaped form decodes to the same bytes.
  const domain::Event& escaped =
      expect_event(decode(with_raw(submitted(), "/payload/department", R"("\u09aa\u09c2\u09b0\u09cd\u09a4")")));
  EXPECT_EQ(std::get<domain::PurchaseOrderSubmitted>(escaped.payload).department, department);
}

TEST(EventDecoder, ApprovalCommentIsOptional) {
  {
    const domain::Event& event = expect_event(decode(approved().dump()));
    EXPECT_EQ(event.type, domain::EventType::purchase_order_approved);
    EXPECT_EQ(event.actor.id, "u-2001");
    EXPECT_EQ(event.actor.role, domain::Role::department_head);
    EXPECT_EQ(std::get<domain::PurchaseOrderApproved>(event.payload).comment, std::optional<std::string>("ok"));
  }
  {
    const domain::Event& event = expect_event(decode(without(approved(), "/payload/comment")));
    EXPECT_FALSE(std::get<domain::PurchaseOrderApproved>(event.payload).comment.has_value());
  }
  {
    const domain::Event& event = expect_event(decode(with(approved(), "/payload/comment", nullptr)));
    EXPECT_FALSE(std::get<domain::PurchaseOrderApproved>(event.payload).comment.has_value());
  }
}

TEST(EventDecoder, RejectedAndCancelledCarryTheirReason) {
  const domain::Event& rejection = expect_event(decode(rejected().dump()));
  EXPECT_EQ(rejection.type, domain::EventType::purchase_order_rejected);
  EXPECT_EQ(std::get<domain::PurchaseOrderRejected>(rejection.payload).reason, "over budget");
  const domain::Event& cancellation = expect_event(decode(cancelled().dump()));
  EXPECT_EQ(cancellation.type, domain::EventType::purchase_order_cancelled);
  EXPECT_EQ(std::get<domain::PurchaseOrderCancelled>(cancellation.payload).reason, "no longer needed");
}

TEST(EventDecoder, EveryRoleIsAccepted) {
  const std::pair<const char*, domain::Role> roles[] = {
      {"requester", domain::Role::requester},
      {"department_head", domain::Role::department_head},
      {"finance_manager", domain::Role::finance_manager},
      {"cfo", domain::Role::cfo},
      {"managing_director", domain::Role::managing_director},
      {"hr", domain::Role::hr},
      {"system", domain::Role::system},
  };
  for (const auto& [text, role] : roles) {
    EXPECT_EQ(expect_event(decode(with(approved(), "/actor/role", text))).actor.role, role) << text;
  }
}

TEST(EventDecoder, OfflineModeNeedsNoKeyAndNoTopic) {
  EventDecoder decoder(default_policies());
  const std::string text = submitted().dump();
  RawEvent raw;
  raw.value = text;
  raw.key = std::nullopt;
  raw.topic_workflow = std::nullopt;
  raw.key_required = false;
  const DecodeResult result = decoder.decode(raw);
  ASSERT_TRUE(std::holds_alternative<domain::Event>(result)) << describe(result);
  EXPECT_EQ(std::get<domain::Event>(result).entity_id, entity);

  // Offline validation still reports every other fault.
  const std::string bad = with(submitted(), "/payload/total", "1.500");
  raw.value = bad;
  const DecodeResult bad_result = decoder.decode(raw);
  ASSERT_TRUE(std::holds_alternative<Malformed>(bad_result));
  EXPECT_EQ(std::get<Malformed>(bad_result).reason, DeadLetterReason::bad_money);
}

TEST(EventDecoder, DecoderIsReusableAfterAFailure) {
  EventDecoder decoder(default_policies());
  const std::string good = submitted().dump();
  const std::string bad = "{\"event_id\": [";
  RawEvent raw{good, std::string_view(entity), domain::Workflow::purchase_order, true};
  ASSERT_TRUE(std::holds_alternative<domain::Event>(decoder.decode(raw)));
  raw.value = bad;
  ASSERT_TRUE(std::holds_alternative<Malformed>(decoder.decode(raw)));
  raw.value = good;
  EXPECT_TRUE(std::holds_alternative<domain::Event>(decoder.decode(raw)));
}

}  // namespace
}  // namespace vextrus

namespace vextrus {
namespace {

// A detail quoting input is cut on a character boundary: it must stay valid UTF-8 so that
// PostgreSQL (text columns) and the dead-letter encoder accept it.
TEST(EventDecoderDetail, QuotedInputIsCutOnACharacterBoundary) {
  domain::Policy policy;
  policy.policy_id = "p";
  policy.effective_from = *domain::parse_date("2025-07-01");
  const domain::PolicySet policies({policy});
  adapters::EventDecoder decoder(policies);
  for (const std::string& type : {std::string(63, 'x') + "\xc3\xa9", std::string(39, '1') + "\xe0\xa7\xa8"}) {
    const std::string json =
        R"({"event_id":"e","type":")" + type +
        R"(","entity_id":"P","occurred_at":"2025-09-17T10:15:00+06:00","actor":{"id":"u","role":"requester"},"payload":{}})";
    const auto result = decoder.decode({json, std::string_view("P"), domain::Workflow::purchase_order, true});
    const auto* malformed = std::get_if<adapters::Malformed>(&result);
    ASSERT_NE(malformed, nullptr);
    EXPECT_TRUE(simdjson::validate_utf8(malformed->detail.data(), malformed->detail.size())) << malformed->detail;
  }
  const std::string bengali_money = std::string(39, '1') + "\xe0\xa7\xa8";  // 39 digits, then Bengali two
  const std::string json =
      R"({"event_id":"e","type":"purchase_order.submitted","entity_id":"P","occurred_at":"2025-09-17T10:15:00+06:00","actor":{"id":"u","role":"requester"},"payload":{"requester_id":"u","department":"d","vendor_id":"v","budget_code":"b","lines":[{"item":"i","quantity":1,"unit_price":")" +
      bengali_money + R"("}],"total":"1"}})";
  const auto result = decoder.decode({json, std::string_view("P"), domain::Workflow::purchase_order, true});
  const auto* malformed = std::get_if<adapters::Malformed>(&result);
  ASSERT_NE(malformed, nullptr);
  EXPECT_EQ(malformed->reason, domain::DeadLetterReason::bad_money);
  EXPECT_TRUE(simdjson::validate_utf8(malformed->detail.data(), malformed->detail.size())) << malformed->detail;
}

}  // namespace
}  // namespace vextrus
