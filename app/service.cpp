// `vextrus-flow run`: wires the adapters and actors together and runs until SIGINT or SIGTERM.
// Start order: HTTP (so liveness answers at once), embedded broker, migrations, actor system,
// outbox relay, consumer loop. Stop order is the reverse, so every batch in flight is finished
// or abandoned before the relay drains and the listener closes.

#include <unistd.h>

#include <atomic>
#include <caf/all.hpp>
#include <chrono>
#include <csignal>
#include <pqxx/except>
#include <thread>

#include "actors/consumer_loop.hpp"
#include "actors/outbox_relay.hpp"
#include "adapters/health/problems.hpp"
#include "adapters/http/http_server.hpp"
#include "adapters/kafka/embedded_broker.hpp"
#include "adapters/kafka/probe.hpp"
#include "adapters/log/log.hpp"
#include "adapters/metrics/metrics.hpp"
#include "adapters/postgres/api_queries.hpp"
#include "adapters/postgres/database_probe.hpp"
#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/outbox_store.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/permanent_errors.hpp"
#include "adapters/postgres/runtime_role.hpp"
#include "app/allocator.hpp"
#include "app/build_info.hpp"
#include "app/commands.hpp"
#include "app/count_pacing.hpp"
#include "app/redrive.hpp"
#include "app/shutdown_deadline.hpp"
#include "app/wiring.hpp"
#include "config/policy_loader.hpp"
#include "ports/backoff.hpp"
#include "ports/interruptible_sleep.hpp"

namespace vextrus::app {
namespace {

std::atomic<bool> stop_requested{false};
// docs/operations.md promises an exit within 10 s of SIGTERM; the orderly stop gets 9 of them.
constexpr auto stop_deadline = std::chrono::seconds(9);

extern "C" void on_signal(int) { stop_requested.store(true); }

// Shared by the HTTP threads (readers) and the main and health threads (writers). Shutting down
// is stop_requested itself, so readiness turns 503 as soon as the signal arrives.
struct Health {
  std::atomic<bool> migrated{false};
  std::atomic<bool> postgres_ok{false};
  std::atomic<bool> kafka_ok{false};
  std::function<bool()> joined = [] { return false; };  // guarded by joined_mutex
  std::mutex joined_mutex;
};

// Points the health probe at the consumer loop for as long as the loop exists.
class JoinedProbe {
 public:
  JoinedProbe(Health& health, const actors::ConsumerLoop& loop) : health_(health) {
    std::lock_guard<std::mutex> lock(health_.joined_mutex);
    health_.joined = [&loop] { return loop.joined(); };
  }
  ~JoinedProbe() {
    std::lock_guard<std::mutex> lock(health_.joined_mutex);
    health_.joined = [] { return false; };
  }
  JoinedProbe(const JoinedProbe&) = delete;
  JoinedProbe& operator=(const JoinedProbe&) = delete;

