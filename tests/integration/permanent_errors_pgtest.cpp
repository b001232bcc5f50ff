// Errors that retrying will not cure, against the real servers: the service says what is wrong
// and what to do, instead of retrying in silence. At start a runtime role without its grants,
// or one that may not log in, stops `run` with one line naming the role, the privilege and the
// fix; `migrate` says when it has nobody to grant to. While running, a revoked privilege, a
// missing topic or a refused Kafka login shows in /health's problems, keeps readiness false,
// is counted in vextrus_permanent_errors_total and logged as an error with the fix, and clears
// once fixed. `audit verify` that could not verify exits 3, not 1.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <thread>

#include "adapters/postgres/runtime_role.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

// Runs SQL as the superuser on `database` (cluster-wide statements: any database).
void as_superuser(const ScratchDatabase& db, const std::string& sql) {
  pqxx::connection connection(db.super_dsn());
  pqxx::nontransaction tx(connection);
  tx.exec(sql);
}

// The DSN of `db` for another user.
std::string dsn_for(const ScratchDatabase& db, const std::string& user) {
  auto dsn = db.app_dsn();
  const auto at = dsn.find("vextrus_app@");
  EXPECT_NE(at, std::string::npos) << dsn;
  return dsn.replace(at, std::string("vextrus_app").size(), user);
}

// A login role of the cluster for one test, dropped with it.
class ScratchRole {
 public:
  ScratchRole(const ScratchDatabase& db, std::string name, const std::string& attributes)
      : db_(db), name_(std::move(name)) {
    as_superuser(db_, "CREATE ROLE " + name_ + " " + attributes);
  }
  ~ScratchRole() {
    try {
      as_superuser(db_, "DROP OWNED BY " + name_ + "; DROP ROLE IF EXISTS " + name_);
    } catch (const std::exception&) {
      // A leftover role is harmless; infra.sh down --purge removes it.
    }
  }
  const std::string& name() const { return name_; }

 private:
  const ScratchDatabase& db_;
  std::string name_;
};

// A name unique to this test run, from the scratch database's.
std::string role_name(const ScratchDatabase& db, const std::string& what) { return what + "_" + db.name(); }

nlohmann::json health(const std::string& address, int* status = nullptr) {
  std::string body;
  const int code = http_get(address, "/health/ready", &body);
  if (status != nullptr) *status = code;
  return code == 0 ? nlohmann::json() : nlohmann::json::parse(body, nullptr, false);
}

// The problem of `check` that /health/ready shows, or null.
nlohmann::json problem_of(const nlohmann::json& body, const std::string& check) {
  if (!body.is_object() || !body.contains("problems")) return nullptr;
  for (const auto& p : body["problems"]) {
    if (p.value("check", "") == check) return p;
  }
  return nullptr;
}

double metric(const std::string& address, const std::string& series) {
  std::string text;
  http_get(address, "/metrics", &text);
  const auto at = text.find("\n" + series + " ");
  return at == std::string::npos ? -1 : std::stod(text.substr(at + series.size() + 2));
}

