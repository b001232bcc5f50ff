// The one-shot subcommands: migrate, init-topics, validate-event, audit verify.

#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>

#include "adapters/json/audit_file_verifier.hpp"
#include "adapters/json/event_decoder.hpp"
#include "adapters/json/event_json.hpp"
#include "adapters/kafka/admin.hpp"
#include "adapters/kafka/topic_reader.hpp"
#include "adapters/log/log.hpp"
#include "adapters/postgres/audit_export.hpp"
#include "adapters/postgres/audit_verifier.hpp"
#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/permanent_errors.hpp"
#include "adapters/postgres/runtime_role.hpp"
#include "app/commands.hpp"
#include "app/wiring.hpp"
#include "config/policy_loader.hpp"

namespace vextrus::app {

int fail(const std::string& message) {
  std::cerr << "vextrus-flow: " << message << "\n";
  return 1;
}

int migrate(const config::Settings& settings) {
  try {
    const auto result = pg::apply_migrations(settings.migration_dsn());
    std::cout << "schema at version " << result.current << " (" << result.applied << " applied)\n";
    switch (pg::grant_runtime_privileges(settings.migration_dsn())) {
      case pg::GrantOutcome::granted:
        std::cout << "privileges granted to vextrus_runtime\n";
        break;
      case pg::GrantOutcome::no_runtime_group:
        std::cerr << "vextrus-flow: migrate: there is no role vextrus_runtime, so no privileges were granted: a "
                     "runtime role other than the schema owner cannot run the service; run deploy/sql/roles.sql as "
                     "a superuser, then migrate again (nothing to do if VEXTRUS_PG_DSN is the schema owner)\n";
        break;
      case pg::GrantOutcome::not_owner:
        std::cerr << "vextrus-flow: migrate: the role of VEXTRUS_PG_OWNER_DSN does not own the schema, so it granted "
                     "nothing; set VEXTRUS_PG_OWNER_DSN to the schema owner (vextrus_owner)\n";
        break;
    }
    return 0;
  } catch (const std::exception& e) {
    const auto problem = pg::permanent_problem(e, pg::dsn_user(settings.migration_dsn()));
    return fail(std::string("migration failed: ") + (problem ? problem->reason + "; " + problem->fix : e.what()) +
                (problem ? "" : "; check VEXTRUS_PG_OWNER_DSN (or VEXTRUS_PG_DSN) and that the role owns the schema"));
  }
}

int init_topics(const config::Settings& settings) {
  if (settings.embedded_kafka()) {
    return fail(
        "init-topics needs a real cluster; the embedded broker creates its topics itself. "
        "Set VEXTRUS_KAFKA_BROKERS");
  }
  try {
    const auto specs = topic_specs(settings);
    const auto outcomes = kafka::create_topics(kafka_properties(settings, ""), specs, 15000);
    for (std::size_t i = 0; i < specs.size(); ++i) {
      std::cout << specs[i].name << ": " << (outcomes[i] == kafka::TopicOutcome::created ? "created" : "exists")
                << "\n";
    }
    return 0;
  } catch (const std::exception& e) {
    return fail(std::string("init-topics failed: ") + e.what());
  }
}

int validate_event(const config::Settings& settings, const std::optional<std::string>& policy_file) {
  domain::PolicySet policies;
  try {
    policies = config::load_policies(policy_file ? std::vector<std::string>{*policy_file} : settings.policy_files);
  } catch (const config::ConfigError& e) {
    return fail(std::string("policy: ") + e.what());
  }
  std::string input;
  input.reserve(64 * 1024);
  char buffer[64 * 1024];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    input.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (input.size() > adapters::max_event_bytes) break;  // enough to know it is too large
  }
  adapters::EventDecoder decoder(policies);
  const auto result = decoder.decode({input, std::nullopt, std::nullopt, false});
  if (const auto* event = std::get_if<domain::Event>(&result)) {
    std::cout << adapters::normalised_event_json(*event) << "\n";
    return 0;
  }
  const auto& malformed = std::get<adapters::Malformed>(result);
  std::cout << nlohmann::ordered_json{{"reason", domain::name(malformed.reason)}, {"detail", malformed.detail}}.dump(
                   -1, ' ', false, nlohmann::json::error_handler_t::replace)
            << "\n";
  return 1;
}

namespace {

// The last record of each chain on vextrus.audit (the highest seq seen; the topic is keyed by
// entity, so a chain's records are spread over its partitions).
std::map<std::string, pg::PublishedHead> published_heads(const config::Settings& settings, std::int64_t& records,
                                                         std::int64_t& unreadable) {
  std::map<std::string, pg::PublishedHead> heads;
  records = kafka::read_topic_to_end(
      kafka_properties(settings, ""), settings.kafka.topics.audit, [&](int, std::int64_t, std::string_view value) {
        const auto record = nlohmann::json::parse(value, nullptr, false);
        if (!record.is_object() || !record.contains("chain") || !record.contains("seq") || !record.contains("hash")) {
          ++unreadable;
          return;
        }
        auto& head = heads[record["chain"].get<std::string>()];
        const auto seq = record["seq"].get<std::int64_t>();
        if (seq > head.seq) head = {seq, record["hash"].get<std::string>()};
      });
  return heads;
}

}  // namespace

