#pragma once
// The service's Prometheus metrics (docs/operations.md, "Metrics"). One instance per process, shared by
// every thread: all methods are thread-safe. prometheus-cpp stays behind this interface.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vextrus::metrics {

class Metrics {
 public:
  Metrics();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  void events_consumed(const std::string& topic, std::int64_t count);
  void event_applied(std::string_view type);
  void event_refused(std::string_view reason);
  void dead_letter(std::string_view reason);
  // The label values known at start: each of their counters is created at 0, so that the
  // first increase is one Prometheus sees (a series that appears at 1 is no increase to
  // rate(), and a dashboard would show nothing for the first burst of a topic or a reason).
  struct KnownLabels {
    std::vector<std::string> input_topics;
    std::vector<std::string> output_topics;
    std::vector<std::string_view> event_types;
    std::vector<std::string_view> refusal_reasons;
    std::vector<std::string_view> dead_letter_reasons;
    std::vector<std::string_view> timer_kinds;
    // "postgres"/"kafka" and the kinds of each (health::Problem)
    std::vector<std::pair<std::string, std::string>> permanent_errors;
  };
  void declare(const KnownLabels& labels);
  void duplicate_event();
  void commit_latency_seconds(double seconds);
  void batch_size(std::size_t events);
  void batch_commit_failed();
  void live_actors(std::string_view workflow, std::int64_t delta);
  void actor_restart();
  void passivated(std::int64_t count);
  void consumer_lag(const std::string& topic, std::int32_t partition, std::int64_t lag);
  // The sum of the lag of the partitions this process owns now: what the console's overview shows.
  std::int64_t consumer_lag_total() const;
  // Creates the per-partition series of a partition this process now owns at 0, so that its
  // first commits are an increase Prometheus sees.
  void declare_partition(const std::string& topic, std::int32_t partition);
  // Drops the per-partition series of a partition this process no longer owns.
  void forget_partition(const std::string& topic, std::int32_t partition);
  void assigned_partitions(std::int64_t count);
  // Partitions assigned to or revoked from this process, counted per event.
  void partitions_assigned(std::int64_t count);
  void partitions_revoked(std::int64_t count);
  // A commit found the partition claimed by another process (a zombie's commit, dropped).
  void partition_fenced();
  // How late the partition's earliest pending deadline is (0 when none is due): deadlines that
  // should have fired and have not.
  void timer_overdue_seconds(const std::string& topic, std::int32_t partition, double seconds);
  // What /health/ready answers, as 1 or 0, for alerting.
  void ready(bool is_ready);
  void relayed(std::string_view topic, std::int64_t count);
  void pending_approvals(std::string_view workflow, std::int64_t count);
  void timers_pending(std::int64_t delta);
  void timer_fired(std::string_view kind);
  // Which build runs: vextrus_build_info{version,commit} = 1.
  void build_info(const std::string& version, const std::string& commit);
  // A failure retrying will not cure (health::Problem), by source and kind.
  void permanent_error(std::string_view source, std::string_view kind);
  // Committed outputs not yet published to the topic, and messages Kafka failed to take.
  void outbox_backlog(std::string_view topic, std::int64_t rows);
  void publish_failures(std::string_view topic, std::int64_t count);
  // One partition's committed events and the commit latency of each (consume to commit).
  void partition_committed(const std::string& topic, std::int32_t partition, std::int64_t events);
  void partition_commit_latency_seconds(const std::string& topic, std::int32_t partition, double seconds);

  // Prometheus text exposition format.
  std::string serialize() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::metrics
