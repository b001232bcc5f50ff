// The HTTP listener under bad requests: oversized URLs, headers and bodies, unknown methods and
// paths get a 4xx; a crowd of idle connections costs the event-driven listener no thread, so
// health answers throughout, and the event pipeline goes on meanwhile. The hostile clients of
// http_abuse_pgtest.cpp go further.

#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

// Sends `request` as it is and returns the status code of the answer (0: none within 10 s).
int raw_status(const std::string& address, const std::string& request) {
  return status_of(raw_exchange(address, request));
}

TEST(HttpLimits, BadRequestsGetA4xxAndIdleConnectionsDoNotStopThePipeline) {
  ScratchDatabase db("httplimits");
  TopicSet topics("httplimits");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  env["VEXTRUS_API_TOKEN"] = "limits-token-not-a-secret";
  ServiceProcess service(env, "/tmp/vextrus-httplimits.log");
  service.start();
  const auto& address = env.at("VEXTRUS_HTTP_ADDR");
  ASSERT_TRUE(wait_until([&] { return http_get(address, "/health/ready") == 200; }, 60s));

  const auto get = [](const std::string& target, const std::string& headers = "") {
    return "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + headers + "Connection: close\r\n\r\n";
  };
  EXPECT_EQ(raw_status(address, get("/health/live")), 200);
  EXPECT_EQ(raw_status(address, get("/v1/audit?entity_id=" + std::string(20'000, 'x'))), 414);
  const int big_header = raw_status(address, get("/health/live", "X-Big: " + std::string(100'000, 'y') + "\r\n"));
  EXPECT_GE(big_header, 400);
  EXPECT_LT(big_header, 500);
  const int many_headers = [&] {
    std::string headers;
    for (int i = 0; i < 500; ++i) headers += "X-H" + std::to_string(i) + ": v\r\n";
    return raw_status(address, get("/health/live", headers));
  }();
  EXPECT_TRUE(many_headers == 200 || (many_headers >= 400 && many_headers < 500)) << many_headers;
  EXPECT_EQ(raw_status(address, "BREW /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), 400);
  EXPECT_EQ(raw_status(address, "GARBAGE\r\n\r\n"), 400);
  EXPECT_EQ(raw_status(address, get("/no/such/path")), 404);
  EXPECT_EQ(raw_status(address,
                       "POST /v1/audit HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer limits-token-not-a-secret\r\n"
                       "Content-Length: 200000\r\nConnection: close\r\n\r\n" +
                           std::string(200'000, 'z')),
            413);

  // A crowd of idle connections: each is a socket and a timer on the listener's event loop, not
  // a thread, so health answers at once; the pipeline does not depend on the listener at all.
  std::vector<int> idle;
  for (int i = 0; i < 200; ++i) {
    const int fd = connect_to(address);
    if (fd >= 0) idle.push_back(fd);
  }
  const auto start = std::chrono::steady_clock::now();
  const bool answered = wait_until([&] { return http_get(address, "/health/live") == 200; }, 15s);
  const auto waited = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
  publish(topics.purchase_orders, {{"PO-H1", po_submitted("h-1", "PO-H1", "req-1", "10.00")},
                                   {"PO-H2", po_submitted("h-2", "PO-H2", "req-1", "20.00")}});
  EXPECT_TRUE(wait_until([&] { return committed_events(db) >= 2; }, 30s)) << "the pipeline stalled";
  for (const int fd : idle) ::close(fd);
  EXPECT_TRUE(answered);
  std::cout << "[ limits   ] " << idle.size() << " idle connections; /health/live answered after " << waited.count()
            << " ms\n";
  EXPECT_TRUE(wait_until([&] { return http_get(address, "/health/live") == 200; }, 5s)) << "once they are gone";
  EXPECT_EQ(service.stop(), 0);
}

}  // namespace
}  // namespace vextrus::testing
