#include "actors/outbox_relay.hpp"

#include <map>

#include "adapters/json/audit_codec.hpp"
#include "adapters/json/dead_letter_codec.hpp"
#include "adapters/log/log.hpp"
#include "ports/backoff.hpp"

namespace vextrus::actors {
namespace {

constexpr std::size_t audit_page = 5000;
constexpr std::size_t dead_letter_page = 500;
constexpr std::size_t notification_page = 5000;
constexpr int flush_timeout_ms = 30'000;
// After a round that emptied the outbox, the next waits this long: under a live load every
// commit nudges the relay, and each round costs three reads, a write and a produce request
// whatever it carries. At 50 ms a live load of 3,500 events/s made 13 rounds a second; 200 ms
// lowered the commits' p99 in five alternating pairs of five (bench/results/history-2026-11.md). Under a steady
// load outputs are published up to this much later; the first after a quiet spell, at once.
constexpr auto quiet_interval = std::chrono::milliseconds(200);

// The trace context of the input that caused an output, as the header that carries it on.
kafka::Headers trace_headers(const std::optional<std::string>& traceparent) {
  if (!traceparent) return {};
  return {{"traceparent", *traceparent}};
}

}  // namespace

OutboxRelay::OutboxRelay(std::unique_ptr<ports::OutboxStore> store, std::unique_ptr<kafka::Producer> producer,
                         config::Topics topics, metrics::Metrics& metrics, const OwnedChains& owned,
                         health::Problems* problems)
    : store_(std::move(store)),
      producer_(std::move(producer)),
      topics_(std::move(topics)),
      metrics_(metrics),
      owned_(owned),
      problems_(problems) {
  thread_ = std::thread([this] { run(); });
}

OutboxRelay::~OutboxRelay() {
  stop_ = true;
  nudge();
  thread_.join();
}

void OutboxRelay::nudge() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    nudged_ = true;
  }
  wake_.notify_one();
}

void OutboxRelay::run() {
  ports::Backoff backoff(std::chrono::milliseconds(200), std::chrono::milliseconds(10'000));
  for (;;) {
    std::size_t published = 0;
    bool failed = false;
    try {
      published = relay_once();
      backoff.reset();
    } catch (const ports::StoreError& e) {
      failed = true;
      if (e.permanent && problems_ != nullptr) {
        problems_->report(*e.permanent);
      } else {
        log::warn("outbox relay failed; retrying",
                  {{"error", e.what()}, {"backoff_ms", static_cast<std::int64_t>(backoff.peek().count())}});
      }
    } catch (const std::exception& e) {
      failed = true;
      log::warn("outbox relay failed; retrying",
                {{"error", e.what()}, {"backoff_ms", static_cast<std::int64_t>(backoff.peek().count())}});
    }
    measure_backlog();
    if (stop_ && (published == 0 || failed)) return;
    std::unique_lock<std::mutex> lock(mutex_);
    if (published > 0) {
      if (!last_round_full_ && !stop_) wake_.wait_for(lock, quiet_interval, [this] { return stop_.load(); });
      continue;  // more may be waiting
    }
    // A nudge (a commit, or the stop) ends the wait early: a condition variable, not a sleep.
    wake_.wait_for(lock, failed ? backoff.next() : std::chrono::milliseconds(500), [this] { return nudged_; });
    nudged_ = false;
  }
}

std::size_t OutboxRelay::relay_once() {
  const auto owned = owned_.snapshot();
  if (owned.empty()) return 0;
  const auto audit = store_->pending_audit(owned, audit_page);
  const auto dead_letters = store_->pending_dead_letters(owned, dead_letter_page);
  const auto notifications = store_->pending_notifications(owned, notification_page);
  last_round_full_ = audit.size() == audit_page || dead_letters.size() == dead_letter_page ||
                     notifications.size() == notification_page;
  if (audit.empty() && dead_letters.empty() && notifications.empty()) return 0;
  ports::OutboxStore::Progress progress;
  for (const auto& record : audit) {
    producer_->produce(topics_.audit, record.entity_id, adapters::audit_message(record.canonical, record.hash),
                       trace_headers(record.traceparent));
    progress.audit_seq[record.chain] = std::max(progress.audit_seq[record.chain], record.seq);
  }
  for (const auto& notification : notifications) {
    producer_->produce(topics_.notifications, notification.entity_id, notification.message,
                       trace_headers(notification.traceparent));
    progress.notification_seq[notification.chain] =
        std::max(progress.notification_seq[notification.chain], notification.seq);
  }
  for (const auto& letter : dead_letters) {
    const auto& key = letter.row.key;
    producer_->produce(topics_.dead_letter, key ? std::optional<std::string_view>(*key) : std::nullopt,
                       adapters::dead_letter_message(letter.row));
    progress.dead_letter_id[letter.chain] = std::max(progress.dead_letter_id[letter.chain], letter.id);
  }
  const bool delivered = producer_->flush(flush_timeout_ms);
  auto failures = producer_->take_failures();
  for (const auto& [topic, count] : failures.by_topic) metrics_.publish_failures(topic, count);
  if (failures.permanent && problems_ != nullptr) problems_->report(*failures.permanent);
  if (!delivered) throw std::runtime_error("Kafka did not confirm every published output");
  store_->mark_relayed(progress, owned);
  metrics_.relayed(topics_.audit, static_cast<std::int64_t>(audit.size()));
  metrics_.relayed(topics_.dead_letter, static_cast<std::int64_t>(dead_letters.size()));
  metrics_.relayed(topics_.notifications, static_cast<std::int64_t>(notifications.size()));
  return audit.size() + dead_letters.size() + notifications.size();
}

void OutboxRelay::measure_backlog() {
  constexpr auto interval = std::chrono::seconds(5);
  const auto now = std::chrono::steady_clock::now();
  if (now - backlog_measured_ < interval) return;
  backlog_measured_ = now;
  const auto owned = owned_.snapshot();
  ports::OutboxStore::Backlog backlog;
  if (!owned.empty()) {
    try {
      backlog = store_->backlog(owned);
    } catch (const std::exception&) {
      return;  // the relay's own round reports what fails
    }
  }
  metrics_.outbox_backlog(topics_.audit, backlog.audit);
  metrics_.outbox_backlog(topics_.notifications, backlog.notifications);
  metrics_.outbox_backlog(topics_.dead_letter, backlog.dead_letters);
}

}  // namespace vextrus::actors
