#pragma once
// Building event text for decoder tests: an envelope around a payload, and copies of a document
// with a member replaced (by a JSON value or by raw text spliced in verbatim) or removed.

#include <nlohmann/json.hpp>

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

inline std::string describe(const adapters::DecodeResult& result) {
  if (const auto* malformed = std::get_if<adapters::Malformed>(&result)) {
    return "malformed " + std::string(domain::name(malformed->reason)) + ": " + malformed->detail;
  }
  return "a valid event";
}

}  // namespace vextrus::test_events
