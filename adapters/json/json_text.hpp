#pragma once
// Writing JSON text by hand on the hot path, where building a DOM first (nlohmann) cost more
// than deciding the event. Stateless and thread-safe.

#include <string>
#include <string_view>

namespace vextrus::adapters {

// Appends `text` (valid UTF-8) as a JSON string escaped as RFC 8785 requires: `"` and `\`,
// \b \f \n \r \t by name, the other control characters as lowercase \u00xx, everything else
// (DEL and non-ASCII included) as it is.
void append_json_string(std::string& out, std::string_view text);

// RFC 8785's order of member names: by UTF-16 code units. It equals byte order unless a name
// holds a character above U+FFFF and another one in U+E000..U+FFFF at the same place.
bool precedes_in_utf16_order(std::string_view left, std::string_view right);

}  // namespace vextrus::adapters
