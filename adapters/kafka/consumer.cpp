#include "adapters/kafka/consumer.hpp"

#include <atomic>
#include <cstring>

#include "adapters/kafka/client_config.hpp"
#include "adapters/log/log.hpp"

namespace vextrus::kafka {
namespace {

std::vector<TopicPartition> to_vector(const rd_kafka_topic_partition_list_t* list) {
  std::vector<TopicPartition> out;
  for (int i = 0; i < list->cnt; ++i) out.push_back({list->elems[i].topic, list->elems[i].partition});
  return out;
}

// The message's traceparent header, if it has a valid one (anything else is ignored: it would
// end up in audit records and outgoing headers).
std::optional<std::string> traceparent_of(rd_kafka_message_t* raw) {
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(raw, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) return std::nullopt;
  const void* value = nullptr;
  std::size_t size = 0;
  if (rd_kafka_header_get_last(headers, "traceparent", &value, &size) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      value == nullptr) {
    return std::nullopt;
  }
  std::string text(static_cast<const char*>(value), size);
  if (!is_traceparent(text)) return std::nullopt;
  return text;
}

}  // namespace

bool is_traceparent(std::string_view value) {
  if (value.size() != 55 || value[2] != '-' || value[35] != '-' || value[52] != '-') return false;
  const auto hex = [&](std::size_t from, std::size_t count) {
    bool non_zero = false;
    for (std::size_t i = from; i < from + count; ++i) {
      const char c = value[i];
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return std::make_pair(false, false);
      non_zero = non_zero || c != '0';
    }
    return std::make_pair(true, non_zero);
  };
  const auto version = hex(0, 2), trace = hex(3, 32), parent = hex(36, 16), flags = hex(53, 2);
  return version.first && value.substr(0, 2) != "ff" && trace.first && trace.second && parent.first && parent.second &&
         flags.first;
}

struct Consumer::Impl {
  RebalanceListener& listener;
  HandlePtr handle;
  std::atomic<bool> closed{false};

  explicit Impl(RebalanceListener& l) : listener(l) {}

  // Eager protocol: the lists are the whole new assignment and the whole old one. Cooperative
  // (cooperative-sticky): only the partitions that move, so the others keep flowing through a
  // rebalance; the listener's callbacks take partial lists either way.
  static void rebalance(rd_kafka_t* rk, rd_kafka_resp_err_t err, rd_kafka_topic_partition_list_t* list, void* opaque) {
    auto* self = static_cast<Impl*>(opaque);
    const bool cooperative = std::strcmp(rd_kafka_rebalance_protocol(rk), "COOPERATIVE") == 0;
    if (err == RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS) {
      const auto partitions = to_vector(list);
      const auto offsets = self->listener.on_assigned(partitions);
      for (int i = 0; i < list->cnt; ++i) list->elems[i].offset = offsets[static_cast<std::size_t>(i)];
      const auto e = cooperative ? take_error(rd_kafka_incremental_assign(rk, list)) : rd_kafka_assign(rk, list);
      if (e != RD_KAFKA_RESP_ERR_NO_ERROR) log::error("kafka assign failed", {{"error", rd_kafka_err2str(e)}});
      // librdkafka keeps an application pause across unassign and assign: a partition paused
      // for back-pressure before a rebalance would never fetch again.
      rd_kafka_resume_partitions(rk, list);
    } else {
      self->listener.on_revoked(to_vector(list));
      if (cooperative) {
        take_error(rd_kafka_incremental_unassign(rk, list));
      } else {
        rd_kafka_assign(rk, nullptr);
      }
    }
  }

