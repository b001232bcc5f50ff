#pragma once
// The entity actors of one partition worker: spawned on the worker's thread from the state the
// store committed (read for a whole attempt at once), monitored, passivated when idle or beyond
// the cap, and all dropped when a commit fails (their state may then be ahead of the store).
//
// Supervision: the worker monitors every entity actor. One that ends on its own between
// transactions (a crash, a kill from outside) is forgotten when its down message is taken (the
// worker takes them before each attempt, ahead of any queued batch), so the next event for it
// spawns it again from the committed state; one that ends during an attempt fails that attempt's
// request, and the attempt is retried from the committed state. Either way it counts as an
// actor restart. Owned by the worker; used from its thread only.

#include <caf/all.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "actors/entity_cache.hpp"
#include "actors/pending_item.hpp"
#include "adapters/metrics/metrics.hpp"
#include "domain/policy.hpp"
#include "ports/partition_store.hpp"

namespace vextrus::actors {

struct EntityPoolLimits {
  std::size_t max_live_actors = 100'000;
  std::chrono::seconds passivate_after{600};
};

class EntityPool {
 public:
  using SpawnObserver = std::function<void(const std::string& entity_id, const caf::actor& actor)>;

  EntityPool(caf::blocking_actor* self, domain::Workflow workflow, std::shared_ptr<const domain::PolicySet> policies,
             ports::PartitionStore& store, metrics::Metrics& metrics, EntityPoolLimits limits,
             SpawnObserver on_spawned);
  EntityPool(const EntityPool&) = delete;
  EntityPool& operator=(const EntityPool&) = delete;

  // Reads, in one query at the start of an attempt, the committed state of every entity the
  // events of `items` touch that has no live actor.
  void prefetch(const std::vector<PendingItem>& items);
  // Spawns an actor for every entity of items[from..] that has none, from the prefetched state
  // or (entities of due deadlines) one more query.
  void spawn_missing(const std::vector<PendingItem>& items, std::size_t from);
  // Sends each event and due deadline of items[from..] that is not skipped to its entity's actor
  // (spawn_missing ran for them), in order, and sets the outcomes. When an actor fails (throws
  // or dies), the first item it failed and why; the other outcomes are then incomplete.
  struct Failure {
    std::size_t index;
    std::string why;
  };
  std::optional<Failure> decide(std::vector<PendingItem>& items, std::size_t from);

  // Stops every entity actor.
  void drop_all();
  // Stops the least recently used actors beyond the cap and, when `idle` is set, those idle
  // longer than passivate_after.
  void passivate(bool idle);
  // Handles the down messages already in the worker's mailbox, ahead of anything else queued.
  void take_downs();
  // An actor the worker monitors went down. One still live here ended on its own: it is
  // forgotten (its committed state is read again when next needed) and counted.
  void on_down(const caf::down_msg& down);

 private:
  void stop(const std::vector<caf::actor>& actors);

  caf::blocking_actor* self_;
  domain::Workflow workflow_;
  std::shared_ptr<const domain::PolicySet> policies_;
  ports::PartitionStore& store_;
  metrics::Metrics& metrics_;
  EntityPoolLimits limits_;
  SpawnObserver on_spawned_;
  EntityCache live_;
  std::unordered_map<std::string, ports::StoredEntity> prefetched_;  // committed state, not yet spawned
};

}  // namespace vextrus::actors
