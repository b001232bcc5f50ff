#pragma once
// The service's one HTTP listener (CONTRACT.md section 7): health probes, Prometheus metrics and
// the bearer-token guard of /v1/*. Serves on its own threads; the callbacks it is given must be
// thread-safe.

#include <functional>
#include <memory>
#include <string>

namespace vextrus::http {

struct HealthSnapshot {
  bool migrated = false;       // schema is current
  bool joined = false;         // the consumer joined its group
  bool shutting_down = false;
  bool postgres_ok = false;
  std::string kafka = "down";  // "ok", "down" or "embedded"
};

struct HttpDeps {
  std::string address;  // host:port
  std::string api_token;  // empty: /v1/* always answers 401
  std::function<HealthSnapshot()> health;
  std::function<std::string()> metrics;  // Prometheus text
};

class HttpServer {
 public:
  explicit HttpServer(HttpDeps deps);  // starts listening; throws std::runtime_error when it cannot
  ~HttpServer();                       // stops and joins
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Constant-time comparison of a presented bearer token with the configured one.
bool token_matches(const std::string& header_value, const std::string& token);

}  // namespace vextrus::http
