#include "actors/consumer_loop.hpp"

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "actors/messages.hpp"
#include "actors/partition_worker.hpp"
#include "adapters/log/log.hpp"
#include "ports/backoff.hpp"
#include "ports/interruptible_sleep.hpp"

namespace vextrus::actors {
// Shared between this loop and one worker: the worker releases in-flight messages and publishes
// its committed offset from its own thread.
struct ConsumerLoop::Slot {
  caf::actor worker;
  std::shared_ptr<std::atomic<bool>> stopping;
  std::shared_ptr<std::atomic<std::int64_t>> inflight = std::make_shared<std::atomic<std::int64_t>>(0);
  std::shared_ptr<std::atomic<std::int64_t>> inflight_bytes = std::make_shared<std::atomic<std::int64_t>>(0);
  std::shared_ptr<std::atomic<std::int64_t>> next_offset = std::make_shared<std::atomic<std::int64_t>>(0);
  std::int64_t copied_to_kafka = 0;  // the next offset last sent to Kafka (consumer thread only)
  std::int64_t dispatched_next = 0;  // the offset after the last message handed to the worker
  bool caught_up = false;            // what the worker was last told
  bool end_known = false;            // the cached end offset is from this assignment
  bool paused = false;
  // Set by the worker when a commit found the partition claimed by another process; when the
  // consumer thread first saw it.
  std::shared_ptr<std::atomic<bool>> fenced = std::make_shared<std::atomic<bool>>(false);
  std::optional<std::chrono::steady_clock::time_point> fenced_seen;

  // Where the fetch stands. 0 is the start of a partition nothing was taken from: its beginning,
  // which is offset 0 unless retention removed the first messages.
  std::int64_t fetch_position() const { return dispatched_next > 0 ? dispatched_next : kafka::offset_beginning; }

