#pragma once
// The audit chains (one per input partition) of the partitions this process holds, each with
// the ownership epoch its worker claimed, so that the outbox relay publishes only their outputs
// and only while the claim stands: with several processes in the group each relays its own
// partitions' rows, and a process that lost a partition stops relaying it. Written by the
// partition workers (on claim) and the consumer loop (on revocation), read by the relay thread;
// thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace vextrus::actors {

class OwnedChains {
 public:
  using Epochs = std::map<std::string, std::int64_t>;  // chain → epoch

  void claimed(const std::string& chain, std::int64_t epoch) {
    std::lock_guard<std::mutex> lock(mutex_);
    chains_[chain] = epoch;
  }
  void remove(const std::string& chain) {
    std::lock_guard<std::mutex> lock(mutex_);
    chains_.erase(chain);
  }
  Epochs snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return chains_;
  }

 private:
  mutable std::mutex mutex_;
  Epochs chains_;
};

}  // namespace vextrus::actors
