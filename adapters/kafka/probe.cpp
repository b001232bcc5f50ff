#include "adapters/kafka/probe.hpp"

#include <mutex>
#include <optional>
#include <utility>

#include "adapters/kafka/client_config.hpp"
#include "adapters/kafka/kafka_problems.hpp"

namespace vextrus::kafka {

struct Probe::Impl {
  HandlePtr handle;
  // A login the brokers refused reaches librdkafka's error callback (served by rd_kafka_poll in
  // check()), not the metadata request, which only times out: kept here until check() reads it.
  std::mutex mutex;
  std::optional<health::Problem> login_problem;

  static void error(rd_kafka_t*, int code, const char* reason, void* opaque) {
    auto problem = permanent_problem(code, reason);
    if (!problem) return;
    auto* self = static_cast<Impl*>(opaque);
    std::lock_guard<std::mutex> lock(self->mutex);
    self->login_problem = std::move(problem);
  }
};

Probe::Probe(const Properties& properties) : impl_(std::make_unique<Impl>()) {
  auto conf = make_conf(properties, RD_KAFKA_PRODUCER);
  rd_kafka_conf_set_error_cb(conf.get(), &Impl::error);
  rd_kafka_conf_set_opaque(conf.get(), impl_.get());
  impl_->handle = make_handle(RD_KAFKA_PRODUCER, std::move(conf));
}

Probe::~Probe() = default;

ProbeResult Probe::check(int timeout_ms, const std::vector<std::string>& topics) {
  ProbeResult result;
  const struct rd_kafka_metadata* metadata = nullptr;
  const auto error = rd_kafka_metadata(impl_->handle.get(), topics.empty() ? 0 : 1, nullptr, &metadata, timeout_ms);
  result.reachable = error == RD_KAFKA_RESP_ERR_NO_ERROR;
  if (result.reachable) {
    for (const auto& topic : topics) {
      int code = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
      for (int i = 0; i < metadata->topic_cnt; ++i) {
        if (topic == metadata->topics[i].topic) code = metadata->topics[i].err;
      }
      if (auto problem = permanent_problem(
              code, "topic " + topic + ": " + rd_kafka_err2str(static_cast<rd_kafka_resp_err_t>(code)))) {
        result.problems.push_back(std::move(*problem));
      }
    }
  }
  if (metadata != nullptr) rd_kafka_metadata_destroy(metadata);
  rd_kafka_poll(impl_->handle.get(), 0);  // serves the error callback
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->login_problem) {
    // Answered metadata means the login works now; otherwise the refusal still stands.
    if (!result.reachable) result.problems.push_back(*impl_->login_problem);
    impl_->login_problem.reset();
  }
  return result;
}

}  // namespace vextrus::kafka
