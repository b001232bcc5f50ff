#include "actors/partition_worker.hpp"

#include <chrono>
#include <map>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "actors/entity_cache.hpp"
#include "actors/entity_actor.hpp"
#include "actors/timer_book.hpp"
#include "adapters/json/audit_codec.hpp"
#include "adapters/json/event_decoder.hpp"
#include "adapters/json/notification_codec.hpp"
#include "adapters/log/log.hpp"
#include "domain/dated_deadlines.hpp"

namespace vextrus::actors {
namespace {

using Clock = std::chrono::steady_clock;

// How often an idle, caught-up partition looks for due timers (docs/events.md: within a second).
constexpr auto tick_interval = std::chrono::milliseconds(250);


// An entity actor failed (threw or died) while deciding an item; `key` names the item.
struct DecisionFailed {
  std::string key;
  std::string why;
};

std::string refusal_reason(const domain::Detail& detail) {
  for (const auto& [key, value] : detail) {
    if (key == "reason" && std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  }
  return "unknown";
}

// The shortest time after its event at which an approval deadline falls due: within that much
// event time after the watermark, a decision cannot set an approval deadline that is already
// due, so events that close can be decided together.
domain::Duration shortest_deadline(const domain::PolicySet& policies) {
  std::int64_t shortest = domain::Duration::hours(24 * 365).micros;
  for (const auto& policy : policies.all()) {
    const auto& po = policy.purchase_order;
    const auto& invoice = policy.invoice;
    for (auto d : {po.reminder_after, po.escalate_after, po.expire_after, invoice.reminder_after,
                   invoice.escalate_after}) {
      shortest = std::min(shortest, d.micros);
    }
  }
  return {std::max<std::int64_t>(shortest, 1)};
}



class Worker {
 public:
  Worker(caf::blocking_actor* self, std::shared_ptr<WorkerContext> context)
      : self_(self),
        ctx_(std::move(context)),
        decoder_(*ctx_->policies),
        shortest_deadline_(shortest_deadline(*ctx_->policies)),
        timers_(ctx_->max_timers_in_memory) {}

  void run() {
    if (!claim() || !reload()) return;
    log::info("partition worker started",
              {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"epoch", epoch_},
               {"offset", committed_.value_or(0)},
               {"chain_seq", head_.seq}, {"timers", timers_pending_},
               {"timers_in_memory", static_cast<std::int64_t>(timers_.committed_count())}});
    bool running = true;
    self_->receive_while(running)(
        [&](batch_atom, const BatchPtr& batch) { process(with_queued_batches(batch, running)); },
        [&](caught_up_atom) {
          caught_up_ = true;
          tick();
        },
        [&](tick_atom) { tick(); },
        [&](stop_atom) { running = false; },
        caf::after(tick_interval) >> [&] { tick(); });
    drop_entities();
    ctx_->metrics->timers_pending(-timers_pending_);
  }

 private:
  // One thing to decide: a message (an event, or why it is dead-lettered) or a due deadline.
  struct Pending {
    const kafka::Message* message = nullptr;
    std::optional<adapters::Malformed> malformed;
    EventPtr event;
    std::optional<EntityDeadline> deadline;
    LookupsPtr lookups;  // for an invoice.received: what it is checked against
    Outcome outcome;
    bool skipped = false;  // a deadline whose decision kept failing: set aside, nothing recorded

    const std::string& entity_id() const { return event ? event->entity_id : deadline->entity_id; }
    std::string key() const {
      if (message != nullptr) return "o:" + std::to_string(message->offset);
      return "t:" + deadline->entity_id + "/" + std::string(domain::name(deadline->deadline.kind)) + "/" +
             std::to_string(deadline->deadline.step);
    }
  };

  // Runs `step` until it succeeds, retrying with back-off while the database fails (logged as
  // `what`); false when the worker is stopped first.
  template <typename Step>
  bool until_done(const char* what, Step&& step) {
    int backoff = ctx_->retry_backoff_ms;
    while (!ctx_->stopping->load()) {
      try {
        step();
        return true;
      } catch (const pg::StoreError& e) {
        if (!report_permanent(e)) {
          log::warn(what, {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()}});
        }
        sleep_ms(backoff);
        backoff = std::min(backoff * 2, 10'000);
      }
    }
    return false;
  }

  // Reports a failure retrying will not cure (logged there, as an error with its fix); false for
  // one that may pass, which the caller logs as a warning.
  bool report_permanent(const pg::StoreError& e) {
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
  void fence(const pg::Fenced& e) {
    fenced_ = true;
    ctx_->metrics->partition_fenced();
    log::error("partition taken over by another process; this process stops writing for it",
               {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"epoch", epoch_},
                {"error", e.what()}});
    drop_entities();
    if (ctx_->on_fenced) ctx_->on_fenced();
  }

  // Loads the committed offset, chain head and timers.
  bool reload() {
    return until_done("cannot load partition state; retrying", [&] {
      committed_ = ctx_->store->committed_offset();
      head_ = ctx_->store->chain_head();
      auto page = ctx_->store->load_timers(std::nullopt, ctx_->max_timers_in_memory);
      timers_.load(entity_deadlines(page), page.complete);
      const auto pending = ctx_->store->count_timers();
      ctx_->metrics->timers_pending(pending - timers_pending_);
      timers_pending_ = pending;
    });
  }

  static std::vector<EntityDeadline> entity_deadlines(const pg::TimerPage& page) {
    std::vector<EntityDeadline> timers;
    timers.reserve(page.timers.size());
    for (const auto& stored : page.timers) timers.push_back({stored.entity_id, stored.deadline});
    return timers;
  }

  // Between transactions: reads the next stored timers into the window when it runs low.
  void refill_timers() {
    if (!timers_.wants_more()) return;
    const auto page = ctx_->store->load_timers(timers_.horizon(),
                                               ctx_->max_timers_in_memory - timers_.committed_count());
    timers_.extend(entity_deadlines(page), page.complete);
  }

  void sleep_ms(int ms) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < until && !ctx_->stopping->load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, 50)));
    }
  }

  domain::Timestamp wall_now() const { return domain::Timestamp{ctx_->wall_clock_us()}; }

  // How late the earliest pending deadline is, for the overdue-timers alert.
  void report_overdue(const std::optional<domain::Timestamp>& earliest) {
    const auto late_us = earliest ? wall_now().micros - earliest->micros : 0;
    ctx_->metrics->timer_overdue_seconds(ctx_->id.topic, ctx_->id.partition,
                                         late_us > 0 ? static_cast<double>(late_us) / 1e6 : 0.0);
  }

  // Passivates idle entities, and fires the timers that came due while the partition is idle
  // and read to the end.
  void tick() {
    passivate(true);
    if (fenced_ || !caught_up_ || !committed_ || ctx_->stopping->load()) return;
    try {
      refill_timers();
    } catch (const pg::StoreError& e) {
      if (!report_permanent(e)) {
        log::warn("cannot read pending timers; retrying on the next tick",
                  {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()}});
      }
      return;
    }
    const auto earliest = timers_.earliest();
    report_overdue(earliest);
    if (!earliest || wall_now() < *earliest) return;
    commit_with_retries({}, true);
    const auto next = timers_.earliest();
    report_overdue(next);
    if (next && !(wall_now() < *next)) self_->send(self_, tick_atom::value);  // more are due
  }

  // Group commit: the batches that queued up while the last transaction ran join this one, so
  // under a live trickle a slower commit takes more events at once instead of falling behind
  // one small transaction at a time. What else was queued is handled here too: caught_up (it
  // applies if no batch followed it), tick (the batches are processed now anyway) and stop
  // (after them). A transaction takes queued batches until it holds max_events_per_transaction.
  struct QueuedBatches {
    std::vector<BatchPtr> batches;
    bool caught_up = false;  // the partition was read to the end after the last of them
  };

  QueuedBatches with_queued_batches(const BatchPtr& first, bool& running) {
    QueuedBatches queued{{first}, first->caught_up};
    std::size_t events = first->messages.size();
    for (bool more = true; more && running && events < ctx_->max_events_per_transaction;) {
      self_->receive(
          [&](batch_atom, const BatchPtr& batch) {
            queued.batches.push_back(batch);
            events += batch->messages.size();
            queued.caught_up = batch->caught_up;
          },
          [&](caught_up_atom) { queued.caught_up = true; }, [&](tick_atom) {},
          [&](stop_atom) { running = false; }, caf::after(std::chrono::seconds(0)) >> [&] { more = false; });
    }
    return queued;
  }

  void process(const QueuedBatches& queued) {
    std::vector<const kafka::Message*> messages;
    for (const auto& batch : queued.batches) {
      for (const auto& message : batch->messages) messages.push_back(&message);
    }
    const bool caught_up = queued.caught_up;
    caught_up_ = caught_up;
    if (!fenced_ && !commit_all(messages, caught_up)) {
      // The database keeps refusing the batch's rows: find the event(s) responsible one by
      // one and dead-letter them, so the partition keeps flowing.
      for (const auto* message : messages) {
        while (!fenced_ && !commit_all({message}, false)) {
          log::error("PostgreSQL refuses the effects of an event; dead-lettering it as poison",
                     {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"offset", message->offset}});
          refused_.insert(message->offset);
        }
      }
    }
    if (ctx_->on_batch_done) {
      for (const auto& batch : queued.batches) ctx_->on_batch_done(batch->messages.size(), batch->bytes());
    }
  }

  // Commits all of `messages`, in as many transactions as the deadlines falling due among them
  // need. False as soon as one transaction's data is refused (see commit_with_retries).
  bool commit_all(std::vector<const kafka::Message*> messages, bool caught_up) {
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
  std::optional<std::size_t> commit_with_retries(const std::vector<const kafka::Message*>& messages,
                                                 bool caught_up) {
    int backoff = ctx_->retry_backoff_ms;
    int refusals = 0;
    while (!ctx_->stopping->load()) {
      try {
        return attempt(messages, caught_up);
      } catch (const DecisionFailed& failure) {
        const int tries = ++failures_[failure.key];
        ctx_->metrics->actor_restart();
        log::warn("decision failed; restarting the partition's entities",
                  {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"item", failure.key},
                   {"tries", tries}, {"error", failure.why}});
      } catch (const pg::Fenced& e) {
        fence(e);
        return messages.size();  // abandoned: the new owner reads them again
      } catch (const pg::StoreError& e) {
        ctx_->metrics->batch_commit_failed();
        if (!report_permanent(e)) {
          log::warn("batch commit failed; retrying from the committed offset",
                    {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()},
                     {"data_refused", e.data_refused ? "yes" : "no"}, {"backoff_ms", backoff}});
        }
        if (e.data_refused && ++refusals >= ctx_->poison_max_tries) {
          drop_entities();
          if (!reload()) return messages.size();
          return std::nullopt;
        }
        drop_entities();
        sleep_ms(backoff);
        backoff = std::min(backoff * 2, 10'000);
      } catch (const std::exception& e) {
        // A bug or resource exhaustion: the same treatment as a failed commit, so the worker
        // never dies with its partition still assigned.
        log::error("batch failed unexpectedly; retrying from the committed offset",
                   {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()}});
        drop_entities();
        sleep_ms(backoff);
        backoff = std::min(backoff * 2, 10'000);
      }
      drop_entities();
      if (!reload()) return messages.size();
    }
    return messages.size();
  }

  std::vector<Pending> decode(const std::vector<const kafka::Message*>& messages) {
    std::vector<Pending> items;
    items.reserve(messages.size());
    for (const auto* message_ptr : messages) {
      const auto& message = *message_ptr;
      if (committed_ && message.offset < *committed_) continue;  // already committed
      Pending p;
      p.message = &message;
      const auto tries = failures_.find(p.key());
      if (tries != failures_.end() && tries->second >= ctx_->poison_max_tries) {
        p.malformed = adapters::Malformed{domain::DeadLetterReason::poison,
                                          "the decision failed " + std::to_string(tries->second) + " times"};
      } else if (refused_.count(message.offset)) {
        p.malformed = adapters::Malformed{domain::DeadLetterReason::poison,
                                          "PostgreSQL refused the effects of this event; see the service log"};
      } else {
        auto decoded = decoder_.decode({message.value,
                                        message.key ? std::optional<std::string_view>(*message.key) : std::nullopt,
                                        ctx_->workflow, true});
        if (auto* event = std::get_if<domain::Event>(&decoded)) {
          p.event = std::make_shared<const domain::Event>(std::move(*event));
        } else {
          p.malformed = std::get<adapters::Malformed>(std::move(decoded));
        }
      }
      items.push_back(std::move(p));
    }
    return items;
  }

  // Appends the deadlines due at `watermark` (at most `limit`), in due order.
  void fire_due(domain::Timestamp watermark, std::vector<Pending>& ordered, std::size_t limit = SIZE_MAX) {
    for (auto& due : timers_.take_due(watermark, limit)) {
      Pending p;
      p.deadline = std::move(due);
      ordered.push_back(std::move(p));
    }
  }

  // The watermark (docs/events.md, "Time, deadlines and the policy") advances with the events'
  // business time, never past the wall clock, and to the wall clock once the partition is read to
  // the end. Due deadlines are decided just before the first event past them. Events are decided
  // in segments no longer than the shortest deadline, so no deadline set inside a segment falls
  // due inside it.
  //
  // At most max_deadlines_per_tick deadlines are decided per transaction: when more fall due
  // before an event, the transaction ends before that event, and the caller goes on from there.
  // Returns how many of `messages` the transaction took.
  //
  // The watermark never passes the timer window's horizon: the transaction ends before an event
  // beyond it, and the next one reads more timers first.
  std::size_t attempt(const std::vector<const kafka::Message*>& messages, bool caught_up) {
    timers_.rollback();
    claimed_keys_.clear();
    refill_timers();
    const auto horizon = timers_.horizon();
    auto items = decode(messages);
    prefetch_entities(items);
    if (ctx_->workflow == domain::Workflow::invoice) read_invoice_facts(items);
    const auto now = wall_now();
    domain::Timestamp watermark = watermark_;
    std::vector<Pending> ordered;
    ordered.reserve(items.size());
    std::size_t budget = ctx_->max_deadlines_per_tick;
    std::size_t taken = messages.size();  // unless the budget runs out
    auto fire = [&](std::vector<Pending>& into) {
      const std::size_t before = into.size();
      fire_due(watermark, into, budget);
      budget -= into.size() - before;
    };
    for (std::size_t i = 0; i < items.size() && taken == messages.size();) {
      const std::size_t from = ordered.size();
      domain::Timestamp segment_end = watermark + shortest_deadline_;
      for (const std::size_t start = i; i < items.size(); ++i) {
        if (items[i].event) {
          auto t = std::min(items[i].event->occurred_at, now);
          if (i > start && segment_end <= t) break;
          const bool beyond_window = horizon && *horizon < t;
          if (beyond_window) t = *horizon;
          if (watermark < t) watermark = t;
          // A deadline this event sets may fall due before later events of the segment: an
          // approval deadline no sooner than the shortest one, a deadline dated by the payload
          // (an invoice's due date, onboarding tasks) maybe at once.
          segment_end = std::min(segment_end, t + shortest_deadline_);
          if (const auto dated = domain::earliest_dated_deadline(*items[i].event, *ctx_->policies)) {
            segment_end = std::min(segment_end, *dated);
          }
          fire(ordered);
          if (budget == 0 || beyond_window) {
            // Maybe more are due before this event: stop here, the next transaction goes on.
            taken = static_cast<std::size_t>(
                std::find(messages.begin(), messages.end(), items[i].message) - messages.begin());
            break;
          }
        }
        ordered.push_back(std::move(items[i]));
      }
      decide(ordered, from);
    }
    if (caught_up && taken == messages.size()) {
      const auto until = horizon && *horizon < now ? *horizon : now;
      if (watermark < until) watermark = until;
      const std::size_t from = ordered.size();
      fire(ordered);
      decide(ordered, from);
    }
    if (ordered.empty()) {
      // Everything was committed already (a commit that succeeded although its answer was
      // lost): refresh Kafka's copy of the offset and wake the relay.
      if (!messages.empty() && committed_ && ctx_->on_committed) ctx_->on_committed(*committed_);
      return taken;
    }
    commit(ordered, watermark);
    return taken;
  }

  // Reads, in one query at the start of an attempt, the committed state of every entity its
  // events touch that has no live actor; the segments then spawn them from it. Nothing commits
  // in between, so it is what a query per segment would read.
  void prefetch_entities(const std::vector<Pending>& items) {
    prefetched_.clear();
    std::vector<std::string> ids;
    for (const auto& p : items) {
      if (p.event && !entities_.contains(p.entity_id()) && !prefetched_.count(p.entity_id())) {
        ids.push_back(p.entity_id());
        prefetched_.emplace(p.entity_id(), pg::StoredEntity{});  // never created, unless found
      }
    }
    if (ids.empty()) return;
    for (auto& [id, stored] : ctx_->store->load_entities(ctx_->workflow, ids)) prefetched_[id] = std::move(stored);
  }

  // Spawns an actor for every entity of items[from..] that has none, from the prefetched state
  // or (entities of due deadlines) one more query.
  void spawn_missing(const std::vector<Pending>& items, std::size_t from) {
    std::vector<std::string> missing;
    std::vector<std::string> unread;
    std::unordered_set<std::string> seen;
    for (std::size_t i = from; i < items.size(); ++i) {
      const auto& p = items[i];
      if ((p.event || p.deadline) && !entities_.contains(p.entity_id()) && seen.insert(p.entity_id()).second) {
        missing.push_back(p.entity_id());
        if (!prefetched_.count(p.entity_id())) unread.push_back(p.entity_id());
      }
    }
    if (missing.empty()) return;
    if (!unread.empty()) {
      for (const auto& id : unread) prefetched_.emplace(id, pg::StoredEntity{});
      for (auto& [id, stored] : ctx_->store->load_entities(ctx_->workflow, unread)) prefetched_[id] = std::move(stored);
    }
    const auto now = Clock::now();
    for (const auto& id : missing) {
      const auto stored = prefetched_.find(id);
      entities_.add(id, spawn_entity(*self_, ctx_->workflow, std::move(stored->second), ctx_->policies), now);
      prefetched_.erase(stored);
    }
    ctx_->metrics->live_actors(std::string(domain::name(ctx_->workflow)), static_cast<std::int64_t>(missing.size()));
  }

  // Reads, in one query for the attempt, what the invoices it receives are checked against
  // (docs/events.md, invoice.received): who claimed their vendor and number first, and the orders
  // they name.
  // Both are committed state of other entities, never changed by this attempt itself.
  void read_invoice_facts(const std::vector<Pending>& items) {
    invoice_facts_ = {};
    std::vector<pg::InvoiceKey> keys;
    std::vector<std::string> po_ids;
    for (const auto& item : items) {
      if (!item.event) continue;
      if (const auto* received = std::get_if<domain::InvoiceReceived>(&item.event->payload)) {
        keys.emplace_back(received->vendor.id, received->invoice_number);
        if (received->po_id) po_ids.push_back(*received->po_id);
      }
    }
    if (!keys.empty()) invoice_facts_ = ctx_->store->invoice_facts(keys, po_ids);
  }

  // Gives each invoice received among items[from..] its lookups. Within the attempt, the first
  // invoice to claim a key holds it for those after it.
  void look_up_invoices(std::vector<Pending>& items, std::size_t from) {
    const auto& facts = invoice_facts_;
    for (std::size_t i = from; i < items.size(); ++i) {
      if (!items[i].event) continue;
      const auto* received = std::get_if<domain::InvoiceReceived>(&items[i].event->payload);
      if (received == nullptr) continue;
      const auto& invoice_id = items[i].entity_id();
      const pg::InvoiceKey key{received->vendor.id, received->invoice_number};
      auto lookups = std::make_shared<domain::InvoiceLookups>();
      const auto owner = facts.key_owners.find(key);
      const auto [claim, first] = claimed_keys_.emplace(key, invoice_id);
      lookups->duplicate = (owner != facts.key_owners.end() && owner->second != invoice_id) ||
                           (!first && claim->second != invoice_id);
      if (received->po_id) {
        const auto order = facts.orders.find(*received->po_id);
        if (order != facts.orders.end()) lookups->order = order->second;
      }
      items[i].lookups = std::move(lookups);
    }
  }

  // Sends items[from..] to their entity actors in order and collects the outcomes; then lets
  // the decisions replace their entities' deadlines, in order.
  void decide(std::vector<Pending>& items, std::size_t from) {
    if (from == items.size()) return;
    spawn_missing(items, from);
    if (ctx_->workflow == domain::Workflow::invoice) look_up_invoices(items, from);
    using Handle = decltype(self_->request(std::declval<caf::actor>(), caf::infinite, decide_atom::value,
                                           std::declval<EventPtr>(), std::declval<LookupsPtr>()));
    std::vector<std::pair<Pending*, Handle>> requests;
    const auto now = Clock::now();
    for (std::size_t i = from; i < items.size(); ++i) {
      auto& p = items[i];
      if (p.deadline) {
        const auto tries = failures_.find(p.key());
        if (tries != failures_.end() && tries->second >= ctx_->poison_max_tries) {
          log::error("a deadline's decision keeps failing; setting it aside until the next restart",
                     {{"entity_id", p.deadline->entity_id}, {"timer", p.key()}});
          timers_.park(*p.deadline);
          p.skipped = true;
          continue;
        }
        requests.emplace_back(&p, self_->request(entities_.use(p.entity_id(), now), caf::infinite,
                                                 deadline_atom::value, p.deadline->deadline));
      } else if (p.event) {
        requests.emplace_back(&p, self_->request(entities_.use(p.entity_id(), now), caf::infinite,
                                                 decide_atom::value, p.event, p.lookups));
      }
    }
    std::optional<DecisionFailed> failure;
    for (auto& [p, handle] : requests) {
      handle.receive([p = p](Outcome& outcome) { p->outcome = std::move(outcome); },
                     [&, p = p](caf::error& error) {
                       if (!failure) failure = DecisionFailed{p->key(), self_->system().render(error)};
                     });
    }
    if (failure) throw *failure;
    for (std::size_t i = from; i < items.size(); ++i) {
      const auto& outcome = items[i].outcome;
      if (outcome.deadlines) timers_.replace(items[i].entity_id(), *outcome.deadlines);
    }
  }

  void commit(const std::vector<Pending>& items, domain::Timestamp watermark) {
    const domain::Timestamp recorded_at = wall_now();
    const std::string chain = ctx_->id.chain();
    pg::BatchCommit batch;
    batch.expected_offset = committed_;
    batch.next_offset = committed_.value_or(0);
    pg::ChainHead head = head_;
    std::unordered_map<std::string, std::size_t> entity_index;  // into batch.entities
    std::vector<std::pair<std::string, std::string>> counted;  // (kind, label) for metrics
    std::size_t messages = 0;

    for (const auto& p : items) {
      if (p.message != nullptr) {
        ++messages;
        batch.next_offset = p.message->offset + 1;
      }
      if (p.malformed) {
        const auto& message = *p.message;
        domain::DeadLetter row;
        row.topic = message.source.topic;
        row.partition = message.source.partition;
        row.offset = message.offset;
        row.key = message.key;
        row.reason = std::string(domain::name(p.malformed->reason));
        row.detail = p.malformed->detail;
        row.payload = message.value;
        row.received_at = recorded_at;
        counted.emplace_back("dead_letter", row.reason);
        log::info("event dead-lettered", {{"topic", row.topic}, {"partition", row.partition},
                                          {"offset", row.offset}, {"reason", row.reason},
                                          {"traceparent", message.traceparent.value_or("")}});
        batch.dead_letters.push_back(std::move(row));
        continue;
      }
      if (p.skipped) continue;
      if (p.outcome.duplicate) {
        counted.emplace_back("duplicate", "");
        continue;
      }
      const auto& decision = p.outcome;
      if (decision.audit.action.empty()) continue;  // a deadline that no longer applied
      domain::AuditRecord record;
      record.chain = chain;
      record.seq = head.seq + 1;
      record.entity_type = std::string(domain::name(ctx_->workflow));
      record.entity_id = p.entity_id();
      record.action = decision.audit.action;
      if (p.event) {
        record.event_id = p.event->event_id;
        record.actor_id = p.event->actor.id;
        record.actor_role = std::string(domain::name(p.event->actor.role));
        record.occurred_at = p.event->occurred_at;
        if (record.action == domain::name(domain::AuditAction::refused)) {
          counted.emplace_back("refused", refusal_reason(decision.audit.detail));
        } else {
          counted.emplace_back("applied", std::string(domain::name(p.event->type)));
        }
      } else {
        // Deadline actions are the system's, at the moment they fell due.
        record.actor_id = "system";
        record.actor_role = std::string(domain::name(domain::Role::system));
        record.occurred_at = p.deadline->deadline.due_at;
        counted.emplace_back("timer", std::string(domain::name(p.deadline->deadline.kind)));
      }
      record.status_before = decision.audit.status_before;
      record.status_after = decision.audit.status_after;
      record.recorded_at = recorded_at;
      if (p.message != nullptr && p.message->traceparent) {
        // The caller's trace context goes into the record (under the hash) and on to its outputs.
        auto detail = decision.audit.detail;
        detail.emplace_back("traceparent", *p.message->traceparent);
        record.detail_json = adapters::canonical_detail(detail);
      } else {
        record.detail_json = adapters::canonical_detail(decision.audit.detail);
      }
      record.prev_hash = head.hash;
      adapters::seal(record);
      head.seq = record.seq;
      head.hash = record.hash;
      for (const auto& n : decision.notifications) {
        pg::NotificationRow row;
        row.notification_id = chain + "/" + std::to_string(record.seq) + "/" + n.type + "/" + n.to_role;
        row.chain = chain;
        row.seq = record.seq;
        row.type = n.type;
        row.entity_type = record.entity_type;
        row.entity_id = record.entity_id;
        row.to_role = n.to_role;
        row.at = recorded_at;
        row.detail_json = adapters::canonical_detail(n.detail);
        row.message = adapters::notification_message({row.notification_id, row.type, row.entity_type, row.entity_id,
                                                      row.to_role, row.at, row.detail_json});
        if (p.message != nullptr) row.traceparent = p.message->traceparent;
        batch.notifications.push_back(std::move(row));
      }
      batch.audit.push_back(std::move(record));
      if (decision.next) {
        const auto [it, inserted] = entity_index.emplace(p.entity_id(), batch.entities.size());
        if (inserted) {
          batch.entities.push_back(*decision.next);
        } else {
          batch.entities[it->second] = *decision.next;
        }
      }
      const auto& action = decision.audit.action;
      const bool claims_key = action == domain::name(domain::AuditAction::received) ||
                              action == domain::name(domain::AuditAction::held);
      if (p.lookups && !p.lookups->duplicate && claims_key) {
        const auto& received = std::get<domain::InvoiceReceived>(p.event->payload);
        batch.invoice_key_claims.push_back({{received.vendor.id, received.invoice_number}, p.entity_id()});
      }
    }
    for (const auto& [entity_id, change] : timers_.changes()) {
      batch.timers.push_back({std::string(domain::name(ctx_->workflow)), entity_id, *change.deadlines, change.up_to});
    }

    const auto result = ctx_->store->commit(batch);

    timers_.commit();
    timers_pending_ += result.timers_delta;
    ctx_->metrics->timers_pending(result.timers_delta);
    committed_ = batch.next_offset;
    head_ = head;
    watermark_ = watermark;
    for (const auto& p : items) {
      failures_.erase(p.key());
      if (p.message != nullptr) refused_.erase(p.message->offset);
    }
    const auto now = kafka::steady_now_us();
    for (const auto& p : items) {
      if (p.message == nullptr) continue;
      const double latency = static_cast<double>(now - p.message->consumed_at_us) / 1e6;
      ctx_->metrics->commit_latency_seconds(latency);
      ctx_->metrics->partition_commit_latency_seconds(ctx_->id.topic, ctx_->id.partition, latency);
    }
    if (messages > 0) {
      ctx_->metrics->partition_committed(ctx_->id.topic, ctx_->id.partition, static_cast<std::int64_t>(messages));
    }
    for (const auto& [kind, label] : counted) {
      if (kind == "dead_letter") ctx_->metrics->dead_letter(label);
      else if (kind == "duplicate") ctx_->metrics->duplicate_event();
      else if (kind == "refused") ctx_->metrics->event_refused(label);
      else if (kind == "timer") ctx_->metrics->timer_fired(label);
      else ctx_->metrics->event_applied(label);
    }
    if (messages > 0) ctx_->metrics->batch_size(messages);
    passivate(false);
    if (ctx_->on_committed) ctx_->on_committed(batch.next_offset);
  }

  // Stops every entity actor: their state may be ahead of the database.
  void drop_entities() { stop(entities_.clear()); }

  // Stops committed entities beyond the cap and, when `idle` is set, those idle that long.
  void passivate(bool idle) {
    std::optional<Clock::time_point> idle_before;
    if (idle) idle_before = Clock::now() - std::chrono::seconds(ctx_->passivate_after_s);
    const auto evicted = entities_.evict(ctx_->max_live_actors, idle_before);
    ctx_->metrics->passivated(static_cast<std::int64_t>(evicted.size()));
    stop(evicted);
  }

  void stop(const std::vector<caf::actor>& actors) {
    for (const auto& entity : actors) self_->send_exit(entity, caf::exit_reason::kill);
    if (!actors.empty()) {
      ctx_->metrics->live_actors(std::string(domain::name(ctx_->workflow)), -static_cast<std::int64_t>(actors.size()));
    }
  }

  caf::blocking_actor* self_;
  std::shared_ptr<WorkerContext> ctx_;
  adapters::EventDecoder decoder_;
  const domain::Duration shortest_deadline_;
  std::optional<std::int64_t> committed_;
  std::int64_t epoch_ = 0;  // this worker's ownership epoch of the partition (claim())
  bool fenced_ = false;     // another process took the partition: nothing more is written
  pg::ChainHead head_;
  TimerBook timers_;
  std::int64_t timers_pending_ = 0;  // stored, in memory or not
  domain::Timestamp watermark_;  // business time decided up to, never ahead of the wall clock
  bool caught_up_ = false;       // the last batch (or the consumer) said the partition is read to the end
  EntityCache entities_;
  std::unordered_map<std::string, int> failures_;  // decision failures per item, in memory only
  std::unordered_set<std::int64_t> refused_;       // offsets whose rows PostgreSQL refused
  // Invoice keys claimed by the invoices decided in this attempt, first come first served.
  std::map<pg::InvoiceKey, std::string> claimed_keys_;
  pg::InvoiceFacts invoice_facts_;  // for the invoices the current attempt receives
  std::unordered_map<std::string, pg::StoredEntity> prefetched_;  // committed state, not yet spawned
};

}  // namespace

void partition_worker(caf::blocking_actor* self, std::shared_ptr<WorkerContext> context) {
  Worker(self, std::move(context)).run();
}

}  // namespace vextrus::actors
