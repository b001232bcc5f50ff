#pragma once
// How the records a batch commits are written down: the canonical text of a detail, the seal
// of an audit record (its hash over the previous one) and the value a notification is
// published as. The actors assemble a batch through this port; the JSON adapter implements it
// (adapters/json/json_record_codec.hpp). Stateless and thread-safe.

#include <string>

#include "domain/audit_record.hpp"
#include "domain/detail.hpp"
#include "ports/batch_commit.hpp"

namespace vextrus::ports {

class RecordCodec {
 public:
  virtual ~RecordCodec() = default;
  virtual std::string canonical_detail(const domain::Detail& detail) const = 0;
  // Sets record.hash from record.prev_hash and the record's canonical form.
  virtual void seal(domain::AuditRecord& record) const = 0;
  // The value published on vextrus.notifications for `row` (its every field but `message`).
  virtual std::string notification_message(const NotificationRow& row) const = 0;
};

}  // namespace vextrus::ports
