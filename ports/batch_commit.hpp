#pragma once
// What one partition transaction writes: the rows a batch of decisions comes to (assembled by
// actors/batch_assembly.hpp) and the offset after it. Plain data.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/audit_record.hpp"
#include "domain/dead_letter.hpp"
#include "domain/decision.hpp"
#include "domain/entity.hpp"

namespace vextrus::ports {

// (vendor id, invoice number): unique across all invoices (docs/events.md, invoice.received).
using InvoiceKey = std::pair<std::string, std::string>;

// An entity's pending deadlines after the batch (empty: none left): the complete set, or, when
// `up_to` is set, those due up to then (the stored ones due later are kept).
struct EntityTimers {
  std::string entity_type;
  std::string entity_id;
  std::vector<domain::Deadline> deadlines;
  std::optional<domain::Timestamp> up_to;
};

struct NotificationRow {
  std::string notification_id;
  std::string chain;
  std::int64_t seq = 0;  // of the audit record that caused it
  std::string type;
  std::string entity_type;
  std::string entity_id;
  std::string to_role;
  domain::Timestamp at;
  std::string detail_json;
  std::string message;                     // the value to publish
  std::optional<std::string> traceparent;  // of the input message that caused it
};

struct BatchCommit {
  std::optional<std::int64_t> expected_offset;  // what the store holds now; nullopt: nothing yet
  std::int64_t next_offset = 0;
  std::vector<domain::AuditRecord> audit;     // sealed, in chain order
  std::vector<domain::EntityState> entities;  // latest state per entity that changed
  // Keys of invoices received in the batch, for the invoice that claims each; the commit fails
  // (and is decided again) when another invoice claimed one first.
  std::vector<std::pair<InvoiceKey, std::string>> invoice_key_claims;
  std::vector<domain::DeadLetter> dead_letters;
  std::vector<EntityTimers> timers;
  std::vector<NotificationRow> notifications;
};

}  // namespace vextrus::ports
