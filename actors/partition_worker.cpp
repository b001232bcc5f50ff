#include "actors/partition_worker.hpp"

#include <algorithm>
#include <chrono>

#include "actors/batch_assembly.hpp"
#include "actors/commit_metrics.hpp"
#include "actors/cross_entity_checks.hpp"
#include "actors/decode_items.hpp"
#include "actors/entity_pool.hpp"
#include "actors/group_commit.hpp"
#include "actors/stored_timers.hpp"
#include "actors/watermark_segments.hpp"
#include "adapters/json/json_record_codec.hpp"
#include "adapters/log/log.hpp"
#include "domain/dated_deadlines.hpp"
#include "ports/backoff.hpp"
#include "ports/interruptible_sleep.hpp"

namespace vextrus::actors {
namespace {

// How often an idle, caught-up partition looks for due timers (docs/events.md: within a second).
constexpr auto tick_interval = std::chrono::milliseconds(250);
constexpr auto max_backoff = std::chrono::milliseconds(10'000);

// An entity actor failed (threw or died) while deciding an item.
struct DecisionFailed {
  ItemKey key;
  std::string why;
};

class Worker {
 public:
  Worker(caf::blocking_actor* self, std::shared_ptr<WorkerContext> context)
      : self_(self),
        ctx_(std::move(context)),
        clock_(ctx_->clock ? ctx_->clock : ports::system_clock()),
        decoder_(*ctx_->policies),
        shortest_deadline_(domain::shortest_approval_deadline(*ctx_->policies)),
        stored_timers_(*ctx_->store, *ctx_->metrics, ctx_->max_timers_in_memory),
        entities_(self_, ctx_->workflow, ctx_->policies, *ctx_->store, *ctx_->metrics,
                  {ctx_->max_live_actors, std::chrono::seconds(ctx_->passivate_after_s)}, ctx_->on_entity_spawned),
        failures_(ctx_->poison_max_tries) {}

  void run() {
    if (!claim() || !reload()) return;
    log::info("partition worker started", {{"topic", ctx_->id.topic},
                                           {"partition", ctx_->id.partition},
                                           {"epoch", epoch_},
                                           {"offset", committed_.value_or(0)},
                                           {"chain_seq", head_.seq},
                                           {"timers", stored_timers_.pending()},
                                           {"timers_in_memory", static_cast<std::int64_t>(timers_.committed_count())}});
    bool running = true;
    self_->receive_while(running)(
        [&](batch_atom, const BatchPtr& batch) {
          process(take_queued_batches(self_, batch, ctx_->max_events_per_transaction, running));
        },
        [&](caught_up_atom) {
          caught_up_ = true;
          tick();
        },
        [&](tick_atom) { tick(); }, [&](caf::down_msg& down) { entities_.on_down(down); },
        [&](stop_atom) { running = false; }, caf::after(tick_interval) >> [&] { tick(); });
    entities_.drop_all();
    stored_timers_.release();
  }

 private:
  ports::Backoff backoff() const { return {std::chrono::milliseconds(ctx_->retry_backoff_ms), max_backoff}; }

  void warn(const char* what, const std::exception& e) const {
    log::warn(what, {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()}});
  }

  // Runs `step` until it succeeds, retrying with back-off while the store fails (logged as
  // `what`); false when the worker is stopped first.
  template <typename Step>
  bool until_done(const char* what, Step&& step) {
    auto wait = backoff();
    while (!ctx_->stopping->load()) {
      try {
        step();
        return true;
      } catch (const ports::StoreError& e) {
        if (!report_permanent(e)) warn(what, e);
        ports::sleep_unless(*ctx_->stopping, wait.next());
      }
    }
    return false;
  }

  // Reports a failure retrying will not cure (logged there, as an error with its fix); false for
  // one that may pass, which the caller logs as a warning.
  bool report_permanent(const ports::StoreError& e) {
    if (!e.permanent || ctx_->problems == nullptr) return false;
    ctx_->problems->report(*e.permanent);
    return true;
  }

  // Takes the partition's next ownership epoch before anything is read, so that no commit of
  // its previous owner can land after this worker read the committed state.
  bool claim() {
    if (!until_done("cannot claim the partition; retrying", [&] { epoch_ = ctx_->store->claim(ctx_->owner); })) {
      return false;
    }
    if (ctx_->on_claimed) ctx_->on_claimed(epoch_);
    return true;
  }

  // Another process claimed the partition after this worker did: this process lost it (it was
  // paused past its session, or cut off) and Kafka has not told it yet. Everything in memory is
  // dropped and nothing more is written for the partition; the revocation that follows stops
  // the worker.
  void fence(const ports::Fenced& e) {
    fenced_ = true;
    ctx_->metrics->partition_fenced();
    log::error("partition taken over by another process; this process stops writing for it",
               {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"epoch", epoch_}, {"error", e.what()}});
    entities_.drop_all();
    if (ctx_->on_fenced) ctx_->on_fenced();
  }

