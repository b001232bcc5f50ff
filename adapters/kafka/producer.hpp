#pragma once
// An idempotent producer for the output topics. Used by one thread at a time (the outbox relay);
// librdkafka's delivery reports are served inside flush().

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/health/problem.hpp"
#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {

class Producer {
 public:
  explicit Producer(const Properties& properties);
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Queues one message (no key when `key` is nullopt) with `headers`; waits while librdkafka's
  // queue is full.
  void produce(const std::string& topic, std::optional<std::string_view> key, std::string_view value,
               const Headers& headers = {});
  // Waits until every queued message is delivered or failed; true when all since the last
  // flush were delivered.
  bool flush(int timeout_ms);
  // The messages that failed since the last call, per topic, and the failure among them that
  // retrying will not cure (an unknown topic, a missing ACL), if any.
  struct Failures {
    std::map<std::string, std::int64_t> by_topic;
    std::optional<health::Problem> permanent;
  };
  Failures take_failures();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::kafka
