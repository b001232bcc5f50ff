#include "adapters/kafka/producer.hpp"

#include <mutex>
#include <utility>

#include "adapters/kafka/client_config.hpp"
#include "adapters/kafka/kafka_problems.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::kafka {

struct Producer::Impl {
  HandlePtr handle;
  // Written by the delivery callback, which librdkafka runs inside flush() and produce()'s
  // polls, on the producing thread; guarded anyway, as take_failures() may run elsewhere.
  std::mutex mutex;
  std::int64_t failed_since_flush = 0;
  Failures failures;

  static void delivered(rd_kafka_t*, const rd_kafka_message_t* message, void* opaque) {
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    auto* self = static_cast<Impl*>(opaque);
    const std::string topic = rd_kafka_topic_name(message->rkt);
    auto permanent = permanent_problem(message->err, topic + ": " + rd_kafka_err2str(message->err));
    {
      std::lock_guard<std::mutex> lock(self->mutex);
      ++self->failed_since_flush;
      ++self->failures.by_topic[topic];
      if (permanent) self->failures.permanent = std::move(permanent);
    }
    log::warn("kafka delivery failed", {{"topic", topic}, {"error", rd_kafka_err2str(message->err)}});
  }
};

Producer::Producer(const Properties& properties) : impl_(std::make_unique<Impl>()) {
  Properties all = properties;
  all.emplace("enable.idempotence", "true");
  all.emplace("acks", "all");
  all.emplace("linger.ms", "5");
  all.emplace("message.timeout.ms", "30000");
  auto conf = make_conf(all, RD_KAFKA_PRODUCER);
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &Impl::delivered);
  rd_kafka_conf_set_opaque(conf.get(), impl_.get());
  impl_->handle = make_handle(RD_KAFKA_PRODUCER, std::move(conf));
}

Producer::~Producer() {
  if (impl_->handle) rd_kafka_flush(impl_->handle.get(), 5000);
}

void Producer::produce(const std::string& topic, std::optional<std::string_view> key, std::string_view value,
                       const Headers& headers) {
  void* key_data = key ? const_cast<char*>(key->data()) : nullptr;
  const std::size_t key_size = key ? key->size() : 0;
  for (;;) {
    // librdkafka owns the header list once the message is queued; until then it is ours.
    rd_kafka_headers_t* list = nullptr;
    if (!headers.empty()) {
      list = rd_kafka_headers_new(headers.size());
      for (const auto& [name, text] : headers) {
        rd_kafka_header_add(list, name.data(), static_cast<ssize_t>(name.size()), text.data(),
                            static_cast<ssize_t>(text.size()));
      }
    }
    const auto error =
        list == nullptr
            ? rd_kafka_producev(impl_->handle.get(), RD_KAFKA_V_TOPIC(topic.c_str()),
                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key_data, key_size),
                                RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()), RD_KAFKA_V_END)
            : rd_kafka_producev(impl_->handle.get(), RD_KAFKA_V_TOPIC(topic.c_str()),
                                RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY), RD_KAFKA_V_KEY(key_data, key_size),
                                RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
                                RD_KAFKA_V_HEADERS(list), RD_KAFKA_V_END);
    if (error == RD_KAFKA_RESP_ERR_NO_ERROR) return;
    if (list != nullptr) rd_kafka_headers_destroy(list);
    if (error != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      throw KafkaError("cannot produce to " + topic + ": " + rd_kafka_err2str(error));
    }
    rd_kafka_poll(impl_->handle.get(), 50);
  }
}

bool Producer::flush(int timeout_ms) {
  const auto error = rd_kafka_flush(impl_->handle.get(), timeout_ms);
  std::lock_guard<std::mutex> lock(impl_->mutex);
  const auto failed = std::exchange(impl_->failed_since_flush, 0);
  return error == RD_KAFKA_RESP_ERR_NO_ERROR && failed == 0;
}

Producer::Failures Producer::take_failures() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return std::exchange(impl_->failures, Failures{});
}

}  // namespace vextrus::kafka
