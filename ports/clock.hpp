#pragma once
// The one source of time of the actors and relays: the wall clock (business time, recorded_at,
// the watermark) and the steady clock (latencies, timeouts). Injected so that tests can move
// time; the system's clock otherwise. Implementations are thread-safe.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "domain/time.hpp"

namespace vextrus::ports {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual domain::Timestamp wall_now() const = 0;
  // Microseconds of a monotonic clock with an arbitrary origin.
  virtual std::int64_t steady_us() const = 0;
};

class SystemClock final : public Clock {
 public:
  domain::Timestamp wall_now() const override {
    using namespace std::chrono;
    return {duration_cast<microseconds>(system_clock::now().time_since_epoch()).count()};
  }
  std::int64_t steady_us() const override {
    using namespace std::chrono;
    return duration_cast<microseconds>(steady_clock::now().time_since_epoch()).count();
  }
};

// The process's clock, shared.
inline std::shared_ptr<const Clock> system_clock() {
  static const auto clock = std::make_shared<const SystemClock>();
  return clock;
}

// A wall clock set by hand (tests, replays); the steady clock stays the system's.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(std::int64_t wall_us) : wall_us_(wall_us) {}
  void set(std::int64_t wall_us) { wall_us_.store(wall_us); }
  domain::Timestamp wall_now() const override { return {wall_us_.load()}; }
  std::int64_t steady_us() const override { return SystemClock().steady_us(); }

 private:
  std::atomic<std::int64_t> wall_us_;
};

}  // namespace vextrus::ports
