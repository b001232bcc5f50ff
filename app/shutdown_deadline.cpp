#include "app/shutdown_deadline.hpp"

#include <cstdlib>

#include "adapters/log/log.hpp"

namespace vextrus::app {

ShutdownDeadline::ShutdownDeadline(const std::atomic<bool>& requested, std::chrono::milliseconds deadline)
    : watcher_([this, &requested, deadline] { watch(requested, deadline); }) {}

ShutdownDeadline::~ShutdownDeadline() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    done_ = true;
  }
  done_changed_.notify_one();
  watcher_.join();
}

void ShutdownDeadline::watch(const std::atomic<bool>& requested, std::chrono::milliseconds deadline) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!done_ && !requested.load()) done_changed_.wait_for(lock, std::chrono::milliseconds(100));
  if (done_changed_.wait_for(lock, deadline, [this] { return done_; })) return;
  log::error("the stop did not finish in time; exiting without it",
             {{"deadline_ms", static_cast<std::int64_t>(deadline.count())},
              {"consequence", "what was committed stays committed; the next owner re-reads the rest"}});
  std::_Exit(1);
}

}  // namespace vextrus::app
