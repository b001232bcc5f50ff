#pragma once
// CSV as RFC 4180 writes it, for the audit export and the reports. Stateless.

#include <string>

namespace vextrus::adapters {

// One field: quoted when it holds a comma, quote or line break, its quotes doubled.
std::string csv_field(const std::string& value);

}  // namespace vextrus::adapters
