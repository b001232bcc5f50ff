#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {

std::string micros_of(std::string_view column) {
  return "(extract(epoch FROM " + std::string(column) + ") * 1000000)::bigint";
}

std::string bytea_hex(std::string_view bytes) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(hex[c >> 4]);
    out.push_back(hex[c & 0xF]);
  }
  return out;
}

std::string from_bytea_hex(std::string_view text) {
  auto nibble = [](char c) -> int { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
  if (text.size() >= 2 && text[0] == '\\' && text[1] == 'x') text.remove_prefix(2);
  std::string out;
  out.reserve(text.size() / 2);
  for (std::size_t i = 0; i + 1 < text.size(); i += 2) {
    out.push_back(static_cast<char>(nibble(text[i]) << 4 | nibble(text[i + 1])));
  }
  return out;
}

std::string text_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) out += ',';
    out += '"';
    for (char c : values[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string bigint_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (const auto value : values) out += (out.size() > 1 ? "," : "") + std::to_string(value);
  return out + "}";
}

}  // namespace vextrus::pg
