// `vextrus-flow dead-letters list|redrive`: what operators do with poison events once a fix is
// deployed. A re-drive (app/redrive.hpp) publishes the original bytes to the original topic and
// key, as the upstream system did, and is recorded with the operator's reason in the audit trail.

#include <iostream>
#include <tuple>
#include <vector>

#include "adapters/json/dead_letter_codec.hpp"
#include "adapters/postgres/dead_letter_admin.hpp"
#include "app/commands.hpp"
#include "app/redrive.hpp"
#include "app/wiring.hpp"

namespace vextrus::app {
namespace {

// The filter of the options; nullopt (after a message on stderr) when a time is not one.
std::optional<pg::DeadLetterFilter> filter_of(const DeadLetterOptions& options) {
  pg::DeadLetterFilter filter{options.id, options.reason, options.topic, std::nullopt, std::nullopt};
  for (const auto& [text, time, flag] :
       {std::tuple{&options.since, &filter.since, "--since"}, std::tuple{&options.until, &filter.until, "--until"}}) {
    if (!*text) continue;
    *time = domain::parse_rfc3339(**text);
    if (!*time) {
      std::cerr << "vextrus-flow: dead-letters: " << flag
                << " must be an RFC 3339 time such as 2025-09-17T10:15:00+06:00\n";
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

int dead_letters_redrive(const config::Settings& settings, const DeadLetterOptions& options, const std::string& why,
                         bool dry_run) {
  const auto filter = filter_of(options);
  if (!filter) return 2;
  http::RedriveOutcome outcome;
  try {
    outcome = redrive_dead_letters(settings, {*filter, why, dry_run, operator_identity(), std::nullopt});
  } catch (const std::exception& e) {
    return fail(std::string("dead-letters redrive failed: ") + e.what() +
                "; check VEXTRUS_PG_DSN and VEXTRUS_KAFKA_BROKERS");
  }
  // The operator's action as recorded in the audit trail (chain "ops"): who, what, why.
  if (!outcome.audit_record.empty()) std::cout << outcome.audit_record << '\n';
  std::cerr << "dead-letters redrive: " << outcome.dead_letter_ids.size()
            << (dry_run ? " dead letters would be re-published (dry run: nothing was)\n"
                        : " dead letters re-published to their topics\n");
  return 0;
}

}  // namespace vextrus::app
