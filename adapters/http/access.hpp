#pragma once
// Who may read and do what over /v1: API tokens, each with a name and a role, kept as SHA-256
// digests (never the tokens themselves). A presented token is hashed and compared with every
// digest in constant time. Plain data and pure functions; thread-safe.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vextrus::http {

// viewer: entities, lists, reports; auditor: also the audit trail, its verification and export;
// operator: also re-drive. Each includes the ones before it.
enum class ApiRole { viewer, auditor, operator_role };

std::string_view name(ApiRole role);
std::optional<ApiRole> parse_api_role(std::string_view text);

using Digest = std::array<unsigned char, 32>;

struct ApiToken {
  std::string name;  // names the caller in logs and in the audit trail; never the token
  ApiRole role = ApiRole::viewer;
  Digest sha256{};
};

struct Caller {
  std::string name;
  ApiRole role = ApiRole::viewer;
};

Digest sha256(std::string_view bytes);
// "<64 lowercase hex digits>" -> digest; nullopt when it is not one.
std::optional<Digest> parse_digest(std::string_view hex);

// The token of a single secret (VEXTRUS_API_TOKEN): an operator named "api-token".
ApiToken single_token(const std::string& secret);

// The caller an `Authorization: Bearer <token>` header identifies, or nullopt. Every digest is
// compared, whatever matches, so the time taken says nothing about the tokens.
std::optional<Caller> identify(std::string_view authorization, const std::vector<ApiToken>& tokens);

inline bool allows(ApiRole has, ApiRole needs) { return static_cast<int>(has) >= static_cast<int>(needs); }

}  // namespace vextrus::http
