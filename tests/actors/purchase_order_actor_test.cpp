// The entity actor on CAF's test coordinator: deterministic, one message at a time.

#include "actors/purchase_order_actor.hpp"

#include <caf/scheduler/test_coordinator.hpp>
#include <gtest/gtest.h>

namespace vextrus::actors {
namespace {

domain::PolicySet policies() {
  domain::Policy policy;
  policy.policy_id = "p";
  policy.effective_from = *domain::parse_date("2025-07-01");
  policy.purchase_order.tiers = {{domain::Role::department_head, domain::Money::from_taka(0)}};
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
  EntityActorTest() : system_(init(config_)), sched_(dynamic_cast<caf::scheduler::test_coordinator&>(system_.scheduler())) {}

  static caf::actor_system_config& init(caf::actor_system_config& config) {
    config.set("scheduler.policy", caf::atom("testing"));
    config.set("logger.verbosity", caf::atom("quiet"));
    return config;
  }

  // The committed state of a pending one-tier order, as the worker loads it.
  pg::StoredPurchaseOrder stored() {
    domain::PurchaseOrder order;
    order.po_id = "PO-1";
    order.tiers = {domain::Role::department_head};
    order.requester_id = "req";
    order.policy_id = "p";
    order.total = domain::Money::from_taka(10);
    return {order, {"e-submitted"}};
  }

  Outcome ask(const caf::actor& entity, const EventPtr& event) {
    caf::scoped_actor self{system_};
    self->send(entity, decide_atom::value, event);
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
  auto entity = system_.spawn(purchase_order_actor, stored(), policies_);
  sched_.run();
  EXPECT_TRUE(ask(entity, approval("e-submitted")).duplicate) << "an id accepted before the restart";
  const auto first = ask(entity, approval("e-1"));
  EXPECT_FALSE(first.duplicate);
  EXPECT_EQ(first.decision.audit.action, "approved");
  EXPECT_TRUE(ask(entity, approval("e-1")).duplicate);
  caf::anon_send_exit(entity, caf::exit_reason::kill);
  sched_.run();
}

TEST_F(EntityActorTest, ARestartedActorHoldsTheCommittedStateNotTheLostOne) {
  auto entity = system_.spawn(purchase_order_actor, stored(), policies_);
  sched_.run();
  EXPECT_EQ(ask(entity, approval("e-1")).decision.audit.action, "approved");
  // The commit of that decision failed: the worker kills the actor and starts a new one from
  // what PostgreSQL holds, where the order is still pending.
  caf::anon_send_exit(entity, caf::exit_reason::kill);
  sched_.run();
  auto restarted = system_.spawn(purchase_order_actor, stored(), policies_);
  sched_.run();
  const auto again = ask(restarted, approval("e-1"));
  EXPECT_FALSE(again.duplicate);
  EXPECT_EQ(again.decision.audit.action, "approved");
  caf::anon_send_exit(restarted, caf::exit_reason::kill);
  sched_.run();
}

}  // namespace
}  // namespace vextrus::actors
