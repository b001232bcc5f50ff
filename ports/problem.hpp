#pragma once
// A failure that retrying will not cure: a missing privilege, a rejected password, a table or
// topic that does not exist, a schema newer than the binary. The PostgreSQL and Kafka adapters
// classify their libraries' errors into these; the service logs them as errors with the fix,
// counts them, shows them in /health and is not ready while they last. Plain data.

#include <string>

namespace vextrus::ports {

struct Problem {
  std::string source;  // "postgres" or "kafka": the /health check it belongs to
  // permission, authentication, missing_object, newer_schema (PostgreSQL); authentication,
  // authorization, missing_topic (Kafka)
  std::string kind;
  std::string reason;  // what the server answered, without secrets
  std::string fix;     // what the operator does about it
};

}  // namespace vextrus::ports
