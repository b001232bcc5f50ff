#include "adapters/json/notification_codec.hpp"

#include <nlohmann/json.hpp>

namespace vextrus::adapters {

std::string notification_message(const NotificationFields& f) {
  nlohmann::ordered_json message;
  message["notification_id"] = f.notification_id;
  message["type"] = f.type;
  message["entity_type"] = f.entity_type;
  message["entity_id"] = f.entity_id;
  message["to_role"] = f.to_role;
  message["at"] = domain::format_utc(f.at);
  message["detail"] = nlohmann::ordered_json::parse(f.detail_json);
  return message.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace vextrus::adapters