int audit_verify(const config::Settings& settings, bool postgres_only) {
  try {
    const auto result = pg::verify_audit(settings.pg_dsn, [](std::int64_t records) {
      std::cerr << "audit verify: " << records << " records checked\n";
    });
    auto first_break = result.first_break;
    nlohmann::json out{{"ok", true}, {"chains", result.chains}, {"records", result.records}, {"first_break", nullptr}};
    if (!postgres_only && !settings.embedded_kafka()) {
      // The second store: a chain cut short or rewritten (and re-hashed) in PostgreSQL verifies
      // on its own; the records already published on vextrus.audit show it.
      std::int64_t published = 0, unreadable = 0;
      const auto heads = published_heads(settings, published, unreadable);
      std::cerr << "audit verify: " << published << " records read from " << settings.kafka.topics.audit << "\n";
      out["published"] = {{"topic", settings.kafka.topics.audit},
                          {"records", published},
                          {"chains", heads.size()},
                          {"unreadable", unreadable}};
      if (!first_break) first_break = pg::check_published_heads(settings.pg_dsn, heads);
    } else {
      std::cerr << "audit verify: PostgreSQL only; a cut-off chain tail is found only against vextrus.audit\n";
    }
    if (first_break) {
      const auto& b = *first_break;
      out["ok"] = false;
      out["first_break"] = {
          {"chain", b.chain}, {"seq", b.seq}, {"expected", b.expected}, {"found", b.found}, {"problem", b.what}};
    }
    std::cout << out.dump() << "\n";
    // For the console's overview (GET /v1/summary): when it was verified, by whom, and the result.
    // A verdict stands even when it cannot be recorded.
    try {
      pg::VerifyResult verdict = result;
      verdict.first_break = first_break;
      pg::record_verification(settings.pg_dsn, verdict, operator_identity());
    } catch (const std::exception& e) {
      std::cerr << "audit verify: the result could not be recorded in audit_verifications: " << e.what() << "\n";
    }
    return first_break ? 1 : 0;
  } catch (const std::exception& e) {
    // Nothing was verified: not a broken chain, so not exit 1 (docs/audit.md, "Verifying it").
    fail(std::string("audit verify could not verify: ") + e.what() +
         "; check VEXTRUS_PG_DSN and VEXTRUS_KAFKA_BROKERS (or pass --postgres-only)");
    return could_not_verify;
  }
}

int audit_verify_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    fail("audit verify could not read " + path + "; give the path of an NDJSON export (vextrus-flow audit export)");
    return could_not_verify;
  }
  const auto result = adapters::verify_audit_export(in);
  nlohmann::ordered_json segments = nlohmann::ordered_json::array();
  for (const auto& [chain, segment] : result.chains) {
    segments.push_back({{"chain", chain},
                        {"first_seq", segment.first_seq},
                        {"last_seq", segment.last_seq},
                        {"starts_after", segment.starts_after},
                        {"last_hash", segment.last_hash}});
  }
  nlohmann::ordered_json out{{"ok", !result.first_break}, {"file", path},           {"chains", result.chains.size()},
                             {"records", result.records}, {"first_break", nullptr}, {"segments", segments}};
  if (const auto& b = result.first_break) {
    out["first_break"] = {{"line", b->line},         {"chain", b->chain}, {"seq", b->seq},
                          {"expected", b->expected}, {"found", b->found}, {"problem", b->what}};
  }
  std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  return result.first_break ? 1 : 0;
}

int audit_export(const config::Settings& settings, const ExportOptions& options) {
  const auto from = domain::parse_date(options.from);
  const auto to = domain::parse_date(options.to);
  if (!from || !to) {
    std::cerr << "vextrus-flow: audit export: --from and --to must be days written YYYY-MM-DD\n";
    return 2;
  }
  if (to->days < from->days) {
    std::cerr << "vextrus-flow: audit export: --to " << options.to << " is before --from " << options.from << "\n";
    return 2;
  }
  pg::AuditExport request{*from, *to, options.entity_id,
                          options.format == "csv" ? pg::ExportFormat::csv : pg::ExportFormat::ndjson};
  try {
    const auto written = pg::export_audit(settings.pg_dsn, request, std::cout, [](std::int64_t records) {
      std::cerr << "audit export: " << records << " records written\n";
    });
    std::cerr << "audit export: " << written << " records\n";
    return std::cout ? 0 : fail("audit export: writing to stdout failed");
  } catch (const std::exception& e) {
    return fail(std::string("audit export failed: ") + e.what() + "; check VEXTRUS_PG_DSN");
  }
}

}  // namespace vextrus::app
