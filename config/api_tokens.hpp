#pragma once
// The API's tokens file (api.tokens_file, VEXTRUS_API_TOKENS_FILE; docs/operations.md "API
// tokens and roles"): a YAML list of {name, role, sha256}, the SHA-256 digests of the tokens,
// never the tokens themselves, mounted from a secret. Read once at start.

#include <string>
#include <vector>

namespace vextrus::config {

struct TokenEntry {
  std::string name;
  std::string role;    // viewer, auditor or operator
  std::string sha256;  // 64 lowercase hex digits
};

// Throws ConfigError with the file, line and what is wrong (a missing member, an unknown role,
// a digest that is not 64 hex digits, a name given twice).
std::vector<TokenEntry> load_api_tokens(const std::string& path);

}  // namespace vextrus::config
