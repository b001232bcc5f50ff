#pragma once
// cpp-httplib's request handling without a network: the bytes a client sends on one connection
// go in, the bytes the server writes come out. Shared by the HTTP unit tests and the HTTP fuzz
// target; header-only, so neither needs the integration harness.

#include <httplib.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

namespace vextrus::testing {

// A connection whose input is a fixed buffer; what the server writes is kept in `output`.
class BufferStream : public httplib::Stream {
 public:
  explicit BufferStream(std::string_view input) : input_(input) {}
  bool is_readable() const override { return true; }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, std::size_t size) override {
    const std::size_t n = std::min(size, input_.size());
    std::memcpy(ptr, input_.data(), n);
    input_.remove_prefix(n);
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char* ptr, std::size_t size) override {
    output.append(ptr, size);
    return static_cast<ssize_t>(size);
  }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 40000;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 8080;
  }
  socket_t socket() const override { return INVALID_SOCKET; }

  std::string output;

 private:
  std::string_view input_;
};

// A server whose routes are installed as usual and which serves one buffered connection.
class InMemoryServer : public httplib::Server {
 public:
  // The server's reply to `request` (one request; the connection then closes).
  std::string serve(std::string_view request) {
    BufferStream stream(request);
    bool closed = false;
    process_request(stream, true, closed, nullptr);
    return stream.output;
  }
};

}  // namespace vextrus::testing
