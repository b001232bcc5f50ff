#pragma once
// The value published on vextrus.notifications (docs/schemas/notification.json). Stateless, thread-safe.

#include <string>

#include "domain/detail.hpp"
#include "domain/time.hpp"

namespace vextrus::adapters {

struct NotificationFields {
  std::string notification_id;
  std::string type;
  std::string entity_type;
  std::string entity_id;
  std::string to_role;
  domain::Timestamp at;     // processing time
  std::string detail_json;  // canonical JSON text (canonical_detail)
};

// {"notification_id","type","entity_type","entity_id","to_role","at","detail"}
std::string notification_message(const NotificationFields& fields);

}  // namespace vextrus::adapters
