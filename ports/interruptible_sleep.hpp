#pragma once
// A wait that a stop request cuts short: retry loops wait between tries this way so that a
// revocation or a SIGTERM never waits out a back-off.

#include <atomic>
#include <chrono>
#include <thread>

namespace vextrus::ports {

// Sleeps `duration`, or less once `stop` is set (looked at every 50 ms). True when it slept the
// whole time, false when stopped.
inline bool sleep_unless(const std::atomic<bool>& stop, std::chrono::milliseconds duration) {
  constexpr auto step = std::chrono::milliseconds(50);
  const auto until = std::chrono::steady_clock::now() + duration;
  for (auto now = std::chrono::steady_clock::now(); now < until; now = std::chrono::steady_clock::now()) {
    if (stop.load()) return false;
    std::this_thread::sleep_for(std::min<std::chrono::steady_clock::duration>(step, until - now));
  }
  return !stop.load();
}

}  // namespace vextrus::ports
