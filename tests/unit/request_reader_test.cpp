// The listener's request reader and answers on one connection, without a network: each abuse
// that desynchronises or exhausts an HTTP server is refused the same way the server refuses it
// (tests/integration/http_abuse_pgtest.cpp drives the same against the running service).

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "adapters/http/request_reader.hpp"
#include "tests/support/in_memory_http.hpp"

namespace vextrus::http {
namespace {

struct Answer {
  int status = 0;
  std::string head;
  std::string body;
};

// Splits the bytes of a connection's answers into answers (Content-Length framed).
std::vector<Answer> answers(std::string raw) {
  std::vector<Answer> out;
  while (raw.rfind("HTTP/1.1 ", 0) == 0) {
    const auto end = raw.find("\r\n\r\n");
    Answer answer;
    answer.status = std::stoi(raw.substr(9, 3));
    answer.head = raw.substr(0, end + 2);
    const auto length_at = answer.head.find("Content-Length: ");
    const auto length = std::stoul(answer.head.substr(length_at + 16));
    answer.body = raw.substr(end + 4, length);
    raw.erase(0, end + 4 + length);
    out.push_back(std::move(answer));
  }
  EXPECT_TRUE(raw.empty()) << "bytes that are no answer: " << raw;
  return out;
}

class RequestReaderTest : public ::testing::Test {
 protected:
  RequestReaderTest() {
    deps_.tokens = {single_token("t0ken")};
    deps_.health = [] { return HealthSnapshot{true, true, false, true, "ok", {}}; };
    deps_.metrics = [] { return std::string("vextrus_ready 1\n"); };
  }
  std::vector<Answer> serve(const std::string& input) { return answers(server_.serve(input)); }

  HttpDeps deps_;
  testing::InMemoryServer server_{deps_};
};

const std::string live = "GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n";

TEST_F(RequestReaderTest, PipelinedRequestsAreAnsweredInOrder) {
  const auto got = serve(live + "GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n" + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].status, 200);
  EXPECT_NE(got[0].body.find("\"checks\""), std::string::npos);
  EXPECT_EQ(got[1].body, "vextrus_ready 1\n");
  EXPECT_EQ(got[2].status, 404);
}

TEST_F(RequestReaderTest, TheBodyOfAGetIsReadNotTakenForTheNextRequest) {
  const std::string smuggled = "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n";
  const auto got = serve("GET /health/live HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(smuggled.size()) +
                         "\r\n\r\n" + smuggled + live);
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].status, 200);
  EXPECT_EQ(got[1].status, 200) << "the body was parsed as a request of its own";
  const auto chunked = serve(
      "GET /health/live HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "5\r\nhello\r\n0\r\n\r\n" +
      live);
  ASSERT_EQ(chunked.size(), 2u);
  EXPECT_EQ(chunked[1].status, 200);
}

TEST_F(RequestReaderTest, ConflictingLengthsAreRefusedAndTheConnectionCloses) {
  for (const std::string& head : {std::string("Content-Length: 5\r\nContent-Length: 6\r\n"),
                                  std::string("Content-Length: 5\r\nTransfer-Encoding: chunked\r\n"),
                                  std::string("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n")}) {
    const auto got = serve("GET /health/live HTTP/1.1\r\nHost: x\r\n" + head + "\r\nhello" + live);
    ASSERT_EQ(got.size(), 1u) << head;
    EXPECT_EQ(got[0].status, 400) << head;
    EXPECT_NE(got[0].head.find("Connection: close"), std::string::npos) << head;
  }
}

