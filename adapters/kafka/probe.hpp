#pragma once
// Answers "can this process reach the Kafka cluster now?" for the readiness probe, with a
// client handle of its own. Thread-safe.

#include <memory>

#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {

class Probe {
 public:
  explicit Probe(const Properties& properties);
  ~Probe();
  bool reachable(int timeout_ms);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::kafka
