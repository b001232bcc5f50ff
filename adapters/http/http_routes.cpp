#include "adapters/http/http_routes.hpp"

#include <chrono>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <utility>

#include "adapters/http/request_reader.hpp"
#include "adapters/json/utf8.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::http {
namespace {

std::vector<std::string> segments(const std::string& path) {
  std::vector<std::string> out;
  std::size_t start = 1;
  while (start <= path.size()) {
    const auto slash = std::min(path.find('/', start), path.size());
    out.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
  return out;
}

// The placeholders of `pattern` in `path`, or nullopt when the path is not the pattern's. A last
// segment "{*}" takes the rest of the path, slashes and all, even nothing ("/ui/{*}": "/ui/").
std::optional<std::vector<std::string>> match(const std::string& pattern, const std::string& path) {
  if (path.empty() || path.front() != '/') return std::nullopt;
  const auto want = segments(pattern), have = segments(path);
  const bool rest = !want.empty() && want.back() == "{*}";
  if (rest ? have.size() < want.size() : want.size() != have.size()) return std::nullopt;
  std::vector<std::string> params;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (rest && i + 1 == want.size()) {
      std::size_t at = 0;  // where segment i starts in `path`
      for (std::size_t skip = 0; skip <= i; ++skip) at = path.find('/', at) + 1;
      params.push_back(path.substr(at));
    } else if (!want[i].empty() && want[i].front() == '{') {
      if (have[i].empty()) return std::nullopt;
      params.push_back(have[i]);
    } else if (want[i] != have[i]) {
      return std::nullopt;
    }
  }
  return params;
}

bool standard_method(const std::string& method) {
  for (const char* known : {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "CONNECT", "TRACE"}) {
    if (method == known) return true;
  }
  return false;
}

bool is_api(const Request& request) { return request.path.rfind("/v1/", 0) == 0 || request.path == "/v1"; }

}  // namespace

ApiBackend& backend(const RouteContext& c) {
  if (!c.deps.api) throw std::runtime_error("the API has no backend");
  return *c.deps.api;
}

std::string dump(const nlohmann::json& value) {
  return value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Response json_answer(int status, std::string json_text) {
  Response response;
  response.status = status;
  response.body = std::move(json_text);
  return response;
}

Routes::Routes(const HttpDeps& deps) : deps_(deps) {
  for (auto part :
       {health_routes(), api_routes(), list_routes(), report_routes(), redrive_routes(), console_routes()}) {
    for (auto& route : part) routes_.push_back(std::move(route));
  }
}

bool Routes::blocking(const Request& request) const {
  if (!is_api(request)) return false;
  const auto caller = identify(request.header("Authorization"), deps_.tokens);
  if (!caller) return false;  // refused at once
  for (const auto& route : routes_) {
    if (route.method == request.method && match(route.pattern, request.path)) {
      return route.blocking && (!route.role || allows(caller->role, *route.role));
    }
  }
  return false;
}

Response Routes::answer(const Request& request) const {
  const auto started = std::chrono::steady_clock::now();
  std::optional<Caller> caller;
  Response response = [&] {
    if (is_api(request)) {
      caller = identify(request.header("Authorization"), deps_.tokens);
      if (!caller) return error_response(401, "missing or wrong bearer token");
    }
    std::vector<std::string> allowed;
    for (const auto& route : routes_) {
      auto params = match(route.pattern, request.path);
      if (!params) continue;
      if (route.method != request.method) {
        allowed.push_back(route.method);
        continue;
      }
      // Whatever the path looked like, a route that needs a role needs a caller.
      if (route.role && !caller) return error_response(401, "missing or wrong bearer token");
      if (route.role && !allows(caller->role, *route.role)) {
        Response refused =
            error_response(403, "this needs the role " + std::string(name(*route.role)) + "; the token " +
                                    caller->name + " has the role " + std::string(name(caller->role)));
        return refused;
      }
      // A path parameter that is not text names nothing (ids are UTF-8).
      for (const auto& param : *params) {
        if (!adapters::storable_text(param)) return error_response(404, "not found");
      }
      try {
        return route.handler(RouteContext{deps_, request, caller ? &*caller : nullptr, std::move(*params)});
      } catch (const std::invalid_argument& e) {
        return error_response(400, e.what());
      } catch (const Unavailable& e) {
        log::warn("an API request failed", {{"path", request.path}, {"error", e.what()}});
        return error_response(503, e.what());
      } catch (const std::exception& e) {
        log::warn("an API request failed", {{"path", request.path}, {"error", e.what()}});
        return error_response(503, "the database is unavailable; try again");
      }
    }
    if (!standard_method(request.method)) return error_response(400, "unknown method " + request.method);
    if (allowed.empty()) return error_response(404, "not found");
    std::string methods;
    for (const auto& m : allowed) methods += (methods.empty() ? "" : ", ") + m;
    Response refused = error_response(405, request.method + " is not allowed here; use " + methods);
    refused.headers.emplace_back("Allow", methods);
    return refused;
  }();
  if (is_api(request)) {
    // Answers about entities, employees and money must not be kept by a browser or a proxy.
    response.headers.emplace_back("Cache-Control", "no-store");
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    log::info("api request", {{"method", request.method},
                              {"path", adapters::storable_text(request.path) ? request.path : std::string("?")},
                              {"status", response.status},
                              {"token", caller ? caller->name : std::string("-")},
                              {"ms", static_cast<std::int64_t>(ms.count())}});
  }
  return response;
}

}  // namespace vextrus::http
