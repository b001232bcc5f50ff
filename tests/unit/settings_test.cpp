// Configuration: file, VEXTRUS_* overrides, and clear errors for bad values.

#include "config/settings.hpp"

#include <gtest/gtest.h>

#include <unistd.h>
#include <cstdio>
#include <fstream>

#include "config/policy_loader.hpp"
#include "tests/support/temp_file.hpp"

namespace vextrus::config {
namespace {

using testing::write_temp;

TEST(Settings, DefaultsMatchTheContract) {
  const auto s = load_settings("/nonexistent.yaml", false, {});
  EXPECT_EQ(s.kafka.brokers, "embedded");
  EXPECT_EQ(s.kafka.embedded_port, 19092);
  EXPECT_EQ(s.kafka.group, "vextrus-flow");
  EXPECT_EQ(s.pg_dsn, "postgresql://localhost/vextrus");
  EXPECT_EQ(s.migration_dsn(), s.pg_dsn);
  EXPECT_EQ(s.http_addr, "127.0.0.1:8080");
  EXPECT_TRUE(s.api_token.empty());
  EXPECT_EQ(s.policy_files, std::vector<std::string>{"config/policy/bd-default.yaml"});
  EXPECT_EQ(s.env, "development");
  EXPECT_EQ(s.log_level, "info");
}

TEST(Settings, EnvironmentOverridesTheFile) {
  const auto file = write_temp("kafka:\n  group: from-file\n  brokers: a:1\nlog_level: warn\n");
  const auto s = load_settings(file, true,
                               {{"VEXTRUS_KAFKA_GROUP", "from-env"},
                                {"VEXTRUS_PG_OWNER_DSN", "postgresql://owner@h/db"},
                                {"VEXTRUS_POLICY", "a.yaml, b.yaml"},
                                {"VEXTRUS_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SASL_SSL"},
                                {"VEXTRUS_KAFKA_EMBEDDED_PORT", "29092"}});
  EXPECT_EQ(s.kafka.group, "from-env");
  EXPECT_EQ(s.kafka.brokers, "a:1");
  EXPECT_EQ(s.log_level, "warn");
  EXPECT_EQ(s.migration_dsn(), "postgresql://owner@h/db");
  EXPECT_EQ(s.policy_files, (std::vector<std::string>{"a.yaml", "b.yaml"}));
  EXPECT_EQ(s.kafka.properties.at("security.protocol"), "SASL_SSL");
  EXPECT_EQ(s.kafka.embedded_port, 29092);
  std::remove(file.c_str());
}

TEST(Settings, BadValuesNameTheKey) {
  const std::vector<std::pair<std::map<std::string, std::string>, std::string>> cases{
      {{{"VEXTRUS_LOG_LEVEL", "loud"}}, "VEXTRUS_LOG_LEVEL"},
      {{{"VEXTRUS_ENV", "staging"}}, "VEXTRUS_ENV"},
      {{{"VEXTRUS_KAFKA_EMBEDDED_PORT", "70000"}}, "VEXTRUS_KAFKA_EMBEDDED_PORT"},
      {{{"VEXTRUS_HTTP_ADDR", "127.0.0.1:80x"}}, "VEXTRUS_HTTP_ADDR"},
      {{{"VEXTRUS_HTTP_ADDR", "localhost"}}, "VEXTRUS_HTTP_ADDR"},
      {{{"VEXTRUS_KAFKA_GROUP", ""}}, "VEXTRUS_KAFKA_GROUP"},
      {{{"VEXTRUS_KAFKA_PARTITIONS", "0"}}, "VEXTRUS_KAFKA_PARTITIONS"},
      {{{"VEXTRUS_PIPELINE_BATCH_MAX_EVENTS", "many"}}, "VEXTRUS_PIPELINE_BATCH_MAX_EVENTS"},
      {{{"VEXTRUS_KAFKA_TOPICS_AUDIT", ""}}, "VEXTRUS_KAFKA_TOPICS_AUDIT"},
      {{{"VEXTRUS_KAFKA_TOPICS_NOTIFICATIONS", "vextrus.audit"}}, "VEXTRUS_KAFKA_TOPICS_NOTIFICATIONS"},
      {{{"VEXTRUS_POLICY", " , "}}, "VEXTRUS_POLICY"},
      {{{"VEXTRUS_PG_DSN", ""}}, "VEXTRUS_PG_DSN"},
      {{{"VEXTRUS_COMPANY_NAME", "Example Trading Ltd"}}, "VEXTRUS_COMPANY_BIN"},
      {{{"VEXTRUS_COMPANY_BIN", "0000123456789"}}, "VEXTRUS_COMPANY_NAME"},
      {{{"VEXTRUS_COMPANY_NAME", "Example"}, {"VEXTRUS_COMPANY_BIN", "000123456-0101"}}, "VEXTRUS_COMPANY_BIN"},
      {{{"VEXTRUS_COMPANY_NAME", "Example"}, {"VEXTRUS_COMPANY_BIN", "123456789012"}}, "VEXTRUS_COMPANY_BIN"},
  };
  for (const auto& [env, key] : cases) {
    try {
      load_settings("/nonexistent.yaml", false, env);
      ADD_FAILURE() << "accepted " << env.begin()->first << "=" << env.begin()->second;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(key), std::string::npos) << e.what();
      // ... and says what to do: a fix after the problem, or the values that are allowed.
      const std::string message = e.what();
      EXPECT_TRUE(message.find("; ") != std::string::npos || message.find(" must ") != std::string::npos ||
                  message.find(" from ") != std::string::npos)
          << "no fix in: " << message;
    }
  }
}

TEST(Settings, TheCompanyOfTheCertificatesIsOptionalAndCheckedWhenSet) {
  const auto unset = load_settings("/nonexistent.yaml", false, {});
  EXPECT_TRUE(unset.company_name.empty());
  EXPECT_TRUE(unset.company_bin.empty());
  const auto file = write_temp("company:\n  name: Meghna Trading Ltd\n  bin: \"0000123456789\"\n");
  const auto set = load_settings(file, true, {});
  EXPECT_EQ(set.company_name, "Meghna Trading Ltd");
  EXPECT_EQ(set.company_bin, "0000123456789");
  std::remove(file.c_str());
}

TEST(Settings, FileErrorsNameFileAndLine) {
  for (const std::string& text :
       {std::string("kafka:\n  grop: x\n"), std::string("kafka:\n  properties:\n    a: {b: c}\n"),
        std::string("kafka: [unclosed\n")}) {
    const auto file = write_temp(text);
    try {
      load_settings(file, true, {});
      ADD_FAILURE() << "accepted " << text;
    } catch (const ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(file + ":"), std::string::npos) << e.what();
    }
    std::remove(file.c_str());
  }
  EXPECT_THROW(load_settings("/nonexistent.yaml", true, {}), ConfigError);
}

