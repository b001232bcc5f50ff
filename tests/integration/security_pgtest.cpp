// The service over secured connections (issue 6): SASL/PLAIN to the broker's SASL listener and
// TLS to PostgreSQL with the server's certificate checked against the test CA and its name
// (sslmode=verify-full), both set up by scripts/infra.sh with keys and a password made there.
// Events are processed; a wrong CA stops the service at start with a clear error; a wrong
// password commits nothing; no password reaches the log.

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <thread>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

std::string env_or_fail(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0')
    throw std::runtime_error(std::string(name) + " is not set; eval scripts/infra.sh env");
  return value;
}

// The DSN with TLS required and the server checked against `ca`.
std::string verified_tls(std::string dsn, const std::string& ca) {
  const auto at = dsn.find("sslmode=disable");
  if (at == std::string::npos) throw std::runtime_error("expected sslmode=disable in " + dsn);
  return dsn.replace(at, std::string("sslmode=disable").size(), "sslmode=verify-full&sslrootcert=" + ca);
}

TEST(Security, SaslToTheBrokerAndVerifiedTlsToPostgres) {
  const auto ca = env_or_fail("VEXTRUS_TEST_PG_CA");
  const auto sasl_brokers = env_or_fail("VEXTRUS_TEST_KAFKA_SASL_BROKERS");
  auto password = file_text(env_or_fail("VEXTRUS_TEST_KAFKA_SASL_PASSWORD_FILE"));
  while (!password.empty() && (password.back() == '\n' || password.back() == '\r')) password.pop_back();
  ASSERT_FALSE(password.empty());

  ScratchDatabase db("security");
  TopicSet topics("security");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_PG_DSN"] = verified_tls(env.at("VEXTRUS_PG_DSN"), ca);
  env["VEXTRUS_PG_OWNER_DSN"] = verified_tls(env.at("VEXTRUS_PG_OWNER_DSN"), ca);
  env["VEXTRUS_KAFKA_BROKERS"] = sasl_brokers;
  env["VEXTRUS_KAFKA_PROPERTIES_SECURITY_PROTOCOL"] = "SASL_PLAINTEXT";
  env["VEXTRUS_KAFKA_PROPERTIES_SASL_MECHANISM"] = "PLAIN";
  env["VEXTRUS_KAFKA_PROPERTIES_SASL_USERNAME"] = "vextrus";

  // A CA that did not sign the server's certificate: the service refuses to start.
  {
    auto wrong_ca = env;
    for (const char* dsn : {"VEXTRUS_PG_DSN", "VEXTRUS_PG_OWNER_DSN"}) {
      auto& value = wrong_ca[dsn];
      value.replace(value.find(ca), ca.size(), "/etc/ssl/certs/ca-certificates.crt");
    }
    std::string out;
    EXPECT_EQ(run_command(wrong_ca, {"migrate"}, &out), 1) << out;
  }

  // A wrong password: nothing is consumed, nothing committed.
  publish(topics.purchase_orders, {{"PO-S1", po_submitted("s-1", "PO-S1", "req-1", "10.00")},
                                   {"PO-S2", po_submitted("s-2", "PO-S2", "req-1", "20.00")}});
  {
    auto wrong_password = env;
    wrong_password["VEXTRUS_KAFKA_PROPERTIES_SASL_PASSWORD"] = "wrong-" + password;
    ServiceProcess service(wrong_password, "/tmp/vextrus-security-wrong.log");
    service.start();
    std::this_thread::sleep_for(8s);
    EXPECT_EQ(committed_events(db), 0);
    service.stop();
    const auto log = file_text(service.log_path());
    EXPECT_NE(log.find("SASL authentication error"), std::string::npos) << "the operator is not told why";
    EXPECT_EQ(log.find(password), std::string::npos) << "a password in the log";
  }

  env["VEXTRUS_KAFKA_PROPERTIES_SASL_PASSWORD"] = password;
  ServiceProcess service(env, "/tmp/vextrus-security.log");
  service.start();
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= 2; }, 60s)) << "see " << service.log_path();
  EXPECT_EQ(db.scalar("SELECT status FROM purchase_orders WHERE po_id = 'PO-S2'"), "pending_approval");
  // The service's own sessions are encrypted (read as the superuser: other roles do not see
  // the TLS state of the service role's sessions).
  const auto sessions = [&](const char* ssl) {
    pqxx::connection connection(db.super_dsn());
    pqxx::nontransaction tx(connection);
    return tx
        .exec_params1(
            "SELECT count(*) FROM pg_stat_ssl s JOIN pg_stat_activity a USING (pid)"
            " WHERE a.datname = $1 AND a.usename = 'vextrus_app' AND s.ssl = $2",
            db.name(), ssl)[0]
        .as<int>();
  };
  EXPECT_GT(sessions("true"), 0);
  EXPECT_EQ(sessions("false"), 0);
  EXPECT_EQ(service.stop(), 0);
  EXPECT_EQ(file_text(service.log_path()).find(password), std::string::npos) << "a password in the log";
}

}  // namespace
}  // namespace vextrus::testing
