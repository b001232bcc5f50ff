// `vextrus-flow dead-letters list|redrive` (issue 8): what operators do with poison events once a
// fix is deployed. A re-drive publishes the original bytes to the original topic and key, as the
// upstream system did; the service then decides the event like any other (an event whose id was
// accepted since stays a duplicate), and the re-drive is recorded in dead_letter_redrives.

#include <cstdlib>
#include <iostream>
#include <vector>

#include "adapters/json/dead_letter_codec.hpp"
#include "adapters/kafka/producer.hpp"
#include "adapters/postgres/dead_letter_admin.hpp"
#include "app/commands.hpp"
#include "app/wiring.hpp"

namespace vextrus::app {
namespace {

constexpr int flush_timeout_ms = 30'000;

// The operator, as recorded with each re-drive: $USER@host.
std::string operator_identity() {
  const char* user = std::getenv("USER");
  return std::string(user != nullptr && *user != '\0' ? user : "unknown") + "@" + host_name();
}

// The filter of the options; nullopt (after a message on stderr) when --since is not a time.
std::optional<pg::DeadLetterFilter> filter_of(const DeadLetterOptions& options) {
  pg::DeadLetterFilter filter{options.id, options.reason, std::nullopt};
  if (options.since) {
    filter.since = domain::parse_rfc3339(*options.since);
    if (!filter.since) {
      std::cerr << "vextrus-flow: dead-letters: --since must be an RFC 3339 time such as 2025-09-17T10:15:00+06:00\n";
      return std::nullopt;
    }
  }
  return filter;
}

}  // namespace

int dead_letters_list(const config::Settings& settings, const DeadLetterOptions& options) {
  const auto filter = filter_of(options);
  if (!filter) return 2;
  try {
    const auto listed = pg::for_each_dead_letter(settings.pg_dsn, *filter, [](const pg::StoredDeadLetter& letter) {
      // The message as published on vextrus.dead-letter, with the id to re-drive it by.
      const auto message = adapters::dead_letter_message(letter.row);
      std::cout << "{\"id\":" << letter.id << ",\"redrives\":" << letter.redrives << "," << message.substr(1) << '\n';
    });
    std::cerr << "dead-letters list: " << listed << " dead letters\n";
    return std::cout ? 0 : fail("dead-letters list: writing to stdout failed");
  } catch (const std::exception& e) {
    return fail(std::string("dead-letters list failed: ") + e.what() + "; check VEXTRUS_PG_DSN");
  }
}

int dead_letters_redrive(const config::Settings& settings, const DeadLetterOptions& options) {
  if (settings.embedded_kafka()) {
    return fail("dead-letters redrive: the embedded broker lives inside the service; set VEXTRUS_KAFKA_BROKERS");
  }
  const auto filter = filter_of(options);
  if (!filter) return 2;
  std::vector<std::int64_t> published;
  try {
    auto properties = kafka_properties(settings, "");
    properties["enable.idempotence"] = "true";
    kafka::Producer producer(properties);
    pg::for_each_dead_letter(settings.pg_dsn, *filter, [&](const pg::StoredDeadLetter& letter) {
      const auto& key = letter.row.key;
      producer.produce(letter.row.topic, key ? std::optional<std::string_view>(*key) : std::nullopt, letter.row.payload);
      published.push_back(letter.id);
    });
    if (!producer.flush(flush_timeout_ms)) {
      return fail("dead-letters redrive: Kafka did not confirm every message; nothing was recorded as re-driven, "
                  "and some may have been published: run it again (a repeat is decided as a duplicate)");
    }
    pg::record_redrives(settings.pg_dsn, published, operator_identity());
  } catch (const std::exception& e) {
    return fail(std::string("dead-letters redrive failed: ") + e.what() + "; check VEXTRUS_PG_DSN and VEXTRUS_KAFKA_BROKERS");
  }
  std::cerr << "dead-letters redrive: " << published.size() << " dead letters re-published to their topics\n";
  return 0;
}

}  // namespace vextrus::app
