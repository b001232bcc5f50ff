#include "adapters/json/json_text.hpp"

#include <algorithm>
#include <array>

namespace vextrus::adapters {
namespace {

// The escape of each byte that needs one; empty for the bytes written as they are.
constexpr std::array<std::string_view, 128> escapes() {
  std::array<std::string_view, 128> table{};
  constexpr std::string_view control[32] = {"\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006",
                                            "\\u0007", "\\b",     "\\t",     "\\n",     "\\u000b", "\\f",     "\\r",
                                            "\\u000e", "\\u000f", "\\u0010", "\\u0011", "\\u0012", "\\u0013", "\\u0014",
                                            "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019", "\\u001a", "\\u001b",
                                            "\\u001c", "\\u001d", "\\u001e", "\\u001f"};
  for (std::size_t c = 0; c < 32; ++c) table[c] = control[c];
  table['"'] = "\\\"";
  table['\\'] = "\\\\";
  return table;
}

constexpr auto escape_of = escapes();

// UTF-8 → UTF-16 code units (valid UTF-8 is guaranteed upstream).
std::u16string utf16(std::string_view text) {
  std::u16string out;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    const int length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    char32_t code = length == 1 ? c : length == 2 ? c & 0x1F : length == 3 ? c & 0x0F : c & 0x07;
    for (int k = 1; k < length && i + static_cast<std::size_t>(k) < text.size(); ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]) & 0x3F);
    }
    i += static_cast<std::size_t>(length);
    if (code >= 0x10000) {
      code -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (code >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (code & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(code));
    }
  }
  return out;
}

bool ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

void append_json_string(std::string& out, std::string_view text) {
  out.push_back('"');
  std::size_t plain = 0;  // start of the run of bytes not yet appended
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 128 || escape_of[c].empty()) continue;
    out.append(text.data() + plain, i - plain);
    out.append(escape_of[c]);
    plain = i + 1;
  }
  out.append(text.data() + plain, text.size() - plain);
  out.push_back('"');
}

bool precedes_in_utf16_order(std::string_view left, std::string_view right) {
  if (ascii(left) && ascii(right)) return left < right;
  return utf16(left) < utf16(right);
}

}  // namespace vextrus::adapters
