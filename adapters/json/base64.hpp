#pragma once
// Base64 (RFC 4648 section 4) for bytes that are not text, and its URL-safe form without padding
// (section 5) for tokens that travel in a query string. Stateless, thread-safe.

#include <optional>
#include <string>
#include <string_view>

namespace vextrus::adapters {

std::string base64(std::string_view bytes);
std::string base64url(std::string_view bytes);
// nullopt when `text` is not unpadded base64url.
std::optional<std::string> from_base64url(std::string_view text);

}  // namespace vextrus::adapters
