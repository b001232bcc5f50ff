#include "adapters/json/utf8.hpp"

#include <simdjson.h>

namespace vextrus::adapters {

std::string_view cut_utf8(std::string_view text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  // Step back over continuation bytes (10xxxxxx) to the start of the character at `end`.
  while (end > 0 && limit - end < 4 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end);
}

bool storable_text(std::string_view text) {
  return text.find('\0') == std::string_view::npos && simdjson::validate_utf8(text.data(), text.size());
}

std::size_t utf8_length(std::string_view text) {
  std::size_t characters = 0;
  for (const char c : text) {
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++characters;  // not a continuation byte
  }
  return characters;
}

std::string quote_utf8(std::string_view text, std::size_t limit) {
  const auto cut = cut_utf8(text, limit);
  std::string out(cut);
  if (cut.size() < text.size()) out += "\u2026";
  return out;
}

}  // namespace vextrus::adapters
