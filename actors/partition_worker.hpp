#pragma once
// The pipeline of one input partition: decode a poll batch, route its events to the entity
// actors, collect their decisions, and commit everything the batch caused (audit records chained
// per partition, projections, dead letters, the next offset) in one PostgreSQL transaction.
//
// A detached blocking actor: it owns its thread, so its blocking PostgreSQL calls never stall
// CAF's shared scheduler, where the entity actors run. It processes one batch at a time, in
// offset order. When a commit fails it kills all its entity actors (their state may be ahead of
// the database), reloads the committed offset and chain head, waits with back-off, and retries
// the same messages. An event whose decision keeps throwing, or whose rows PostgreSQL keeps
// refusing, is dead-lettered `poison` after `poison_max_tries`. It monitors its entity actors
// (entity_pool.hpp).
//
// The pieces: watermark_segments (the order of decisions), entity_pool (the entity actors),
// invoice_checks (cross-entity lookups), batch_assembly (the rows of a commit); this file only
// orchestrates them and retries.

#include <atomic>
#include <caf/all.hpp>
#include <functional>
#include <memory>

#include "actors/messages.hpp"
#include "adapters/health/problems.hpp"
#include "adapters/metrics/metrics.hpp"
#include "domain/policy.hpp"
#include "ports/clock.hpp"
#include "ports/partition_store.hpp"

namespace vextrus::actors {

struct WorkerContext {
  ports::PartitionId id;
  std::string owner;  // this process (host/pid), recorded with the partition's ownership epoch
  domain::Workflow workflow = domain::Workflow::purchase_order;  // what the topic carries
  std::unique_ptr<ports::PartitionStore> store;
  std::shared_ptr<const domain::PolicySet> policies;
  metrics::Metrics* metrics = nullptr;
  // Where a failure retrying will not cure is reported (null: logged only); shared, thread-safe.
  health::Problems* problems = nullptr;
  int poison_max_tries = 3;
  int retry_backoff_ms = 200;
  std::size_t max_live_actors = 100'000;  // entity actors kept in memory (LRU beyond)
  int passivate_after_s = 600;            // an entity idle this long is passivated
  // The earliest pending timers kept in memory; the later ones are read from PostgreSQL as
  // the earlier ones fire.
  std::size_t max_timers_in_memory = 200'000;
  // The most deadlines one idle tick commits: a burst of due timers becomes several bounded
  // transactions, with the partition's queued batches served in between.
  std::size_t max_deadlines_per_tick = 5000;
  // Batches queued in the worker's mailbox join the transaction of the one before them until
  // it holds this many events (group commit); past it they wait for the next transaction. A
  // trickle needs a few small batches merged; a backlog's batches are large already, and larger
  // transactions only held more memory (bench/results/history-2026-11.md).
  std::size_t max_events_per_transaction = 1000;
  // Set by the owner to end a retry loop early (revocation, shutdown); a stop_atom follows.
  std::shared_ptr<std::atomic<bool>> stopping = std::make_shared<std::atomic<bool>>(false);
  // Once the worker holds the partition's ownership epoch (tell the outbox relay).
  std::function<void(std::int64_t epoch)> on_claimed;
  // When a commit finds the partition claimed by another process (the worker then writes
  // nothing more for it).
  std::function<void()> on_fenced;
  // After each commit, with the new next offset (copy it to Kafka, wake the outbox relay).
  std::function<void(std::int64_t next_offset)> on_committed;
  // When a batch is finished with (committed, skipped as already committed, or abandoned):
  // releases its messages and bytes from the consumer's in-flight budget.
  std::function<void(std::size_t messages, std::size_t bytes)> on_batch_done;
  // The wall clock (recorded_at, the watermark) and the steady one (commit latency); null: the
  // system's.
  std::shared_ptr<const ports::Clock> clock;
  // Called on the worker's thread for each entity actor it spawns (tests kill one through it).
  std::function<void(const std::string& entity_id, const caf::actor& actor)> on_entity_spawned;
};

void partition_worker(caf::blocking_actor* self, std::shared_ptr<WorkerContext> context);

}  // namespace vextrus::actors