TEST(Policy, TheDefaultPolicyFileLoads) {
  const auto policies = load_policies({std::string(VEXTRUS_SOURCE_DIR) + "/config/policy/bd-default.yaml"});
  ASSERT_EQ(policies.all().size(), 1u);
  const auto& policy = policies.all()[0];
  EXPECT_EQ(policy.policy_id, "bd-default-2025-07-01");
  ASSERT_EQ(policy.purchase_order.tiers.size(), 4u);
  EXPECT_EQ(policy.purchase_order.tiers[3].role, domain::Role::managing_director);
  EXPECT_EQ(policy.purchase_order.tiers[3].above, domain::Money::from_taka(10'000'000));
  EXPECT_EQ(policy.purchase_order.expire_after, domain::Duration::hours(168));
}

TEST(Policy, SchemaErrorsNameFileLineAndKey) {
  const auto file = write_temp(
      "policy_id: p\neffective_from: 2025-07-01\npurchase_order:\n  tiers:\n    - {role: boss, above: 0}\n"
      "  reminder_after: 48h\n  escalate_after: 96h\n  expire_after: 168h\n");
  try {
    load_policies({file});
    ADD_FAILURE() << "accepted an unknown role";
  } catch (const ConfigError& e) {
    EXPECT_NE(std::string(e.what()).find(file + ":5"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("purchase_order.tiers[0].role"), std::string::npos) << e.what();
  }
  std::remove(file.c_str());
}

// Found by tests/fuzz/policy_loader_fuzzer: a key that is itself a list or a mapping ("? - x")
// escaped as a yaml-cpp exception and ended the process instead of naming the file and line.
TEST(Policy, KeysThatAreNotNamesAreConfigErrors) {
  for (const std::string& text : {std::string("# a comment\n?    - ;role:feCt \n"),
                                  std::string("policy_id: p\neffective_from: 2025-07-01\npurchase_order:\n"
                                              "  ? {a: b}\n  : 1\n"),
                                  std::string("policy_id: [a, b]\n"),
                                  std::string("policy_id: p\neffective_from: 2025-07-01\npurchase_order:\n"
                                              "  tiers: {role: cfo}\n")}) {
    const auto file = write_temp(text);
    try {
      load_policies({file});
      ADD_FAILURE() << "accepted " << text;
    } catch (const ConfigError& e) {
      EXPECT_EQ(std::string(e.what()).rfind(file + ":", 0), 0u) << e.what();
    }
    std::remove(file.c_str());
  }
}

// VEXTRUS_ENV=production refuses the embedded broker only where a command would use it: the
// image sets production, and migrate or validate-event must not demand a broker they never use.
TEST(Settings, ProductionRefusesTheEmbeddedBrokerPerCommand) {
  const auto s = load_settings("/nonexistent.yaml", false, {{"VEXTRUS_ENV", "production"}});
  ASSERT_TRUE(s.embedded_kafka());
  for (const char* command : {"run", "init-topics", "dead-letters redrive"}) {
    try {
      refuse_embedded_in_production(s, command);
      ADD_FAILURE() << command << " accepted the embedded broker in production";
    } catch (const ConfigError& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find("VEXTRUS_KAFKA_BROKERS"), std::string::npos) << message;
      EXPECT_NE(message.find(command), std::string::npos) << message;
    }
  }
  auto development = s;
  development.env = "development";
  EXPECT_NO_THROW(refuse_embedded_in_production(development, "run"));
}

TEST(Policy, DurationsHaveUnits) {
  EXPECT_EQ(parse_duration("2s")->micros, 2'000'000);
  EXPECT_EQ(parse_duration("30m")->micros, 1'800'000'000);
  EXPECT_EQ(parse_duration("-1d")->micros, -86'400'000'000);
  EXPECT_FALSE(parse_duration("48").has_value());
  EXPECT_FALSE(parse_duration("h").has_value());
  EXPECT_FALSE(parse_duration("4.5h").has_value());
}

}  // namespace
}  // namespace vextrus::config
