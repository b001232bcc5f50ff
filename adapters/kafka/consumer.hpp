#pragma once
// A consumer-group member on the input topics. Owned and polled by one thread (the consumer
// loop), which alone calls poll(), pause(), resume(), lag() and close(); commit_async()
// may be called from any thread. Offsets are decided by the listener on assignment (PostgreSQL's
// offsets win), and every new assignment starts unpaused.

#include <map>
#include <memory>
#include <utility>
#include <vector>

#include "adapters/kafka/kafka_types.hpp"

namespace vextrus::kafka {

// Called on the polling thread, inside poll().
class RebalanceListener {
 public:
  virtual ~RebalanceListener() = default;
  // Returns the offset to start each partition at (same order): a stored offset,
  // offset_beginning, or offset_unknown (only while shutting down).
  virtual std::vector<std::int64_t> on_assigned(const std::vector<TopicPartition>& partitions) = 0;
  virtual void on_revoked(const std::vector<TopicPartition>& partitions) = 0;
};

// `properties` with what the service's consumer needs beside them; a property given wins.
Properties consumer_properties(const Properties& properties);

class Consumer {
 public:
  // Configured by consumer_properties(properties).
  Consumer(const Properties& properties, const std::vector<std::string>& topics, RebalanceListener& listener);
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Appends up to `max` messages to `into`: waits up to `wait_ms` for the first, then takes what
  // is ready. A rebalance inside the call runs the listener, which may edit `into`.
  void poll(std::vector<Message>& into, int wait_ms, std::size_t max);
  void pause(const TopicPartition& partition);
  // Fetches the partition again, from `offset` on (an offset or offset_beginning); what was
  // fetched beyond it and not yet polled is dropped.
  void resume(const TopicPartition& partition, std::int64_t offset);
  // Records the next offsets in Kafka for lag tools (after the PostgreSQL commits), all in one
  // request. Thread-safe.
  void commit_async(const std::vector<std::pair<TopicPartition, std::int64_t>>& next_offsets);
  // Cached high watermark minus `next_offset`; -1 when unknown. Polling thread only. The cache
  // may be left over from an earlier assignment of the partition until its first fetch.
  std::int64_t lag(const TopicPartition& partition, std::int64_t next_offset);
  // The end offsets of `partitions` as the broker has them now, in one request per leader
  // (blocks up to `timeout_ms`); those it did not answer for are missing. Polling thread only.
  std::map<TopicPartition, std::int64_t> query_ends(const std::vector<TopicPartition>& partitions, int timeout_ms);
  // Leaves the group (revoking partitions through the listener).
  void close();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace vextrus::kafka
