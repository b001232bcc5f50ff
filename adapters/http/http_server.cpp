#include "adapters/http/http_server.hpp"

#include <httplib.h>

#include <stdexcept>
#include <thread>
#include <utility>

#include "adapters/http/http_routes.hpp"

namespace vextrus::http {
namespace {

constexpr std::size_t http_threads = 64;

}  // namespace

struct HttpServer::Impl {
  HttpDeps deps;
  httplib::Server server;
  std::thread thread;
};

HttpServer::HttpServer(HttpDeps deps) : impl_(std::make_unique<Impl>()) {
  impl_->deps = std::move(deps);
  auto& server = impl_->server;
  const auto& d = impl_->deps;
  // Each connection holds one of a fixed set of threads until its request is read, so idle or
  // slow connections (a slowloris) are cut after 2 s, and there are enough threads that a crowd
  // of them delays the health probes by seconds, not minutes (tests/integration/
  // http_limits_pgtest.cpp). URLs and headers over 8 KiB are refused by cpp-httplib itself.
  server.new_task_queue = [] { return new httplib::ThreadPool(http_threads); };
  server.set_read_timeout(2, 0);
  server.set_write_timeout(5, 0);
  server.set_keep_alive_timeout(2);
  install_routes(server, d);

  const auto colon = d.address.rfind(':');
  const std::string host = d.address.substr(0, colon);
  const int port = std::stoi(d.address.substr(colon + 1));
  if (!server.bind_to_port(host.c_str(), port)) {
    throw std::runtime_error("cannot listen on " + d.address + "; set VEXTRUS_HTTP_ADDR to a free address");
  }
  impl_->thread = std::thread([this] { impl_->server.listen_after_bind(); });
}

HttpServer::~HttpServer() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

}  // namespace vextrus::http
