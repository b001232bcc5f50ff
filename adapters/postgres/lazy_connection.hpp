#pragma once
// A PostgreSQL connection opened on first use and dropped after a failure, so the next call
// reconnects: what lets a store ride out a database restart. Internal to the PostgreSQL
// adapters; owned by one store and used by one thread.

#include <functional>
#include <memory>
#include <pqxx/pqxx>
#include <string>

#include "adapters/postgres/partition_store.hpp"
#include "adapters/postgres/permanent_errors.hpp"

namespace vextrus::pg {

class LazyConnection {
 public:
  // `on_connect` runs once per new connection (session settings, temporary tables).
  explicit LazyConnection(std::string dsn, std::function<void(pqxx::connection&)> on_connect = {})
      : dsn_(std::move(dsn)), role_(dsn_user(dsn_)), on_connect_(std::move(on_connect)) {}

  pqxx::connection& get() {
    if (!connection_) {
      auto fresh = std::make_unique<pqxx::connection>(dsn_);
      // Batched statements over unanalysed temporary tables pass jit_above_cost, and compiling
      // them took more CPU than running them (libLLVM showed in PostgreSQL's profile).
      fresh->set_variable("jit", "off");
      if (on_connect_) on_connect_(*fresh);
      connection_ = std::move(fresh);
    }
    return *connection_;
  }

  // Runs `work`; any failure becomes a StoreError (saying whether the data was refused, and
  // what retrying will not cure) and drops the connection.
  template <typename F>
  auto guarded(F&& work) -> decltype(work()) {
    try {
      return work();
    } catch (const StoreError&) {
      connection_.reset();
      throw;
    } catch (const pqxx::sql_error& e) {
      connection_.reset();
      const std::string& state = e.sqlstate();
      throw StoreError(e.what(), state.rfind("22", 0) == 0 || state.rfind("23", 0) == 0, permanent_problem(e, role_));
    } catch (const std::exception& e) {
      connection_.reset();
      throw StoreError(e.what(), false, permanent_problem(e, role_));
    }
  }

 private:
  std::string dsn_;
  std::string role_;  // the user dsn_ logs in as, for the fix of a missing privilege
  std::function<void(pqxx::connection&)> on_connect_;
  std::unique_ptr<pqxx::connection> connection_;
};

}  // namespace vextrus::pg
