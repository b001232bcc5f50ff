#include "adapters/kafka/probe.hpp"

#include "adapters/kafka/client_config.hpp"

namespace vextrus::kafka {

struct Probe::Impl {
  HandlePtr handle;
};

Probe::Probe(const Properties& properties) : impl_(std::make_unique<Impl>()) {
  impl_->handle = make_handle(RD_KAFKA_PRODUCER, make_conf(properties, RD_KAFKA_PRODUCER));
}

Probe::~Probe() = default;

bool Probe::reachable(int timeout_ms) {
  const struct rd_kafka_metadata* metadata = nullptr;
  const auto error = rd_kafka_metadata(impl_->handle.get(), 0, nullptr, &metadata, timeout_ms);
  if (metadata != nullptr) rd_kafka_metadata_destroy(metadata);
  return error == RD_KAFKA_RESP_ERR_NO_ERROR;
}

}  // namespace vextrus::kafka
