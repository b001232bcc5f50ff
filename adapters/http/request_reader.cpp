#include "adapters/http/request_reader.hpp"

#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include <cctype>

namespace vextrus::http {
namespace {

namespace beast_http = boost::beast::http;

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// %XX escapes decoded (and '+' as a space in a query); a malformed escape stays as it is.
std::string percent_decode(std::string_view text, bool plus_is_space) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '%' && i + 2 < text.size() && hex_value(text[i + 1]) >= 0 && hex_value(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hex_value(text[i + 1]) * 16 + hex_value(text[i + 2])));
      i += 2;
    } else if (c == '+' && plus_is_space) {
      out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::multimap<std::string, std::string> parse_query(std::string_view query) {
  std::multimap<std::string, std::string> params;
  while (!query.empty()) {
    const auto amp = query.find('&');
    const auto pair = query.substr(0, amp);
    if (!pair.empty()) {
      const auto eq = pair.find('=');
      params.emplace(percent_decode(pair.substr(0, eq), true),
                     eq == std::string_view::npos ? std::string() : percent_decode(pair.substr(eq + 1), true));
    }
    if (amp == std::string_view::npos) break;
    query.remove_prefix(amp + 1);
  }
  return params;
}

const char* reason_phrase(int status) {
  switch (status) {
    case 200:
      return "OK";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 413:
      return "Content Too Large";
    case 414:
      return "URI Too Long";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

}  // namespace

std::string Request::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (equal_ignoring_case(key, name)) return value;
  }
  return {};
}

struct RequestReader::Parser {
  explicit Parser(const Limits& limits) {
    parser.header_limit(static_cast<std::uint32_t>(limits.max_header_bytes));
    parser.body_limit(limits.max_body_bytes);
    parser.eager(true);
  }
  beast_http::request_parser<beast_http::string_body> parser;
};

RequestReader::RequestReader(const Limits& limits) : limits_(limits), parser_(std::make_unique<Parser>(limits)) {}
RequestReader::~RequestReader() = default;

void RequestReader::append(std::string_view bytes) { pending_.append(bytes); }

bool RequestReader::started() const { return !pending_.empty() || parser_->parser.got_some(); }
bool RequestReader::head_complete() const { return parser_->parser.is_header_done(); }

RequestReader::Status RequestReader::advance() {
  if (refused_) return Status::refused;
  const auto refuse = [this](int status, const std::string& message) {
    refused_ = true;
    refusal_ = error_response(status, message);
    return Status::refused;
  };
  auto& parser = parser_->parser;
  if (!parser.is_header_done()) {
    // The request line first, so that an overlong URL is told apart from overlong headers.
    const auto line_end = pending_.find('\n');
    const auto line_bytes = line_end == std::string::npos ? pending_.size() : line_end;
    if (line_bytes > limits_.max_request_line_bytes) {
      return refuse(414,
                    "the request line is longer than " + std::to_string(limits_.max_request_line_bytes) + " bytes");
    }
  }
  while (!pending_.empty() && !parser.is_done()) {
    boost::beast::error_code error;
    const auto used = parser.put(boost::asio::buffer(pending_.data(), pending_.size()), error);
    pending_.erase(0, used);
    if (error == beast_http::error::need_more) break;
    if (error == beast_http::error::header_limit) {
      return refuse(431, "the request head is larger than " + std::to_string(limits_.max_header_bytes) + " bytes");
    }
    if (error == beast_http::error::body_limit) {
      return refuse(413, "the request body is larger than " + std::to_string(limits_.max_body_bytes) + " bytes");
    }
    if (error) return refuse(400, "malformed request: " + error.message());
    if (used == 0) break;
  }
  if (parser.is_header_done()) {
    const auto& head = parser.get();
    const auto fields = static_cast<std::size_t>(std::distance(head.begin(), head.end()));
    if (fields > limits_.max_header_lines) {
      return refuse(431, "the request has more than " + std::to_string(limits_.max_header_lines) + " header fields");
    }
    if (head.version() == 11 && head.find(beast_http::field::host) == head.end()) {
      return refuse(400, "an HTTP/1.1 request needs a Host header");
    }
    if (head.version() != 10 && head.version() != 11) return refuse(400, "only HTTP/1.0 and 1.1 are spoken here");
    // Origin form only: a target that is not a path ("(v1/x", "http://host/x", "*") names
    // nothing here, and must not reach the router as one.
    if (head.target().empty() || head.target().front() != '/') {
      return refuse(400, "the request target must be a path starting with /");
    }
  }
  return parser.is_done() ? Status::complete : Status::need_more;
}

Request RequestReader::take() {
  auto message = parser_->parser.release();
  keep_alive_ = message.keep_alive();
  Request request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  const auto question = request.target.find('?');
  request.path = percent_decode(std::string_view(request.target).substr(0, question), false);
  if (question != std::string::npos)
    request.params = parse_query(std::string_view(request.target).substr(question + 1));
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request.body = std::move(message.body());
  parser_ = std::make_unique<Parser>(limits_);
  return request;
}

const Response& RequestReader::refusal() const { return refusal_; }

Response RequestReader::timed_out() { return error_response(408, "the request did not arrive in time"); }

Response error_response(int status, const std::string& message) {
  Response response;
  response.status = status;
  // Replace, not throw: a message may quote bytes of the request that are not UTF-8.
  response.body = nlohmann::json{{"error", message}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return response;
}

std::string serialize(const Response& response, bool keep_alive) {
  std::string out = "HTTP/1.1 " + std::to_string(response.status) + " " + reason_phrase(response.status) + "\r\n";
  out += "Content-Type: " + response.content_type + "\r\n";
  out += response.stream ? std::string("Transfer-Encoding: chunked\r\n")
                         : "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  out += "X-Content-Type-Options: nosniff\r\n";
  for (const auto& [name, value] : response.headers) out += name + ": " + value + "\r\n";
  out += keep_alive ? "Connection: keep-alive\r\n\r\n" : "Connection: close\r\n\r\n";
  if (!response.stream) out += response.body;
  return out;
}

std::string chunk(std::string_view piece) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string size;
  for (std::size_t n = piece.size(); n > 0 || size.empty(); n /= 16) size.insert(size.begin(), hex[n % 16]);
  std::string out;
  out.reserve(size.size() + piece.size() + 4);
  out.append(size).append("\r\n").append(piece).append("\r\n");
  return out;
}

}  // namespace vextrus::http
