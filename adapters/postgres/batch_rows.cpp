#include "adapters/postgres/batch_rows.hpp"

#include "adapters/postgres/json_rows.hpp"
#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {
namespace {

// The columns each row names; commit_partition_batch reads them by name.
const std::vector<std::string> audit_columns{"chain",       "seq",        "entity_type",   "entity_id",
                                             "event_id",    "action",     "actor_id",      "actor_role",
                                             "status_before", "status_after", "occurred_at", "recorded_at",
                                             "detail",      "prev_hash",  "hash",          "canonical"};
const std::vector<std::string> dead_letter_columns{"topic",  "partition", "offset",  "key",
                                                   "reason", "detail",    "payload", "received_at"};
const std::vector<std::string> notification_columns{"notification_id", "chain", "seq",  "type",   "entity_type",
                                                    "entity_id",       "to_role", "at", "detail", "message",
                                                    "traceparent"};
const std::vector<std::string> timer_columns{"topic", "partition", "entity_type", "entity_id", "kind", "step", "due_at"};

}  // namespace

std::optional<std::string> audit_rows(const std::vector<domain::AuditRecord>& records) {
  if (records.empty()) return std::nullopt;
  // The canonical text and the detail dominate a row; the rest is under 512 bytes with its keys,
  // and escaping adds a little.
  std::size_t expected = 0;
  for (const auto& r : records) expected += (r.canonical.size() + r.detail_json.size()) * 9 / 8 + 512;
  JsonRows rows(audit_columns, expected);
  for (const auto& r : records) {
    rows.add(r.chain).add(r.seq).add(r.entity_type).add(r.entity_id).add(r.event_id).add(r.action)
        .add(r.actor_id).add(r.actor_role).add(r.status_before).add(r.status_after)
        .add(timestamp_text(r.occurred_at)).add(timestamp_text(r.recorded_at)).add_json(r.detail_json)
        .add(r.prev_hash).add(r.hash).add(r.canonical);
    rows.end_row();
  }
  return std::move(rows).take();
}

std::optional<std::string> dead_letter_rows(const std::vector<domain::DeadLetter>& letters) {
  if (letters.empty()) return std::nullopt;
  JsonRows rows(dead_letter_columns);
  for (const auto& d : letters) {
    rows.add(d.topic).add(d.partition).add(d.offset)
        .add(d.key ? std::optional<std::string>(bytea_hex(*d.key)) : std::nullopt)
        .add(d.reason).add(d.detail).add(bytea_hex(d.payload)).add(timestamp_text(d.received_at));
    rows.end_row();
  }
  return std::move(rows).take();
}

std::optional<std::string> notification_rows(const std::vector<NotificationRow>& notifications) {
  if (notifications.empty()) return std::nullopt;
  JsonRows rows(notification_columns);
  for (const auto& n : notifications) {
    rows.add(n.notification_id).add(n.chain).add(n.seq).add(n.type).add(n.entity_type).add(n.entity_id)
        .add(n.to_role).add(timestamp_text(n.at)).add_json(n.detail_json).add(n.message).add(n.traceparent);
    rows.end_row();
  }
  return std::move(rows).take();
}

TimerRows timer_rows(const std::string& topic, int partition, const std::vector<EntityTimers>& timers) {
  TimerRows out;
  JsonRows rows(timer_columns);
  for (const auto& t : timers) {
    for (const auto& d : t.deadlines) {
      rows.add(topic).add(partition).add(t.entity_type).add(t.entity_id).add(std::string(domain::name(d.kind)))
          .add(d.step).add(timestamp_text(d.due_at));
      rows.end_row();
      ++out.count;
    }
  }
  if (out.count > 0) out.rows = std::move(rows).take();
  return out;
}

ReplacedTimers replaced_timers(const std::vector<EntityTimers>& timers) {
  if (timers.empty()) return {};
  std::vector<std::string> ids, up_to;
  for (const auto& t : timers) {
    ids.push_back(t.entity_id);
    up_to.push_back(t.up_to ? timestamp_text(*t.up_to) : "infinity");
  }
  return {timers.front().entity_type, text_array(ids), text_array(up_to)};
}

KeyClaims key_claims(const std::vector<std::pair<InvoiceKey, std::string>>& claims) {
  if (claims.empty()) return {};
  std::vector<std::string> vendors, numbers, invoices;
  for (const auto& [key, invoice_id] : claims) {
    vendors.push_back(key.first);
    numbers.push_back(key.second);
    invoices.push_back(invoice_id);
  }
  return {text_array(vendors), text_array(numbers), text_array(invoices)};
}

}  // namespace vextrus::pg