  static rd_kafka_resp_err_t take_error(rd_kafka_error_t* error) {
    if (error == nullptr) return RD_KAFKA_RESP_ERR_NO_ERROR;
    const auto code = rd_kafka_error_code(error);
    rd_kafka_error_destroy(error);
    return code;
  }
};

Properties consumer_properties(const Properties& properties) {
  Properties all = properties;
  all.emplace("enable.auto.commit", "false");
  all.emplace("enable.auto.offset.store", "false");
  all.emplace("auto.offset.reset", "earliest");
  all.emplace("enable.partition.eof", "false");
  // Incremental rebalances: a process joining or leaving moves only the partitions that change
  // hands, instead of stopping every partition of the group (issue 7).
  all.emplace("partition.assignment.strategy", "cooperative-sticky");
  // A fetch waits for 64 KiB or 25 ms, where librdkafka's default answers as soon as one byte
  // is there. Under a steady load that made a fetch request for every message or two, and the
  // broker took whatever CPU the commits left. A larger fetch also makes each partition's
  // transaction larger, and under a live load a transaction's fixed cost is most of the cost
  // of its events: 25 ms instead of 10 cut the CPU per event by about a fifth at 2,000 and
  // 3,500 events/s and a tenth at 6,900, and more than halved the p99 at 3,500 (bench/results/history-2026-11.md,
  // "Which stage saturates, per event; a fetch of 25 ms"). A quiet partition's next message
  // waits at most 25 ms longer.
  all.emplace("fetch.wait.max.ms", "25");
  all.emplace("fetch.min.bytes", "65536");
  return all;
}

Consumer::Consumer(const Properties& properties, const std::vector<std::string>& topics, RebalanceListener& listener)
    : impl_(std::make_unique<Impl>(listener)) {
  auto conf = make_conf(consumer_properties(properties), RD_KAFKA_CONSUMER);
  rd_kafka_conf_set_rebalance_cb(conf.get(), &Impl::rebalance);
  rd_kafka_conf_set_opaque(conf.get(), impl_.get());
  impl_->handle = make_handle(RD_KAFKA_CONSUMER, std::move(conf));
  rd_kafka_poll_set_consumer(impl_->handle.get());

  PartitionListPtr subscription(rd_kafka_topic_partition_list_new(static_cast<int>(topics.size())));
  for (const auto& topic : topics) {
    rd_kafka_topic_partition_list_add(subscription.get(), topic.c_str(), RD_KAFKA_PARTITION_UA);
  }
  if (const auto e = rd_kafka_subscribe(impl_->handle.get(), subscription.get()); e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    throw KafkaError(std::string("cannot subscribe to the input topics: ") + rd_kafka_err2str(e));
  }
}

Consumer::~Consumer() { close(); }

void Consumer::poll(std::vector<Message>& out, int wait_ms, std::size_t max) {
  int timeout = wait_ms;
  for (std::size_t taken = 0; taken < max; ++taken) {
    rd_kafka_message_t* raw = rd_kafka_consumer_poll(impl_->handle.get(), timeout);
    if (raw == nullptr) break;
    timeout = 0;
    if (raw->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (raw->err != RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        log::warn("kafka consumer error", {{"error", rd_kafka_message_errstr(raw)}});
      }
      rd_kafka_message_destroy(raw);
      --taken;
      continue;
    }
    Message message;
    message.source = {rd_kafka_topic_name(raw->rkt), raw->partition};
    message.offset = raw->offset;
    if (raw->key != nullptr) message.key.emplace(static_cast<const char*>(raw->key), raw->key_len);
    if (raw->payload != nullptr) message.value.assign(static_cast<const char*>(raw->payload), raw->len);
    message.consumed_at_us = steady_now_us();
    message.traceparent = traceparent_of(raw);
    rd_kafka_message_destroy(raw);
    out.push_back(std::move(message));
  }
}

namespace {
// Messages between `next_offset` and the partition's end.
std::int64_t lag_to_end(std::int64_t low, std::int64_t high, std::int64_t next_offset) {
  return std::max<std::int64_t>(0, high - std::max(low, next_offset));
}

PartitionListPtr single(const TopicPartition& partition, std::int64_t offset) {
  PartitionListPtr list(rd_kafka_topic_partition_list_new(1));
  rd_kafka_topic_partition_list_add(list.get(), partition.topic.c_str(), partition.partition)->offset = offset;
  return list;
}
}  // namespace

void Consumer::pause(const TopicPartition& partition) {
  rd_kafka_pause_partitions(impl_->handle.get(), single(partition, RD_KAFKA_OFFSET_INVALID).get());
}

void Consumer::resume(const TopicPartition& partition, std::int64_t offset) {
  rd_kafka_resume_partitions(impl_->handle.get(), single(partition, RD_KAFKA_OFFSET_INVALID).get());
  // librdkafka 2.0 does not wake its fetcher on a resume: with every partition paused, the
  // broker thread sleeps until its next wake-up, up to a second later, and a backlog ran in
  // waves with the machine idle in between (bench/results/history-2026-11.md). A seek wakes it. Asynchronous:
  // the seek's version barrier is set before this returns, so nothing fetched before it is
  // polled after it.
  const auto list = single(partition, offset);
  if (auto* error = rd_kafka_seek_partitions(impl_->handle.get(), list.get(), 0)) {
    log::error(
        "kafka seek failed",
        {{"topic", partition.topic}, {"partition", partition.partition}, {"error", rd_kafka_error_string(error)}});
    rd_kafka_error_destroy(error);
  }
}

void Consumer::commit_async(const std::vector<std::pair<TopicPartition, std::int64_t>>& next_offsets) {
  if (impl_->closed || next_offsets.empty()) return;
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(next_offsets.size())));
  for (const auto& [partition, offset] : next_offsets) {
    rd_kafka_topic_partition_list_add(list.get(), partition.topic.c_str(), partition.partition)->offset = offset;
  }
  const auto e = rd_kafka_commit(impl_->handle.get(), list.get(), 1);
  if (e != RD_KAFKA_RESP_ERR_NO_ERROR) {
    log::debug("kafka offset commit not sent", {{"error", rd_kafka_err2str(e)}});
  }
}

std::int64_t Consumer::lag(const TopicPartition& partition, std::int64_t next_offset) {
  std::int64_t low = 0, high = 0;
  if (rd_kafka_get_watermark_offsets(impl_->handle.get(), partition.topic.c_str(), partition.partition, &low, &high) !=
          RD_KAFKA_RESP_ERR_NO_ERROR ||
      high < 0) {
    return -1;
  }
  return lag_to_end(low, high, next_offset);
}

std::map<TopicPartition, std::int64_t> Consumer::query_ends(const std::vector<TopicPartition>& partitions,
                                                            int timeout_ms) {
  std::map<TopicPartition, std::int64_t> ends;
  if (partitions.empty()) return ends;
  PartitionListPtr list(rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size())));
  for (const auto& partition : partitions) {
    // ListOffsets with the timestamp "latest" answers with the partition's end.
    rd_kafka_topic_partition_list_add(list.get(), partition.topic.c_str(), partition.partition)->offset =
        RD_KAFKA_OFFSET_END;
  }
  if (rd_kafka_offsets_for_times(impl_->handle.get(), list.get(), timeout_ms) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return ends;
  }
  for (int i = 0; i < list->cnt; ++i) {
    const auto& element = list->elems[i];
    if (element.err == RD_KAFKA_RESP_ERR_NO_ERROR && element.offset >= 0) {
      ends[{element.topic, element.partition}] = element.offset;
    }
  }
  return ends;
}

void Consumer::close() {
  if (impl_->closed || !impl_->handle) return;
  impl_->closed = true;
  rd_kafka_consumer_close(impl_->handle.get());
}

}  // namespace vextrus::kafka
