#pragma once
// The in-process broker for local runs: librdkafka's mock cluster, with its topics created
// in-process (it has no admin API) and a bootstrap listener on 127.0.0.1:<port> that forwards to
// the mock broker, so other processes on this machine can publish to it. Not for tests that
// prove anything: it drops old data and emulates no transactions.
// Lifecycle: created before the service's clients, destroyed after them.

#include <memory>
#include <string>
#include <vector>

#include "adapters/kafka/admin.hpp"

namespace vextrus::kafka {

class EmbeddedBroker {
 public:
  EmbeddedBroker(int bootstrap_port, const std::vector<TopicSpec>& topics);
  ~EmbeddedBroker();
  EmbeddedBroker(const EmbeddedBroker&) = delete;
  EmbeddedBroker& operator=(const EmbeddedBroker&) = delete;

  // The mock cluster's own bootstrap address (for in-process clients).
  const std::string& bootstrap_servers() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::kafka
