#pragma once
// The one HTTP/1.1 request parser of the service (Boost.Beast's, behind this interface): bytes
// of one connection go in, complete requests come out in order, within the limits of Limits, or
// the answer that refuses the connection. Used by the server for every connection, and by the
// tests and the fuzz target without a network. One reader per connection; not thread-safe.

#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/http/http_limits.hpp"
#include "adapters/http/http_message.hpp"

namespace vextrus::http {

class RequestReader {
 public:
  explicit RequestReader(const Limits& limits);
  ~RequestReader();
  RequestReader(const RequestReader&) = delete;
  RequestReader& operator=(const RequestReader&) = delete;

  enum class Status {
    need_more,  // a request has not arrived whole yet
    complete,   // take() it
    refused     // answer refusal() and close: the connection cannot be trusted to stay in step
  };

  // Bytes as they arrived; kept until a request consumes them (pipelined requests wait their turn).
  void append(std::string_view bytes);
  // Parses what has arrived.
  Status advance();
  // The complete request; the reader goes on with the bytes after it.
  Request take();
  // Why the connection is refused (400, 413, 414 or 431), with a JSON error body.
  const Response& refusal() const;
  // The answer when the client took too long (408).
  static Response timed_out();

  // Whether bytes of a request have arrived (a head is under way, not an idle connection), and
  // whether its head is complete (the body is under way).
  bool started() const;
  bool head_complete() const;
  // Whether the connection stays open after the answer to the request take() returned.
  bool keep_alive() const { return keep_alive_; }

 private:
  struct Parser;
  Limits limits_;
  std::string pending_;
  std::unique_ptr<Parser> parser_;
  Response refusal_;
  bool keep_alive_ = false;
  bool refused_ = false;
};

// The answer's bytes on the wire: status line, Content-Type, Content-Length, the headers every
// answer carries (X-Content-Type-Options: nosniff; no Server), the response's own, Connection.
// A streamed answer: its head alone, Transfer-Encoding: chunked instead of Content-Length; its
// pieces follow as chunk(piece), and chunk("") ends it.
std::string serialize(const Response& response, bool keep_alive);
std::string chunk(std::string_view piece);

// A JSON error answer: {"error": message}.
Response error_response(int status, const std::string& message);

}  // namespace vextrus::http
