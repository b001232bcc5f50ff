#pragma once
// Drives the Kafka consumer on the calling thread: polls, splits each poll into per-partition
// batches and hands them to that partition's worker; spawns a worker on assignment (starting at
// the offset stored in PostgreSQL) and stops it on revocation. Pauses a partition whose worker
// has its share of the process's in-flight budget (flow_budget.hpp), and resumes it when the
// worker catches up. Takes back a partition fenced by a stale claim (take_back_fenced()).
// Lifecycle: constructed and run() on one thread (the main thread); joined() is thread-safe.

#include <atomic>
#include <caf/all.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <vector>

#include "actors/flow_budget.hpp"
#include "actors/owned_chains.hpp"
#include "adapters/health/problems.hpp"
#include "adapters/kafka/consumer.hpp"
#include "adapters/metrics/metrics.hpp"
#include "config/settings.hpp"
#include "domain/policy.hpp"
#include "ports/partition_store.hpp"

namespace vextrus::actors {

struct ConsumerLoopDeps {
  caf::actor_system* system = nullptr;
  const config::Settings* settings = nullptr;
  kafka::Properties properties;
  std::shared_ptr<const domain::PolicySet> policies;
  metrics::Metrics* metrics = nullptr;
  health::Problems* problems = nullptr;  // null: permanent errors are logged only
  std::function<std::unique_ptr<ports::PartitionStore>(ports::PartitionId)> make_store;
  std::function<void()> after_commit;  // wakes the outbox relay
  std::string owner;                   // this process as recorded with its partition claims
  OwnedChains* owned = nullptr;        // told of each claim and revocation (for the relay)
};

class ConsumerLoop final : public kafka::RebalanceListener {
 public:
  explicit ConsumerLoop(ConsumerLoopDeps deps);
  ~ConsumerLoop() override;

  // Polls until `stop` is set, then leaves the group and stops every worker.
  void run(const std::atomic<bool>& stop);
  bool joined() const { return joined_.load(); }

  std::vector<std::int64_t> on_assigned(const std::vector<kafka::TopicPartition>& partitions) override;
  void on_revoked(const std::vector<kafka::TopicPartition>& partitions) override;

 private:
  // Which workflow a subscribed input topic carries.
  domain::Workflow workflow_of_topic(const std::string& topic) const;
  struct Slot;
  void dispatch(std::vector<kafka::Message> messages);
  void balance_flow();
  InFlight budget() const;    // the process's in-flight budget (settings)
  InFlight inflight() const;  // consumed and not yet committed, over every partition held
  // How many more messages the budget allows (at least one).
  std::size_t budget_left() const;
  void report_lag();
  // Copies the offsets committed to PostgreSQL to Kafka (see consumer_loop.cpp).
  void copy_offsets_to_kafka(bool every_partition);
  void stop_workers(const std::vector<kafka::TopicPartition>& partitions);
  // Spawns the worker of a partition assigned here, of `held` partitions in all. Returns the
  // offset to fetch from: the one stored in PostgreSQL, offset_beginning, or offset_unknown
  // (shutting down: no worker).
  std::int64_t start_worker(const kafka::TopicPartition& partition, std::size_t held);
  // A worker is fenced when another process claims its partition. That process is normally the
  // partition's new owner, and the revocation here follows within a session. But a process
  // frozen while its assignment expired can claim late, after the new owner did; no revocation
  // follows then, and the partition would stall here for good. So a partition still assigned
  // here a session after its worker was fenced is taken back: a new worker claims it again and
  // reads on from the offset in PostgreSQL. Were this process the stale one after all, its
  // commits stay fenced and its revocation comes first.
  void take_back_fenced();

  ConsumerLoopDeps deps_;
  const std::chrono::milliseconds session_timeout_;  // the consumer's, for take_back_fenced()
  std::map<kafka::TopicPartition, std::unique_ptr<Slot>> slots_;
  std::vector<kafka::Message> polled_;  // the poll in progress, not yet dispatched
  std::atomic<bool> joined_{false};
  const std::atomic<bool>* stop_ = nullptr;                 // set by run(); read inside the rebalance callback
  std::chrono::steady_clock::time_point next_offset_copy_;  // consumer thread only
  // Declared last, destroyed first: closing it revokes through on_revoked, which uses the above.
  std::unique_ptr<kafka::Consumer> consumer_;
};

}  // namespace vextrus::actors
