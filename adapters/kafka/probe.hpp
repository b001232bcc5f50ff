#pragma once
// Answers "can this process reach the Kafka cluster now, and are its topics there?" for the
// readiness probe, with a client handle of its own. Used by one thread (the health thread).

#include <memory>
#include <string>
#include <vector>

#include "adapters/health/problem.hpp"
#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {

struct ProbeResult {
  bool reachable = false;
  // Failures retrying will not cure: a rejected login, a topic that is missing or not
  // authorised.
  std::vector<health::Problem> problems;
};

class Probe {
 public:
  explicit Probe(const Properties& properties);
  ~Probe();
  Probe(const Probe&) = delete;
  Probe& operator=(const Probe&) = delete;

  // Asks for the cluster's metadata; with `topics`, checks that each exists and is readable.
  ProbeResult check(int timeout_ms, const std::vector<std::string>& topics = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::kafka
