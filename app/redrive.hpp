#pragma once
// Re-driving dead letters, one piece for `vextrus-flow dead-letters redrive` and POST
// /v1/dead-letters/.../redrive: the original bytes re-published to the original topic and key
// (the service then decides the event like any other; an id accepted since stays a duplicate),
// then, once Kafka confirmed every message, the re-drives and the operator's action recorded in
// one transaction (dead_letter_redrives, and a "redriven" record of the audit chain "ops").

#include <cstdint>
#include <optional>
#include <string>

#include "adapters/http/api.hpp"
#include "adapters/postgres/dead_letter_admin.hpp"
#include "config/settings.hpp"

namespace vextrus::app {

struct RedriveRequest {
  pg::DeadLetterFilter filter;              // filter.id alone for one dead letter
  std::string reason;                       // why
  bool dry_run = false;                     // list and record, publish nothing
  std::string actor;                        // an API token's name, or $USER@host
  std::optional<std::int64_t> max_letters;  // refuse (std::invalid_argument) when more match
};

// Throws on a failure of Kafka or PostgreSQL; when Kafka did not confirm every message nothing is
// recorded (a repeat is decided as a duplicate).
http::RedriveOutcome redrive_dead_letters(const config::Settings& settings, const RedriveRequest& request);

// The service's re-drive over HTTP: at most max_letters_per_request a request.
class ServiceRedriver final : public http::Redriver {
 public:
  static constexpr std::int64_t max_letters_per_request = 10'000;
  explicit ServiceRedriver(const config::Settings& settings) : settings_(settings) {}
  http::RedriveOutcome redrive(const http::RedriveOrder& order) override;

 private:
  const config::Settings& settings_;  // outlives the HTTP server
};

}  // namespace vextrus::app
