#include "actors/batch_assembly.hpp"

#include <unordered_map>

namespace vextrus::actors {
namespace {

domain::DeadLetter dead_letter(const ports::InputMessage& message, const Rejection& rejection,
                               domain::Timestamp recorded_at) {
  domain::DeadLetter row;
  row.topic = message.source.topic;
  row.partition = message.source.partition;
  row.offset = message.offset;
  row.key = message.key;
  row.reason = std::string(domain::name(rejection.reason));
  row.detail = rejection.detail;
  row.payload = message.value;
  row.received_at = recorded_at;
  return row;
}

// The audit record of `item`'s decision, unsealed, with the actor that caused it: the event's,
// or the system's at the moment a deadline fell due.
domain::AuditRecord audit_record(const PendingItem& item, const AssemblyContext& context) {
  const auto& decision = item.outcome.audit;
  domain::AuditRecord record;
  record.chain = context.chain;
  record.entity_type = std::string(domain::name(context.workflow));
  record.entity_id = item.entity_id();
  record.action = std::string(domain::name(*decision.action));
  if (item.event) {
    record.event_id = item.event->event_id;
    record.actor_id = item.event->actor.id;
    record.actor_role = std::string(domain::name(item.event->actor.role));
    record.occurred_at = item.event->occurred_at;
  } else {
    record.actor_id = "system";
    record.actor_role = std::string(domain::name(domain::Role::system));
    record.occurred_at = item.deadline->deadline.due_at;
  }
  record.status_before = decision.status_before;
  record.status_after = decision.status_after;
  record.recorded_at = context.recorded_at;
  if (item.message != nullptr && item.message->traceparent) {
    // The caller's trace context goes into the record (under the hash) and on to its outputs.
    auto detail = decision.detail;
    detail.emplace_back("traceparent", *item.message->traceparent);
    record.detail_json = context.codec->canonical_detail(detail);
  } else {
    record.detail_json = context.codec->canonical_detail(decision.detail);
  }
  return record;
}

ports::NotificationRow notification(const domain::NotificationFact& fact, const domain::AuditRecord& cause,
                                    const PendingItem& item, const AssemblyContext& context) {
  ports::NotificationRow row;
  row.notification_id = cause.chain + "/" + std::to_string(cause.seq) + "/" + fact.type + "/" + fact.to_role;
  row.chain = cause.chain;
  row.seq = cause.seq;
  row.type = fact.type;
  row.entity_type = cause.entity_type;
  row.entity_id = cause.entity_id;
  row.to_role = fact.to_role;
  row.at = context.recorded_at;
  row.detail_json = context.codec->canonical_detail(fact.detail);
  row.message = context.codec->notification_message(row);
  if (item.message != nullptr) row.traceparent = item.message->traceparent;
  return row;
}

}  // namespace

AssembledBatch assemble_batch(const std::vector<PendingItem>& items, const AssemblyContext& context) {
  AssembledBatch out;
  auto& batch = out.batch;
  auto& tally = out.tally;
  out.head = context.head;
  batch.expected_offset = context.committed_offset;
  batch.next_offset = context.committed_offset.value_or(0);
  std::unordered_map<std::string, std::size_t> entity_index;  // into batch.entities

  for (const auto& item : items) {
    if (item.message != nullptr) {
      ++tally.messages;
      batch.next_offset = item.message->offset + 1;
    }
    if (item.rejection) {
      tally.dead_letters.push_back(item.rejection->reason);
      batch.dead_letters.push_back(dead_letter(*item.message, *item.rejection, context.recorded_at));
      continue;
    }
    if (item.skipped) continue;
    if (item.outcome.duplicate) {
      ++tally.duplicates;
      continue;
    }
    const auto& decision = item.outcome;
    if (!decision.audit.action) continue;        // a deadline that no longer applied
    if (item.event && decision.audit.refusal) {  // (refuse() sets the action and its reason)
      tally.refusals.push_back(*decision.audit.refusal);
    } else if (item.event) {
      tally.applied.push_back(item.event->type);
    } else {
      tally.timers_fired.push_back(item.deadline->deadline.kind);
    }
    auto record = audit_record(item, context);
    record.seq = out.head.seq + 1;
    record.prev_hash = out.head.hash;
    context.codec->seal(record);
    out.head = {record.seq, record.hash};
    for (const auto& fact : decision.notifications) {
      batch.notifications.push_back(notification(fact, record, item, context));
    }
    batch.audit.push_back(std::move(record));
    if (decision.next) {
      const auto [it, inserted] = entity_index.emplace(item.entity_id(), batch.entities.size());
      if (inserted) {
        batch.entities.push_back(*decision.next);
      } else {
        batch.entities[it->second] = *decision.next;
      }
    }
    if (decision.claims_invoice_key) {
      const auto& received = std::get<domain::InvoiceReceived>(item.event->payload);
      batch.invoice_key_claims.push_back({{received.vendor.id, received.invoice_number}, item.entity_id()});
    }
  }
  return out;
}

}  // namespace vextrus::actors
