#include "adapters/http/cursor.hpp"

#include <stdexcept>

#include "adapters/http/access.hpp"
#include "adapters/json/base64.hpp"

namespace vextrus::http {
namespace {

constexpr std::size_t seal_size = 12;  // bytes of SHA-256 kept: 96 bits no typo survives

std::string seal(const std::string& path, const Params& params, const std::string& key) {
  // Lengths before each part: no two different lists, filters or keys give the same text.
  std::string text = "vextrus-flow list cursor 1";
  const auto add = [&text](const std::string& part) { text += "\n" + std::to_string(part.size()) + ":" + part; };
  add(path);
  for (const auto& [name, value] : params) {  // a multimap: in name order whatever the query's order
    if (name == "cursor" || name == "limit") continue;
    add(name);
    add(value);
  }
  add(key);
  const auto digest = sha256(text);
  return std::string(reinterpret_cast<const char*>(digest.data()), seal_size);
}

}  // namespace

std::string seal_cursor(const std::string& path, const Params& params, const std::string& key) {
  return adapters::base64url(seal(path, params, key) + key);
}

std::optional<std::string> open_cursor(const std::string& path, const Params& params) {
  const auto text = text_param(params, "cursor");
  if (!text) return std::nullopt;
  const auto bytes = adapters::from_base64url(*text);
  if (!bytes || bytes->size() <= seal_size) {
    throw std::invalid_argument("cursor is not one this list returned as next_cursor");
  }
  std::string key = bytes->substr(seal_size);
  if (bytes->compare(0, seal_size, seal(path, params, key)) != 0) {
    throw std::invalid_argument(
        "cursor is not one this list returned as next_cursor for these filters; keep the filters of the first page");
  }
  return key;
}

}  // namespace vextrus::http
