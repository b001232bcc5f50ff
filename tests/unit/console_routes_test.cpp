// The web console at /ui/ without a network: the embedded files with their types, the page for
// every path of the console's own routes, the strict headers on each, and no token needed for
// files that hold no data (the /v1 calls of the page carry the token and are checked there).

#include <gtest/gtest.h>

#include <map>
#include <regex>
#include <string>

#include "adapters/http/console_assets.hpp"
#include "adapters/http/http_routes.hpp"
#include "tests/support/empty_backend.hpp"
#include "tests/support/in_memory_http.hpp"

namespace vextrus::http {
namespace {

struct Answer {
  int status = 0;
  std::map<std::string, std::string> headers;  // names lower-cased
  std::string body;

  std::string header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? "" : found->second;
  }
};

class ConsoleRoutesTest : public ::testing::Test {
 protected:
  ConsoleRoutesTest() {
    deps_.health = [] { return HealthSnapshot{true, true, false, true, "ok", {}}; };
    deps_.metrics = [] { return std::string(); };
    deps_.api = std::make_shared<testing::EmptyBackend>();
  }

  Answer send(const std::string& method, const std::string& target) {
    const std::string raw = server_.serve(method + " " + target + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    Answer answer;
    answer.status = std::stoi(raw.substr(9, 3));
    const auto end = raw.find("\r\n\r\n");
    for (auto at = raw.find("\r\n") + 2; at < end;) {
      const auto next = raw.find("\r\n", at);
      const auto line = raw.substr(at, next - at);
      auto name = line.substr(0, line.find(':'));
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      answer.headers[name] = line.substr(line.find(':') + 2);
      at = next + 2;
    }
    answer.body = raw.substr(end + 4);
    return answer;
  }
  Answer get(const std::string& target) { return send("GET", target); }

  HttpDeps deps_;
  testing::InMemoryServer server_{deps_};
};

void expect_strict_headers(const Answer& a, const std::string& target) {
  const auto csp = a.header("content-security-policy");
  EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << target << ": " << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << target;
  EXPECT_NE(csp.find("default-src 'none'"), std::string::npos) << target;
  EXPECT_EQ(csp.find("unsafe"), std::string::npos) << target << ": no unsafe-inline, no unsafe-eval";
  EXPECT_EQ(a.header("x-content-type-options"), "nosniff") << target;
  EXPECT_EQ(a.header("referrer-policy"), "no-referrer") << target;
}

TEST_F(ConsoleRoutesTest, EveryPageOfTheConsoleIsItsOneHtmlPageWithStrictHeaders) {
  const auto page = get("/ui/");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.header("content-type"), "text/html; charset=utf-8");
  expect_strict_headers(page, "/ui/");
  EXPECT_NE(page.body.find("src=\"/ui/app.js\""), std::string::npos) << page.body;
  // No inline script: every <script> names its source (the policy would refuse one anyway).
  const std::regex script("<script[^>]*>");
  for (std::sregex_iterator it(page.body.begin(), page.body.end(), script), end; it != end; ++it) {
    EXPECT_NE(it->str().find("src="), std::string::npos) << it->str();
  }
  for (const char* path : {"/ui/invoices", "/ui/invoices?status=on_hold", "/ui/invoices/INV-2025-0001",
                           "/ui/invoices/INV.2025.7", "/ui/sign-in?next=%2Fui%2Faudit", "/ui/dead-letters/12"}) {
    const auto same = get(path);
    EXPECT_EQ(same.status, 200) << path;
    EXPECT_EQ(same.body, page.body) << path;
    expect_strict_headers(same, path);
  }
}

TEST_F(ConsoleRoutesTest, TheEmbeddedFilesAreServedWithTheirTypesAndNothingElseIsAFile) {
  std::map<std::string, std::string> seen;
  for (const auto& asset : console_assets()) seen[std::string(asset.name)] = std::string(asset.content_type);
  EXPECT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen["app.js"], "text/javascript; charset=utf-8");
  EXPECT_EQ(seen["app.css"], "text/css; charset=utf-8");
  EXPECT_EQ(seen["favicon.svg"], "image/svg+xml");
  for (const auto& asset : console_assets()) {
    const auto answer = get("/ui/" + std::string(asset.name));
    EXPECT_EQ(answer.status, 200) << asset.name;
    EXPECT_EQ(answer.header("content-type"), asset.content_type);
    EXPECT_EQ(answer.body, asset.body) << asset.name;
    EXPECT_FALSE(answer.body.empty()) << asset.name;
    expect_strict_headers(answer, std::string(asset.name));
  }
  EXPECT_EQ(get("/ui/missing.js").status, 404);
  EXPECT_EQ(get("/ui/.env").status, 404);
}

TEST_F(ConsoleRoutesTest, TheBarePathMovesToTheConsoleAndOnlyGetIsAllowed) {
  const auto moved = get("/ui");
  EXPECT_EQ(moved.status, 308);
  EXPECT_EQ(moved.header("location"), "/ui/");
  const auto post = send("POST", "/ui/");
  EXPECT_EQ(post.status, 405);
  EXPECT_EQ(post.header("allow"), "GET");
  // The console is not the API: no token is asked of its files, and /v1 still asks one.
  EXPECT_EQ(get("/v1/me").status, 401);
}

}  // namespace
}  // namespace vextrus::http
