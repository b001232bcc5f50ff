// The entity actor on CAF's test coordinator: deterministic, one message at a time.

#include "actors/entity_actor.hpp"

#include <gtest/gtest.h>
#include <caf/scheduler/test_coordinator.hpp>

namespace vextrus::actors {
namespace {

domain::PolicySet policies() {
  domain::Policy policy;
  policy.policy_id = "p";
  policy.effective_from = *domain::parse_date("2025-07-01");
  policy.purchase_order.tiers = {{domain::Role::department_head, domain::Money::from_taka(0)}};
  policy.invoice.tiers = {{domain::Role::finance_manager, domain::Money::from_taka(0)}};
  policy.invoice.vat_rates = {domain::Rate::whole(15)};
  policy.invoice.categories = {{"consultancy", {domain::Rate::whole(15), domain::Rate::whole(10), false}}};
  return domain::PolicySet({policy});
}

EventPtr approval(const std::string& id) {
  domain::Event e;
  e.event_id = id;
  e.type = domain::EventType::purchase_order_approved;
  e.entity_id = "PO-1";
  e.occurred_at = *domain::parse_rfc3339("2025-09-17T10:00:00+06:00");
  e.actor = {"u-dh", domain::Role::department_head};
  e.payload = domain::PurchaseOrderApproved{};
  return std::make_shared<const domain::Event>(e);
}

class EntityActorTest : public ::testing::Test {
 protected:
  EntityActorTest()
      : system_(init(config_)), sched_(dynamic_cast<caf::scheduler::test_coordinator&>(system_.scheduler())) {}

  static caf::actor_system_config& init(caf::actor_system_config& config) {
    config.set("scheduler.policy", caf::atom("testing"));
    config.set("logger.verbosity", caf::atom("quiet"));
    return config;
  }

  // The committed state of a pending one-tier order, as the worker loads it.
  ports::StoredEntity stored() {
    domain::PurchaseOrder order;
    order.po_id = "PO-1";
    order.tiers = {domain::Role::department_head};
    order.requester_id = "req";
    order.policy_id = "p";
    order.total = domain::Money::from_taka(10);
    return {order, {"e-submitted"}};
  }

  Outcome ask(const caf::actor& entity, const EventPtr& event, LookupsPtr lookups = nullptr) {
    caf::scoped_actor self{system_};
    self->send(entity, decide_atom::value, event, lookups);
    sched_.run();
    Outcome out;
    self->receive([&](Outcome& outcome) { out = std::move(outcome); });
    return out;
  }

