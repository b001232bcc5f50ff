#pragma once
// Bounds how long the process takes to stop once asked to. The orderly stop waits on things that
// can hang past any promise: librdkafka's destroy waits forever for a broker thread when the
// consumer's topics were deleted under it (librdkafka#4362); a relay's flush waits for a broker
// that is gone. The commit protocol makes a hard exit safe: it is a kill -9, after which the next
// owner re-reads from the offsets in PostgreSQL and relays what was committed and not yet
// published. So once a stop is requested and `deadline` passes without the owner destroying this
// object, the process logs that it gave up and exits with status 1 at once.
//
// Threading: one watcher thread, started by the constructor; the destructor stops and joins it.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace vextrus::app {

class ShutdownDeadline {
 public:
  // `requested` is set by a signal handler, so it is polled, not waited on.
  ShutdownDeadline(const std::atomic<bool>& requested, std::chrono::milliseconds deadline);
  ~ShutdownDeadline();
  ShutdownDeadline(const ShutdownDeadline&) = delete;
  ShutdownDeadline& operator=(const ShutdownDeadline&) = delete;

 private:
  void watch(const std::atomic<bool>& requested, std::chrono::milliseconds deadline);

  std::mutex mutex_;
  std::condition_variable done_changed_;
  bool done_ = false;  // guarded by mutex_
  std::thread watcher_;
};

}  // namespace vextrus::app
