#include "config/api_tokens.hpp"

#include <yaml-cpp/yaml.h>

#include <set>

#include "config/settings.hpp"

namespace vextrus::config {
namespace {

bool lowercase_hex(const std::string& text) {
  return text.size() == 64 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

std::vector<TokenEntry> load_api_tokens(const std::string& path) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(path);
  } catch (const YAML::Exception& e) {
    throw ConfigError("api.tokens_file (VEXTRUS_API_TOKENS_FILE): " + path + ": " + e.what() +
                      "; give a YAML list of {name, role, sha256}");
  }
  if (!root.IsSequence()) {
    throw ConfigError(path + ": must be a YAML list of {name, role, sha256} (api.tokens_file)");
  }
  std::vector<TokenEntry> entries;
  std::set<std::string> names;
  for (const auto& item : root) {
    const std::string where = path + ":" + std::to_string(item.Mark().line + 1);
    if (!item.IsMap()) throw ConfigError(where + ": each token must be a mapping {name, role, sha256}");
    TokenEntry entry;
    for (const auto* key : {"name", "role", "sha256"}) {
      if (!item[key] || !item[key].IsScalar() || item[key].as<std::string>().empty()) {
        throw ConfigError(where + ": " + key + " is missing");
      }
    }
    entry.name = item["name"].as<std::string>();
    entry.role = item["role"].as<std::string>();
    entry.sha256 = item["sha256"].as<std::string>();
    if (entry.role != "viewer" && entry.role != "auditor" && entry.role != "operator") {
      throw ConfigError(where + ": role '" + entry.role + "' must be viewer, auditor or operator");
    }
    if (!lowercase_hex(entry.sha256)) {
      throw ConfigError(where +
                        ": sha256 must be the 64 lowercase hex digits of the token's SHA-256 "
                        "(printf %s \"$TOKEN\" | sha256sum), never the token itself");
    }
    if (!names.insert(entry.name).second) throw ConfigError(where + ": the name " + entry.name + " is given twice");
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace vextrus::config