  caf::actor_system_config config_;
  caf::actor_system system_;
  caf::scheduler::test_coordinator& sched_;
  std::shared_ptr<const domain::PolicySet> policies_ = std::make_shared<const domain::PolicySet>(policies());
};

TEST_F(EntityActorTest, DecidesFromItsCommittedStateAndDropsRepeats) {
  auto entity = spawn_entity(system_, domain::Workflow::purchase_order, stored(), policies_);
  sched_.run();
  EXPECT_TRUE(ask(entity, approval("e-submitted")).duplicate) << "an id accepted before the restart";
  const auto first = ask(entity, approval("e-1"));
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(first.audit.action, domain::AuditAction::approved);
  EXPECT_TRUE(ask(entity, approval("e-1")).duplicate);
  caf::anon_send_exit(entity, caf::exit_reason::kill);
  sched_.run();
}

// The accepted ids share one buffer: ids that are prefixes of each other, or hold any bytes,
// stay distinct, and an id of the 64-character maximum fits.
TEST_F(EntityActorTest, AcceptedIdsThatShareAPrefixOrOddBytesStayDistinct) {
  auto entity = spawn_entity(system_, domain::Workflow::purchase_order, stored(), policies_);
  sched_.run();
  const std::vector<std::string> ids{"e-1", "e-10", "e-", std::string("e-1\0", 4), "e-1\n", std::string(64, 'x')};
  for (const auto& id : ids) EXPECT_FALSE(ask(entity, approval(id)).duplicate) << "first sight of " << id;
  for (const auto& id : ids) EXPECT_TRUE(ask(entity, approval(id)).duplicate) << "repeat of " << id;
  EXPECT_TRUE(ask(entity, approval("e-submitted")).duplicate);
  caf::anon_send_exit(entity, caf::exit_reason::kill);
  sched_.run();
}

TEST_F(EntityActorTest, ARestartedActorHoldsTheCommittedStateNotTheLostOne) {
  auto entity = spawn_entity(system_, domain::Workflow::purchase_order, stored(), policies_);
  sched_.run();
  EXPECT_EQ(ask(entity, approval("e-1")).audit.action, domain::AuditAction::approved);
  // The commit of that decision failed: the worker kills the actor and starts a new one from
  // what PostgreSQL holds, where the order is still pending.
  caf::anon_send_exit(entity, caf::exit_reason::kill);
  sched_.run();
  auto restarted = spawn_entity(system_, domain::Workflow::purchase_order, stored(), policies_);
  sched_.run();
  const auto again = ask(restarted, approval("e-1"));
  EXPECT_FALSE(again.duplicate);
  EXPECT_EQ(again.audit.action, domain::AuditAction::approved);
  caf::anon_send_exit(restarted, caf::exit_reason::kill);
  sched_.run();
}

TEST_F(EntityActorTest, AnInvoiceActorDecidesWithTheLookupsItIsGiven) {
  domain::Event event;
  event.event_id = "i-1";
  event.type = domain::EventType::invoice_received;
  event.entity_id = "INV-1";
  event.occurred_at = *domain::parse_rfc3339("2025-09-17T10:00:00+06:00");
  event.actor = {"u-fm", domain::Role::finance_manager};
  domain::InvoiceReceived received;
  received.vendor = {"V-1", "Vendor", "consultancy", std::nullopt, std::nullopt, true};
  received.invoice_number = "N-1";
  received.invoice_date = *domain::parse_date("2025-09-17");
  received.lines = {{"work", 1, domain::Money::from_taka(100), std::nullopt}};
  received.subtotal = domain::Money::from_taka(100);
  received.vat_amount = domain::Money::from_taka(15);
  received.total = domain::Money::from_taka(115);
  event.payload = received;
  auto entity = spawn_entity(system_, domain::Workflow::invoice, ports::StoredEntity{}, policies_);
  sched_.run();
  auto lookups = std::make_shared<domain::InvoiceLookups>();
  lookups->duplicate = true;
  const auto outcome = ask(entity, std::make_shared<const domain::Event>(event), lookups);
  EXPECT_EQ(outcome.audit.action, domain::AuditAction::held);
  ASSERT_TRUE(outcome.next.has_value());
  const auto& invoice = std::get<domain::Invoice>(*outcome.next);
  EXPECT_EQ(invoice.hold_reasons, std::vector<std::string>{"duplicate_invoice"});
  caf::anon_send_exit(entity, caf::exit_reason::kill);
  sched_.run();
}

TEST_F(EntityActorTest, AnOnboardingActorMarksADueTaskOverdueOnce) {
  domain::Onboarding onboarding;
  onboarding.employee_id = "E-1";
  onboarding.status = domain::OnboardingStatus::in_progress;
  onboarding.tasks_started = true;
  onboarding.policy_id = "p";
  for (auto& task : onboarding.tasks) task.due_at = *domain::parse_rfc3339("2025-10-01T18:00:00Z");
  auto entity = spawn_entity(system_, domain::Workflow::onboarding, ports::StoredEntity{onboarding, {}}, policies_);
  sched_.run();
  const domain::Deadline due{domain::DeadlineKind::task_due, 2, *domain::parse_rfc3339("2025-10-01T18:00:00Z")};
  auto fire = [&] {
    caf::scoped_actor self{system_};
    self->send(entity, deadline_atom::value, due);
    sched_.run();
    Outcome out;
    self->receive([&](Outcome& outcome) { out = std::move(outcome); });
    return out;
  };
  const auto first = fire();
  EXPECT_EQ(first.audit.action, domain::AuditAction::task_overdue);
  ASSERT_EQ(first.notifications.size(), 1u);
  EXPECT_EQ(first.notifications[0].type, "onboarding.task_overdue");
  EXPECT_TRUE(fire().audit.action == std::nullopt) << "the task is overdue already";
  caf::anon_send_exit(entity, caf::exit_reason::kill);
  sched_.run();
}

}  // namespace
}  // namespace vextrus::actors
