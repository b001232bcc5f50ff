// The HTTP routes without a network (tests/support/in_memory_http.hpp): the token guard, JSON
// errors, and request bytes that are not text, which once turned a 404 or a 400 into a 503
// "database unavailable" (found by tests/fuzz/http_request_fuzzer).

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "adapters/http/http_routes.hpp"
#include "tests/support/empty_backend.hpp"
#include "tests/support/in_memory_http.hpp"

namespace vextrus::http {
namespace {

const std::string token = "unit-test-token";

// Answers from memory; remembers what reached it.
class MemoryBackend : public testing::EmptyBackend {
 public:
  std::vector<std::string> calls;
  std::optional<std::string> entity(EntityKind, const std::string& id, bool) override {
    calls.push_back("entity " + id);
    if (id == "PO-1") return std::string(R"({"po_id":"PO-1"})");
    return std::nullopt;
  }
  AuditPage audit(const AuditQuery& query) override {
    calls.push_back("audit " + query.entity_id.value_or("*"));
    return {};
  }
  AuditVerification verify(const std::string&) override {
    calls.push_back("verify");
    return {};
  }
};

struct Reply {
  int status = 0;
  nlohmann::json body;
};

class HttpRoutesTest : public ::testing::Test {
 protected:
  HttpRoutesTest() {
    deps_.tokens = {single_token(token)};
    deps_.health = [] { return HealthSnapshot{true, true, false, true, "ok", {}}; };
    deps_.metrics = [] { return std::string("# metrics\n"); };
    deps_.api = backend_;
  }

  Reply get(const std::string& target, bool with_token = true) {
    const std::string request = "GET " + target + " HTTP/1.1\r\nHost: x\r\n" +
                                (with_token ? "Authorization: Bearer " + token + "\r\n" : "") + "\r\n";
    const std::string raw = server_.serve(request);
    Reply reply;
    EXPECT_EQ(raw.rfind("HTTP/1.1 ", 0), 0u) << raw;
    reply.status = std::stoi(raw.substr(9, 3));
    const auto body = raw.find("\r\n\r\n");
    reply.body = nlohmann::json::parse(raw.substr(body + 4));  // throws unless JSON
    return reply;
  }

  std::shared_ptr<MemoryBackend> backend_ = std::make_shared<MemoryBackend>();
  HttpDeps deps_;
  testing::InMemoryServer server_{deps_};
};

// A failure retrying will not cure is named in every health answer, with its fix, and keeps
// readiness false (the orchestrator stops sending traffic; liveness stays: a restart would not help).
TEST_F(HttpRoutesTest, APermanentProblemIsShownWithItsFixAndKeepsTheServiceUnready) {
  const auto healthy = get("/health/ready", false);
  EXPECT_EQ(healthy.status, 200);
  EXPECT_EQ(healthy.body.at("problems"), nlohmann::json::array());
  deps_.health = [] {
    HealthSnapshot h{true, true, false, true, "ok", {}};
    h.problems.push_back({"postgres", "permission", "permission denied for table consumer_offsets (role \"bob\")",
                          "as the schema owner run GRANT vextrus_runtime TO \"bob\""});
    return h;
  };
  for (const char* path : {"/health", "/health/ready", "/health/live", "/health/startup"}) {
    const auto reply = get(path, false);
    EXPECT_EQ(reply.status, std::string(path) == "/health/ready" ? 503 : 200) << path;
    EXPECT_EQ(reply.body.at("status"), "degraded") << path;
    EXPECT_EQ(reply.body.at("checks").at("postgres"), "ok") << path;
    ASSERT_EQ(reply.body.at("problems").size(), 1u) << path;
    EXPECT_EQ(reply.body.at("problems")[0],
              (nlohmann::json{{"check", "postgres"},
                              {"reason", "permission denied for table consumer_offsets (role \"bob\")"},
                              {"fix", "as the schema owner run GRANT vextrus_runtime TO \"bob\""}}))
        << path;
  }
}

TEST_F(HttpRoutesTest, TheTokenGuardsEveryV1Path) {
  for (const std::string path : {"/v1/purchase-orders/PO-1", "/v1/audit", "/v1/audit/verify", "/v1/no-such"}) {
    const auto reply = get(path, false);
    EXPECT_EQ(reply.status, 401) << path;
    EXPECT_EQ(reply.body.at("error"), "missing or wrong bearer token");
  }
  EXPECT_TRUE(backend_->calls.empty());
  EXPECT_EQ(get("/v1/purchase-orders/PO-1").status, 200);
}

TEST_F(HttpRoutesTest, AnIdThatIsNotTextIsUnknownWithoutAskingTheDatabase) {
  for (const std::string path : {"/v1/invoices/%FF", "/v1/onboardings/a%00b", "/v1/purchase-orders/%C3%28"}) {
    const auto reply = get(path);
    EXPECT_EQ(reply.status, 404) << path;
    EXPECT_TRUE(reply.body.at("error").is_string());
  }
  EXPECT_TRUE(backend_->calls.empty());
  EXPECT_EQ(get("/v1/invoices/INV-%E0%A6%95").status, 404);  // Bengali text is asked for
  EXPECT_EQ(backend_->calls.size(), 1u);
}

TEST_F(HttpRoutesTest, AnAuditFilterThatIsNotTextIsABadRequest) {
  const auto reply = get("/v1/audit?entity_id=%FF%FE");
  EXPECT_EQ(reply.status, 400);
  EXPECT_EQ(reply.body.at("error"), "entity_id is not UTF-8 text");
  EXPECT_EQ(get("/v1/audit?chain=a%00").status, 400);
  EXPECT_TRUE(backend_->calls.empty());
}

TEST_F(HttpRoutesTest, UnknownPathsAndMethodsAreJsonErrors) {
  EXPECT_EQ(get("/no/such/path").status, 404);
  const std::string raw = server_.serve("DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_EQ(raw.rfind("HTTP/1.1 4", 0), 0u) << raw;
  EXPECT_NE(raw.find("\"error\""), std::string::npos) << raw;
}

}  // namespace
}  // namespace vextrus::http
