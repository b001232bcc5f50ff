#include "adapters/kafka/embedded_broker.hpp"

#include <arpa/inet.h>
#include <librdkafka/rdkafka.h>
// rdkafka_mock.h must follow rdkafka.h.
#include <librdkafka/rdkafka_mock.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstring>
#include <thread>

#include "adapters/kafka/client_config.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::kafka {
namespace {

struct Socket {
  int fd = -1;
  explicit Socket(int f) : fd(f) {}
  ~Socket() {
    if (fd >= 0) ::close(fd);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
};

sockaddr_in loopback(int port) {
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return address;
}

// Copies bytes both ways until either side closes or `stop` is set.
void pump(int client_fd, int target_port, const std::atomic<bool>& stop) {
  Socket client(client_fd);
  Socket upstream(::socket(AF_INET, SOCK_STREAM, 0));
  sockaddr_in address = loopback(target_port);
  if (::connect(upstream.fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) return;
  pollfd fds[2] = {{client.fd, POLLIN, 0}, {upstream.fd, POLLIN, 0}};
  char buffer[64 * 1024];
  while (!stop) {
    if (::poll(fds, 2, 200) < 0) return;
    for (int i = 0; i < 2; ++i) {
      if ((fds[i].revents & (POLLIN | POLLHUP | POLLERR)) == 0) continue;
      const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
      if (n <= 0) return;
      const int out = fds[1 - i].fd;
      for (ssize_t sent = 0; sent < n;) {
        const ssize_t w = ::write(out, buffer + sent, static_cast<std::size_t>(n - sent));
        if (w <= 0) return;
        sent += w;
      }
    }
  }
}

int port_of(const std::string& bootstraps) {
  // "127.0.0.1:40123" or "127.0.0.1:40123,..." → 40123
  const auto first = bootstraps.substr(0, bootstraps.find(','));
  return std::stoi(first.substr(first.rfind(':') + 1));
}

}  // namespace

struct EmbeddedBroker::Impl {
  HandlePtr host;  // the client handle that owns the mock cluster
  rd_kafka_mock_cluster_t* cluster = nullptr;
  std::string bootstraps;
  int listen_fd = -1;
  std::atomic<bool> stop{false};
  std::thread acceptor;
  std::vector<std::thread> pumps;

  ~Impl() {
    stop = true;
    if (listen_fd >= 0) ::shutdown(listen_fd, SHUT_RDWR);
    if (acceptor.joinable()) acceptor.join();
    for (auto& pump_thread : pumps) pump_thread.join();
    if (listen_fd >= 0) ::close(listen_fd);
    if (cluster != nullptr) rd_kafka_mock_cluster_destroy(cluster);
  }
};

EmbeddedBroker::EmbeddedBroker(int bootstrap_port, const std::vector<TopicSpec>& topics)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = make_handle(RD_KAFKA_PRODUCER, make_conf({}));
  impl_->cluster = rd_kafka_mock_cluster_new(impl_->host.get(), 1);
  if (impl_->cluster == nullptr) throw KafkaError("cannot start the embedded Kafka broker");
  impl_->bootstraps = rd_kafka_mock_cluster_bootstraps(impl_->cluster);
  for (const auto& topic : topics) {
    if (rd_kafka_mock_topic_create(impl_->cluster, topic.name.c_str(), topic.partitions, 1) !=
        RD_KAFKA_RESP_ERR_NO_ERROR) {
      throw KafkaError("cannot create topic " + topic.name + " on the embedded broker");
    }
  }

  impl_->listen_fd = ::socket(AF_INET, SOCK_STREAM, 0);
  const int yes = 1;
  ::setsockopt(impl_->listen_fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  sockaddr_in address = loopback(bootstrap_port);
  if (::bind(impl_->listen_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      ::listen(impl_->listen_fd, 64) != 0) {
    throw KafkaError("embedded broker: cannot listen on 127.0.0.1:" + std::to_string(bootstrap_port) + " (" +
                     std::strerror(errno) + "); set VEXTRUS_KAFKA_EMBEDDED_PORT to a free port");
  }
  const int target = port_of(impl_->bootstraps);
  impl_->acceptor = std::thread([impl = impl_.get(), target] {
    while (!impl->stop) {
      const int client = ::accept(impl->listen_fd, nullptr, nullptr);
      if (client < 0) {
        if (impl->stop) return;
        continue;
      }
      impl->pumps.emplace_back(pump, client, target, std::cref(impl->stop));
    }
  });
  log::warn("using the embedded Kafka broker: for local runs only, data is not durable",
            {{"bootstrap", "127.0.0.1:" + std::to_string(bootstrap_port)}, {"mock_cluster", impl_->bootstraps}});
}

EmbeddedBroker::~EmbeddedBroker() = default;

const std::string& EmbeddedBroker::bootstrap_servers() const { return impl_->bootstraps; }

}  // namespace vextrus::kafka
