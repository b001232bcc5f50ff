#pragma once
// Building event text for decoder tests: an envelope around a payload, and copies of a document
// with a member replaced (by a JSON value or by raw text spliced in verbatim) or removed. And the
// decoder tests' record of every decoding, which the contract check compares with the schemas.

#include <fcntl.h>
#include <simdjson.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <string>
#include <utility>
#include <vector>

#include "adapters/json/event_decoder.hpp"

namespace vextrus::test_events {

using Json = nlohmann::ordered_json;

inline Json envelope(const char* type, Json actor, Json payload, const char* entity = "PO-2025-000123") {
  return Json{
      {"event_id", "0b7c2c9e-3a55-4d0e-9a51-1c2f7c1f8a10"},
      {"type", type},
      {"entity_id", entity},
      {"occurred_at", "2025-09-17T10:15:00+06:00"},
      {"actor", std::move(actor)},
      {"payload", std::move(payload)},
  };
}

// The document's text with the values at the given pointers (RFC 6901) replaced by raw text,
// spliced in verbatim so it can be anything at all: a number as written, invalid UTF-8, broken JSON.
inline std::string with_raws(Json doc, const std::vector<std::pair<std::string, std::string>>& replacements) {
  auto marker = [](std::size_t i) { return "@@raw-value-marker-" + std::to_string(i) + "@@"; };
  for (std::size_t i = 0; i < replacements.size(); ++i) {
    doc[Json::json_pointer(replacements[i].first)] = marker(i);
  }
  std::string text = doc.dump();
  for (std::size_t i = 0; i < replacements.size(); ++i) {
    const std::string quoted = "\"" + marker(i) + "\"";
    text.replace(text.find(quoted), quoted.size(), replacements[i].second);
  }
  return text;
}

inline std::string with_raw(Json doc, const std::string& pointer, const std::string& raw) {
  return with_raws(std::move(doc), {{pointer, raw}});
}

// The document's text with the member at `pointer` set to a JSON value.
inline std::string with(Json doc, const std::string& pointer, Json value) {
  doc[Json::json_pointer(pointer)] = std::move(value);
  return doc.dump();
}

// The document's text without the member at `pointer`.
inline std::string without(Json doc, const std::string& pointer) {
  const Json::json_pointer ptr(pointer);
  doc[ptr.parent_pointer()].erase(ptr.back());
  return doc.dump();
}

// Decodes `raw` and, when VEXTRUS_TEST_EVENT_LOG names a file, appends what was decided as one
// JSON line {channel, key, value, reason, field, rule} (one write, O_APPEND: test processes run
// side by side). scripts/test.sh sets it for the unit tests; tests/contract/check.mjs then
// requires every accepted value to be valid against its schema, and every rejected value whose
// detail names a schema rule to break that very rule. Values that are not UTF-8 are left out:
// no JSON tool can read them.
inline adapters::DecodeResult decode_recorded(adapters::EventDecoder& decoder, const adapters::RawEvent& raw) {
  adapters::DecodeResult result = decoder.decode(raw);
  const char* log = std::getenv("VEXTRUS_TEST_EVENT_LOG");
  if (log == nullptr || *log == '\0' || !simdjson::validate_utf8(raw.value.data(), raw.value.size())) return result;
  Json line;
  static constexpr const char* channels[] = {"purchaseOrders", "invoices", "onboarding"};
  line["channel"] = raw.topic_workflow ? Json(channels[static_cast<int>(*raw.topic_workflow)]) : Json(nullptr);
  line["key"] = raw.key ? Json(std::string(*raw.key)) : Json(nullptr);
  line["value"] = std::string(raw.value);
  if (const auto* malformed = std::get_if<adapters::Malformed>(&result)) {
    line["reason"] = domain::name(malformed->reason);
    line["field"] = malformed->field;
    line["rule"] = malformed->rule;
  } else {
    line["reason"] = nullptr;
  }
  const std::string text = line.dump(-1, ' ', false, Json::error_handler_t::replace) + "\n";
  const int fd = ::open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0 || ::write(fd, text.data(), text.size()) != static_cast<ssize_t>(text.size())) {
    throw std::runtime_error(std::string("cannot append to VEXTRUS_TEST_EVENT_LOG ") + log);
  }
  ::close(fd);
  return result;
}

inline std::string describe(const adapters::DecodeResult& result) {
  if (const auto* malformed = std::get_if<adapters::Malformed>(&result)) {
    return "malformed " + std::string(domain::name(malformed->reason)) + ": " + malformed->detail;
  }
  return "a valid event";
}

}  // namespace vextrus::test_events
