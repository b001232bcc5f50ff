// vextrus-flow: the command line. Parses arguments and configuration, then hands over to the
// subcommand; everything else lives in the layers below.

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "app/allocator.hpp"
#include "app/commands.hpp"
#include "app/wiring.hpp"

namespace {

constexpr const char* default_config = "config/vextrus-flow.yaml";

}  // namespace

int main(int argc, char** argv) {
  using namespace vextrus;
  // libpq waits for a connection forever by default; a database that silently drops packets
  // would then hang a partition worker or the rebalance callback. An operator's value wins.
  ::setenv("PGCONNECT_TIMEOUT", "10", 0);
  app::tune_allocator();
  CLI::App cli{"vextrus-flow: approval workflows from Kafka to PostgreSQL, exactly once"};
  cli.require_subcommand(1);
  std::string config_path = default_config;
  auto add_config = [&](CLI::App* command) {
    command->add_option("--config", config_path, "configuration file (YAML)");
  };

  auto* run = cli.add_subcommand("run", "run the service (applies pending migrations first)");
  auto* migrate = cli.add_subcommand("migrate", "apply schema migrations and exit");
  auto* init_topics = cli.add_subcommand("init-topics", "create the input and output topics if missing");
  auto* validate = cli.add_subcommand("validate-event", "validate one event read from standard input");
  std::optional<std::string> policy_file;
  validate->add_option("--policy", policy_file, "policy file to validate against");
  auto* audit = cli.add_subcommand("audit", "audit trail tools");
  audit->require_subcommand(1);
  auto* verify = audit->add_subcommand("verify", "verify every audit chain, and its head against vextrus.audit");
  bool postgres_only = false;
  verify->add_flag("--postgres-only", postgres_only, "do not read vextrus.audit (a cut-off tail goes unseen)");
  std::optional<std::string> verify_file;
  verify
      ->add_option("--file", verify_file,
                   "verify an export (audit export's NDJSON) on its own, without the database or the broker")
      ->excludes("--postgres-only");
  auto* export_command =
      audit->add_subcommand("export", "write the audit records of a range of days (Asia/Dhaka) to stdout");
  app::ExportOptions export_options;
  export_command->add_option("--from", export_options.from, "first day, YYYY-MM-DD")->required();
  export_command->add_option("--to", export_options.to, "last day (inclusive), YYYY-MM-DD")->required();
  export_command->add_option("--format", export_options.format, "ndjson (default) or csv")
      ->check(CLI::IsMember({"ndjson", "csv"}));
  export_command->add_option("--entity", export_options.entity_id, "only this entity's records");
  auto* dead_letters = cli.add_subcommand("dead-letters", "inspect and re-drive dead letters");
  dead_letters->require_subcommand(1);
  app::DeadLetterOptions list_options, redrive_options;
  auto* list = dead_letters->add_subcommand("list", "print the dead letters, oldest first, one JSON line each");
  list->add_option("--reason", list_options.reason, "only those dead-lettered for this reason");
  list->add_option("--topic", list_options.topic, "only those read from this topic");
  list->add_option("--since", list_options.since, "only those received at or after this RFC 3339 time");
  list->add_option("--until", list_options.until, "only those received before this RFC 3339 time");
  auto* redrive = dead_letters->add_subcommand(
      "redrive", "re-publish dead letters' original bytes to their original topic and key (after a fix)");
  auto* redrive_id = redrive->add_option("--id", redrive_options.id, "the dead letter with this id");
  auto* redrive_reason = redrive->add_option("--reason", redrive_options.reason, "every dead letter of this reason");
  auto* redrive_topic = redrive->add_option("--topic", redrive_options.topic, "every dead letter read from this topic");
  redrive_id->excludes(redrive_reason)->excludes(redrive_topic);
  redrive->add_option("--since", redrive_options.since, "only those received at or after this RFC 3339 time");
  redrive->add_option("--until", redrive_options.until, "only those received before this RFC 3339 time");
  std::string redrive_why;
  bool redrive_dry_run = false;
  redrive->add_option("--why", redrive_why, "why, in words the audit trail keeps (who re-drove what and why)")
      ->required();
  redrive->add_flag("--dry-run", redrive_dry_run, "list and record what would be re-published; publish nothing");
  auto* version = cli.add_subcommand("version", "print the version");
  for (auto* command : {run, migrate, init_topics, validate, verify, export_command, list, redrive, version}) {
    add_config(command);
  }
  add_config(audit);
  add_config(dead_letters);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return cli.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "vextrus-flow: " << e.what() << "; see vextrus-flow --help\n";
    return 2;
  }

  if (version->parsed()) {
    std::cout << "vextrus-flow " << VEXTRUS_VERSION << "\n";
    return 0;
  }
  config::Settings settings;
  try {
    settings = config::load_settings(config_path, config_path != default_config, config::process_environment());
    if (!validate->parsed()) app::check_client_settings(settings);  // validate-event needs no clients
    const std::pair<CLI::App*, const char*> kafka_commands[] = {
        {run, "run"}, {init_topics, "init-topics"}, {redrive, "dead-letters redrive"}};
    for (const auto& [command, name] : kafka_commands) {
      if (command->parsed()) config::refuse_embedded_in_production(settings, name);
    }
  } catch (const config::ConfigError& e) {
    app::fail(std::string("configuration: ") + e.what());
    // audit verify's 1 means a broken chain: a check that could not run says so with its own code.
    return verify->parsed() ? app::could_not_verify : 1;
  }
  if (run->parsed()) return app::run_service(settings);
  if (migrate->parsed()) return app::migrate(settings);
  if (init_topics->parsed()) return app::init_topics(settings);
  if (validate->parsed()) return app::validate_event(settings, policy_file);
  if (verify->parsed()) {
    return verify_file ? app::audit_verify_file(*verify_file) : app::audit_verify(settings, postgres_only);
  }
  if (export_command->parsed()) return app::audit_export(settings, export_options);
  if (list->parsed()) return app::dead_letters_list(settings, list_options);
  if (redrive->parsed()) {
    if (!redrive_options.id && !redrive_options.reason && !redrive_options.topic) {
      std::cerr << "vextrus-flow: dead-letters redrive needs --id N, --reason R or --topic T; see vextrus-flow "
                   "dead-letters redrive --help\n";
      return 2;
    }
    if (redrive_why.find_first_not_of(" \t") == std::string::npos) {
      std::cerr << "vextrus-flow: dead-letters redrive: --why is empty; say why, for the audit trail\n";
      return 2;
    }
    return app::dead_letters_redrive(settings, redrive_options, redrive_why, redrive_dry_run);
  }
  return 2;
}
