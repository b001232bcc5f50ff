#include "adapters/json/notification_codec.hpp"

#include "adapters/json/json_text.hpp"

namespace vextrus::adapters {

// Written by hand in the contract's member order; `detail_json` is already canonical JSON.
std::string notification_message(const NotificationFields& f) {
  std::string out;
  out.reserve(160 + f.detail_json.size());
  const auto member = [&out](std::string_view key) -> std::string& {
    out.append(out.empty() ? "{\"" : ",\"").append(key).append("\":");
    return out;
  };
  append_json_string(member("notification_id"), f.notification_id);
  append_json_string(member("type"), f.type);
  append_json_string(member("entity_type"), f.entity_type);
  append_json_string(member("entity_id"), f.entity_id);
  append_json_string(member("to_role"), f.to_role);
  append_json_string(member("at"), domain::format_utc(f.at));
  member("detail").append(f.detail_json);
  out.push_back('}');
  return out;
}

}  // namespace vextrus::adapters