TEST(PermanentErrors, RunStopsAtStartWhenTheRuntimeRoleLacksItsGrants) {
  ScratchDatabase db("grants");
  TopicSet topics("grants");
  ScratchRole stranger(db, role_name(db, "stranger"), "LOGIN");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_PG_DSN"] = dsn_for(db, stranger.name());

  std::string out, err;
  const auto started = std::chrono::steady_clock::now();
  EXPECT_EQ(run_command(env, {"run"}, &out, "", &err), 1) << err;
  EXPECT_LT(std::chrono::steady_clock::now() - started, 30s) << "it must stop, not retry";
  // Logs are JSON lines on stderr; the verdict is the one line of its own at the end.
  const auto verdict = err.substr(err.rfind("\nvextrus-flow: ") + 1);
  std::cerr << "the operator sees: " << verdict;
  // A stranger lacks every privilege of the runtime grants (TEMPORARY it has through PUBLIC).
  std::size_t privileges = 0;
  for (const auto& grant : vextrus::pg::runtime_grants()) {
    privileges += 1 + std::count(grant.privileges, grant.privileges + std::strlen(grant.privileges), ',');
  }
  EXPECT_EQ(verdict.rfind("vextrus-flow: the runtime role \"" + stranger.name() +
                              "\" (VEXTRUS_PG_DSN) lacks SELECT on schema_migrations and " +
                              std::to_string(privileges - 1) + " more privileges; ",
                          0),
            0u)
      << verdict;
  EXPECT_NE(verdict.find("GRANT vextrus_runtime TO \"" + stranger.name() + "\""), std::string::npos) << verdict;
  EXPECT_EQ(std::count(verdict.begin(), verdict.end(), '\n'), 1) << "one line: " << verdict;

  // The fix it names works: the service starts and becomes ready.
  as_superuser(db, "GRANT vextrus_runtime TO " + stranger.name());
  ServiceProcess service(env, "/tmp/vextrus-grants.log");
  service.start();
  EXPECT_TRUE(wait_until(
      [&] {
        int s = 0;
        health(env["VEXTRUS_HTTP_ADDR"], &s);
        return s == 200;
      },
      60s))
      << "see " << service.log_path();
  EXPECT_EQ(service.stop(), 0);
}

TEST(PermanentErrors, ALoginThatIsRefusedStopsRunWithTheFix) {
  ScratchDatabase db("nologin");
  TopicSet topics("nologin");
  ScratchRole locked(db, role_name(db, "locked"), "NOLOGIN IN ROLE vextrus_runtime");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_PG_DSN"] = dsn_for(db, locked.name());
  std::string out, err;
  EXPECT_EQ(run_command(env, {"run"}, &out, "", &err), 1) << err;
  const auto verdict = err.substr(err.rfind("\nvextrus-flow: ") + 1);
  std::cerr << "the operator sees: " << verdict;
  EXPECT_NE(verdict.find("is not permitted to log in"), std::string::npos) << err;
  EXPECT_NE(verdict.find("check the user and password of VEXTRUS_PG_DSN"), std::string::npos) << err;
}

// The group role renamed away for the test (the other tests run after it, never beside it), and
// back again whatever happens.
class RuntimeGroupAway {
 public:
  explicit RuntimeGroupAway(const ScratchDatabase& db) : db_(db) {
    as_superuser(db_, "ALTER ROLE vextrus_runtime RENAME TO vextrus_runtime_away");
  }
  ~RuntimeGroupAway() { as_superuser(db_, "ALTER ROLE vextrus_runtime_away RENAME TO vextrus_runtime"); }

 private:
  const ScratchDatabase& db_;
};

TEST(PermanentErrors, MigrateSaysWhenThereIsNoRuntimeGroupToGrantTo) {
  ScratchDatabase db("nogroup");
  std::map<std::string, std::string> env{{"VEXTRUS_PG_DSN", db.app_dsn()}, {"VEXTRUS_PG_OWNER_DSN", db.owner_dsn()}};
  std::string out, err;
  {
    RuntimeGroupAway away(db);
    EXPECT_EQ(run_command(env, {"migrate"}, &out, "", &err), 0) << err;
  }
  std::cerr << "the operator sees: " << err.substr(err.rfind("vextrus-flow: "));
  EXPECT_NE(out.find("schema at version"), std::string::npos) << out;
  EXPECT_NE(err.find("there is no role vextrus_runtime, so no privileges were granted"), std::string::npos) << err;
  EXPECT_NE(err.find("deploy/sql/roles.sql"), std::string::npos) << err;

  // With the group back, migrate grants what the service needs, even to a schema it migrated
  // before (the order of roles.sql and migrate no longer matters).
  err.clear();
  EXPECT_EQ(run_command(env, {"migrate"}, &out, "", &err), 0) << err;
  EXPECT_NE(out.find("privileges granted to vextrus_runtime"), std::string::npos) << out;
  EXPECT_EQ(db.scalar("SELECT has_table_privilege('vextrus_runtime', 'consumer_offsets', 'INSERT')"), "t");
}

