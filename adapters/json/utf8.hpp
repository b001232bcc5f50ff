#pragma once
// UTF-8 helpers for text that quotes input: cutting must never split a character, or the result
// is no longer valid UTF-8 (PostgreSQL and strict JSON encoders refuse it).

#include <string>
#include <string_view>

namespace vextrus::adapters {

// At most `limit` bytes of `text`, ending on a character boundary. Input that is not UTF-8 is
// cut at the same place a UTF-8 reader would.
std::string_view cut_utf8(std::string_view text, std::size_t limit);

// Text PostgreSQL can store and JSON can carry: valid UTF-8 without NUL characters.
bool storable_text(std::string_view text);

// Characters (Unicode code points) of valid UTF-8 text.
std::size_t utf8_length(std::string_view text);

// `text` cut to `limit` bytes, with "…" appended when it was cut.
std::string quote_utf8(std::string_view text, std::size_t limit);

}  // namespace vextrus::adapters
