#pragma once
// Tells the Kafka errors that retrying will not cure (health::Problem) from the ones that pass:
// a rejected login, a missing ACL, a topic that does not exist. Stateless.

#include <optional>
#include <string>

#include "adapters/health/problem.hpp"

namespace vextrus::kafka {

// `code` is librdkafka's rd_kafka_resp_err_t; `text` what it said (or the topic it concerns).
std::optional<health::Problem> permanent_problem(int code, const std::string& text);

}  // namespace vextrus::kafka
