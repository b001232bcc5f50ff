#include "adapters/http/http_server.hpp"

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "adapters/http/http_routes.hpp"
#include "adapters/http/request_reader.hpp"
#include "adapters/log/log.hpp"

// The listener is event-driven: one thread runs every connection's reads, writes and deadlines
// (Boost.Asio), so a connection costs memory, not a thread, and a crowd of slow or idle clients
// cannot keep the health probes from being answered. Requests that wait on the database run on
// a small pool of worker threads, at most Limits::max_concurrent_requests at once; each
// connection answers its requests one at a time, in order (pipelining), and reads the next only
// when the previous answer is written.

namespace vextrus::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;

// Open connections, in all and per client address, within Limits; shared by the sessions on the
// listener's thread and read by nothing else.
class ConnectionCount {
 public:
  explicit ConnectionCount(const Limits& limits) : limits_(limits) {}
  bool admit(const std::string& client) {
    if (total_ >= limits_.max_connections) return false;
    auto& mine = per_client_[client];
    if (mine >= limits_.max_connections_per_client) return false;
    ++mine;
    ++total_;
    return true;
  }
  void release(const std::string& client) {
    --total_;
    if (--per_client_[client] == 0) per_client_.erase(client);
  }

 private:
  const Limits& limits_;
  int total_ = 0;
  std::map<std::string, int> per_client_;
};

struct Shared {
  Shared(HttpDeps d, asio::io_context& io)
      : deps(std::move(d)),
        routes(deps),
        connections(deps.limits),
        workers(std::max(1, deps.limits.worker_threads)),
        listener(io) {}
  HttpDeps deps;
  Routes routes;
  ConnectionCount connections;  // listener thread only
  asio::thread_pool workers;
  std::atomic<int> busy{0};  // /v1 requests at work
  // The listener's thread: a worker hands a connection's next step back to it. (Posted to the
  // io_context itself rather than to a socket's type-erased executor, a copy of which the static
  // analyzer takes for possibly empty.)
  asio::io_context& listener;
};

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, Shared& shared, std::string client)
      : socket_(std::move(socket)),
        timer_(socket_.get_executor()),
        shared_(shared),
        client_(std::move(client)),
        reader_(shared.deps.limits) {}
  ~Session() { shared_.connections.release(client_); }

  void start() { read_more(); }

 private:
  const Limits& limits() const { return shared_.deps.limits; }

  // Cancels the connection's pending read or write at `deadline` (a fixed time, not one that
  // moves with each read, so a client sending a byte a second cannot hold the connection).
  void arm(Clock::time_point deadline) {
    timer_.expires_at(deadline);
    timer_.async_wait([weak = weak_from_this()](beast::error_code error) {
      if (error) return;  // re-armed or cancelled
      if (auto self = weak.lock()) {
        self->timed_out_ = true;
        beast::error_code ignored;
        self->socket_.cancel(ignored);
      }
    });
  }

  // The deadline of what the connection waits for now: the next request (idle), the rest of a
  // head, or the rest of a body; each counted from when that part began.
  void arm_read_deadline() {
    const auto now = Clock::now();
    const Phase phase = !reader_.started() ? Phase::idle : !reader_.head_complete() ? Phase::head : Phase::body;
    if (phase != phase_ || phase == Phase::idle) {
      phase_ = phase;
      phase_started_ = now;
    }
    const int ms = phase_ == Phase::idle   ? limits().idle_timeout_ms
                   : phase_ == Phase::head ? limits().head_timeout_ms
                                           : limits().body_timeout_ms;
    arm(phase_started_ + std::chrono::milliseconds(ms));
  }

  void read_more() {
    arm_read_deadline();
    socket_.async_read_some(asio::buffer(buffer_), [self = shared_from_this()](beast::error_code error, std::size_t n) {
      self->on_read(error, n);
    });
  }

  void on_read(beast::error_code error, std::size_t n) {
    if (timed_out_) {
      // An idle kept-alive connection just closes; one that stalled mid-request is told why.
      if (phase_ == Phase::idle) return close();
      return write(RequestReader::timed_out(), false);
    }
    if (error) return close();
    reader_.append(std::string_view(buffer_.data(), n));
    next();
  }

  // Serves the next complete request, if one has arrived whole.
  void next() {
    switch (reader_.advance()) {
      case RequestReader::Status::need_more:
        return read_more();
      case RequestReader::Status::refused:
        return write(reader_.refusal(), false);
      case RequestReader::Status::complete:
        break;
    }
    auto request = std::make_shared<Request>(reader_.take());
    const bool keep_alive = reader_.keep_alive();
    if (!shared_.routes.blocking(*request)) return write(shared_.routes.answer(*request), keep_alive);
    if (shared_.busy.fetch_add(1) >= limits().max_concurrent_requests) {
      shared_.busy.fetch_sub(1);
      Response busy = error_response(503, "too many requests at once; try again shortly");
      busy.headers.emplace_back("Retry-After", "1");
      busy.headers.emplace_back("Cache-Control", "no-store");
      return write(busy, keep_alive);
    }
    timer_.cancel();  // the database's time is not the client's
    asio::post(shared_.workers, [self = shared_from_this(), request, keep_alive] {
      auto response = self->shared_.routes.answer(*request);
      if (response.stream) {
        // Still at work until its last piece is written: counted busy till then.
        return asio::post(self->shared_.listener, [self, response = std::move(response), keep_alive] {
          self->start_stream(response, keep_alive);
        });
      }
      self->shared_.busy.fetch_sub(1);
      asio::post(self->shared_.listener,
                 [self, response = std::move(response), keep_alive] { self->write(response, keep_alive); });
    });
  }

  // A streamed answer: the head, then each piece as a chunk, produced on a worker thread while
  // nothing else is written (so a slow client slows the producer rather than filling memory),
  // each write within the write deadline.
  void start_stream(const Response& response, bool keep_alive) {
    stream_ = response.stream;
    send(serialize(response, keep_alive), keep_alive);
  }

  void send(std::string bytes, bool keep_alive) {
    out_ = std::move(bytes);
    timed_out_ = false;
    arm(Clock::now() + std::chrono::milliseconds(limits().write_timeout_ms));
    asio::async_write(socket_, asio::buffer(out_),
                      [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
                        if (error || self->timed_out_) return self->end_stream(false, keep_alive);
                        if (!self->stream_) return self->end_stream(true, keep_alive);  // the last chunk is written
                        asio::post(self->shared_.workers, [self, keep_alive] { self->produce(keep_alive); });
                      });
  }

  // On a worker thread: the next piece, sent from the connection's thread.
  void produce(bool keep_alive) {
    std::optional<std::string> piece;
    try {
      do {
        piece = stream_();
      } while (piece && piece->empty());
    } catch (const std::exception& e) {
      log::warn("a streamed answer failed; the connection is cut", {{"error", e.what()}});
      return asio::post(shared_.listener,
                        [self = shared_from_this(), keep_alive] { self->end_stream(false, keep_alive); });
    }
    asio::post(shared_.listener, [self = shared_from_this(), piece = std::move(piece), keep_alive] {
      if (!piece) self->stream_ = nullptr;
      self->send(piece ? chunk(*piece) : chunk(""), keep_alive);
    });
  }

  void end_stream(bool complete, bool keep_alive) {
    stream_ = nullptr;  // releases what the producer holds (a database cursor)
    shared_.busy.fetch_sub(1);
    if (!complete || !keep_alive) return close();
    phase_ = Phase::idle;
    next();
  }

  void write(const Response& response, bool keep_alive) {
    out_ = serialize(response, keep_alive);
    timed_out_ = false;
    arm(Clock::now() + std::chrono::milliseconds(limits().write_timeout_ms));
    asio::async_write(socket_, asio::buffer(out_),
                      [self = shared_from_this(), keep_alive](beast::error_code error, std::size_t) {
                        if (error || self->timed_out_ || !keep_alive) return self->close();
                        self->phase_ = Phase::idle;
                        self->next();  // a pipelined request may be waiting already
                      });
  }

  void close() {
    beast::error_code ignored;
    timer_.cancel();
    socket_.shutdown(tcp::socket::shutdown_both, ignored);
    socket_.close(ignored);
  }

  enum class Phase { idle, head, body };
  tcp::socket socket_;
  asio::steady_timer timer_;
  Shared& shared_;
  std::string client_;
  RequestReader reader_;
  std::array<char, 8192> buffer_{};
  std::string out_;
  std::function<std::optional<std::string>()> stream_;  // the streamed answer under way, if any
  Phase phase_ = Phase::idle;
  Clock::time_point phase_started_;
  bool timed_out_ = false;
};

}  // namespace

