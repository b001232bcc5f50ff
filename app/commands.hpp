#pragma once
// The subcommands of vextrus-flow (README.md, "Commands"). Each returns the process exit code:
// 0 success, 1 failure (after one line on stderr naming the problem and the fix).

#include <cstdint>
#include <optional>
#include <string>

#include "config/settings.hpp"

namespace vextrus::app {

int run_service(const config::Settings& settings);
int migrate(const config::Settings& settings);
int init_topics(const config::Settings& settings);
int validate_event(const config::Settings& settings, const std::optional<std::string>& policy_file);
// `audit verify`'s exit code when it could not verify at all (the database or the broker could
// not be read): not a broken chain (1), not bad usage (2), so an alert tells the two apart.
inline constexpr int could_not_verify = 3;
// Verifies the chains in PostgreSQL and, unless `postgres_only` or the broker is embedded, their
// heads against the records published on vextrus.audit: 0 intact, 1 broken or cut off,
// could_not_verify.
int audit_verify(const config::Settings& settings, bool postgres_only);
// Verifies an exported file on its own (docs/audit.md, "Verifying an export"): the same exit codes.
int audit_verify_file(const std::string& path);

struct ExportOptions {
  std::string from;
  std::string to;
  std::string format = "ndjson";
  std::optional<std::string> entity_id;
};
// Exit 2 for days that are not YYYY-MM-DD or in the wrong order.
int audit_export(const config::Settings& settings, const ExportOptions& options);

// Which dead letters `dead-letters list|redrive` take: all the given filters at once.
struct DeadLetterOptions {
  std::optional<std::int64_t> id;
  std::optional<std::string> reason;
  std::optional<std::string> topic;
  std::optional<std::string> since;  // RFC 3339; exit 2 when it is not
  std::optional<std::string> until;  // RFC 3339, exclusive
};
// One line per dead letter on stdout: {"id","redrives",…the vextrus.dead-letter message…}.
int dead_letters_list(const config::Settings& settings, const DeadLetterOptions& options);
// Re-publishes the original bytes to the original topic and key (unless `dry_run`), then records
// each re-drive and the action, with `why`, in the audit chain "ops"; prints that record.
int dead_letters_redrive(const config::Settings& settings, const DeadLetterOptions& options, const std::string& why,
                         bool dry_run);

// Prints "vextrus-flow: <message>" on stderr and returns 1.
int fail(const std::string& message);

}  // namespace vextrus::app
