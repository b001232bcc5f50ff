#include "adapters/kafka/kafka_problems.hpp"

#include <librdkafka/rdkafka.h>

namespace vextrus::kafka {

std::optional<health::Problem> permanent_problem(int code, const std::string& text) {
  // librdkafka appends how long the attempt took and how many it suppressed: the same problem.
  const std::string detail = text.substr(0, text.find(" (after "));
  switch (static_cast<rd_kafka_resp_err_t>(code)) {
    case RD_KAFKA_RESP_ERR__AUTHENTICATION:
    case RD_KAFKA_RESP_ERR_SASL_AUTHENTICATION_FAILED:
      return health::Problem{"kafka", "authentication", detail,
                             "check kafka.properties: security.protocol, sasl.mechanism, sasl.username and "
                             "sasl.password (VEXTRUS_KAFKA_PROPERTIES_SASL_USERNAME, ..._SASL_PASSWORD)"};
    case RD_KAFKA_RESP_ERR_TOPIC_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_GROUP_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_CLUSTER_AUTHORIZATION_FAILED:
    case RD_KAFKA_RESP_ERR_TRANSACTIONAL_ID_AUTHORIZATION_FAILED:
      return health::Problem{"kafka", "authorization", detail,
                             "grant the service's principal READ on the input topics and its consumer group, "
                             "WRITE and DESCRIBE on the output topics, and IDEMPOTENT_WRITE on the cluster"};
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
      return health::Problem{"kafka", "missing_topic", detail,
                             "create the topics with vextrus-flow init-topics, or set VEXTRUS_KAFKA_TOPICS_* to "
                             "the names that exist"};
    default:
      return std::nullopt;
  }
}

}  // namespace vextrus::kafka
