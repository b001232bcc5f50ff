#include "adapters/log/log.hpp"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <regex>

#include "domain/time.hpp"

namespace vextrus::log {
namespace {

std::atomic<int> current_level{static_cast<int>(Level::info)};

const char* level_name(Level level) {
  switch (level) {
    case Level::debug:
      return "debug";
    case Level::info:
      return "info";
    case Level::warn:
      return "warn";
    case Level::error:
      return "error";
  }
  return "info";
}

}  // namespace

void set_level(Level level) { current_level = static_cast<int>(level); }

bool parse_level(std::string_view text, Level& out) {
  for (Level level : {Level::debug, Level::info, Level::warn, Level::error}) {
    if (text == level_name(level)) {
      out = level;
      return true;
    }
  }
  return false;
}

bool enabled(Level level) { return static_cast<int>(level) >= current_level.load(std::memory_order_relaxed); }

void write(Level level, std::string_view message, const std::vector<Field>& fields) {
  if (!enabled(level)) return;
  const auto now =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch());
  nlohmann::ordered_json line;
  line["ts"] = domain::format_utc(domain::Timestamp{now.count()});
  line["level"] = level_name(level);
  line["msg"] = std::string(message);
  for (const auto& field : fields) {
    if (field.is_number) {
      line[field.key] = field.number;
    } else {
      line[field.key] = field.text;
    }
  }
  std::string text = line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  text.push_back('\n');
  // One write(2) per line: atomic for lines under PIPE_BUF on pipes, and never interleaved
  // mid-line by our own threads on files either.
  const char* data = text.data();
  std::size_t left = text.size();
  while (left > 0) {
    const ssize_t n = ::write(STDERR_FILENO, data, left);
    if (n <= 0) break;
    data += n;
    left -= static_cast<std::size_t>(n);
  }
}

std::string redact_dsn(std::string_view dsn) {
  static const std::regex url_password(R"(^([a-z]+://[^:/@]*):[^@]*@)");
  static const std::regex kv_password(R"(password\s*=\s*('[^']*'|\S+))");
  std::string out = std::regex_replace(std::string(dsn), url_password, "$1:***@");
  return std::regex_replace(out, kv_password, "password=***");
}

}  // namespace vextrus::log
