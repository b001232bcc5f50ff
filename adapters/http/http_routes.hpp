#pragma once
// The routes of the HTTP listener, apart from its sockets and threads: a request in, its answer
// out, so that the request handling can be driven without a network (tests, fuzz target).
// Thread-safe as far as its dependencies are (HttpDeps).

#include "adapters/http/http_message.hpp"
#include "adapters/http/http_server.hpp"

namespace vextrus::http {

class Routes {
 public:
  explicit Routes(const HttpDeps& deps) : deps_(deps) {}  // `deps` must outlive the routes

  // Whether answering `request` may wait on the database: the server runs those on its worker
  // threads, within its limit of concurrent requests, and the rest (health, metrics, refusals)
  // at once, so that probes answer whatever the database does.
  bool blocking(const Request& request) const;
  Response answer(const Request& request) const;

 private:
  const HttpDeps& deps_;
};

}  // namespace vextrus::http
