#include "bench/naive.hpp"

#include <librdkafka/rdkafka.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <stdexcept>
#include <unordered_map>

namespace vextrus::bench {
namespace {

// The status an event leaves its entity in, as the replaced service derived it.
std::string status_after(const std::string& type) {
  if (type == "purchase_order.submitted" || type == "invoice.received") return "pending_approval";
  if (type == "purchase_order.approved" || type == "invoice.approved") return "approved";
  if (type == "invoice.paid") return "paid";
  if (type == "employee.hired") return "in_progress";
  if (type == "onboarding.task_completed") return "in_progress";
  return "changed";
}

struct ConsumerDeleter {
  void operator()(rd_kafka_t* consumer) const {
    rd_kafka_consumer_close(consumer);
    rd_kafka_destroy(consumer);
  }
};

}  // namespace

NaiveResult run_naive_baseline(const std::string& brokers, const std::vector<std::string>& topics,
                               const std::string& dsn, std::int64_t limit) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers.c_str(), error, sizeof error);
  rd_kafka_conf_set(conf, "group.id", ("naive-" + std::to_string(::getpid())).c_str(), error, sizeof error);
  rd_kafka_conf_set(conf, "auto.offset.reset", "earliest", error, sizeof error);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
  std::unique_ptr<rd_kafka_t, ConsumerDeleter> consumer(rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error));
  if (!consumer) throw std::runtime_error(error);
  rd_kafka_poll_set_consumer(consumer.get());
  rd_kafka_topic_partition_list_t* subscription = rd_kafka_topic_partition_list_new(static_cast<int>(topics.size()));
  for (const auto& topic : topics)
    rd_kafka_topic_partition_list_add(subscription, topic.c_str(), RD_KAFKA_PARTITION_UA);
  rd_kafka_subscribe(consumer.get(), subscription);
  rd_kafka_topic_partition_list_destroy(subscription);

  pqxx::connection db(dsn);
  {
    pqxx::work tx(db);
    tx.exec(
        "CREATE TABLE IF NOT EXISTS naive_entities (entity_id text PRIMARY KEY, entity_type text NOT NULL,"
        " status text NOT NULL, last_event jsonb NOT NULL, updated_at timestamptz NOT NULL DEFAULT now())");
    tx.commit();
  }
  std::unordered_map<std::string, std::int64_t> seq;  // per chain
  NaiveResult result;
  std::chrono::steady_clock::time_point first;
  auto idle_since = std::chrono::steady_clock::now();
  // A million events take this baseline about half an hour: say how far it is.
  auto next_report = idle_since + std::chrono::seconds(30);
  while (result.events < limit && std::chrono::steady_clock::now() - idle_since < std::chrono::seconds(30)) {
    std::unique_ptr<rd_kafka_message_t, void (*)(rd_kafka_message_t*)> message(
        rd_kafka_consumer_poll(consumer.get(), 200), rd_kafka_message_destroy);
    if (!message || message->err != RD_KAFKA_RESP_ERR_NO_ERROR) continue;
    idle_since = std::chrono::steady_clock::now();
    if (result.events == 0) first = std::chrono::steady_clock::now();
    const std::string topic = rd_kafka_topic_name(message->rkt);
    const std::string chain = topic + "/" + std::to_string(message->partition);
    const std::string value(static_cast<const char*>(message->payload), message->len);
    const auto event = nlohmann::json::parse(value, nullptr, false);
    pqxx::work tx(db);
    if (event.is_object() && event.contains("entity_id") && event.contains("type")) {
      const auto entity = event.value("entity_id", "");
      const auto type = event.value("type", "");
      const auto previous = tx.exec_params("SELECT status FROM naive_entities WHERE entity_id = $1 FOR UPDATE", entity);
      const std::string before = previous.empty() ? "" : previous[0][0].as<std::string>();
      const std::string after = status_after(type);
      tx.exec_params(
          "INSERT INTO naive_entities (entity_id, entity_type, status, last_event) VALUES ($1, $2, $3, $4)"
          " ON CONFLICT (entity_id) DO UPDATE SET status = EXCLUDED.status, last_event = EXCLUDED.last_event,"
          " updated_at = now()",
          entity, type.substr(0, type.find('.')), after, value);
      const auto n = ++seq[chain];
      tx.exec_params(
          "INSERT INTO audit_log (chain, seq, entity_type, entity_id, event_id, action, actor_id, actor_role,"
          " status_before, status_after, occurred_at, recorded_at, detail, prev_hash, hash, canonical)"
          " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULLIF($9, ''), $10, $11::timestamptz, now(), $12, '', '', $13)",
          chain, n, type.substr(0, type.find('.')), entity, event.value("event_id", ""),
          type.substr(type.find('.') + 1), "naive", "system", before, after,
          event.value("occurred_at", "2025-01-01T00:00:00Z"), event.value("payload", nlohmann::json::object()).dump(),
          value);
    }
    tx.exec_params(
        "INSERT INTO consumer_offsets (group_id, topic, partition, next_offset) VALUES ('naive', $1, $2, $3)"
        " ON CONFLICT (group_id, topic, partition) DO UPDATE SET next_offset = EXCLUDED.next_offset",
        topic, message->partition, message->offset + 1);
    tx.commit();
    ++result.events;
    if (const auto now = std::chrono::steady_clock::now(); now >= next_report) {
      std::fprintf(stderr, "  naive: %lld of %lld applied (%.0f events/s)\n", static_cast<long long>(result.events),
                   static_cast<long long>(limit),
                   static_cast<double>(result.events) / std::chrono::duration<double>(now - first).count());
      next_report = now + std::chrono::seconds(30);
    }
  }
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - first).count();
  return result;
}

}  // namespace vextrus::bench