TEST_F(RequestReaderTest, OversizedRequestsGetTheirOwnStatus) {
  const auto line = serve("GET /v1/audit?entity_id=" + std::string(9000, 'x') + " HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(line.size(), 1u);
  EXPECT_EQ(line[0].status, 414);
  std::string many;
  for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  const auto lines = serve("GET /health/live HTTP/1.1\r\nHost: x\r\n" + many + "\r\n");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0].status, 431);
  const auto big = serve("GET /health/live HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(17'000, 'y') + "\r\n\r\n");
  ASSERT_EQ(big.size(), 1u);
  EXPECT_EQ(big[0].status, 431);
  // A flood of small lines is refused at the head limit, before the head ends.
  std::string flood = "GET /health/live HTTP/1.1\r\nHost: x\r\n";
  for (int i = 0; i < 10'000; ++i) flood += "X: v\r\n";
  const auto flooded = serve(flood);
  ASSERT_EQ(flooded.size(), 1u);
  EXPECT_EQ(flooded[0].status, 431);
  const auto body =
      serve("POST /v1/audit HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n" + std::string(70'000, 'z'));
  ASSERT_EQ(body.size(), 1u);
  EXPECT_EQ(body[0].status, 413);
}

TEST_F(RequestReaderTest, Http11WithoutHostIsRefused) {
  const auto got = serve("GET /health/live HTTP/1.1\r\n\r\n");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, 400);
  EXPECT_EQ(serve("GET /health/live HTTP/1.0\r\n\r\n").at(0).status, 200) << "HTTP/1.0 has no Host";
}

// Found by tests/fuzz/http_request_fuzzer: "GET (v1/invoices" was routed as /v1/invoices while
// the token guard, which looks for "/v1/", let it pass without a token.
TEST_F(RequestReaderTest, ATargetThatIsNotAPathIsRefusedBeforeTheRoutes) {
  for (const std::string target : {"(v1/invoices", "v1/invoices", "x/v1/audit", "http://x/v1/audit", "*"}) {
    const auto got = serve("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n");
    ASSERT_EQ(got.size(), 1u) << target;
    EXPECT_EQ(got[0].status, 400) << target;
    EXPECT_NE(got[0].body.find("must be a path starting with /"), std::string::npos) << got[0].body;
  }
  EXPECT_EQ(serve(live).at(0).status, 200);
}

TEST_F(RequestReaderTest, RangeIsIgnoredOnGeneratedAnswers) {
  const auto got = serve("GET /metrics HTTP/1.1\r\nHost: x\r\nRange: bytes=0-,0-,0-,0-\r\n\r\n");
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].status, 200);
  EXPECT_EQ(got[0].body, "vextrus_ready 1\n");
}

TEST_F(RequestReaderTest, EveryAnswerCarriesTheSecurityHeadersAndNoServerVersion) {
  for (const auto& answer : serve(live + "GET /v1/audit HTTP/1.1\r\nHost: x\r\n\r\n")) {
    EXPECT_NE(answer.head.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos) << answer.head;
    EXPECT_EQ(answer.head.find("Server:"), std::string::npos) << answer.head;
  }
  const auto api = serve("GET /v1/audit HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(api.size(), 1u);
  EXPECT_EQ(api[0].status, 401);
  EXPECT_NE(api[0].head.find("Cache-Control: no-store\r\n"), std::string::npos) << api[0].head;
}

TEST_F(RequestReaderTest, AHeadArrivingByteByByteIsOneRequest) {
  RequestReader reader(deps_.limits);
  for (std::size_t i = 0; i + 1 < live.size(); ++i) {
    reader.append(live.substr(i, 1));
    ASSERT_EQ(reader.advance(), RequestReader::Status::need_more) << i;
    EXPECT_TRUE(reader.started());
    EXPECT_FALSE(reader.head_complete());
  }
  reader.append(live.substr(live.size() - 1));
  ASSERT_EQ(reader.advance(), RequestReader::Status::complete);
  const auto request = reader.take();
  EXPECT_EQ(request.path, "/health/live");
  EXPECT_TRUE(reader.keep_alive());
  EXPECT_FALSE(reader.started()) << "nothing of a next request yet";
}

TEST_F(RequestReaderTest, TheQueryIsDecoded) {
  RequestReader reader(deps_.limits);
  reader.append(
      "GET /v1/audit?entity_id=PO%2D1&from=2025-09-17T10%3A15%3A00%2B06%3A00&x=a+b HTTP/1.1\r\nHost: x\r\n\r\n");
  ASSERT_EQ(reader.advance(), RequestReader::Status::complete);
  const auto request = reader.take();
  EXPECT_EQ(request.params.find("entity_id")->second, "PO-1");
  EXPECT_EQ(request.params.find("from")->second, "2025-09-17T10:15:00+06:00");
  EXPECT_EQ(request.params.find("x")->second, "a b");
}

}  // namespace
}  // namespace vextrus::http
