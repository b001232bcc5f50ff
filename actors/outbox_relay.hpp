#pragma once
// Publishes committed outputs (audit records, notifications, dead letters) to their Kafka topics: the
// transactional outbox's relay. Runs on its own thread; nudge() may be called from any thread.
// Delivery is at least once: a record is marked relayed only after the producer confirmed it,
// and consumers de-duplicate by its stable id (chain + seq for audit records).

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "actors/owned_chains.hpp"
#include "adapters/health/problems.hpp"
#include "adapters/kafka/producer.hpp"
#include "adapters/metrics/metrics.hpp"
#include "config/settings.hpp"
#include "ports/outbox_store.hpp"

namespace vextrus::actors {

class OutboxRelay {
 public:
  // Relays the outputs of the chains in `owned` while their claims stand (kept up to date by
  // the partition workers and the consumer loop).
  // A failure retrying will not cure (a missing privilege, an unknown output topic) is reported to
  // `problems` (null: logged only).
  OutboxRelay(std::unique_ptr<ports::OutboxStore> store, std::unique_ptr<kafka::Producer> producer,
              config::Topics topics, metrics::Metrics& metrics, const OwnedChains& owned,
              health::Problems* problems = nullptr);
  ~OutboxRelay();  // drains what is committed, then stops
  OutboxRelay(const OutboxRelay&) = delete;
  OutboxRelay& operator=(const OutboxRelay&) = delete;

  void nudge();

 private:
  void run();
  // One pass; returns how many outputs it published.
  std::size_t relay_once();
  // Sets vextrus_outbox_backlog, at most every few seconds (relay thread only).
  void measure_backlog();
  std::chrono::steady_clock::time_point backlog_measured_;
  bool last_round_full_ = false;  // a page was full: more is waiting (relay thread only)

  std::unique_ptr<ports::OutboxStore> store_;
  std::unique_ptr<kafka::Producer> producer_;
  config::Topics topics_;
  metrics::Metrics& metrics_;
  const OwnedChains& owned_;
  health::Problems* problems_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool nudged_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace vextrus::actors
