// The hand-written JSON of the hot path against nlohmann's, which the audit codec used before:
// the same bytes for every valid UTF-8 string, so no hash of an existing chain changes.

#include "adapters/json/json_text.hpp"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/json/audit_codec.hpp"
#include "adapters/json/notification_codec.hpp"

namespace vextrus {
namespace {

using adapters::append_json_string;

std::string json_string(std::string_view text) {
  std::string out;
  append_json_string(out, text);
  return out;
}

std::string nlohmann_quoted(const std::string& text) {
  return nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::strict);
}

// Valid UTF-8 from code points of every length, control characters and quotes included.
std::string utf8(const std::vector<char32_t>& codes) {
  std::string out;
  for (char32_t c : codes) {
    if (c >= 0xD800 && c <= 0xDFFF) c = 0xFFFD;  // surrogates are not characters
    if (c < 0x80) {
      out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (c >> 6)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (c >> 12)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (c >> 18)));
      out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
  }
  return out;
}

rc::Gen<std::string> utf8_text() {
  const auto code =
      rc::gen::oneOf(rc::gen::inRange<char32_t>(0, 0x80), rc::gen::inRange<char32_t>(0x80, 0x800),
                     rc::gen::inRange<char32_t>(0x800, 0x10000), rc::gen::inRange<char32_t>(0x10000, 0x110000));
  return rc::gen::map(rc::gen::container<std::vector<char32_t>>(code), utf8);
}

TEST(JsonText, EscapesOnlyQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(json_string(""), "\"\"");
  EXPECT_EQ(json_string("plain"), "\"plain\"");
  EXPECT_EQ(json_string(std::string("a\"b\\c/\x7f\x01\x1f\b\f\n\r\t", 14)),
            "\"a\\\"b\\\\c/\x7f\\u0001\\u001f\\b\\f\\n\\r\\t\"");
  EXPECT_EQ(json_string(std::string("\0x", 2)), "\"\\u0000x\"");
  EXPECT_EQ(json_string("\xe0\xa7\xb3"), "\"\xe0\xa7\xb3\"");
}

RC_GTEST_PROP(JsonText, SameBytesAsNlohmann, ()) {
  const auto text = *utf8_text();
  RC_ASSERT(json_string(text) == nlohmann_quoted(text));
}

RC_GTEST_PROP(JsonText, Utf16OrderAsRfc8785Defines, ()) {
  const auto left = *utf8_text();
  const auto right = *utf8_text();
  const auto units = [](const std::string& text) {
    std::u16string out;
    const auto json = nlohmann::json(text).dump(-1, ' ', true);  // \uXXXX escapes are UTF-16 units
    for (std::size_t i = 1; i + 1 < json.size();) {
      if (json[i] == '\\' && json[i + 1] == 'u') {
        out.push_back(static_cast<char16_t>(std::stoi(json.substr(i + 2, 4), nullptr, 16)));
        i += 6;
      } else if (json[i] == '\\') {
        const char e = json[i + 1];
        out.push_back(e == 'b' ? u'\b' : e == 'f' ? u'\f' : e == 'n' ? u'\n' : e == 'r' ? u'\r' : e == 't' ? u'\t' : e);
        i += 2;
      } else {
        out.push_back(static_cast<char16_t>(static_cast<unsigned char>(json[i])));
        i += 1;
      }
    }
    return out;
  };
  RC_ASSERT(adapters::precedes_in_utf16_order(left, right) == (units(left) < units(right)));
}

RC_GTEST_PROP(JsonText, CanonicalDetailIsWhatCanonicalizingItsJsonGives, ()) {
  const auto keys = *rc::gen::unique<std::vector<std::string>>(utf8_text());
  domain::Detail detail;
  nlohmann::json object = nlohmann::json::object();
  for (const auto& key : keys) {
    switch (*rc::gen::inRange(0, 5)) {
      case 0:
        detail.emplace_back(key, nullptr);
        object[key] = nullptr;
        break;
      case 1: {
        const bool b = *rc::gen::arbitrary<bool>();
        detail.emplace_back(key, b);
        object[key] = b;
        break;
      }
      case 2: {
        const auto n = *rc::gen::arbitrary<std::int64_t>();
        detail.emplace_back(key, n);
        object[key] = n;
        break;
      }
      case 3: {
        const auto t = *utf8_text();
        detail.emplace_back(key, t);
        object[key] = t;
        break;
      }
      default: {
        const auto list = *rc::gen::container<std::vector<std::string>>(utf8_text());
        detail.emplace_back(key, list);
        object[key] = list;
      }
    }
  }
  RC_ASSERT(adapters::canonical_detail(detail) == adapters::canonicalize_json(object.dump()));
}

TEST(NotificationMessage, MembersInTheContractsOrderWithTheDetailAsJson) {
  adapters::NotificationFields fields{"n-1",
                                      "approval_requested",
                                      "purchase_order",
                                      "PO-\"1\"",
                                      "department_head",
                                      *domain::parse_rfc3339("2025-09-17T04:15:01.25Z"),
                                      R"({"tier":1,"total":"10.00"})"};
  EXPECT_EQ(adapters::notification_message(fields),
            R"({"notification_id":"n-1","type":"approval_requested","entity_type":"purchase_order",)"
            R"("entity_id":"PO-\"1\"","to_role":"department_head","at":"2025-09-17T04:15:01.250000Z",)"
            R"("detail":{"tier":1,"total":"10.00"}})");
  EXPECT_TRUE(nlohmann::json::parse(adapters::notification_message(fields)).is_object());
}

TEST(AuditMessage, ADetailMemberNamedOccurredAtDoesNotMoveTheHash) {
  domain::AuditRecord r;
  r.chain = "c/0";
  r.seq = 1;
  r.entity_type = "invoice";
  r.entity_id = "I-1";
  r.action = "received";
  r.detail_json = adapters::canonical_detail({{"occurred_at", std::string(",\"occurred_at\":")}});
  r.prev_hash = domain::genesis_hash;
  adapters::seal(r);
  const auto message = adapters::audit_message(r.canonical, r.hash);
  auto expected = nlohmann::json::parse(r.canonical);
  expected["hash"] = r.hash;
  EXPECT_EQ(message, adapters::canonicalize_json(expected.dump()));
}

}  // namespace
}  // namespace vextrus
