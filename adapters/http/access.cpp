#include "adapters/http/access.hpp"

#include <openssl/evp.h>

#include <stdexcept>

namespace vextrus::http {

std::string_view name(ApiRole role) {
  switch (role) {
    case ApiRole::viewer:
      return "viewer";
    case ApiRole::auditor:
      return "auditor";
    case ApiRole::operator_role:
      return "operator";
  }
  return {};
}

std::optional<ApiRole> parse_api_role(std::string_view text) {
  for (const auto role : {ApiRole::viewer, ApiRole::auditor, ApiRole::operator_role}) {
    if (name(role) == text) return role;
  }
  return std::nullopt;
}

Digest sha256(std::string_view bytes) {
  Digest digest{};
  unsigned int length = 0;
  if (EVP_Digest(bytes.data(), bytes.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != digest.size()) {
    throw std::runtime_error("SHA-256 failed");
  }
  return digest;
}

std::optional<Digest> parse_digest(std::string_view hex) {
  if (hex.size() != 64) return std::nullopt;
  const auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) {
    const int high = nibble(hex[2 * i]), low = nibble(hex[2 * i + 1]);
    if (high < 0 || low < 0) return std::nullopt;
    digest[i] = static_cast<unsigned char>(high * 16 + low);
  }
  return digest;
}

ApiToken single_token(const std::string& secret) { return {"api-token", ApiRole::operator_role, sha256(secret)}; }

std::optional<Caller> identify(std::string_view authorization, const std::vector<ApiToken>& tokens) {
  static constexpr std::string_view prefix = "Bearer ";
  if (authorization.size() <= prefix.size() || authorization.substr(0, prefix.size()) != prefix) return std::nullopt;
  const Digest presented = sha256(authorization.substr(prefix.size()));
  const ApiToken* found = nullptr;
  for (const auto& token : tokens) {
    unsigned char difference = 0;
    for (std::size_t i = 0; i < presented.size(); ++i) difference |= presented[i] ^ token.sha256[i];
    if (difference == 0 && found == nullptr) found = &token;
  }
  if (found == nullptr) return std::nullopt;
  return Caller{found->name, found->role};
}

}  // namespace vextrus::http
