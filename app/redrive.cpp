#include "app/redrive.hpp"

#include <stdexcept>

#include "adapters/kafka/producer.hpp"
#include "app/wiring.hpp"

namespace vextrus::app {
namespace {

constexpr int flush_timeout_ms = 30'000;

}  // namespace

http::RedriveOutcome redrive_dead_letters(const config::Settings& settings, const RedriveRequest& request) {
  if (request.max_letters) {
    const auto matching = pg::count_dead_letters(settings.pg_dsn, request.filter);
    if (matching > *request.max_letters) {
      throw std::invalid_argument(std::to_string(matching) + " dead letters match, more than " +
                                  std::to_string(*request.max_letters) +
                                  " at once; narrow the filter (since, until, topic)");
    }
  }
  http::RedriveOutcome outcome;
  std::unique_ptr<kafka::Producer> producer;
  if (!request.dry_run) {
    if (settings.embedded_kafka()) {
      throw std::runtime_error("the embedded broker lives inside the service; set VEXTRUS_KAFKA_BROKERS");
    }
    auto properties = kafka_properties(settings, "");
    properties["enable.idempotence"] = "true";
    producer = std::make_unique<kafka::Producer>(properties);
  }
  pg::for_each_dead_letter(settings.pg_dsn, request.filter, [&](const pg::StoredDeadLetter& letter) {
    if (producer) {
      const auto& key = letter.row.key;
      producer->produce(letter.row.topic, key ? std::optional<std::string_view>(*key) : std::nullopt,
                        letter.row.payload);
    }
    outcome.dead_letter_ids.push_back(letter.id);
  });
  if (producer && !producer->flush(flush_timeout_ms)) {
    throw std::runtime_error(
        "Kafka did not confirm every message; nothing was recorded as re-driven, and some may have been "
        "published: run it again (a repeat is decided as a duplicate)");
  }
  const bool single = request.filter.id && !request.filter.reason && !request.filter.topic && !request.filter.since &&
                      !request.filter.until;
  // One dead letter asked for by id that does not exist: nothing happened, nothing to record.
  if (single && outcome.dead_letter_ids.empty()) return outcome;
  outcome.audit_record =
      pg::record_redrive(settings.pg_dsn, {outcome.dead_letter_ids, single ? request.filter.id : std::nullopt,
                                           request.actor, request.reason, request.dry_run});
  return outcome;
}

http::RedriveOutcome ServiceRedriver::redrive(const http::RedriveOrder& order) {
  RedriveRequest request;
  request.filter.id = order.id;
  if (!order.id) {
    request.filter.reason = order.filter.reason;
    request.filter.topic = order.filter.topic;
    request.filter.since = order.filter.since;
    request.filter.until = order.filter.until;
  }
  request.reason = order.reason;
  request.dry_run = order.dry_run;
  request.actor = order.actor;
  request.max_letters = max_letters_per_request;
  return redrive_dead_letters(settings_, request);
}

}  // namespace vextrus::app
