#include "adapters/json/audit_codec.hpp"

#include <openssl/evp.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "adapters/json/json_text.hpp"

namespace vextrus::adapters {
namespace {

using Json = nlohmann::json;

// RFC 8785 (JCS) for the values an audit record holds: strings, integers, booleans, null, arrays
// and objects. Floating-point numbers never occur (money is a decimal string). nlohmann's string
// escaping is JCS's; its key order (UTF-8 bytes) is not, so objects are written here.
void write_canonical(const Json& value, std::string& out) {
  if (value.is_object()) {
    std::vector<const std::string*> keys;
    for (const auto& item : value.items()) keys.push_back(&item.key());
    std::sort(keys.begin(), keys.end(),
              [](const std::string* a, const std::string* b) { return precedes_in_utf16_order(*a, *b); });
    out.push_back('{');
    for (std::size_t i = 0; i < keys.size(); ++i) {
      if (i > 0) out.push_back(',');
      append_json_string(out, *keys[i]);
      out.push_back(':');
      write_canonical(value.at(*keys[i]), out);
    }
    out.push_back('}');
  } else if (value.is_array()) {
    out.push_back('[');
    for (std::size_t i = 0; i < value.size(); ++i) {
      if (i > 0) out.push_back(',');
      write_canonical(value[i], out);
    }
    out.push_back(']');
  } else if (value.is_string()) {
    append_json_string(out, value.get_ref<const std::string&>());
  } else {
    out += value.dump(-1, ' ', false, Json::error_handler_t::strict);
  }
}

std::string dump(const Json& value) {
  std::string out;
  write_canonical(value, out);
  return out;
}

void append_detail_value(std::string& out, const domain::DetailValue& value) {
  std::visit(
      [&out](const auto& v) {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, std::nullptr_t>) {
          out += "null";
        } else if constexpr (std::is_same_v<T, bool>) {
          out += v ? "true" : "false";
        } else if constexpr (std::is_same_v<T, std::int64_t>) {
          out += std::to_string(v);
        } else if constexpr (std::is_same_v<T, std::string>) {
          append_json_string(out, v);
        } else {
          out.push_back('[');
          for (std::size_t i = 0; i < v.size(); ++i) {
            if (i > 0) out.push_back(',');
            append_json_string(out, v[i]);
          }
          out.push_back(']');
        }
      },
      value);
}

// `"key":` after the members so far; every key is ASCII and needs no escaping.
std::string& member(std::string& out, std::string_view key) {
  if (out.size() > 1) out.push_back(',');
  out.push_back('"');
  out.append(key);
  out.append("\":");
  return out;
}

void append_text_or_null(std::string& out, const std::optional<std::string>& value) {
  if (value) {
    append_json_string(out, *value);
  } else {
    out += "null";
  }
}

// Members in JCS order (sorted by key); every key is ASCII.
std::string build_record(const domain::AuditRecord& r) {
  std::string out = "{";
  out.reserve(512 + r.detail_json.size());
  append_json_string(member(out, "action"), r.action);
  append_text_or_null(member(out, "actor_id"), r.actor_id);
  append_text_or_null(member(out, "actor_role"), r.actor_role);
  append_json_string(member(out, "chain"), r.chain);
  member(out, "detail").append(r.detail_json);
  append_json_string(member(out, "entity_id"), r.entity_id);
  append_json_string(member(out, "entity_type"), r.entity_type);
  append_text_or_null(member(out, "event_id"), r.event_id);
  append_json_string(member(out, "occurred_at"), domain::format_utc(r.occurred_at));
  append_json_string(member(out, "prev_hash"), r.prev_hash);
  append_json_string(member(out, "recorded_at"), domain::format_utc(r.recorded_at));
  member(out, "seq").append(std::to_string(r.seq));
  append_text_or_null(member(out, "status_after"), r.status_after);
  append_text_or_null(member(out, "status_before"), r.status_before);
  out.push_back('}');
  return out;
}

}  // namespace

std::string canonical_detail(const domain::Detail& detail) {
  std::vector<const std::pair<std::string, domain::DetailValue>*> members;
  members.reserve(detail.size());
  for (const auto& item : detail) members.push_back(&item);
  std::sort(members.begin(), members.end(),
            [](const auto* a, const auto* b) { return precedes_in_utf16_order(a->first, b->first); });
  std::string out = "{";
  for (const auto* item : members) {
    if (out.size() > 1) out.push_back(',');
    append_json_string(out, item->first);
    out.push_back(':');
    append_detail_value(out, item->second);
  }
  out.push_back('}');
  return out;
}

std::string canonicalize_json(std::string_view json_text) { return dump(Json::parse(json_text)); }

std::string canonical_record(const domain::AuditRecord& record) { return build_record(record); }

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

// "hash" sorts between "event_id" and "occurred_at". The members after "occurred_at" are strings,
// numbers and nulls, inside which a quote is escaped, so the last `,"occurred_at":` of the text is
// the record's own even when the detail has a member of that name.
std::string audit_message(std::string_view canonical, std::string_view hash) {
  static constexpr std::string_view next_member = ",\"occurred_at\":";
  const auto at = canonical.rfind(next_member);
  if (at == std::string_view::npos) throw std::invalid_argument("not an audit record: no occurred_at");
  std::string out;
  out.reserve(canonical.size() + hash.size() + 10);
  out.append(canonical.substr(0, at));
  out.append(",\"hash\":");
  append_json_string(out, hash);
  out.append(canonical.substr(at));
  return out;
}

}  // namespace vextrus::adapters
