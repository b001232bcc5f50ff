// One property map configures the service's consumers and producers alike; each client gets the
// properties librdkafka documents for it, so that none logs "is a consumer property and will be
// ignored by this producer instance" at every start.

#include <gtest/gtest.h>

#include "adapters/kafka/client_config.hpp"
#include "adapters/kafka/consumer.hpp"

namespace vextrus::kafka {
namespace {

std::string value_in(const ConfPtr& conf, const char* name) {
  char value[256];
  std::size_t size = sizeof value;
  if (rd_kafka_conf_get(conf.get(), name, value, &size) != RD_KAFKA_CONF_OK) return "<unknown>";
  return value;
}

const Properties properties{{"bootstrap.servers", "broker:9092"},
                            {"session.timeout.ms", "6000"},  // consumer only
                            {"linger.ms", "7"}};             // producer only

TEST(KafkaClientConfig, AConsumerGetsTheSharedAndTheConsumerProperties) {
  const auto conf = make_conf(properties, RD_KAFKA_CONSUMER);
  EXPECT_EQ(value_in(conf, "bootstrap.servers"), "broker:9092");
  EXPECT_EQ(value_in(conf, "session.timeout.ms"), "6000");
  EXPECT_NE(value_in(conf, "linger.ms"), "7");
}

TEST(KafkaClientConfig, AProducerGetsTheSharedAndTheProducerProperties) {
  const auto conf = make_conf(properties, RD_KAFKA_PRODUCER);
  EXPECT_EQ(value_in(conf, "bootstrap.servers"), "broker:9092");
  EXPECT_EQ(value_in(conf, "linger.ms"), "7");
  EXPECT_NE(value_in(conf, "session.timeout.ms"), "6000");
}

TEST(KafkaClientConfig, ScopesComeFromLibrdkafkasOwnTable) {
  EXPECT_TRUE(applies_to("client.id", RD_KAFKA_CONSUMER));
  EXPECT_TRUE(applies_to("client.id", RD_KAFKA_PRODUCER));
  EXPECT_TRUE(applies_to("fetch.wait.max.ms", RD_KAFKA_CONSUMER));
  EXPECT_FALSE(applies_to("fetch.wait.max.ms", RD_KAFKA_PRODUCER));
  EXPECT_TRUE(applies_to("enable.idempotence", RD_KAFKA_PRODUCER));
  EXPECT_FALSE(applies_to("enable.idempotence", RD_KAFKA_CONSUMER));
}

TEST(KafkaClientConfig, AnUnknownPropertyIsStillRefusedWhicheverTheClient) {
  EXPECT_TRUE(applies_to("no.such.property", RD_KAFKA_PRODUCER));
  EXPECT_THROW(make_conf({{"no.such.property", "1"}}, RD_KAFKA_PRODUCER), InvalidProperty);
  EXPECT_THROW(make_conf({{"no.such.property", "1"}}, RD_KAFKA_CONSUMER), InvalidProperty);
}

// A fetch waits for a batch instead of returning each message alone (bench/results/history-2026-11.md), unless
// the operator says otherwise.
TEST(KafkaClientConfig, TheConsumerFetchesBatchesUnlessToldOtherwise) {
  const auto conf = make_conf(consumer_properties({{"bootstrap.servers", "broker:9092"}}), RD_KAFKA_CONSUMER);
  EXPECT_EQ(value_in(conf, "bootstrap.servers"), "broker:9092");
  EXPECT_EQ(value_in(conf, "fetch.wait.max.ms"), "25");
  EXPECT_EQ(value_in(conf, "fetch.min.bytes"), "65536");
  EXPECT_EQ(value_in(conf, "enable.auto.commit"), "false");

  const auto told =
      make_conf(consumer_properties({{"fetch.wait.max.ms", "500"}, {"fetch.min.bytes", "1"}}), RD_KAFKA_CONSUMER);
  EXPECT_EQ(value_in(told, "fetch.wait.max.ms"), "500");
  EXPECT_EQ(value_in(told, "fetch.min.bytes"), "1");
}

}  // namespace
}  // namespace vextrus::kafka
