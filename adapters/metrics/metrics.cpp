#include "adapters/metrics/metrics.hpp"

#include <algorithm>
#include <map>

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <mutex>
#include <unordered_map>

namespace vextrus::metrics {
namespace {

using prometheus::BuildCounter;
using prometheus::BuildGauge;
using prometheus::BuildHistogram;

// Commit latency, of every event and of each partition's. 20 ms and 100 ms are bounds, so the
// latency targets of bench/README.md are read exactly; the steps between 50 and 250 ms place a
// p99 near them.
prometheus::Histogram::BucketBoundaries latency_buckets() {
  return {0.001, 0.0025, 0.005, 0.01, 0.02, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.25, 0.5, 1, 2.5, 5, 10};
}

}  // namespace

struct Metrics::Impl {
  std::shared_ptr<prometheus::Registry> registry = std::make_shared<prometheus::Registry>();
  prometheus::Family<prometheus::Counter>& consumed =
      BuildCounter().Name("vextrus_events_consumed_total").Help("Input events consumed, by topic").Register(*registry);
  prometheus::Family<prometheus::Counter>& applied =
      BuildCounter().Name("vextrus_events_applied_total").Help("Events applied, by type").Register(*registry);
  prometheus::Family<prometheus::Counter>& refused =
      BuildCounter().Name("vextrus_events_refused_total").Help("Events refused, by reason").Register(*registry);
  prometheus::Family<prometheus::Counter>& dead_letters =
      BuildCounter().Name("vextrus_dead_letters_total").Help("Events dead-lettered, by reason").Register(*registry);
  prometheus::Counter& duplicates = BuildCounter()
                                        .Name("vextrus_duplicate_events_total")
                                        .Help("Repeats of an accepted event_id, ignored")
                                        .Register(*registry)
                                        .Add({});
  prometheus::Histogram& commit_latency = BuildHistogram()
                                              .Name("vextrus_event_commit_latency_seconds")
                                              .Help("From consume to the PostgreSQL commit of the event's batch")
                                              .Register(*registry)
                                              .Add({}, latency_buckets());
  prometheus::Histogram& batch_size =
      BuildHistogram()
          .Name("vextrus_batch_size")
          .Help("Events per committed partition batch")
          .Register(*registry)
          .Add({}, prometheus::Histogram::BucketBoundaries{1, 10, 50, 100, 500, 1000, 2000, 5000, 10000});
  prometheus::Counter& commit_failures = BuildCounter()
                                             .Name("vextrus_commit_failures_total")
                                             .Help("Partition batch commits that failed and were retried")
                                             .Register(*registry)
                                             .Add({});
  prometheus::Family<prometheus::Gauge>& live =
      BuildGauge().Name("vextrus_live_actors").Help("Entity actors in memory, by workflow").Register(*registry);
  prometheus::Counter& restarts = BuildCounter()
                                      .Name("vextrus_actor_restarts_total")
                                      .Help("Entity actors restarted after a failure")
                                      .Register(*registry)
                                      .Add({});
  prometheus::Counter& passivations =
      BuildCounter().Name("vextrus_passivations_total").Help("Idle entity actors stopped").Register(*registry).Add({});
  prometheus::Gauge& timers_pending =
      BuildGauge().Name("vextrus_timers_pending").Help("Durable timers not yet fired").Register(*registry).Add({});
  prometheus::Family<prometheus::Counter>& timers_fired =
      BuildCounter().Name("vextrus_timers_fired_total").Help("Timers fired, by kind").Register(*registry);
  prometheus::Family<prometheus::Gauge>& lag =
      BuildGauge().Name("vextrus_consumer_lag").Help("Messages behind the partition end").Register(*registry);
  prometheus::Family<prometheus::Gauge>& pending_approvals = BuildGauge()
                                                                 .Name("vextrus_pending_approvals")
                                                                 .Help("Entities awaiting approval, by workflow")
                                                                 .Register(*registry);
  prometheus::Gauge& assigned = BuildGauge()
                                    .Name("vextrus_assigned_partitions")
                                    .Help("Input partitions assigned to this process")
                                    .Register(*registry)
                                    .Add({});
  prometheus::Family<prometheus::Counter>& relayed = BuildCounter()
                                                         .Name("vextrus_outbox_relayed_total")
                                                         .Help("Committed outputs published, by topic")
                                                         .Register(*registry);
  prometheus::Family<prometheus::Counter>& rebalanced =
      BuildCounter()
          .Name("vextrus_partition_rebalances_total")
          .Help("Input partitions assigned to or revoked from this process, by event (assigned, revoked)")
          .Register(*registry);
  prometheus::Counter& assigned_total = rebalanced.Add({{"event", "assigned"}});
  prometheus::Counter& revoked_total = rebalanced.Add({{"event", "revoked"}});
  prometheus::Family<prometheus::Gauge>& timer_overdue =
      BuildGauge()
          .Name("vextrus_timer_overdue_seconds")
          .Help("How late the earliest pending deadline of the partition is (0: none due)")
          .Register(*registry);
  prometheus::Gauge& ready =
      BuildGauge().Name("vextrus_ready").Help("1 when /health/ready answers 200, else 0").Register(*registry).Add({});
  prometheus::Family<prometheus::Gauge>& build_info =
      BuildGauge()
          .Name("vextrus_build_info")
          .Help("1, labelled with the version and git commit of the build")
          .Register(*registry);
  prometheus::Family<prometheus::Counter>& permanent_errors =
      BuildCounter()
          .Name("vextrus_permanent_errors_total")
          .Help(
              "Failures retrying will not cure (missing privilege, rejected password, missing table or topic), by "
              "source and kind")
          .Register(*registry);
  prometheus::Family<prometheus::Gauge>& outbox_backlog = BuildGauge()
                                                              .Name("vextrus_outbox_backlog")
                                                              .Help("Committed outputs not yet published, by topic")
                                                              .Register(*registry);
  prometheus::Family<prometheus::Counter>& publish_failures = BuildCounter()
                                                                  .Name("vextrus_publish_failures_total")
                                                                  .Help("Output messages Kafka did not take, by topic")
                                                                  .Register(*registry);
  prometheus::Family<prometheus::Counter>& partition_committed =
      BuildCounter()
          .Name("vextrus_events_committed_total")
          .Help("Input events committed, by topic and partition")
          .Register(*registry);
  prometheus::Family<prometheus::Histogram>& partition_latency =
      BuildHistogram()
          .Name("vextrus_partition_commit_latency_seconds")
          .Help("From consume to the PostgreSQL commit of the event's batch, by topic and partition")
          .Register(*registry);
  prometheus::Counter& fenced = BuildCounter()
                                    .Name("vextrus_partition_fenced_total")
                                    .Help("Commits dropped because another process had claimed the partition")
                                    .Register(*registry)
                                    .Add({});
};

Metrics::Metrics() : impl_(std::make_unique<Impl>()) {
  for (const char* workflow : {"purchase_order", "invoice", "onboarding"}) {
    impl_->live.Add({{"workflow", workflow}});
    impl_->pending_approvals.Add({{"workflow", workflow}});
  }
}
Metrics::~Metrics() = default;

void Metrics::events_consumed(const std::string& topic, std::int64_t count) {
  impl_->consumed.Add({{"topic", topic}}).Increment(static_cast<double>(count));
}
void Metrics::event_applied(std::string_view type) { impl_->applied.Add({{"type", std::string(type)}}).Increment(); }
void Metrics::event_refused(std::string_view reason) {
  impl_->refused.Add({{"reason", std::string(reason)}}).Increment();
}
void Metrics::declare(const KnownLabels& labels) {
  for (const auto& topic : labels.input_topics) impl_->consumed.Add({{"topic", topic}});
  for (const auto& topic : labels.output_topics) impl_->relayed.Add({{"topic", topic}});
  for (const auto type : labels.event_types) impl_->applied.Add({{"type", std::string(type)}});
  for (const auto reason : labels.refusal_reasons) impl_->refused.Add({{"reason", std::string(reason)}});
  for (const auto reason : labels.dead_letter_reasons) impl_->dead_letters.Add({{"reason", std::string(reason)}});
  for (const auto kind : labels.timer_kinds) impl_->timers_fired.Add({{"kind", std::string(kind)}});
  for (const auto& [source, kind] : labels.permanent_errors)
    impl_->permanent_errors.Add({{"source", source}, {"kind", kind}});
  for (const auto& topic : labels.output_topics) {
    impl_->outbox_backlog.Add({{"topic", topic}});
    impl_->publish_failures.Add({{"topic", topic}});
  }
}
void Metrics::dead_letter(std::string_view reason) {
  impl_->dead_letters.Add({{"reason", std::string(reason)}}).Increment();
}
void Metrics::duplicate_event() { impl_->duplicates.Increment(); }
void Metrics::commit_latency_seconds(double seconds) { impl_->commit_latency.Observe(seconds); }
void Metrics::batch_size(std::size_t events) { impl_->batch_size.Observe(static_cast<double>(events)); }
void Metrics::batch_commit_failed() { impl_->commit_failures.Increment(); }
void Metrics::live_actors(std::string_view workflow, std::int64_t delta) {
  impl_->live.Add({{"workflow", std::string(workflow)}}).Increment(static_cast<double>(delta));
}
void Metrics::actor_restart() { impl_->restarts.Increment(); }
void Metrics::passivated(std::int64_t count) { impl_->passivations.Increment(static_cast<double>(count)); }
void Metrics::consumer_lag(const std::string& topic, std::int32_t partition, std::int64_t lag) {
  impl_->lag.Add({{"topic", topic}, {"partition", std::to_string(partition)}}).Set(static_cast<double>(lag));
}
std::int64_t Metrics::consumer_lag_total() const {
  std::int64_t total = 0;
  for (const auto& family : impl_->lag.Collect()) {
    // A partition whose end is not known yet reports no positive lag.
    for (const auto& metric : family.metric) {
      total += std::max<std::int64_t>(0, static_cast<std::int64_t>(metric.gauge.value));
    }
  }
  return total;
}
void Metrics::declare_partition(const std::string& topic, std::int32_t partition) {
  const std::map<std::string, std::string> labels{{"topic", topic}, {"partition", std::to_string(partition)}};
  impl_->partition_committed.Add(labels);
  impl_->partition_latency.Add(labels, latency_buckets());
}
void Metrics::forget_partition(const std::string& topic, std::int32_t partition) {
  const std::map<std::string, std::string> labels{{"topic", topic}, {"partition", std::to_string(partition)}};
  impl_->lag.Remove(&impl_->lag.Add(labels));
  impl_->timer_overdue.Remove(&impl_->timer_overdue.Add(labels));
  impl_->partition_committed.Remove(&impl_->partition_committed.Add(labels));
  impl_->partition_latency.Remove(&impl_->partition_latency.Add(labels, latency_buckets()));
}
void Metrics::assigned_partitions(std::int64_t count) { impl_->assigned.Set(static_cast<double>(count)); }
void Metrics::partitions_assigned(std::int64_t count) { impl_->assigned_total.Increment(static_cast<double>(count)); }
void Metrics::partitions_revoked(std::int64_t count) { impl_->revoked_total.Increment(static_cast<double>(count)); }
void Metrics::partition_fenced() { impl_->fenced.Increment(); }
void Metrics::timer_overdue_seconds(const std::string& topic, std::int32_t partition, double seconds) {
  impl_->timer_overdue.Add({{"topic", topic}, {"partition", std::to_string(partition)}}).Set(seconds);
}
void Metrics::ready(bool is_ready) { impl_->ready.Set(is_ready ? 1 : 0); }
void Metrics::relayed(std::string_view topic, std::int64_t count) {
  impl_->relayed.Add({{"topic", std::string(topic)}}).Increment(static_cast<double>(count));
}

void Metrics::pending_approvals(std::string_view workflow, std::int64_t count) {
  impl_->pending_approvals.Add({{"workflow", std::string(workflow)}}).Set(static_cast<double>(count));
}

void Metrics::timers_pending(std::int64_t delta) { impl_->timers_pending.Increment(static_cast<double>(delta)); }
void Metrics::timer_fired(std::string_view kind) { impl_->timers_fired.Add({{"kind", std::string(kind)}}).Increment(); }

void Metrics::build_info(const std::string& version, const std::string& commit) {
  impl_->build_info.Add({{"version", version}, {"commit", commit}}).Set(1);
}
void Metrics::permanent_error(std::string_view source, std::string_view kind) {
  impl_->permanent_errors.Add({{"source", std::string(source)}, {"kind", std::string(kind)}}).Increment();
}
void Metrics::outbox_backlog(std::string_view topic, std::int64_t rows) {
  impl_->outbox_backlog.Add({{"topic", std::string(topic)}}).Set(static_cast<double>(rows));
}
void Metrics::publish_failures(std::string_view topic, std::int64_t count) {
  impl_->publish_failures.Add({{"topic", std::string(topic)}}).Increment(static_cast<double>(count));
}
void Metrics::partition_committed(const std::string& topic, std::int32_t partition, std::int64_t events) {
  impl_->partition_committed.Add({{"topic", topic}, {"partition", std::to_string(partition)}})
      .Increment(static_cast<double>(events));
}
void Metrics::partition_commit_latency_seconds(const std::string& topic, std::int32_t partition, double seconds) {
  impl_->partition_latency.Add({{"topic", topic}, {"partition", std::to_string(partition)}}, latency_buckets())
      .Observe(seconds);
}

std::string Metrics::serialize() const { return prometheus::TextSerializer().Serialize(impl_->registry->Collect()); }

}  // namespace vextrus::metrics
