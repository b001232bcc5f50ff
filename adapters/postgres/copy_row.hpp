#pragma once
// A row for pqxx::stream_to (COPY): text values or NULLs, in column order. Shared by the
// PostgreSQL adapters that write in bulk.

#include <array>
#include <optional>
#include <string>
#include <vector>

namespace vextrus::pg {

// COPY rows as arrays of C strings: nullptr is NULL (pqxx writes \N for it).
class CopyRow {
 public:
  CopyRow& add(std::string value) {
    values_.push_back(std::move(value));
    nulls_.push_back(false);
    return *this;
  }
  CopyRow& add(const std::optional<std::string>& value) {
    values_.push_back(value.value_or(std::string()));
    nulls_.push_back(!value.has_value());
    return *this;
  }
  // pqxx::stream_to takes tuple-like rows only; std::array is one.
  template <std::size_t N>
  std::array<const char*, N> fields() const {
    std::array<const char*, N> out{};
    for (std::size_t i = 0; i < N && i < values_.size(); ++i) out[i] = nulls_[i] ? nullptr : values_[i].c_str();
    return out;
  }

 private:
  std::vector<std::string> values_;
  std::vector<bool> nulls_;
};

// "a, b, c", each column prefixed.
inline std::string joined(const std::vector<std::string>& columns, const std::string& prefix = "") {
  std::string out;
  for (const auto& column : columns) {
    if (!out.empty()) out += ", ";
    out += prefix + column;
  }
  return out;
}

}  // namespace vextrus::pg
