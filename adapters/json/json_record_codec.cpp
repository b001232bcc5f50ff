#include "adapters/json/json_record_codec.hpp"

#include "adapters/json/audit_codec.hpp"
#include "adapters/json/notification_codec.hpp"

namespace vextrus::adapters {

std::string JsonRecordCodec::canonical_detail(const domain::Detail& detail) const {
  return adapters::canonical_detail(detail);
}

void JsonRecordCodec::seal(domain::AuditRecord& record) const { adapters::seal(record); }

std::string JsonRecordCodec::notification_message(const ports::NotificationRow& row) const {
  return adapters::notification_message(
      {row.notification_id, row.type, row.entity_type, row.entity_id, row.to_role, row.at, row.detail_json});
}

}  // namespace vextrus::adapters