  // Loads the committed offset, chain head and timers.
  bool reload() {
    return until_done("cannot load partition state; retrying", [&] {
      committed_ = ctx_->store->committed_offset();
      head_ = ctx_->store->chain_head();
      stored_timers_.load();
    });
  }

  // How late the earliest pending deadline is, for the overdue-timers alert.
  void report_overdue(const std::optional<domain::Timestamp>& earliest) {
    const auto late_us = earliest ? clock_->wall_now().micros - earliest->micros : 0;
    ctx_->metrics->timer_overdue_seconds(ctx_->id.topic, ctx_->id.partition,
                                         late_us > 0 ? static_cast<double>(late_us) / 1e6 : 0.0);
  }

  // Passivates idle entities, and fires the timers that came due while the partition is idle
  // and read to the end.
  void tick() {
    entities_.passivate(true);
    if (fenced_ || !caught_up_ || !committed_ || ctx_->stopping->load()) return;
    try {
      stored_timers_.refill();
    } catch (const ports::StoreError& e) {
      if (!report_permanent(e)) warn("cannot read pending timers; retrying on the next tick", e);
      return;
    }
    const auto earliest = timers_.earliest();
    report_overdue(earliest);
    if (!earliest || clock_->wall_now() < *earliest) return;
    commit_with_retries({}, true);
    const auto next = timers_.earliest();
    report_overdue(next);
    if (next && !(clock_->wall_now() < *next)) self_->send(self_, tick_atom::value);  // more are due
  }

  using Messages = std::vector<const ports::InputMessage*>;

  void process(const QueuedBatches& queued) {
    Messages messages;
    for (const auto& batch : queued.batches) {
      for (const auto& message : batch->messages) messages.push_back(&message);
    }
    caught_up_ = queued.caught_up;
    if (!fenced_ && !commit_all(messages, caught_up_)) {
      // The database keeps refusing the batch's rows: find the event(s) responsible one by
      // one and dead-letter them, so the partition keeps flowing.
      for (const auto* message : messages) {
        while (!fenced_ && !commit_all({message}, false)) {
          log::error("PostgreSQL refuses the effects of an event; dead-lettering it as poison",
                     {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"offset", message->offset}});
          failures_.refused(message->offset);
        }
      }
    }
    if (ctx_->on_batch_done) {
      for (const auto& batch : queued.batches) ctx_->on_batch_done(batch->messages.size(), batch->bytes());
    }
  }

  // Commits all of `messages`, in as many transactions as the deadlines falling due among them
  // need. False as soon as one transaction's data is refused (see commit_with_retries).
  bool commit_all(Messages messages, bool caught_up) {
    while (!messages.empty()) {
      const auto consumed = commit_with_retries(messages, caught_up);
      if (!consumed) return false;
      messages.erase(messages.begin(), messages.begin() + static_cast<std::ptrdiff_t>(*consumed));
    }
    return true;
  }

