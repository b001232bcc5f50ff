#pragma once
// Loads the dated policy files of docs/policy.md into an immutable domain::PolicySet.
// A file that does not parse or breaks the schema is a ConfigError naming the file, line and key.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/settings.hpp"
#include "domain/policy.hpp"

namespace vextrus::config {

domain::PolicySet load_policies(const std::vector<std::string>& files);

// "48h", "2s", "30d", "-1d" → Duration; nullopt when malformed.
std::optional<domain::Duration> parse_duration(std::string_view text);

}  // namespace vextrus::config
