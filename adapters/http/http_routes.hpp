#pragma once
// The routes of the HTTP listener, apart from its sockets and threads: a request in, its answer
// out, so that the request handling can be driven without a network (tests, fuzz target). Each
// route says its method, path, the role it needs (none for health and metrics) and whether it
// reads the database; the router checks the token and the role before any handler runs, logs
// every /v1 request with the caller's token name, and answers errors as JSON. Thread-safe as far
// as its dependencies are (HttpDeps).

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "adapters/http/access.hpp"
#include "adapters/http/http_message.hpp"
#include "adapters/http/http_server.hpp"

namespace vextrus::http {

struct RouteContext {
  const HttpDeps& deps;
  const Request& request;
  const Caller* caller;             // null on public routes
  std::vector<std::string> params;  // the path's {placeholders}, in order, percent-decoded
};

struct Route {
  std::string method;
  std::string pattern;          // "/v1/purchase-orders/{id}"
  std::optional<ApiRole> role;  // nullopt: public
  bool blocking = false;        // reads the database: run on a worker thread
  std::function<Response(const RouteContext&)> handler;
};

class Routes {
 public:
  explicit Routes(const HttpDeps& deps);  // `deps` must outlive the routes

  // Whether answering `request` may wait on the database: the server runs those on its worker
  // threads, and the rest (health, metrics, refusals) at once, so that probes answer whatever
  // the database does.
  bool blocking(const Request& request) const;
  Response answer(const Request& request) const;

 private:
  const HttpDeps& deps_;
  std::vector<Route> routes_;
};

// The routes of each part of the API (health_routes.cpp, api_routes.cpp, list_routes.cpp,
// report_routes.cpp, redrive_routes.cpp, console_routes.cpp).
std::vector<Route> health_routes();
std::vector<Route> api_routes();
std::vector<Route> list_routes();
std::vector<Route> report_routes();
std::vector<Route> redrive_routes();
std::vector<Route> console_routes();

// A failure a handler names itself: the router answers 503 with its message (a bare exception
// answers 503 "the database is unavailable; try again").
struct Unavailable : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The backend of /v1 routes; throws when there is none (the router answers 503).
ApiBackend& backend(const RouteContext& c);
// JSON text of `value`, text that is not UTF-8 replaced rather than thrown on.
std::string dump(const nlohmann::json& value);

// A JSON answer, and the error answers every route uses.
Response json_answer(int status, std::string json_text);

}  // namespace vextrus::http
