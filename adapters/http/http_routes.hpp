#pragma once
// The routes of the HTTP listener, apart from its sockets and threads, so that the request
// handling can be driven without a network (tests/fuzz/http_request_fuzzer.cpp).

#include <httplib.h>

#include "adapters/http/http_server.hpp"

namespace vextrus::http {

// Installs the health, metrics and /v1 handlers, the token guard and the JSON error bodies on
// `server`, with its body size limit. `deps` must outlive `server`.
void install_routes(httplib::Server& server, const HttpDeps& deps);

}  // namespace vextrus::http
