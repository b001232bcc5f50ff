#include "actors/partition_worker.hpp"

#include <chrono>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "actors/purchase_order_actor.hpp"
#include "adapters/json/audit_codec.hpp"
#include "adapters/json/event_decoder.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::actors {
namespace {

using Clock = std::chrono::steady_clock;

// An entity actor failed (threw or died) while deciding the message at `offset`.
struct DecisionFailed {
  std::int64_t offset;
  std::string why;
};

std::string refusal_reason(const domain::Detail& detail) {
  for (const auto& [key, value] : detail) {
    if (key == "reason" && std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  }
  return "unknown";
}

class Worker {
 public:
  Worker(caf::blocking_actor* self, std::shared_ptr<WorkerContext> context)
      : self_(self), ctx_(std::move(context)), decoder_(*ctx_->policies) {}

  void run() {
    if (!reload()) return;
    log::info("partition worker started",
              {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition},
               {"offset", committed_.value_or(0)}, {"chain_seq", head_.seq}});
    bool running = true;
    self_->receive_while(running)(
        [&](batch_atom, const BatchPtr& batch) { process(*batch); },
        [&](stop_atom) { running = false; });
    drop_entities();
  }

 private:
  struct Pending {
    const kafka::Message* message = nullptr;
    std::optional<adapters::Malformed> malformed;
    EventPtr event;
    Outcome outcome;
  };

  // Loads the committed offset and chain head, retrying while the database is unreachable.
  bool reload() {
    int backoff = ctx_->retry_backoff_ms;
    while (!ctx_->stopping->load()) {
      try {
        committed_ = ctx_->store->committed_offset();
        head_ = ctx_->store->chain_head();
        return true;
      } catch (const pg::StoreError& e) {
        log::warn("cannot load partition state; retrying",
                  {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()}});
        sleep_ms(backoff);
        backoff = std::min(backoff * 2, 10'000);
      }
    }
    return false;
  }

  void sleep_ms(int ms) {
    const auto until = Clock::now() + std::chrono::milliseconds(ms);
    while (Clock::now() < until && !ctx_->stopping->load()) {
      std::this_thread::sleep_for(std::chrono::milliseconds(std::min(ms, 50)));
    }
  }

  void process(const Batch& batch) {
    std::vector<const kafka::Message*> messages;
    messages.reserve(batch.messages.size());
    for (const auto& message : batch.messages) messages.push_back(&message);
    if (!commit_with_retries(messages)) {
      // The database keeps refusing the batch's rows: find the event(s) responsible one by
      // one and dead-letter them, so the partition keeps flowing.
      for (const auto* message : messages) {
        while (!commit_with_retries({message})) {
          log::error("PostgreSQL refuses the effects of an event; dead-lettering it as poison",
                     {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"offset", message->offset}});
          refused_.insert(message->offset);
        }
      }
    }
    if (ctx_->on_batch_done) ctx_->on_batch_done(batch.messages.size(), batch.bytes());
  }

