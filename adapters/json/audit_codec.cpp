#include "adapters/json/audit_codec.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace vextrus::adapters {
namespace {

using Json = nlohmann::json;

// UTF-8 → UTF-16 code units, for RFC 8785's member order (valid UTF-8 is guaranteed upstream).
std::u16string utf16(const std::string& text) {
  std::u16string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t code = length == 1 ? c : length == 2 ? c & 0x1F : length == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < length && i + static_cast<std::size_t>(k) < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
    }
    i += static_cast<std::size_t>(length);
    if (code >= 0x10000) {
      code -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (code >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (code & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(code));
    }
  }
  return out;
}

// RFC 8785 (JCS) for the values an audit record holds: strings, integers, booleans, null, arrays
// and objects. Floating-point numbers never occur (money is a decimal string). nlohmann's string
// escaping is JCS's; its key order (UTF-8 bytes) is not, so objects are written here.
void write_canonical(const Json& value, std::string& out) {
  if (value.is_object()) {
    std::vector<std::pair<std::u16string, const std::string*>> keys;
    for (const auto& item : value.items()) keys.emplace_back(utf16(item.key()), &item.key());
    std::sort(keys.begin(), keys.end());
    out.push_back('{');
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) out.push_back(',');
      out += Json(*keys[i].second).dump(-1, ' ', false, Json::error_handler_t::strict);
      out.push_back(':');
      write_canonical(value.at(*keys[i].second), out);
    }
    out.push_back('}');
  } else if (value.is_array()) {
    out.push_back('[');
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out.push_back(',');
      write_canonical(value[i], out);
    }
    out.push_back(']');
  } else {
    out += value.dump(-1, ' ', false, Json::error_handler_t::strict);
  }
}

std::string dump(const Json& value) {
  std::string out;
  write_canonical(value, out);
  return out;
}

Json detail_value(const domain::DetailValue& value) {
  return std::visit(
      [](const auto& v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          return nullptr;
        } else {
          return Json(v);
        }
      },
      value);
}

void append_member(std::string& out, std::string_view key, const std::string& raw_json) {
  if (out.size() > 1) out.push_back(',');
  out.push_back('"');
  out.append(key);
  out.append("\":");
  out.append(raw_json);
}

std::string text_or_null(const std::optional<std::string>& value) {
  return value ? dump(Json(*value)) : std::string("null");
}


// Members in JCS order (sorted by key); every key is ASCII.
std::string build_record(const domain::AuditRecord& r) {
  std::string out = "{";
  append_member(out, "action", dump(Json(r.action)));
  append_member(out, "actor_id", text_or_null(r.actor_id));
  append_member(out, "actor_role", text_or_null(r.actor_role));
  append_member(out, "chain", dump(Json(r.chain)));
  append_member(out, "detail", r.detail_json);
  append_member(out, "entity_id", dump(Json(r.entity_id)));
  append_member(out, "entity_type", dump(Json(r.entity_type)));
  append_member(out, "event_id", text_or_null(r.event_id));
  append_member(out, "occurred_at", dump(Json(domain::format_utc(r.occurred_at))));
  append_member(out, "prev_hash", dump(Json(r.prev_hash)));
  append_member(out, "recorded_at", dump(Json(domain::format_utc(r.recorded_at))));
  append_member(out, "seq", std::to_string(r.seq));
  append_member(out, "status_after", text_or_null(r.status_after));
  append_member(out, "status_before", text_or_null(r.status_before));
  out.push_back('}');
  return out;
}

}  // namespace

std::string canonical_detail(const domain::Detail& detail) {
  Json object = Json::object();
  for (const auto& [key, value] : detail) object[key] = detail_value(value);
  return dump(object);
}

std::string canonicalize_json(std::string_view json_text) { return dump(Json::parse(json_text)); }

std::string canonical_record(const domain::AuditRecord& record) {
  return build_record(record);
}

std::string sha256_hex(std::string_view bytes) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    throw std::runtime_error("SHA-256 failed");
  }
  static constexpr char hex[] = "0123456789abcdef";
  std::string out(length * 2, '0');
  for (unsigned int i = 0; i < length; ++i) {
    out[2 * i] = hex[digest[i] >> 4];
    out[2 * i + 1] = hex[digest[i] & 0xF];
  }
  return out;
}

void seal(domain::AuditRecord& record) {
  record.canonical = canonical_record(record);
  std::string hashed = record.prev_hash;
  hashed += record.canonical;
  record.hash = sha256_hex(hashed);
}

std::string audit_message(std::string_view canonical, std::string_view hash) {
  Json message = Json::parse(canonical);
  message["hash"] = std::string(hash);
  return dump(message);
}

}  // namespace vextrus::adapters