  // Decides and commits `messages` (and the deadlines that fall due among them), retrying with
  // back-off while the failure may pass. Returns how many messages the transaction took (all
  // of them unless too many deadlines fell due first), or nullopt when the database refused the
  // data itself poison_max_tries times. When the worker is stopping, the rest is abandoned
  // (not committed) and counted as taken.
  std::optional<std::size_t> commit_with_retries(const Messages& messages, bool caught_up) {
    auto wait = backoff();
    int refusals = 0;
    while (!ctx_->stopping->load()) {
      try {
        return attempt(messages, caught_up);
      } catch (const DecisionFailed& failure) {
        const int tries = failures_.decision_failed(failure.key);
        ctx_->metrics->actor_restart();
        log::warn("decision failed; restarting the partition's entities", {{"topic", ctx_->id.topic},
                                                                           {"partition", ctx_->id.partition},
                                                                           {"item", failure.key.text()},
                                                                           {"tries", tries},
                                                                           {"error", failure.why}});
      } catch (const ports::Fenced& e) {
        fence(e);
        return messages.size();  // abandoned: the new owner reads them again
      } catch (const ports::StoreError& e) {
        ctx_->metrics->batch_commit_failed();
        if (!report_permanent(e)) {
          log::warn("batch commit failed; retrying from the committed offset",
                    {{"topic", ctx_->id.topic},
                     {"partition", ctx_->id.partition},
                     {"error", e.what()},
                     {"data_refused", e.data_refused ? "yes" : "no"},
                     {"backoff_ms", static_cast<std::int64_t>(wait.peek().count())}});
        }
        entities_.drop_all();
        if (e.data_refused && ++refusals >= ctx_->poison_max_tries) {
          if (!reload()) return messages.size();
          return std::nullopt;
        }
        ports::sleep_unless(*ctx_->stopping, wait.next());
      } catch (const std::exception& e) {
        // A bug or resource exhaustion: the same treatment as a failed commit, so the worker
        // never dies with its partition still assigned.
        log::error("batch failed unexpectedly; retrying from the committed offset",
                   {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()}});
        entities_.drop_all();
        ports::sleep_unless(*ctx_->stopping, wait.next());
      }
      entities_.drop_all();
      if (!reload()) return messages.size();
    }
    return messages.size();
  }

  // Collects an attempt's segments (watermark_segments.hpp): due deadlines and events in the
  // order they are decided, each segment decided as it closes.
  class Segments final : public SegmentSink {
   public:
    Segments(Worker& worker, std::vector<PendingItem>& items) : worker_(worker), items_(items) {
      ordered.reserve(items.size());
    }
    bool fire_due(domain::Timestamp watermark) override {
      for (auto& due : worker_.timers_.take_due(watermark, budget_)) {
        PendingItem item;
        item.deadline = std::move(due);
        ordered.push_back(std::move(item));
        --budget_;
      }
      return budget_ > 0;
    }
    void add(std::size_t index) override { ordered.push_back(std::move(items_[index])); }
    void close_segment() override {
      worker_.decide(ordered, from_);
      from_ = ordered.size();
    }
    std::vector<PendingItem> ordered;

   private:
    Worker& worker_;
    std::vector<PendingItem>& items_;
    std::size_t budget_ = worker_.ctx_->max_deadlines_per_tick;
    std::size_t from_ = 0;
  };

  // One transaction over `messages` and the deadlines falling due among them; returns how many
  // of `messages` it took (watermark_segments.hpp says when it stops early).
  std::size_t attempt(const Messages& messages, bool caught_up) {
    timers_.rollback();
    entities_.take_downs();
    stored_timers_.refill();
    auto items = decode_items(messages, committed_, failures_, decoder_, ctx_->workflow);
    entities_.prefetch(items);
    if (checks_) checks_->read(*ctx_->store, items);
    std::vector<std::optional<SegmentEvent>> events;
    events.reserve(items.size());
    std::vector<const ports::InputMessage*> item_messages;  // the segments move the items
    item_messages.reserve(items.size());
    for (const auto& item : items) {
      item_messages.push_back(item.message);
      if (item.event) {
        events.push_back(
            SegmentEvent{item.event->occurred_at, domain::earliest_dated_deadline(*item.event, *ctx_->policies)});
      } else {
        events.emplace_back();
      }
    }
    Segments segments(*this, items);
    const auto run = run_segments(events, watermark_, caught_up,
                                  {clock_->wall_now(), timers_.horizon(), shortest_deadline_}, segments);
    const std::size_t taken =
        run.taken == items.size()
            ? messages.size()
            : static_cast<std::size_t>(std::find(messages.begin(), messages.end(), item_messages[run.taken]) -
                                       messages.begin());
    if (segments.ordered.empty()) {
      // Everything was committed already (a commit that succeeded although its answer was
      // lost): refresh Kafka's copy of the offset and wake the relay.
      if (!messages.empty() && committed_ && ctx_->on_committed) ctx_->on_committed(*committed_);
      return taken;
    }
    commit(segments.ordered, run.watermark);
    return taken;
  }

  // Sends items[from..] to their entity actors in order and collects the outcomes; then lets
  // the decisions replace their entities' deadlines, in order.
  void decide(std::vector<PendingItem>& items, std::size_t from) {
    if (from == items.size()) return;
    entities_.spawn_missing(items, from);
    if (checks_) checks_->look_up(items, from);
    set_aside_failing_deadlines(items, from);
    if (auto failure = entities_.decide(items, from)) throw DecisionFailed{items[failure->index].key(), failure->why};
    for (std::size_t i = from; i < items.size(); ++i) {
      const auto& outcome = items[i].outcome;
      if (outcome.deadlines) timers_.replace(items[i].entity_id(), *outcome.deadlines);
    }
  }

  // A deadline whose decision keeps failing is set aside until the next restart (it stays stored).
  void set_aside_failing_deadlines(std::vector<PendingItem>& items, std::size_t from) {
    for (std::size_t i = from; i < items.size(); ++i) {
      auto& item = items[i];
      if (!item.deadline || !failures_.exhausted(item.key())) continue;
      log::error("a deadline's decision keeps failing; setting it aside until the next restart",
                 {{"entity_id", item.deadline->entity_id}, {"timer", item.key().text()}});
      timers_.park(*item.deadline);
      item.skipped = true;
    }
  }

  void commit(const std::vector<PendingItem>& items, domain::Timestamp watermark) {
    const std::string workflow(domain::name(ctx_->workflow));
    auto assembled =
        assemble_batch(items, {ctx_->id.chain(), ctx_->workflow, head_, committed_, clock_->wall_now(), &codec_});
    auto& batch = assembled.batch;
    for (const auto& [entity_id, change] : timers_.changes()) {
      batch.timers.push_back({workflow, entity_id, *change.deadlines, change.up_to});
    }

    const auto result = ctx_->store->commit(batch);

    stored_timers_.committed(result.timers_delta);
    committed_ = batch.next_offset;
    head_ = assembled.head;
    watermark_ = watermark;
    failures_.committed(items);
    for (const auto& item : items) {
      if (!item.rejection) continue;
      log::info("event dead-lettered", {{"topic", item.message->source.topic},
                                        {"partition", item.message->source.partition},
                                        {"offset", item.message->offset},
                                        {"reason", std::string(domain::name(item.rejection->reason))},
                                        {"traceparent", item.message->traceparent.value_or("")}});
    }
    count_commit(*ctx_->metrics, ctx_->id, assembled.tally, items, clock_->steady_us());
    entities_.passivate(false);
    if (ctx_->on_committed) ctx_->on_committed(batch.next_offset);
  }

  caf::blocking_actor* self_;
  std::shared_ptr<WorkerContext> ctx_;
  std::shared_ptr<const ports::Clock> clock_;
  adapters::EventDecoder decoder_;
  adapters::JsonRecordCodec codec_;
  const domain::Duration shortest_deadline_;
  std::optional<std::int64_t> committed_;
  std::int64_t epoch_ = 0;  // this worker's ownership epoch of the partition (claim())
  bool fenced_ = false;     // another process took the partition: nothing more is written
  ports::ChainHead head_;
  StoredTimers stored_timers_;
  TimerBook& timers_ = stored_timers_.book();
  domain::Timestamp watermark_;  // business time decided up to, never ahead of the wall clock
  bool caught_up_ = false;       // the last batch (or the consumer) said the partition is read to the end
  EntityPool entities_;
  std::unique_ptr<CrossEntityChecks> checks_ = cross_entity_checks(ctx_->workflow);
  FailureBook failures_;
};

}  // namespace

void partition_worker(caf::blocking_actor* self, std::shared_ptr<WorkerContext> context) {
  Worker(self, std::move(context)).run();
}

}  // namespace vextrus::actors
