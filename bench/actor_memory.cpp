// Memory per live entity actor, alone: N purchase-order actors as a partition worker keeps them
// (the actor, its order, two accepted event ids, the worker's cache entry), spawned in one CAF
// system, with resident memory read before and after. No broker or database, so nothing else
// moves the figure.
//
//   build/bench/actor_memory [actors]      (default 200,000)

#include <malloc.h>

#include <caf/all.hpp>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "actors/entity_actor.hpp"
#include "actors/entity_cache.hpp"
#include "domain/purchase_order.hpp"

namespace {

using namespace vextrus;

std::int64_t resident_kib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

// An order as the mix submits it, pending its first tier.
domain::PurchaseOrder order(int i) {
  domain::PurchaseOrder o;
  o.po_id = "PO-2025-" + std::to_string(100'000 + i);
  o.total = *domain::parse_money("125000.00");
  o.department = "procurement";
  o.vendor_id = "V-" + std::to_string(i % 5000);
  o.requester_id = "u-" + std::to_string(i % 1000);
  o.budget_code = "BC-2025-07";
  o.tiers = {domain::Role::department_head, domain::Role::finance_manager};
  o.policy_id = "bd-default-2025-07-01";
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  const int count = argc > 1 ? std::atoi(argv[1]) : 200'000;
  caf::actor_system_config config;
  config.set("scheduler.max-threads", 1);
  config.set("scheduler.policy", caf::atom("sharing"));
  config.set("logger.verbosity", caf::atom("quiet"));
  caf::actor_system system{config};
  auto policies = std::make_shared<const domain::PolicySet>(std::vector<domain::Policy>{});
  actors::EntityCache cache;
  // Warm up the allocator and CAF, so the baseline is not the first actors' pages.
  for (int i = 0; i < 1000; ++i) {
    auto warm = order(i);
    cache.add(
        warm.po_id,
        actors::spawn_entity(system, domain::Workflow::purchase_order, ports::StoredEntity{warm, {"w"}}, policies),
        actors::EntityCache::Clock::now());
  }
  for (auto& actor : cache.clear()) caf::anon_send_exit(actor, caf::exit_reason::kill);
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  ::malloc_trim(0);
  const auto before = resident_kib();
  for (int i = 0; i < count; ++i) {
    auto o = order(i);
    const auto id = o.po_id;
    ports::StoredEntity stored{std::move(o),
                               {id + "-submitted-0b7c2c9e-3a55-4d0e", id + "-approved-9a51-1c2f7c1f8a10"}};
    cache.add(id, actors::spawn_entity(system, domain::Workflow::purchase_order, std::move(stored), policies),
              actors::EntityCache::Clock::now());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  const auto after = resident_kib();
  std::printf("%d live purchase-order actors: RSS %.1f -> %.1f MiB, %.0f bytes per actor\n", count, before / 1024.0,
              after / 1024.0, static_cast<double>(after - before) * 1024.0 / count);
  for (auto& actor : cache.clear()) caf::anon_send_exit(actor, caf::exit_reason::kill);
  return 0;
}
