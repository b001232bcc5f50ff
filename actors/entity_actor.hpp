#pragma once
// One actor per entity (purchase order, invoice or onboarding). It holds the entity's state and
// the ids of the events already accepted for it, decides each event and each of its due
// deadlines with the pure domain rules of its workflow and answers with the outcome.
// Spawned by its partition worker with the state last committed to PostgreSQL; the worker kills
// it when a commit fails, so its state is never ahead of the database for long.

#include <caf/all.hpp>
#include <memory>

#include "actors/messages.hpp"
#include "domain/policy.hpp"
#include "ports/partition_store.hpp"

namespace vextrus::actors {

// Spawns the actor of one entity of `workflow` from `spawner` (the actor system, or the partition
// worker so that it starts on the worker's thread). It answers (decide_atom, EventPtr,
// LookupsPtr) and (deadline_atom, Deadline) with an Outcome. Instantiated for caf::actor_system
// and caf::blocking_actor (the partition worker).
template <typename Spawner>
caf::actor spawn_entity(Spawner& spawner, domain::Workflow workflow, ports::StoredEntity stored,
                        std::shared_ptr<const domain::PolicySet> policies);

}  // namespace vextrus::actors
