// The rows a partition transaction commits, assembled from decided items without an actor
// system: the sealed chain, offsets, dead letters, notifications, entities, invoice key claims
// and the tally.

#include "actors/batch_assembly.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "adapters/json/audit_codec.hpp"
#include "adapters/json/json_record_codec.hpp"

namespace vextrus::actors {
namespace {

using domain::AuditAction;
using domain::DeadlineKind;
using domain::EventType;
using domain::NotificationType;
using domain::Role;

constexpr std::int64_t recorded_us = 1'700'000'000'000'000;
const std::string traceparent = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

domain::Timestamp at(std::int64_t micros) { return {micros}; }

domain::PurchaseOrder order(const std::string& po_id, int tiers_approved) {
  domain::PurchaseOrder po;
  po.po_id = po_id;
  po.total = domain::Money::from_taka(150'000);
  po.department = "ops";
  po.vendor_id = "V-1";
  po.requester_id = "U-1";
  po.tiers = {Role::department_head, Role::finance_manager};
  po.tiers_approved = tiers_approved;
  return po;
}

class BatchAssemblyTest : public ::testing::Test {
 protected:
  BatchAssemblyTest() {
    context_.chain = "erp.purchase-orders/0";
    context_.workflow = domain::Workflow::purchase_order;
    context_.head.seq = 4;
    context_.head.hash = adapters::sha256_hex("the record before");
    context_.committed_offset = 9;
    context_.recorded_at = at(recorded_us);
    context_.codec = &codec_;
  }

  // A message of the partition, owned by the test (items point at it).
  const ports::InputMessage* message(std::int64_t offset, std::optional<std::string> key = "PO-1",
                                     std::string value = "{}", std::optional<std::string> trace = std::nullopt) {
    ports::InputMessage m;
    m.source = {"erp.purchase-orders", 0};
    m.offset = offset;
    m.key = std::move(key);
    m.value = std::move(value);
    m.traceparent = std::move(trace);
    messages_.push_back(std::move(m));
    return &messages_.back();
  }

  static EventPtr event(const std::string& event_id, EventType type, const std::string& entity_id,
                        std::int64_t occurred_us, Role role = Role::requester, domain::Payload payload = {}) {
    domain::Event e;
    e.event_id = event_id;
    e.type = type;
    e.entity_id = entity_id;
    e.occurred_at = at(occurred_us);
    e.actor.id = "U-" + event_id;
    e.actor.role = role;
    e.payload = std::move(payload);
    return std::make_shared<const domain::Event>(std::move(e));
  }

  // A message's decided event.
  PendingItem decided(std::int64_t offset, EventPtr event, Outcome outcome,
                      std::optional<std::string> trace = std::nullopt) {
    PendingItem item;
    item.message = message(offset, event->entity_id, "{}", std::move(trace));
    item.event = std::move(event);
    item.outcome = std::move(outcome);
    return item;
  }

  // A deadline that fell due, decided.
  static PendingItem due(const std::string& entity_id, DeadlineKind kind, std::int64_t due_us, Outcome outcome) {
    PendingItem item;
    item.deadline = EntityDeadline{entity_id, domain::Deadline{kind, 0, at(due_us)}};
    item.outcome = std::move(outcome);
    return item;
  }

  static Outcome outcome(AuditAction action, domain::Detail detail = {},
                         std::optional<domain::EntityState> next = std::nullopt) {
    Outcome o;
    o.audit = domain::fact(action, std::nullopt, std::nullopt, std::move(detail));
    o.next = std::move(next);
    return o;
  }

  // A refusal as the domain decides it: the reason typed, and in the detail.
  static Outcome refusal(domain::RefusalReason reason, domain::Detail detail = {}) {
    detail.emplace_back("reason", std::string(domain::name(reason)));
    auto o = outcome(AuditAction::refused, std::move(detail));
    o.audit.refusal = reason;
    return o;
  }

  // A receipt as the domain decides it: the first invoice with its vendor and number claims them.
  static Outcome receipt(AuditAction action, domain::EntityState next, bool claims_key) {
    auto o = outcome(action, {}, std::move(next));
    o.claims_invoice_key = claims_key;
    return o;
  }

  static void expect_sealed_chain(const AssembledBatch& out, const ports::ChainHead& from) {
    for (std::size_t i = 0; i < out.batch.audit.size(); ++i) {
      const auto& record = out.batch.audit[i];
      EXPECT_EQ(record.seq, from.seq + static_cast<std::int64_t>(i) + 1);
      EXPECT_EQ(record.prev_hash, i == 0 ? from.hash : out.batch.audit[i - 1].hash);
      EXPECT_EQ(record.hash, adapters::sha256_hex(record.prev_hash + adapters::canonical_record(record)));
    }
  }

  adapters::JsonRecordCodec codec_;
  AssemblyContext context_;
  std::deque<ports::InputMessage> messages_;  // stable addresses
};

TEST_F(BatchAssemblyTest, RecordsAreSealedIntoTheChainFromTheCommittedHead) {
  const auto out = assemble_batch(
      {decided(10, event("e1", EventType::purchase_order_submitted, "PO-1", 100), outcome(AuditAction::submitted)),
       due("PO-1", DeadlineKind::reminder, 200, outcome(AuditAction::reminder_sent)),
       decided(11, event("e2", EventType::purchase_order_approved, "PO-1", 300, Role::department_head),
               outcome(AuditAction::approved))},
      context_);
  ASSERT_EQ(out.batch.audit.size(), 3u);
  EXPECT_EQ(out.batch.audit[0].action, "submitted");
  EXPECT_EQ(out.batch.audit[1].action, "reminder_sent");
  EXPECT_EQ(out.batch.audit[2].action, "approved");
  expect_sealed_chain(out, context_.head);
  EXPECT_EQ(out.batch.audit[0].prev_hash, context_.head.hash);
  EXPECT_EQ(out.head.seq, 7);
  EXPECT_EQ(out.head.hash, out.batch.audit[2].hash);
  for (const auto& record : out.batch.audit) EXPECT_EQ(record.chain, "erp.purchase-orders/0");
}

TEST_F(BatchAssemblyTest, AChainStartsFromTheGenesisHash) {
  context_.head = ports::ChainHead{};
  const auto out = assemble_batch(
      {decided(0, event("e1", EventType::purchase_order_submitted, "PO-1", 100), outcome(AuditAction::submitted))},
      context_);
  ASSERT_EQ(out.batch.audit.size(), 1u);
  EXPECT_EQ(out.batch.audit[0].seq, 1);
  EXPECT_EQ(out.batch.audit[0].prev_hash, domain::genesis_hash);
  expect_sealed_chain(out, ports::ChainHead{});
  EXPECT_EQ(out.head.seq, 1);
  EXPECT_EQ(out.head.hash, out.batch.audit[0].hash);
}

TEST_F(BatchAssemblyTest, TheNextOffsetFollowsTheLastMessage) {
  const auto out = assemble_batch(
      {decided(10, event("e1", EventType::purchase_order_submitted, "PO-1", 100), outcome(AuditAction::submitted)),
       decided(12, event("e2", EventType::purchase_order_submitted, "PO-2", 110), outcome(AuditAction::submitted)),
       due("PO-1", DeadlineKind::reminder, 200, outcome(AuditAction::reminder_sent))},
      context_);
  EXPECT_EQ(out.batch.expected_offset, std::optional<std::int64_t>(9));
  EXPECT_EQ(out.batch.next_offset, 13) << "a deadline after the last message does not move it";
  EXPECT_EQ(out.tally.messages, 2u);
}

TEST_F(BatchAssemblyTest, OnlyDeadlinesKeepTheCommittedOffset) {
  const auto out =
      assemble_batch({due("PO-1", DeadlineKind::reminder, 200, outcome(AuditAction::reminder_sent))}, context_);
  EXPECT_EQ(out.batch.expected_offset, std::optional<std::int64_t>(9));
  EXPECT_EQ(out.batch.next_offset, 9);
  EXPECT_EQ(out.tally.messages, 0u);

  context_.committed_offset = std::nullopt;
  const auto first =
      assemble_batch({due("PO-1", DeadlineKind::reminder, 200, outcome(AuditAction::reminder_sent))}, context_);
  EXPECT_FALSE(first.batch.expected_offset.has_value());
  EXPECT_EQ(first.batch.next_offset, 0);

  const auto none = assemble_batch({}, context_);
  EXPECT_FALSE(none.batch.expected_offset.has_value());
  EXPECT_EQ(none.batch.next_offset, 0);
  EXPECT_TRUE(none.batch.audit.empty());
  EXPECT_EQ(none.head.seq, context_.head.seq);
  EXPECT_EQ(none.head.hash, context_.head.hash);
}

TEST_F(BatchAssemblyTest, ARejectedMessageBecomesADeadLetterWithoutAnAuditRecord) {
  PendingItem rejected;
  rejected.message = message(12, "PO-9", "not json", traceparent);
  rejected.rejection = Rejection{domain::DeadLetterReason::invalid_json, "expected a value at 1:1"};
  PendingItem keyless;
  keyless.message = message(13, std::nullopt, "{\"x\":1}");
  keyless.rejection = Rejection{domain::DeadLetterReason::no_key, "the message has no key"};

  const auto out = assemble_batch({rejected, keyless}, context_);
  ASSERT_EQ(out.batch.dead_letters.size(), 2u);
  const auto& row = out.batch.dead_letters[0];
  EXPECT_EQ(row.topic, "erp.purchase-orders");
  EXPECT_EQ(row.partition, 0);
  EXPECT_EQ(row.offset, 12);
  EXPECT_EQ(row.key, std::optional<std::string>("PO-9"));
  EXPECT_EQ(row.payload, "not json");
  EXPECT_EQ(row.reason, "invalid_json");
  EXPECT_EQ(row.detail, "expected a value at 1:1");
  EXPECT_EQ(row.received_at, context_.recorded_at);
  EXPECT_FALSE(out.batch.dead_letters[1].key.has_value());
  EXPECT_EQ(out.batch.dead_letters[1].reason, "no_key");
  EXPECT_EQ(out.batch.dead_letters[1].offset, 13);

  EXPECT_TRUE(out.batch.audit.empty());
  EXPECT_TRUE(out.batch.notifications.empty());
  EXPECT_EQ(out.head.seq, context_.head.seq);
  EXPECT_EQ(out.batch.next_offset, 14);
  EXPECT_EQ(out.tally.dead_letters, (std::vector<domain::DeadLetterReason>{domain::DeadLetterReason::invalid_json,
                                                                           domain::DeadLetterReason::no_key}));
  EXPECT_EQ(out.tally.messages, 2u);
}

TEST_F(BatchAssemblyTest, DuplicatesDeadlinesThatNoLongerApplyAndSkippedItemsRecordNothing) {
  // A repeat of an accepted event has no effect, whatever else its outcome holds.
  auto repeat = outcome(AuditAction::approved, {}, order("PO-1", 1));
  repeat.duplicate = true;
  repeat.notifications = {domain::notify(NotificationType::approval_requested, Role::finance_manager, {})};
  auto skipped = due("PO-2", DeadlineKind::expiry, 300, outcome(AuditAction::expired, {}, order("PO-2", 0)));
  skipped.skipped = true;

  const auto out = assemble_batch(
      {decided(10, event("e2", EventType::purchase_order_approved, "PO-1", 100, Role::department_head), repeat),
       due("PO-1", DeadlineKind::reminder, 200, Outcome{}), skipped},
      context_);
  EXPECT_TRUE(out.batch.audit.empty());
  EXPECT_TRUE(out.batch.entities.empty());
  EXPECT_TRUE(out.batch.notifications.empty());
  EXPECT_TRUE(out.batch.dead_letters.empty());
  EXPECT_EQ(out.head.seq, context_.head.seq);
  EXPECT_EQ(out.head.hash, context_.head.hash);
  EXPECT_EQ(out.tally.duplicates, 1u);
  EXPECT_EQ(out.tally.messages, 1u);
  EXPECT_TRUE(out.tally.applied.empty());
  EXPECT_TRUE(out.tally.timers_fired.empty()) << "neither a deadline that no longer applied nor a skipped one";
  EXPECT_TRUE(out.tally.refusals.empty());
  EXPECT_EQ(out.batch.next_offset, 11) << "the duplicate's message is consumed";
}

TEST_F(BatchAssemblyTest, EventRecordsNameTheEventsActorAndDeadlineRecordsTheSystem) {
  const domain::Detail detail{{"total", std::string("150000.00")}, {"tier", std::int64_t{0}}};
  auto submitted = outcome(AuditAction::submitted, detail);
  submitted.audit.status_after = "pending_approval";
  auto reminded = outcome(AuditAction::reminder_sent, {{"tier", std::int64_t{0}}});
  reminded.audit.status_before = "pending_approval";
  reminded.audit.status_after = "pending_approval";

  const auto out =
      assemble_batch({decided(10, event("e1", EventType::purchase_order_submitted, "PO-1", 1'000), submitted),
                      due("PO-1", DeadlineKind::reminder, 5'000, reminded)},
                     context_);
  ASSERT_EQ(out.batch.audit.size(), 2u);
  const auto& by_event = out.batch.audit[0];
  EXPECT_EQ(by_event.entity_type, "purchase_order");
  EXPECT_EQ(by_event.entity_id, "PO-1");
  EXPECT_EQ(by_event.event_id, std::optional<std::string>("e1"));
  EXPECT_EQ(by_event.actor_id, std::optional<std::string>("U-e1"));
  EXPECT_EQ(by_event.actor_role, std::optional<std::string>("requester"));
  EXPECT_EQ(by_event.occurred_at, at(1'000));
  EXPECT_EQ(by_event.recorded_at, context_.recorded_at);
  EXPECT_FALSE(by_event.status_before.has_value());
  EXPECT_EQ(by_event.status_after, std::optional<std::string>("pending_approval"));
  EXPECT_EQ(by_event.detail_json, codec_.canonical_detail(detail));

  const auto& by_deadline = out.batch.audit[1];
  EXPECT_EQ(by_deadline.entity_type, "purchase_order");
  EXPECT_EQ(by_deadline.entity_id, "PO-1");
  EXPECT_EQ(by_deadline.action, "reminder_sent");
  EXPECT_FALSE(by_deadline.event_id.has_value());
  EXPECT_EQ(by_deadline.actor_id, std::optional<std::string>("system"));
  EXPECT_EQ(by_deadline.actor_role, std::optional<std::string>("system"));
  EXPECT_EQ(by_deadline.occurred_at, at(5'000)) << "when the deadline fell due";
  EXPECT_EQ(by_deadline.recorded_at, context_.recorded_at);
  EXPECT_EQ(by_deadline.status_before, std::optional<std::string>("pending_approval"));
  EXPECT_EQ(by_deadline.detail_json, codec_.canonical_detail({{"tier", std::int64_t{0}}}));
}

TEST_F(BatchAssemblyTest, TheEntityTypeIsTheContextsWorkflow) {
  context_.chain = "erp.onboarding/3";
  context_.workflow = domain::Workflow::onboarding;
  const auto out = assemble_batch(
      {decided(10, event("e1", EventType::employee_hired, "EMP-1", 100, Role::hr), outcome(AuditAction::hired)),
       due("EMP-1", DeadlineKind::task_due, 200, outcome(AuditAction::task_overdue))},
      context_);
  ASSERT_EQ(out.batch.audit.size(), 2u);
  EXPECT_EQ(out.batch.audit[0].entity_type, "onboarding");
  EXPECT_EQ(out.batch.audit[1].entity_type, "onboarding");
  EXPECT_EQ(out.batch.audit[0].chain, "erp.onboarding/3");
}

TEST_F(BatchAssemblyTest, ATraceparentGoesIntoTheDetailAndOntoTheNotifications) {
  const domain::Detail detail{{"tier", std::int64_t{1}}};
  auto traced = outcome(AuditAction::approved, detail);
  traced.notifications = {domain::notify(NotificationType::approval_requested, Role::finance_manager, {})};
  auto untraced = outcome(AuditAction::approved, detail);
  untraced.notifications = {domain::notify(NotificationType::approval_requested, Role::cfo, {})};
  auto escalated = outcome(AuditAction::escalated);
  escalated.notifications = {domain::notify(NotificationType::approval_escalated, Role::cfo, {})};

  const auto out = assemble_batch(
      {decided(10, event("e1", EventType::purchase_order_approved, "PO-1", 100, Role::department_head), traced,
               traceparent),
       decided(11, event("e2", EventType::purchase_order_approved, "PO-2", 110, Role::department_head), untraced),
       due("PO-3", DeadlineKind::escalation, 200, escalated)},
      context_);
  ASSERT_EQ(out.batch.audit.size(), 3u);
  domain::Detail with_trace = detail;
  with_trace.emplace_back("traceparent", traceparent);
  EXPECT_EQ(out.batch.audit[0].detail_json, codec_.canonical_detail(with_trace));
  EXPECT_NE(out.batch.audit[0].detail_json.find(traceparent), std::string::npos);
  EXPECT_EQ(out.batch.audit[1].detail_json, codec_.canonical_detail(detail));
  expect_sealed_chain(out, context_.head);  // the trace context is under the hash

  ASSERT_EQ(out.batch.notifications.size(), 3u);
  EXPECT_EQ(out.batch.notifications[0].traceparent, std::optional<std::string>(traceparent));
  EXPECT_FALSE(out.batch.notifications[1].traceparent.has_value());
  EXPECT_FALSE(out.batch.notifications[2].traceparent.has_value()) << "a deadline has no trace context";
}

TEST_F(BatchAssemblyTest, NotificationsAreNamedByTheRecordThatCausedThem) {
  auto approved = outcome(AuditAction::approved);
  approved.notifications = {
      domain::notify(NotificationType::approval_requested, Role::finance_manager, {{"tier", std::int64_t{1}}}),
      domain::notify(NotificationType::workflow_completed, Role::requester, {})};
  auto reminded = outcome(AuditAction::reminder_sent);
  reminded.notifications = {domain::notify(NotificationType::approval_reminder, Role::finance_manager, {})};

  const auto out = assemble_batch(
      {decided(10, event("e2", EventType::purchase_order_approved, "PO-1", 100, Role::department_head), approved),
       due("PO-1", DeadlineKind::reminder, 200, reminded)},
      context_);
  ASSERT_EQ(out.batch.audit.size(), 2u);
  ASSERT_EQ(out.batch.notifications.size(), 3u);
  const auto& first = out.batch.notifications[0];
  EXPECT_EQ(first.notification_id, "erp.purchase-orders/0/5/approval.requested/finance_manager");
  EXPECT_EQ(first.chain, "erp.purchase-orders/0");
  EXPECT_EQ(first.seq, 5);
  EXPECT_EQ(first.type, "approval.requested");
  EXPECT_EQ(first.entity_type, "purchase_order");
  EXPECT_EQ(first.entity_id, "PO-1");
  EXPECT_EQ(first.to_role, "finance_manager");
  EXPECT_EQ(first.at, context_.recorded_at);
  EXPECT_EQ(first.detail_json, codec_.canonical_detail({{"tier", std::int64_t{1}}}));
  EXPECT_EQ(out.batch.notifications[1].notification_id, "erp.purchase-orders/0/5/workflow.completed/requester");
  EXPECT_EQ(out.batch.notifications[1].seq, 5);
  EXPECT_EQ(out.batch.notifications[2].notification_id, "erp.purchase-orders/0/6/approval.reminder/finance_manager");
  EXPECT_EQ(out.batch.notifications[2].seq, 6);
  for (const auto& row : out.batch.notifications) {
    EXPECT_FALSE(row.message.empty());
    EXPECT_EQ(row.message.front(), '{');
    EXPECT_NE(row.message.find("\"" + row.notification_id + "\""), std::string::npos) << row.message;
    EXPECT_EQ(row.message, codec_.notification_message(row));
  }
}

TEST_F(BatchAssemblyTest, EachEntityChangedKeepsItsLatestStateInFirstSeenOrder) {
  auto refused = refusal(domain::RefusalReason::wrong_role);
  const auto out =
      assemble_batch({decided(10, event("e1", EventType::purchase_order_submitted, "PO-1", 100),
                              outcome(AuditAction::submitted, {}, order("PO-1", 0))),
                      decided(11, event("e2", EventType::purchase_order_submitted, "PO-2", 110),
                              outcome(AuditAction::submitted, {}, order("PO-2", 0))),
                      decided(12, event("e3", EventType::purchase_order_approved, "PO-1", 120, Role::department_head),
                              outcome(AuditAction::approved, {}, order("PO-1", 1))),
                      decided(13, event("e4", EventType::purchase_order_approved, "PO-2", 130, Role::cfo), refused)},
                     context_);
  EXPECT_EQ(out.batch.audit.size(), 4u);
  ASSERT_EQ(out.batch.entities.size(), 2u);
  EXPECT_EQ(domain::entity_id_of(out.batch.entities[0]), "PO-1");
  ASSERT_TRUE(std::holds_alternative<domain::PurchaseOrder>(out.batch.entities[0]));
  EXPECT_EQ(std::get<domain::PurchaseOrder>(out.batch.entities[0]).tiers_approved, 1) << "the later state";
  EXPECT_EQ(domain::entity_id_of(out.batch.entities[1]), "PO-2");
  EXPECT_EQ(std::get<domain::PurchaseOrder>(out.batch.entities[1]).tiers_approved, 0)
      << "a decision without a new state leaves the entity's";
}

class InvoiceAssemblyTest : public BatchAssemblyTest {
 protected:
  InvoiceAssemblyTest() {
    context_.chain = "erp.invoices/0";
    context_.workflow = domain::Workflow::invoice;
  }

  static EventPtr received(const std::string& event_id, const std::string& invoice_id, const std::string& vendor_id,
                           const std::string& number) {
    domain::InvoiceReceived payload;
    payload.vendor.id = vendor_id;
    payload.vendor.name = "Vendor " + vendor_id;
    payload.vendor.category = "goods";
    payload.invoice_number = number;
    return event(event_id, EventType::invoice_received, invoice_id, 100, Role::finance_manager, std::move(payload));
  }

  static domain::Invoice invoice(const std::string& invoice_id, domain::InvoiceStatus status) {
    domain::Invoice inv;
    inv.invoice_id = invoice_id;
    inv.status = status;
    return inv;
  }

  PendingItem with_lookups(PendingItem item, bool duplicate) {
    domain::InvoiceLookups lookups;
    lookups.duplicate = duplicate;
    item.lookups = std::make_shared<const domain::InvoiceLookups>(lookups);
    return item;
  }
};

TEST_F(InvoiceAssemblyTest, AnInvoiceReceivedOrHeldClaimsItsVendorAndNumberUnlessAFirstOneHoldsThem) {
  const auto out = assemble_batch(
      {with_lookups(
           decided(10, received("e1", "INV-1", "V-1", "B-100"),
                   receipt(AuditAction::received, invoice("INV-1", domain::InvoiceStatus::pending_approval), true)),
           false),
       with_lookups(decided(11, received("e2", "INV-2", "V-1", "B-200"),
                            receipt(AuditAction::held, invoice("INV-2", domain::InvoiceStatus::on_hold), true)),
                    false),
       with_lookups(decided(12, received("e3", "INV-3", "V-1", "B-100"),
                            receipt(AuditAction::held, invoice("INV-3", domain::InvoiceStatus::on_hold), false)),
                    true),
       with_lookups(
           decided(13, received("e4", "INV-1", "V-1", "B-100"), refusal(domain::RefusalReason::already_exists)), false),
       decided(14, event("e5", EventType::invoice_approved, "INV-1", 140, Role::finance_manager),
               outcome(AuditAction::approved, {}, invoice("INV-1", domain::InvoiceStatus::approved)))},
      context_);
  ASSERT_EQ(out.batch.audit.size(), 5u);
  EXPECT_EQ(out.batch.audit[0].entity_type, "invoice");
  using Claim = std::pair<ports::InvoiceKey, std::string>;
  EXPECT_EQ(out.batch.invoice_key_claims,
            (std::vector<Claim>{{{"V-1", "B-100"}, "INV-1"}, {{"V-1", "B-200"}, "INV-2"}}))
      << "what the decisions claim: not a duplicate (INV-3), not a refused receipt, not an approval";
  EXPECT_EQ(out.tally.refusals, (std::vector<domain::RefusalReason>{domain::RefusalReason::already_exists}));
}

TEST_F(BatchAssemblyTest, TheTallyCountsWhatTheBatchDecided) {
  PendingItem rejected;
  rejected.message = message(10, "PO-9", "not json");
  rejected.rejection = Rejection{domain::DeadLetterReason::invalid_json, "bad"};
  auto repeat = Outcome{};
  repeat.duplicate = true;

  const auto out = assemble_batch(
      {rejected,
       decided(11, event("e1", EventType::purchase_order_submitted, "PO-1", 100), outcome(AuditAction::submitted)),
       decided(12, event("e2", EventType::purchase_order_approved, "PO-1", 110, Role::cfo),
               refusal(domain::RefusalReason::wrong_role)),
       decided(13, event("e1", EventType::purchase_order_submitted, "PO-1", 100), repeat),
       decided(14, event("e3", EventType::purchase_order_approved, "PO-1", 120, Role::department_head),
               outcome(AuditAction::approved)),
       decided(15, event("e4", EventType::purchase_order_cancelled, "PO-2", 130),
               refusal(domain::RefusalReason::unknown_entity, {{"tier", std::int64_t{0}}})),
       due("PO-1", DeadlineKind::reminder, 200, outcome(AuditAction::reminder_sent)),
       due("PO-3", DeadlineKind::expiry, 210, outcome(AuditAction::expired))},
      context_);
  EXPECT_EQ(out.tally.messages, 6u);
  EXPECT_EQ(out.tally.duplicates, 1u);
  EXPECT_EQ(out.tally.dead_letters, (std::vector<domain::DeadLetterReason>{domain::DeadLetterReason::invalid_json}));
  EXPECT_EQ(out.tally.refusals, (std::vector<domain::RefusalReason>{domain::RefusalReason::wrong_role,
                                                                    domain::RefusalReason::unknown_entity}));
  EXPECT_EQ(out.tally.applied,
            (std::vector<EventType>{EventType::purchase_order_submitted, EventType::purchase_order_approved}))
      << "refusals are not applied";
  EXPECT_EQ(out.tally.timers_fired, (std::vector<DeadlineKind>{DeadlineKind::reminder, DeadlineKind::expiry}));
  EXPECT_EQ(out.batch.audit.size(), 6u) << "a refusal is recorded too";
  EXPECT_EQ(out.batch.next_offset, 16);
}

}  // namespace
}  // namespace vextrus::actors