// Destroyed in reverse order: the thread stops first, then the io_context, whose pending handlers
// hold the last sessions, which release their count into `shared`, which goes last.
struct HttpServer::Impl {
  std::unique_ptr<Shared> shared;
  asio::io_context io{1};
  tcp::acceptor acceptor{io};
  std::thread thread;

  void accept() {
    acceptor.async_accept([this](beast::error_code error, tcp::socket socket) {
      if (error == asio::error::operation_aborted) return;
      if (!error) admit(std::move(socket));
      accept();
    });
  }

  void admit(tcp::socket socket) {
    beast::error_code ignored;
    const auto endpoint = socket.remote_endpoint(ignored);
    const std::string client = endpoint.address().to_string();
    if (!shared->connections.admit(client)) {
      // Over the limit: a fast refusal, written without reading, then the connection closes.
      auto refusal = std::make_shared<std::string>(
          serialize(error_response(503, "too many connections; try again shortly"), false));
      auto held = std::make_shared<tcp::socket>(std::move(socket));
      asio::async_write(*held, asio::buffer(*refusal), [held, refusal](beast::error_code, std::size_t) {
        beast::error_code ignore;
        held->shutdown(tcp::socket::shutdown_both, ignore);
        held->close(ignore);
      });
      return;
    }
    std::make_shared<Session>(std::move(socket), *shared, client)->start();
  }
};

HttpServer::HttpServer(HttpDeps deps) : impl_(std::make_unique<Impl>()) {
  impl_->shared = std::make_unique<Shared>(std::move(deps), impl_->io);
  const auto& address = impl_->shared->deps.address;
  const auto colon = address.rfind(':');
  try {
    const tcp::endpoint endpoint(asio::ip::make_address(address.substr(0, colon)),
                                 static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
    impl_->acceptor.open(endpoint.protocol());
    impl_->acceptor.set_option(asio::socket_base::reuse_address(true));
    impl_->acceptor.bind(endpoint);
    impl_->acceptor.listen(asio::socket_base::max_listen_connections);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot listen on " + address + " (" + e.what() +
                             "); set VEXTRUS_HTTP_ADDR to a free address");
  }
  impl_->accept();
  impl_->thread = std::thread([this] {
    for (;;) {
      try {
        impl_->io.run();
        return;
      } catch (const std::exception& e) {
        // A handler that threw must not take the listener down with it.
        log::error("HTTP listener error", {{"error", e.what()}});
      }
    }
  });
}

HttpServer::~HttpServer() {
  asio::post(impl_->io, [this] {
    beast::error_code ignored;
    impl_->acceptor.close(ignored);
  });
  impl_->io.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
  impl_->shared->workers.join();
}

}  // namespace vextrus::http
