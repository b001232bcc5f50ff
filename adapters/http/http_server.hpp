#pragma once
// The service's one HTTP listener (docs/openapi.yaml): health probes, Prometheus metrics and
// the /v1 API behind its bearer token, within the limits of http_limits.hpp. Serves on its own
// threads; the callbacks it is given must be thread-safe.

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "adapters/health/problem.hpp"
#include "adapters/http/access.hpp"
#include "adapters/http/api.hpp"
#include "adapters/http/http_limits.hpp"

namespace vextrus::http {

struct HealthSnapshot {
  bool migrated = false;  // schema is current
  bool joined = false;    // the consumer joined its group
  bool shutting_down = false;
  bool postgres_ok = false;
  std::string kafka = "down";  // "ok", "down" or "embedded"
  // Failures retrying will not cure, met lately (health::Problems): each keeps readiness false.
  std::vector<health::Problem> problems;
  std::int64_t consumer_lag = 0;  // messages behind, over the partitions this process owns
};

// What /health/ready answers 200 for: migrated, in the consumer group, PostgreSQL and Kafka
// reachable, no permanent problem, not stopping.
bool ready(const HealthSnapshot& h);

// The withholding entity named on Mushak-6.6 certificates (company.name, company.bin).
struct Company {
  std::string name;
  std::string bin;
};

struct HttpDeps {
  std::string address;           // host:port
  std::vector<ApiToken> tokens;  // who may call /v1, with which role; none: /v1/* always answers 401
  std::function<HealthSnapshot()> health;
  std::function<std::string()> metrics;  // Prometheus text
  std::shared_ptr<ApiBackend> api;       // the /v1 reads; null: /v1/* answers 503
  Limits limits;
  std::shared_ptr<Redriver> redriver;  // null: re-drive answers 503
  std::optional<Company> company;      // unset: the VDS certificates answer 409
};

class HttpServer {
 public:
  explicit HttpServer(HttpDeps deps);  // starts listening; throws std::runtime_error when it cannot
  ~HttpServer();                       // stops, and waits for the requests at work
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Parses the query of GET /v1/audit; throws std::invalid_argument naming the bad parameter.
AuditQuery parse_audit_query(const std::multimap<std::string, std::string>& params);
// The `next` of a page: "<seq>:<chain>", which parse_audit_query reads back as `cursor`.
std::string audit_cursor(const std::pair<std::string, std::int64_t>& last);

}  // namespace vextrus::http
