#pragma once
// The wait between retries of something that failed and may pass: it starts at `initial` and
// doubles after each failure up to `cap`; a success resets it. One per retry loop, used by the
// loop's own thread.

#include <algorithm>
#include <chrono>

namespace vextrus::ports {

class Backoff {
 public:
  using Duration = std::chrono::milliseconds;

  Backoff(Duration initial, Duration cap) : initial_(std::max(initial, Duration(1))), cap_(cap), next_(initial_) {}

  // The wait before the next try; the one after it is twice as long (up to the cap).
  Duration next() {
    const auto wait = next_;
    next_ = std::min(next_ * 2, cap_);
    return wait;
  }
  // What next() would return, without moving on (for a log line).
  Duration peek() const { return next_; }
  void reset() { next_ = initial_; }

 private:
  Duration initial_;
  Duration cap_;
  Duration next_;
};

}  // namespace vextrus::ports