 private:
  Health& health_;
};

// Host name and process id: what partition_owners records as the owner of a claim.
std::string process_identity() { return host_name() + "/" + std::to_string(::getpid()); }

// Runs `step` until it succeeds, waiting for PostgreSQL while it is unreachable. A failure that
// retrying will not cure (a refused login, a missing database) stops the start with its fix, as
// does any other failure, named by `what`. False: give up (stopped, or failed).
template <typename Step>
bool with_database(const std::string& dsn, const char* what, Step&& step) {
  for (ports::Backoff backoff(std::chrono::milliseconds(500), std::chrono::seconds(10)); !stop_requested.load();) {
    try {
      step();
      return true;
    } catch (const pqxx::broken_connection& e) {
      if (const auto problem = pg::permanent_problem(e, pg::dsn_user(dsn))) {
        fail(std::string(what) + ": " + problem->reason + "; " + problem->fix);
        return false;
      }
      log::warn("PostgreSQL is unreachable; retrying",
                {{"dsn", log::redact_dsn(dsn)},
                 {"error", e.what()},
                 {"backoff_ms", static_cast<std::int64_t>(backoff.peek().count())}});
      ports::sleep_unless(stop_requested, backoff.next());
    } catch (const std::exception& e) {
      const auto problem = pg::permanent_problem(e, pg::dsn_user(dsn));
      log::error(std::string(what) + " failed", {{"error", e.what()}});
      fail(std::string(what) + ": " + (problem ? problem->reason + "; " + problem->fix : std::string(e.what())));
      return false;
    }
  }
  return false;
}

// Applies migrations as the schema owner and grants the runtime group what the service needs.
bool migrate_with_retry(const config::Settings& settings) {
  return with_database(settings.migration_dsn(), "migrations", [&] {
    const auto result = pg::apply_migrations(settings.migration_dsn());
    log::info("schema is current", {{"version", result.current}, {"applied", result.applied}});
    if (pg::grant_runtime_privileges(settings.migration_dsn()) == pg::GrantOutcome::no_runtime_group) {
      log::info("no role vextrus_runtime: nothing granted (the runtime role must own the schema)");
    }
  });
}

// Checks, as the runtime role, that it may do what the service does and that the schema is not
// newer than this binary: otherwise every commit would fail, forever. False: stop, with the fix.
bool runtime_role_ready(const config::Settings& settings) {
  pg::RuntimeRoleCheck check;
  if (!with_database(settings.pg_dsn, "the runtime role's check",
                     [&] { check = pg::check_runtime_role(settings.pg_dsn); })) {
    return false;
  }
  const int known = pg::embedded_migrations().back().version;
  if (check.schema_version > known) {
    fail("the database schema is at version " + std::to_string(check.schema_version) + ", newer than this binary's " +
         std::to_string(known) + "; run the vextrus-flow release that migrated it (or a later one)");
    return false;
  }
  if (const auto problem = pg::runtime_role_problem(check)) {
    fail(*problem);
    return false;
  }
  return true;
}

}  // namespace

int run_service(const config::Settings& settings) {
  log::Level level = log::Level::info;
  log::parse_level(settings.log_level, level);
  log::set_level(level);
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  // Declared first, so it watches every destructor below as well.
  const ShutdownDeadline deadline(stop_requested, stop_deadline);

  std::shared_ptr<const domain::PolicySet> policies;
  try {
    policies = std::make_shared<const domain::PolicySet>(config::load_policies(settings.policy_files));
  } catch (const config::ConfigError& e) {
    return fail(std::string("policy: ") + e.what());
  }

  metrics::Metrics metrics;
  const auto& topics = settings.kafka.topics;
  metrics.declare({{topics.purchase_orders, topics.invoices, topics.onboarding},
                   {topics.audit, topics.notifications, topics.dead_letter},
                   domain::event_type_names(),
                   domain::refusal_reason_names(),
                   domain::dead_letter_reason_names(),
                   domain::deadline_kind_names(),
                   {{"postgres", "permission"},
                    {"postgres", "authentication"},
                    {"postgres", "missing_object"},
                    {"kafka", "authentication"},
                    {"kafka", "authorization"},
                    {"kafka", "missing_topic"}}});
  metrics.build_info(VEXTRUS_VERSION, build_commit);
  // Shared by the partition workers, the relay and the health thread, which report what retrying
  // will not cure, and the HTTP threads, which show it.
  health::Problems problems([&metrics](const health::Problem& p) { metrics.permanent_error(p.source, p.kind); });
  Health health;
  std::unique_ptr<http::HttpServer> http_server;
  std::unique_ptr<kafka::EmbeddedBroker> embedded;
  // What the probes answer from; called from the HTTP threads and the health thread.
  const auto snapshot = [&health, &settings, &problems, &metrics] {
    http::HealthSnapshot h;
    h.migrated = health.migrated.load();
    {
      std::lock_guard<std::mutex> lock(health.joined_mutex);
      h.joined = health.joined();
    }
    h.shutting_down = stop_requested.load();
    h.postgres_ok = health.postgres_ok.load();
    h.kafka = settings.embedded_kafka() ? "embedded" : health.kafka_ok.load() ? "ok" : "down";
    h.problems = problems.active();
    h.consumer_lag = metrics.consumer_lag_total();
    return h;
  };
  std::vector<http::ApiToken> tokens;
  try {
    tokens = api_tokens(settings);
  } catch (const config::ConfigError& e) {
    return fail(std::string("configuration: ") + e.what());
  }
  try {
    http::HttpDeps deps;
    deps.address = settings.http_addr;
    deps.tokens = tokens;
    deps.health = snapshot;
    deps.metrics = [&metrics] { return metrics.serialize(); };
    deps.api = std::make_shared<pg::ApiQueries>(settings.pg_dsn);
    deps.limits = http_limits(settings.http);
    deps.redriver = std::make_shared<ServiceRedriver>(settings);
    if (!settings.company_name.empty()) deps.company = http::Company{settings.company_name, settings.company_bin};
    http_server = std::make_unique<http::HttpServer>(std::move(deps));
    if (settings.embedded_kafka()) {
      embedded = std::make_unique<kafka::EmbeddedBroker>(settings.kafka.embedded_port, topic_specs(settings));
    }
  } catch (const std::exception& e) {
    return fail(e.what());
  }
  const auto properties = kafka_properties(settings, embedded ? embedded->bootstrap_servers() : "");
  log::info("vextrus-flow starting", {{"version", VEXTRUS_VERSION},
                                      {"commit", build_commit},
                                      {"http", settings.http_addr},
                                      {"kafka", settings.embedded_kafka() ? "embedded" : settings.kafka.brokers},
                                      {"postgres", log::redact_dsn(settings.pg_dsn)}});

  std::atomic<bool> health_stop{false};
  kafka::Probe probe(properties);
  const std::vector<std::string> all_topics{topics.purchase_orders, topics.invoices,      topics.onboarding,
                                            topics.audit,           topics.notifications, topics.dead_letter};
  std::thread health_thread([&] {
    app::CountPacing pacing;
    for (int round = 1; !health_stop.load(); ++round) {
      if (round % 5 == 0) app::release_free_memory();
      const auto started = app::CountPacing::Clock::now();
      const bool counting = pacing.due(started);
      const auto database = pg::probe_database(settings.pg_dsn, counting);
      if (counting) pacing.counted(started, app::CountPacing::Clock::now());
      health.postgres_ok = database.reachable;
      if (database.problem) problems.report(*database.problem);
      for (const auto& [workflow, count] : database.pending_approvals) metrics.pending_approvals(workflow, count);
      if (embedded != nullptr) {
        health.kafka_ok = true;
      } else {
        const auto kafka = probe.check(2000, all_topics);
        health.kafka_ok = kafka.reachable;
        for (const auto& problem : kafka.problems) problems.report(problem);
      }
      metrics.ready(http::ready(snapshot()));
      ports::sleep_unless(health_stop, std::chrono::seconds(2));
    }
  });
  auto stop_health = [&] {
    health_stop = true;
    health_thread.join();
  };

  if (!migrate_with_retry(settings) || !runtime_role_ready(settings)) {
    stop_health();
    return stop_requested.load() ? 0 : 1;
  }
  health.migrated = true;

  int exit_code = 0;
  {
    caf::actor_system_config caf_config;
    caf_config.set("scheduler.max-threads", settings.pipeline.scheduler_threads);
    caf_config.set("logger.verbosity", caf::atom("quiet"));
    caf_config.set("scheduler.policy", caf::atom("sharing"));
    caf::actor_system system{caf_config};

    try {
      actors::OwnedChains owned;
      actors::OutboxRelay relay(pg::make_pg_outbox_store(settings.pg_dsn, settings.kafka.group),
                                std::make_unique<kafka::Producer>(properties), settings.kafka.topics, metrics, owned,
                                &problems);
      actors::ConsumerLoopDeps deps;
      deps.system = &system;
      deps.settings = &settings;
      deps.properties = properties;
      deps.properties["group.id"] = settings.kafka.group;
      deps.policies = policies;
      deps.metrics = &metrics;
      deps.problems = &problems;
      deps.make_store = [&settings](ports::PartitionId id) {
        return pg::make_pg_partition_store(settings.pg_dsn, std::move(id));
      };
      deps.after_commit = [&relay] { relay.nudge(); };
      deps.owner = process_identity();
      deps.owned = &owned;
      actors::ConsumerLoop loop(std::move(deps));
      JoinedProbe joined(health, loop);
      log::info("consuming", {{"group", settings.kafka.group},
                              {"topics", topics.purchase_orders + "," + topics.invoices + "," + topics.onboarding}});
      loop.run(stop_requested);
      log::info("consumer stopped; draining the outbox");
    } catch (const std::exception& e) {
      log::error("the service failed", {{"error", e.what()}});
      exit_code = fail(e.what());
    }
  }
  stop_health();
  log::info("vextrus-flow stopped");
  return exit_code;
}

}  // namespace vextrus::app
