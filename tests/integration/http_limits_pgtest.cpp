// The HTTP listener under bad and hostile requests (issue 6): oversized URLs, headers and
// bodies, unknown methods and paths get a 4xx; a crowd of idle connections holds no more than
// the listener's own threads, health answers again as soon as they go, and the event pipeline
// goes on meanwhile.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <iostream>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

int connect_to(const std::string& address) {
  const auto colon = address.rfind(':');
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
  ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &to.sin_addr);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends `request` as it is and returns the status code of the answer (0: none within 10 s).
int raw_status(const std::string& address, const std::string& request) {
  const int fd = connect_to(address);
  if (fd < 0) return 0;
  for (std::size_t sent = 0; sent < request.size();) {
    const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early on an oversized request; read its answer
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  pollfd readable{fd, POLLIN, 0};
  while (answer.find("\r\n") == std::string::npos && ::poll(&readable, 1, 10'000) > 0) {
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
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
  EXPECT_EQ(raw_status(address, "POST /v1/audit HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer limits-token-not-a-secret\r\n"
                                "Content-Length: 200000\r\nConnection: close\r\n\r\n" + std::string(200'000, 'z')),
            413);

  // A crowd of idle connections (a slowloris): the listener's threads are taken by them until
  // its read timeout (2 s) ends each one, so health answers again within seconds; the pipeline
  // does not depend on the listener at all.
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