  // Decides and commits `messages`, retrying with back-off while the failure may pass. Returns
  // false when the database refused the data itself poison_max_tries times; true when
  // committed, or when the worker is stopping (the batch is then abandoned, not committed).
  bool commit_with_retries(const std::vector<const kafka::Message*>& messages) {
    int backoff = ctx_->retry_backoff_ms;
    int refusals = 0;
    while (!ctx_->stopping->load()) {
      try {
        attempt(messages);
        return true;
      } catch (const DecisionFailed& failure) {
        const int tries = ++failures_[failure.offset];
        ctx_->metrics->actor_restart();
        log::warn("decision failed; restarting the partition's entities",
                  {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"offset", failure.offset},
                   {"tries", tries}, {"error", failure.why}});
      } catch (const pg::StoreError& e) {
        ctx_->metrics->batch_commit_failed();
        log::warn("batch commit failed; retrying from the committed offset",
                  {{"topic", ctx_->id.topic}, {"partition", ctx_->id.partition}, {"error", e.what()},
                   {"data_refused", e.data_refused ? "yes" : "no"}, {"backoff_ms", backoff}});
        if (e.data_refused && ++refusals >= ctx_->poison_max_tries) {
          drop_entities();
          return !reload();
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
      if (!reload()) return true;
    }
    return true;
  }

  void attempt(const std::vector<const kafka::Message*>& messages) {
    std::vector<Pending> pending;
    pending.reserve(messages.size());
    for (const auto* message_ptr : messages) {
      const auto& message = *message_ptr;
      if (committed_ && message.offset < *committed_) continue;  // already committed
      Pending p;
      p.message = &message;
      const auto tries = failures_.find(message.offset);
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
      pending.push_back(std::move(p));
    }
    if (pending.empty()) {
      // Everything was committed already (a commit that succeeded although its answer was
      // lost): refresh Kafka's copy of the offset and wake the relay.
      if (committed_ && ctx_->on_committed) ctx_->on_committed(*committed_);
      return;
    }
    spawn_missing(pending);
    decide_all(pending);
    commit(pending);
  }

  // Loads every entity of the batch that has no live actor, in one query, and spawns its actor.
  void spawn_missing(const std::vector<Pending>& pending) {
    std::vector<std::string> missing;
    std::unordered_set<std::string> seen;
    for (const auto& p : pending) {
      if (p.event && !entities_.count(p.event->entity_id) && seen.insert(p.event->entity_id).second) {
        missing.push_back(p.event->entity_id);
      }
    }
    if (missing.empty()) return;
    auto stored = ctx_->store->load_purchase_orders(missing);
    for (const auto& id : missing) {
      entities_[id] = self_->spawn(purchase_order_actor, std::move(stored[id]), ctx_->policies);
    }
    ctx_->metrics->live_actors("purchase_order", static_cast<std::int64_t>(missing.size()));
  }

  void decide_all(std::vector<Pending>& pending) {
    using Handle = decltype(self_->request(std::declval<caf::actor>(), caf::infinite, decide_atom::value,
                                           std::declval<EventPtr>()));
    std::vector<std::pair<Pending*, Handle>> requests;
    requests.reserve(pending.size());
    for (auto& p : pending) {
      if (!p.event) continue;
      requests.emplace_back(&p, self_->request(entities_.at(p.event->entity_id), caf::infinite, decide_atom::value,
                                               p.event));
    }
    std::optional<DecisionFailed> failure;
    for (auto& [p, handle] : requests) {
      handle.receive([p = p](Outcome& outcome) { p->outcome = std::move(outcome); },
                     [&, p = p](caf::error& error) {
                       if (!failure) failure = DecisionFailed{p->message->offset, self_->system().render(error)};
                     });
    }
    if (failure) throw *failure;
  }

  void commit(const std::vector<Pending>& pending) {
    const domain::Timestamp recorded_at{ctx_->wall_clock_us()};
    const std::string chain = ctx_->id.chain();
    pg::BatchCommit batch;
    batch.expected_offset = committed_;
    batch.next_offset = pending.back().message->offset + 1;
    pg::ChainHead head = head_;
    std::unordered_map<std::string, std::size_t> order_index;
    std::vector<std::pair<std::string, std::string>> counted;  // (kind, label) for metrics

    for (const auto& p : pending) {
      const auto& message = *p.message;
      if (p.malformed) {
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
                                          {"offset", row.offset}, {"reason", row.reason}});
        batch.dead_letters.push_back(std::move(row));
        continue;
      }
      if (p.outcome.duplicate) {
        counted.emplace_back("duplicate", "");
        continue;
      }
      const auto& event = *p.event;
      const auto& decision = p.outcome.decision;
      domain::AuditRecord record;
      record.chain = chain;
      record.seq = head.seq + 1;
      record.entity_type = std::string(domain::name(domain::workflow_of(event.type)));
      record.entity_id = event.entity_id;
      record.event_id = event.event_id;
      record.action = decision.audit.action;
      record.actor_id = event.actor.id;
      record.actor_role = std::string(domain::name(event.actor.role));
      record.status_before = decision.audit.status_before;
      record.status_after = decision.audit.status_after;
      record.occurred_at = event.occurred_at;
      record.recorded_at = recorded_at;
      record.detail_json = adapters::canonical_detail(decision.audit.detail);
      record.prev_hash = head.hash;
      adapters::seal(record);
      head.seq = record.seq;
      head.hash = record.hash;
      if (record.action == "refused") {
        counted.emplace_back("refused", refusal_reason(decision.audit.detail));
      } else {
        counted.emplace_back("applied", std::string(domain::name(event.type)));
      }
      batch.audit.push_back(std::move(record));
      if (decision.next) {
        const auto [it, inserted] = order_index.emplace(event.entity_id, batch.purchase_orders.size());
        if (inserted) {
          batch.purchase_orders.push_back(*decision.next);
        } else {
          batch.purchase_orders[it->second] = *decision.next;
        }
      }
    }

    ctx_->store->commit(batch);

    committed_ = batch.next_offset;
    head_ = head;
    for (const auto& p : pending) {
      failures_.erase(p.message->offset);
      refused_.erase(p.message->offset);
    }
    const auto now = kafka::steady_now_us();
    for (const auto& p : pending) {
      ctx_->metrics->commit_latency_seconds(static_cast<double>(now - p.message->consumed_at_us) / 1e6);
    }
    for (const auto& [kind, label] : counted) {
      if (kind == "dead_letter") ctx_->metrics->dead_letter(label);
      else if (kind == "duplicate") ctx_->metrics->duplicate_event();
      else if (kind == "refused") ctx_->metrics->event_refused(label);
      else ctx_->metrics->event_applied(label);
    }
    ctx_->metrics->batch_size(pending.size());
    if (ctx_->on_committed) ctx_->on_committed(batch.next_offset);
  }

  void drop_entities() {
    for (auto& [id, entity] : entities_) self_->send_exit(entity, caf::exit_reason::kill);
    if (!entities_.empty()) {
      ctx_->metrics->live_actors("purchase_order", -static_cast<std::int64_t>(entities_.size()));
    }
    entities_.clear();
  }

  caf::blocking_actor* self_;
  std::shared_ptr<WorkerContext> ctx_;
  adapters::EventDecoder decoder_;
  std::optional<std::int64_t> committed_;
  pg::ChainHead head_;
  std::unordered_map<std::string, caf::actor> entities_;
  std::unordered_map<std::int64_t, int> failures_;  // decision failures per offset, in memory only
  std::unordered_set<std::int64_t> refused_;         // offsets whose rows PostgreSQL refused
};

}  // namespace

void partition_worker(caf::blocking_actor* self, std::shared_ptr<WorkerContext> context) {
  Worker(self, std::move(context)).run();
}

}  // namespace vextrus::actors
