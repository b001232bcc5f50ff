#pragma once
// How a store says a write or read failed: StoreError (nothing of it was written; retry, unless
// the data itself was refused) and Fenced (another process owns the partition now).

#include <optional>
#include <stdexcept>
#include <string>

#include "ports/problem.hpp"

namespace vextrus::ports {

// A commit the store refused or could not make; nothing of the batch was written.
struct StoreError : std::runtime_error {
  explicit StoreError(const std::string& what, bool refused_data = false,
                      std::optional<Problem> permanent_problem = std::nullopt)
      : std::runtime_error(what), data_refused(refused_data), permanent(std::move(permanent_problem)) {}
  // The database refused the rows themselves (SQLSTATE class 22 or 23): retrying the same rows
  // fails again, unlike a lost connection.
  bool data_refused;
  // A failure retrying will not cure until an operator acts (a privilege, a login, a table):
  // the caller still retries, but reports it (health::Problems).
  std::optional<Problem> permanent;
};

// The commit found that another process took the partition after this store claimed it: this
// process must not write for it again (until it is assigned the partition anew and claims it).
struct Fenced : StoreError {
  explicit Fenced(const std::string& what) : StoreError(what) {}
};

}  // namespace vextrus::ports
