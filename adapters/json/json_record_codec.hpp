#pragma once
// The record codec port (ports/record_codec.hpp) in the contract's JSON: canonical detail text,
// SHA-256 seals (audit_codec.hpp) and notification messages (notification_codec.hpp).

#include "ports/record_codec.hpp"

namespace vextrus::adapters {

class JsonRecordCodec final : public ports::RecordCodec {
 public:
  std::string canonical_detail(const domain::Detail& detail) const override;
  void seal(domain::AuditRecord& record) const override;
  std::string notification_message(const ports::NotificationRow& row) const override;
};

}  // namespace vextrus::adapters