TEST(PermanentErrors, MigrateAndValidateEventDoNotNeedABrokerInProduction) {
  ScratchDatabase db("production");
  std::map<std::string, std::string> env{{"VEXTRUS_ENV", "production"},
                                         {"VEXTRUS_KAFKA_BROKERS", "embedded"},
                                         {"VEXTRUS_PG_DSN", db.app_dsn()},
                                         {"VEXTRUS_PG_OWNER_DSN", db.owner_dsn()}};
  std::string out, err;
  EXPECT_EQ(run_command(env, {"migrate"}, &out, "", &err), 0) << err;
  EXPECT_EQ(run_command(env, {"run"}, &out, "", &err), 1);
  EXPECT_NE(err.find("run refuses the embedded broker when VEXTRUS_ENV=production"), std::string::npos) << err;
}

TEST(PermanentErrors, APrivilegeRevokedWhileRunningIsShownCountedAndClearsOnceFixed) {
  ScratchDatabase db("revoked");
  TopicSet topics("revoked");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  const auto& address = env["VEXTRUS_HTTP_ADDR"];
  ServiceProcess service(env, "/tmp/vextrus-revoked.log");
  service.start();
  ASSERT_TRUE(wait_until(
      [&] {
        int s = 0;
        health(address, &s);
        return s == 200;
      },
      60s))
      << "see " << service.log_path();

  as_superuser(db, "REVOKE INSERT ON audit_log FROM vextrus_runtime");
  publish(topics.purchase_orders, {{"PO-R1", po_submitted("r-1", "PO-R1", "req-1", "10.00")}});
  nlohmann::json shown;
  ASSERT_TRUE(wait_until(
      [&] {
        shown = problem_of(health(address), "postgres");
        return !shown.is_null();
      },
      60s))
      << "see " << service.log_path();
  int status = 0;
  health(address, &status);
  EXPECT_EQ(status, 503) << "not ready while the problem lasts";
  EXPECT_NE(shown["reason"].get<std::string>().find("permission denied for table audit_log"), std::string::npos)
      << shown;
  EXPECT_NE(shown["fix"].get<std::string>().find("GRANT vextrus_runtime TO \"vextrus_app\""), std::string::npos)
      << shown;
  EXPECT_GT(metric(address, "vextrus_permanent_errors_total{kind=\"permission\",source=\"postgres\"}"), 0);
  const auto log = file_text(service.log_path());
  const auto line_at = log.find("\"msg\":\"permanent postgres error");
  ASSERT_NE(line_at, std::string::npos) << log;
  const auto line = log.substr(log.rfind('\n', line_at) + 1, log.find('\n', line_at) - log.rfind('\n', line_at) - 1);
  std::cerr << "the operator's log line: " << line << "\n";
  EXPECT_NE(line.find("\"level\":\"error\""), std::string::npos) << line;
  EXPECT_NE(line.find("\"fix\":"), std::string::npos) << line;
  EXPECT_EQ(committed_events(db), 0);

  // Fixed: the event commits once, and readiness comes back when the problem is no longer met.
  as_superuser(db, "GRANT INSERT ON audit_log TO vextrus_runtime");
  EXPECT_TRUE(wait_until([&] { return committed_events(db) == 1; }, 60s)) << "see " << service.log_path();
  EXPECT_TRUE(wait_until(
      [&] {
        int s = 0;
        health(address, &s);
        return s == 200;
      },
      60s));
  EXPECT_EQ(db.scalar("SELECT count(*) FROM audit_log"), "1");
  EXPECT_EQ(service.stop(), 0);
}

