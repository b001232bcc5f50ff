#include "adapters/postgres/prepared.hpp"

#include <cstdint>
#include <cstdio>

namespace vextrus::pg {

std::string prepared_name(const std::string& sql) {
  // FNV-1a, 64 bits: stable across processes and builds (std::hash need not be), and cheap
  // beside the round trip it saves.
  std::uint64_t hash = 14695981039346656037ull;
  for (const unsigned char c : sql) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  char name[3 + 16 + 1];
  std::snprintf(name, sizeof name, "vx_%016llx", static_cast<unsigned long long>(hash));
  return name;
}

}  // namespace vextrus::pg
