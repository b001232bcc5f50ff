#pragma once
// JSON lines on stderr: {"ts","level","msg", ...context}. Thread-safe; one line per write so
// concurrent writers never interleave. Callers never pass secrets (DSNs go through redact_dsn).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vextrus::log {

enum class Level { debug = 0, info = 1, warn = 2, error = 3 };

// A context field: string or integer value.
struct Field {
  Field(std::string k, std::string v) : key(std::move(k)), text(std::move(v)) {}
  Field(std::string k, const char* v) : key(std::move(k)), text(v) {}
  Field(std::string k, std::int64_t v) : key(std::move(k)), number(v), is_number(true) {}
  Field(std::string k, int v) : Field(std::move(k), static_cast<std::int64_t>(v)) {}
  std::string key;
  std::string text;
  std::int64_t number = 0;
  bool is_number = false;
};

void set_level(Level level);
bool parse_level(std::string_view text, Level& out);
bool enabled(Level level);
void write(Level level, std::string_view message, const std::vector<Field>& fields = {});

inline void debug(std::string_view m, const std::vector<Field>& f = {}) { write(Level::debug, m, f); }
inline void info(std::string_view m, const std::vector<Field>& f = {}) { write(Level::info, m, f); }
inline void warn(std::string_view m, const std::vector<Field>& f = {}) { write(Level::warn, m, f); }
inline void error(std::string_view m, const std::vector<Field>& f = {}) { write(Level::error, m, f); }

// "postgresql://user:secret@host/db" → "postgresql://user:***@host/db"; key=value DSNs lose
// their password= value.
std::string redact_dsn(std::string_view dsn);

}  // namespace vextrus::log
