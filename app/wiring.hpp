#pragma once
// Settings → client properties and topic lists, shared by the service and the tools.

#include <string>
#include <vector>

#include "adapters/http/access.hpp"
#include "adapters/http/http_limits.hpp"
#include "adapters/kafka/admin.hpp"
#include "config/settings.hpp"

namespace vextrus::app {

// librdkafka properties for `bootstrap` (empty: the configured brokers), with the pass-through
// properties of kafka.properties.
kafka::Properties kafka_properties(const config::Settings& settings, const std::string& bootstrap);
std::vector<kafka::TopicSpec> topic_specs(const config::Settings& settings);

// Who may call /v1: the tokens of api.tokens_file and the single api.token (an operator).
// Throws config::ConfigError when the file is wrong.
std::vector<http::ApiToken> api_tokens(const config::Settings& settings);

// The listener's limits from the http.* settings.
http::Limits http_limits(const config::HttpSettings& http);

// This machine's host name, for the records that say who did something ("unknown-host" when it
// cannot be read).
std::string host_name();
// Who runs a command, as the records of what it did name them: $USER@host.
std::string operator_identity();

// The checks that need the client libraries: every kafka.properties entry is one librdkafka
// accepts, and the DSNs parse. Throws config::ConfigError naming the setting and the fix, so a
// typo stops the command at start rather than being retried like an outage.
void check_client_settings(const config::Settings& settings);

}  // namespace vextrus::app
