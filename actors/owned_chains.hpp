#pragma once
// The audit chains (one per input partition) of the partitions this process holds, so that the
// outbox relay publishes only their outputs: with several processes in the group, each relays
// its own partitions' rows instead of all of them N times. Written by the consumer loop on
// assignment and revocation, read by the relay thread; thread-safe.

#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace vextrus::actors {

class OwnedChains {
 public:
  void add(const std::string& chain) {
    std::lock_guard<std::mutex> lock(mutex_);
    chains_.insert(chain);
  }
  void remove(const std::string& chain) {
    std::lock_guard<std::mutex> lock(mutex_);
    chains_.erase(chain);
  }
  std::vector<std::string> snapshot() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return {chains_.begin(), chains_.end()};
  }

 private:
  mutable std::mutex mutex_;
  std::set<std::string> chains_;
};

}  // namespace vextrus::actors
