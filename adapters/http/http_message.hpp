#pragma once
// A parsed HTTP request and the answer to it, as the routes see them: plain data, no library
// types, so that the routes, the server and the tests share them (the one parser is
// request_reader.hpp's).

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vextrus::http {

struct Request {
  std::string method;                              // as sent: "GET"
  std::string target;                              // as sent: "/v1/audit?entity_id=PO%2D1"
  std::string path;                                // percent-decoded, without the query: "/v1/audit"
  std::multimap<std::string, std::string> params;  // the decoded query
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header of that name (case-insensitive), or "".
  std::string header(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  // When set, the body is instead this producer's pieces, sent as they come (chunked) until it
  // returns nullopt: an answer too large to hold in memory. Called on a worker thread, the next
  // piece only once the previous one is written. A producer that throws cuts the connection
  // before the last chunk, which a client reads as an incomplete answer.
  std::function<std::optional<std::string>()> stream;
  // More headers beyond Content-Type, Content-Length and the ones every answer carries.
  std::vector<std::pair<std::string, std::string>> headers;
};

}  // namespace vextrus::http
