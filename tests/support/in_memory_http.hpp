#pragma once
// The listener's request handling without a network: the bytes a client sends on one connection
// go in, the bytes the server writes come out, through the same parser, limits and routes as
// the server's (adapters/http). Shared by the HTTP unit tests and the HTTP fuzz target.

#include <string>
#include <string_view>

#include "adapters/http/http_routes.hpp"
#include "adapters/http/request_reader.hpp"

namespace vextrus::testing {

class InMemoryServer {
 public:
  explicit InMemoryServer(const http::HttpDeps& deps) : deps_(deps), routes_(deps) {}

  // The answers to the requests in `input`, in order, until the connection closes (a refusal,
  // Connection: close) or the input ends.
  std::string serve(std::string_view input) {
    http::RequestReader reader(deps_.limits);
    reader.append(input);
    std::string out;
    for (;;) {
      const auto status = reader.advance();
      if (status == http::RequestReader::Status::need_more) break;
      if (status == http::RequestReader::Status::refused) {
        out += http::serialize(reader.refusal(), false);
        break;
      }
      const auto request = reader.take();
      const bool keep_alive = reader.keep_alive();
      const auto response = routes_.answer(request);
      out += http::serialize(response, keep_alive);
      if (response.stream) {
        while (const auto piece = response.stream()) {
          if (!piece->empty()) out += http::chunk(*piece);
        }
        out += http::chunk("");
      }
      if (!keep_alive) break;
    }
    return out;
  }

 private:
  const http::HttpDeps& deps_;
  http::Routes routes_;
};

}  // namespace vextrus::testing
