#pragma once
// One actor per purchase order. It holds the order's state and the ids of the events already
// accepted for it, decides each event and each of its due deadlines with the pure domain rules
// and answers with the outcome.
// Spawned by its partition worker with the state last committed to PostgreSQL; the worker kills
// it when a commit fails, so its state is never ahead of the database for long.

#include <caf/all.hpp>
#include <memory>

#include "actors/messages.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "domain/policy.hpp"

namespace vextrus::actors {

caf::behavior purchase_order_actor(caf::event_based_actor* self, pg::StoredPurchaseOrder stored,
                                   std::shared_ptr<const domain::PolicySet> policies);

}  // namespace vextrus::actors