TEST(PermanentErrors, AMissingTopicIsShownWithTheFix) {
  ScratchDatabase db("notopic");
  TopicSet topics("notopic");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_KAFKA_TOPICS_INVOICES"] = topics.invoices + ".missing";
  ServiceProcess service(env, "/tmp/vextrus-notopic.log");
  service.start();
  nlohmann::json shown;
  ASSERT_TRUE(wait_until(
      [&] {
        shown = problem_of(health(env["VEXTRUS_HTTP_ADDR"]), "kafka");
        return !shown.is_null();
      },
      60s))
      << "see " << service.log_path();
  std::cerr << "/health/ready shows: " << shown.dump() << "\n";
  EXPECT_NE(shown["reason"].get<std::string>().find(topics.invoices + ".missing"), std::string::npos) << shown;
  EXPECT_NE(shown["fix"].get<std::string>().find("vextrus-flow init-topics"), std::string::npos) << shown;
  EXPECT_GT(metric(env["VEXTRUS_HTTP_ADDR"], "vextrus_permanent_errors_total{kind=\"missing_topic\",source=\"kafka\"}"),
            0);
  service.stop();
}

TEST(PermanentErrors, AKafkaLoginThatIsRefusedIsShownWithTheFix) {
  const char* sasl = std::getenv("VEXTRUS_TEST_KAFKA_SASL_BROKERS");
  ASSERT_TRUE(sasl != nullptr && *sasl != '\0') << "eval scripts/infra.sh env";
  ScratchDatabase db("saslwrong");
  TopicSet topics("saslwrong");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_KAFKA_BROKERS"] = sasl;
  env["VEXTRUS_KAFKA_PROPERTIES_SECURITY_PROTOCOL"] = "SASL_PLAINTEXT";
  env["VEXTRUS_KAFKA_PROPERTIES_SASL_MECHANISM"] = "PLAIN";
  env["VEXTRUS_KAFKA_PROPERTIES_SASL_USERNAME"] = "vextrus";
  env["VEXTRUS_KAFKA_PROPERTIES_SASL_PASSWORD"] = "not-the-password";
  ServiceProcess service(env, "/tmp/vextrus-saslwrong.log");
  service.start();
  nlohmann::json shown;
  ASSERT_TRUE(wait_until(
      [&] {
        shown = problem_of(health(env["VEXTRUS_HTTP_ADDR"]), "kafka");
        return !shown.is_null();
      },
      60s))
      << "see " << service.log_path();
  std::cerr << "/health/ready shows: " << shown.dump() << "\n";
  EXPECT_NE(shown["reason"].get<std::string>().find("uthentication"), std::string::npos) << shown;
  EXPECT_NE(shown["fix"].get<std::string>().find("sasl.password"), std::string::npos) << shown;
  service.stop();
  EXPECT_EQ(file_text(service.log_path()).find("not-the-password"), std::string::npos) << "a password in the log";
}

TEST(PermanentErrors, AuditVerifyThatCouldNotVerifyExitsThree) {
  const std::string nowhere = "postgresql://vextrus_app@127.0.0.1:" + std::to_string(free_port()) + "/vextrus";
  std::string out, err;
  EXPECT_EQ(run_command({{"VEXTRUS_PG_DSN", nowhere}}, {"audit", "verify", "--postgres-only"}, &out, "", &err), 3)
      << err;
  EXPECT_NE(err.find("audit verify could not verify"), std::string::npos) << err;
  EXPECT_EQ(out, "") << "no verdict when nothing was verified";
  // A configuration that stops it before it starts: nothing verified either.
  EXPECT_EQ(
      run_command({{"VEXTRUS_PG_DSN", nowhere}, {"VEXTRUS_LOG_LEVEL", "loud"}}, {"audit", "verify"}, &out, "", &err), 3)
      << err;
  EXPECT_NE(err.find("configuration: log_level (VEXTRUS_LOG_LEVEL)"), std::string::npos) << err;
}

}  // namespace
}  // namespace vextrus::testing
