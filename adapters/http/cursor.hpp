#pragma once
// The opaque `cursor` of a list page (docs/openapi.yaml "Pagination"). It carries the key of the
// last item shown, which the backend reads the next page after, sealed with a digest of the
// list's path and filters: a cursor altered by hand, or given to another list or with other
// filters, is refused (400) before anything reaches the database. The seal is a check, not a
// secret (any replica, before or after a restart, opens the cursors of any other): a forged
// cursor could only choose where a page starts, which filters already can, and its key is
// parsed as typed values, never run as text. Stateless, thread-safe.

#include <optional>
#include <string>

#include "adapters/http/query_params.hpp"

namespace vextrus::http {

// The cursor naming `key` for the list at `path` read with `params` (its `cursor` and `limit`
// aside: a client may change the page size while walking).
std::string seal_cursor(const std::string& path, const Params& params, const std::string& key);

// The key of the request's `cursor`, nullopt when it has none; throws std::invalid_argument
// ("cursor ...") when it is not one this list gave for these filters.
std::optional<std::string> open_cursor(const std::string& path, const Params& params);

}  // namespace vextrus::http
