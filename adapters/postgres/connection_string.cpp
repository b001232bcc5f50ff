#include "adapters/postgres/connection_string.hpp"

#include <libpq-fe.h>

#include <sstream>

namespace vextrus::pg {
namespace {

// libpq parses ports only when it connects; a comma-separated list, one per host.
bool valid_ports(const std::string& ports) {
  std::istringstream in(ports);
  for (std::string port; std::getline(in, port, ',');) {
    if (port.empty()) continue;  // the default port for that host
    if (port.size() > 5 || port.find_first_not_of("0123456789") != std::string::npos) return false;
    if (const int number = std::stoi(port); number < 1 || number > 65535) return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> connection_string_error(const std::string& dsn) {
  char* error = nullptr;
  PQconninfoOption* options = PQconninfoParse(dsn.c_str(), &error);
  if (options != nullptr) {
    std::optional<std::string> why;
    for (const PQconninfoOption* option = options; option->keyword != nullptr; ++option) {
      if (option->val != nullptr && std::string(option->keyword) == "port" && !valid_ports(option->val)) {
        why = std::string("invalid port \"") + option->val + "\"";
      }
    }
    PQconninfoFree(options);
    return why;
  }
  std::string why = error != nullptr ? error : "out of memory";
  PQfreemem(error);
  while (!why.empty() && (why.back() == '\n' || why.back() == ' ')) why.pop_back();
  return why;
}

}  // namespace vextrus::pg