  // The offset to send to Kafka: the latest committed one when it is not what was sent last
  // (or, with `again`, whenever there is one); recorded as sent.
  std::optional<std::int64_t> offset_to_copy(bool again) {
    const auto next = next_offset->load();
    if (next <= 0 || (!again && next == copied_to_kafka)) return std::nullopt;
    copied_to_kafka = next;
    return next;
  }
};

namespace {
// The consumer's session.timeout.ms (librdkafka's default when not set).
std::chrono::milliseconds session_timeout_of(const kafka::Properties& properties) {
  const auto configured = properties.find("session.timeout.ms");
  return std::chrono::milliseconds(configured == properties.end() ? 45'000 : std::stoll(configured->second));
}
}  // namespace

ConsumerLoop::ConsumerLoop(ConsumerLoopDeps deps)
    : deps_(std::move(deps)), session_timeout_(session_timeout_of(deps_.properties)) {}

domain::Workflow ConsumerLoop::workflow_of_topic(const std::string& topic) const {
  const auto& topics = deps_.settings->kafka.topics;
  if (topic == topics.invoices) return domain::Workflow::invoice;
  if (topic == topics.onboarding) return domain::Workflow::onboarding;
  return domain::Workflow::purchase_order;  // the only other topic subscribed
}

ConsumerLoop::~ConsumerLoop() = default;

namespace {
// Kafka holds a copy of the offsets committed to PostgreSQL for lag tools and autoscalers.
// Sending one commit request per partition transaction was a measurable share of the broker's
// CPU under a live load (bench/results/history-2026-11.md); the consumer thread sends what changed, every
// partition in one request, at most this often, and every offset now and then, which also
// repairs a request that was lost.
constexpr auto offset_copy_interval = std::chrono::milliseconds(100);
constexpr auto offset_refresh_interval = std::chrono::seconds(5);
}  // namespace

void ConsumerLoop::run(const std::atomic<bool>& stop) {
  stop_ = &stop;
  const auto& settings = *deps_.settings;
  const auto& topics = settings.kafka.topics;
  consumer_ = std::make_unique<kafka::Consumer>(
      deps_.properties, std::vector<std::string>{topics.purchase_orders, topics.invoices, topics.onboarding}, *this);
  const auto max_messages = static_cast<std::size_t>(settings.pipeline.batch_max_events);
  auto next_lag_report = std::chrono::steady_clock::now();
  while (!stop.load()) {
    polled_.clear();
    // Pausing a partition at its share bounds what it takes after this poll; bounding the poll
    // by what is left of the budget keeps one poll from overshooting it (a poll of a backlog
    // brings thousands of one partition's messages at once).
    const auto max_polled = std::min(max_messages, budget_left());
    consumer_->poll(polled_, 100, max_polled);
    if (!polled_.empty() && settings.pipeline.batch_max_wait_ms > 0 && polled_.size() < max_polled) {
      // Give a trickle a few milliseconds to become a batch.
      consumer_->poll(polled_, settings.pipeline.batch_max_wait_ms, max_polled - polled_.size());
    }
    dispatch(std::move(polled_));
    balance_flow();
    take_back_fenced();
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_lag_report) {
      report_lag();
      copy_offsets_to_kafka(true);
      next_lag_report = now + offset_refresh_interval;
    } else if (now >= next_offset_copy_) {
      copy_offsets_to_kafka(false);
    }
  }
  log::info("leaving the consumer group");
  consumer_->close();  // revokes through on_revoked, which stops the workers
  std::vector<kafka::TopicPartition> remaining;
  for (const auto& [partition, slot] : slots_) remaining.push_back(partition);
  stop_workers(remaining);
}

void ConsumerLoop::dispatch(std::vector<kafka::Message> messages) {
  std::map<kafka::TopicPartition, std::shared_ptr<Batch>> batches;
  for (auto& message : messages) {
    auto& batch = batches[message.source];
    if (!batch) batch = std::make_shared<Batch>();
    batch->messages.push_back(std::move(message));
  }
  // A partition with nothing new that is read to the end lets its worker's watermark follow the
  // wall clock, so its deadlines fire while no events arrive.
  // librdkafka's cached end offset can be left over from an earlier assignment of the same
  // partition, so it is confirmed with the broker once before it is trusted: for every such
  // partition at once, since each request may wait behind a long-polling fetch.
  std::vector<kafka::TopicPartition> unconfirmed;
  for (auto& [partition, slot] : slots_) {
    if (slot->caught_up || batches.count(partition)) continue;
    if (consumer_->lag(partition, slot->dispatched_next) != 0) continue;
    if (!slot->end_known) {
      unconfirmed.push_back(partition);
      continue;
    }
    slot->caught_up = true;
    caf::anon_send(slot->worker, caught_up_atom::value);
  }
  for (const auto& [partition, end] : consumer_->query_ends(unconfirmed, 1000)) {
    auto& slot = *slots_.at(partition);
    slot.end_known = true;
    if (end > slot.dispatched_next) continue;  // more to read: the next fetch brings it
    slot.caught_up = true;
    caf::anon_send(slot.worker, caught_up_atom::value);
  }
  for (auto& [partition, batch] : batches) {
    const auto slot = slots_.find(partition);
    if (slot == slots_.end()) continue;  // revoked meanwhile; the next owner re-reads it
    deps_.metrics->events_consumed(partition.topic, static_cast<std::int64_t>(batch->messages.size()));
    auto& slot_state = *slot->second;
    slot_state.dispatched_next = batch->messages.back().offset + 1;
    slot_state.end_known = true;  // these messages came with a fresh end offset
    batch->caught_up = consumer_->lag(partition, slot_state.dispatched_next) == 0;
    slot_state.caught_up = batch->caught_up;
    slot->second->inflight->fetch_add(static_cast<std::int64_t>(batch->messages.size()));
    slot->second->inflight_bytes->fetch_add(static_cast<std::int64_t>(batch->bytes()));
    caf::anon_send(slot->second->worker, batch_atom::value, BatchPtr(std::move(batch)));
  }
}

InFlight ConsumerLoop::budget() const {
  const auto& pipeline = deps_.settings->pipeline;
  return {pipeline.max_inflight_events, std::int64_t{pipeline.max_inflight_mib} * 1024 * 1024};
}

InFlight ConsumerLoop::inflight() const {
  InFlight total;
  for (const auto& [partition, slot] : slots_) {
    total.events += slot->inflight->load();
    total.bytes += slot->inflight_bytes->load();
  }
  return total;
}

std::size_t ConsumerLoop::budget_left() const {
  // At least one: a poll also serves rebalances and keeps this member in its group (with the
  // budget spent, every partition is paused and the poll brings no message).
  return static_cast<std::size_t>(std::max<std::int64_t>(1, budget().events - inflight().events));
}

void ConsumerLoop::balance_flow() {
  const auto process = inflight();
  const auto limit = budget();
  for (auto& [partition, slot] : slots_) {
    const InFlight own{slot->inflight->load(), slot->inflight_bytes->load()};
    switch (flow_change(slot->paused, own, process, limit, slots_.size())) {
      case FlowChange::pause:
        consumer_->pause(partition);
        slot->paused = true;
        break;
      case FlowChange::resume:
        consumer_->resume(partition, slot->fetch_position());
        slot->paused = false;
        break;
      case FlowChange::none:
        break;
    }
  }
}

void ConsumerLoop::copy_offsets_to_kafka(bool every_partition) {
  std::vector<std::pair<kafka::TopicPartition, std::int64_t>> offsets;
  for (auto& [partition, slot] : slots_) {
    if (const auto next = slot->offset_to_copy(every_partition)) offsets.emplace_back(partition, *next);
  }
  consumer_->commit_async(offsets);
  next_offset_copy_ = std::chrono::steady_clock::now() + offset_copy_interval;
}

void ConsumerLoop::report_lag() {
  for (const auto& [partition, slot] : slots_) {
    const auto lag = consumer_->lag(partition, slot->next_offset->load());
    if (lag >= 0) deps_.metrics->consumer_lag(partition.topic, partition.partition, lag);
  }
}

std::vector<std::int64_t> ConsumerLoop::on_assigned(const std::vector<kafka::TopicPartition>& partitions) {
  std::vector<std::int64_t> offsets;
  const auto held = slots_.size() + partitions.size();
  for (const auto& partition : partitions) {
    deps_.metrics->declare_partition(partition.topic, partition.partition);
    offsets.push_back(start_worker(partition, held));
  }
  deps_.metrics->assigned_partitions(static_cast<std::int64_t>(slots_.size()));
  deps_.metrics->partitions_assigned(static_cast<std::int64_t>(partitions.size()));
  joined_ = true;
  return offsets;
}

std::int64_t ConsumerLoop::start_worker(const kafka::TopicPartition& partition, std::size_t held) {
  ports::PartitionId id{deps_.settings->kafka.group, partition.topic, partition.partition};
  auto context = std::make_shared<WorkerContext>();
  context->id = id;
  context->owner = deps_.owner;
  context->workflow = workflow_of_topic(partition.topic);
  context->store = deps_.make_store(id);
  context->policies = deps_.policies;
  context->metrics = deps_.metrics;
  context->problems = deps_.problems;
  context->poison_max_tries = deps_.settings->pipeline.poison_max_tries;
  context->retry_backoff_ms = deps_.settings->pipeline.retry_backoff_ms;
  // The process-wide cap, shared out among the partitions held once this one is.
  context->max_live_actors = std::max<std::size_t>(
      100, static_cast<std::size_t>(deps_.settings->pipeline.max_live_actors) / std::max<std::size_t>(1, held));
  context->passivate_after_s = deps_.settings->pipeline.passivate_after_s;
  context->max_timers_in_memory = static_cast<std::size_t>(deps_.settings->pipeline.max_timers_in_memory);

  // PostgreSQL's offset wins; wait for the database rather than guess (unless shutting down:
  // then the partition gets no worker and is released when the consumer closes).
  std::optional<std::int64_t> stored;
  bool known = false;
  for (ports::Backoff wait(std::chrono::milliseconds(200), std::chrono::milliseconds(5000)); !stop_->load();) {
    try {
      stored = context->store->committed_offset();
      known = true;
      break;
    } catch (const ports::StoreError& e) {
      if (e.permanent && deps_.problems != nullptr) {
        deps_.problems->report(*e.permanent);
      } else {
        log::warn("cannot read the stored offset; retrying",
                  {{"topic", partition.topic}, {"partition", partition.partition}, {"error", e.what()}});
      }
      ports::sleep_unless(*stop_, wait.next());
    }
  }
  if (!known) return kafka::offset_unknown;
  auto slot = std::make_unique<Slot>();
  slot->stopping = context->stopping;
  slot->next_offset->store(stored.value_or(0));
  slot->copied_to_kafka = stored.value_or(0);
  slot->dispatched_next = stored.value_or(0);
  auto inflight = slot->inflight;
  auto inflight_bytes = slot->inflight_bytes;
  auto next_offset = slot->next_offset;
  auto after_commit = deps_.after_commit;
  context->on_committed = [next_offset, after_commit](std::int64_t next) {
    next_offset->store(next);  // the consumer thread copies it to Kafka
    if (after_commit) after_commit();
  };
  if (auto* owned = deps_.owned) {
    context->on_claimed = [owned, chain = id.chain()](std::int64_t epoch) { owned->claimed(chain, epoch); };
  }
  context->on_fenced = [fenced = slot->fenced] { fenced->store(true); };
  context->on_batch_done = [inflight, inflight_bytes](std::size_t messages, std::size_t bytes) {
    inflight->fetch_sub(static_cast<std::int64_t>(messages));
    inflight_bytes->fetch_sub(static_cast<std::int64_t>(bytes));
  };
  slot->worker = deps_.system->spawn<caf::detached>(partition_worker, context);
  log::info("partition assigned", {{"topic", partition.topic},
                                   {"partition", partition.partition},
                                   {"offset", stored.value_or(kafka::offset_beginning)}});
  slots_[partition] = std::move(slot);
  return stored.value_or(kafka::offset_beginning);
}

void ConsumerLoop::take_back_fenced() {
  const auto now = std::chrono::steady_clock::now();
  std::vector<kafka::TopicPartition> overdue;
  for (auto& [partition, slot] : slots_) {
    if (!slot->fenced->load()) continue;
    if (!slot->fenced_seen) slot->fenced_seen = now;
    if (now - *slot->fenced_seen >= session_timeout_) overdue.push_back(partition);
  }
  for (const auto& partition : overdue) {
    log::warn("partition claimed by another process but still assigned here a session later; taking the partition back",
              {{"topic", partition.topic}, {"partition", partition.partition}});
    stop_workers({partition});
    const auto offset = start_worker(partition, slots_.size() + 1);
    if (offset == kafka::offset_unknown) continue;  // shutting down
    // The old worker dropped what it was given after the fence; the new one starts from the
    // offset in PostgreSQL, and so must the fetch (a pause of the old slot ends with it).
    consumer_->resume(partition, offset);
  }
}

void ConsumerLoop::on_revoked(const std::vector<kafka::TopicPartition>& partitions) {
  // Messages polled before the revocation belong to the old assignment: were the partition
  // assigned again within the same poll, they must not reach its new worker, which starts at
  // the offset stored in PostgreSQL (Kafka re-delivers them from there).
  polled_.erase(std::remove_if(polled_.begin(), polled_.end(),
                               [&](const kafka::Message& m) {
                                 return std::find(partitions.begin(), partitions.end(), m.source) != partitions.end();
                               }),
                polled_.end());
  stop_workers(partitions);
  deps_.metrics->partitions_revoked(static_cast<std::int64_t>(partitions.size()));
  for (const auto& partition : partitions) deps_.metrics->forget_partition(partition.topic, partition.partition);
  deps_.metrics->assigned_partitions(static_cast<std::int64_t>(slots_.size()));
}

void ConsumerLoop::stop_workers(const std::vector<kafka::TopicPartition>& partitions) {
  caf::scoped_actor self{*deps_.system};
  // Taken out of slots_ and kept until their workers are done; their last offsets then go to Kafka.
  std::vector<std::pair<kafka::TopicPartition, std::unique_ptr<Slot>>> stopped;
  for (const auto& partition : partitions) {
    const auto slot = slots_.find(partition);
    if (slot == slots_.end()) continue;
    // The worker finishes the batch it is committing, abandons the ones queued behind it (the
    // next owner reads them again from the stored offset) and exits.
    slot->second->stopping->store(true);
    self->send(slot->second->worker, stop_atom::value);
    log::info("partition revoked", {{"topic", partition.topic}, {"partition", partition.partition}});
    stopped.emplace_back(partition, std::move(slot->second));
    slots_.erase(slot);
    // Shutting down, the relay still drains what this process committed for the partition
    // before it exits; otherwise the partition's outputs are the new owner's to relay.
    if (deps_.owned && !stop_->load()) {
      deps_.owned->remove(
          ports::PartitionId{deps_.settings->kafka.group, partition.topic, partition.partition}.chain());
    }
  }
  for (const auto& entry : stopped) self->wait_for(entry.second->worker);
  std::vector<std::pair<kafka::TopicPartition, std::int64_t>> offsets;
  for (auto& [partition, slot] : stopped) {
    if (const auto next = slot->offset_to_copy(false)) offsets.emplace_back(partition, *next);
  }
  consumer_->commit_async(offsets);
}

}  // namespace vextrus::actors
