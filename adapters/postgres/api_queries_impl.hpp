#pragma once
// ApiQueries' state, shared by the files that implement its reads (api_queries.cpp,
// api_lists.cpp, api_reports.cpp). Internal to the PostgreSQL adapter.

#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "adapters/postgres/api_queries.hpp"

namespace vextrus::pg {

struct ApiQueries::Impl {
  // Connections kept for the next request; more are opened when requests overlap.
  static constexpr std::size_t max_idle_connections = 4;

  std::string dsn;
  bool explain = false;  // Mode::explain
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<pqxx::connection>> idle;
  std::mutex verify_mutex;

  // Runs `work` on a pooled connection; a connection that failed is not returned to the pool.
  // Each statement is bounded in time, and planned for the parameters it is given (the lists'
  // optional filters are "$n IS NULL OR ..."; a generic plan could not use their indexes).
  template <typename F>
  auto with_connection(F&& work) -> decltype(work(std::declval<pqxx::connection&>())) {
    std::unique_ptr<pqxx::connection> connection;
    {
      std::lock_guard<std::mutex> lock(pool_mutex);
      if (!idle.empty()) {
        connection = std::move(idle.back());
        idle.pop_back();
      }
    }
    if (!connection) {
      connection = std::make_unique<pqxx::connection>(dsn);
      connection->set_variable("statement_timeout", "'10s'");
      connection->set_variable("jit", "off");
      connection->set_variable("plan_cache_mode", "force_custom_plan");
    }
    auto result = work(*connection);
    std::lock_guard<std::mutex> lock(pool_mutex);
    if (idle.size() < max_idle_connections) idle.push_back(std::move(connection));
    return result;
  }

  // A list's page: the query's first column the items, its second the keys. In Mode::explain,
  // the plan of that query as the one item.
  template <typename... Args>
  http::Page read(const std::string& sql, int limit, Args&&... args) {
    return with_connection([&](pqxx::connection& connection) {
      pqxx::read_transaction tx(connection);
      http::Page page;
      if (explain) {
        const auto plan = tx.exec_params("EXPLAIN (FORMAT JSON) " + sql, std::forward<Args>(args)...);
        page.items.push_back(std::string(plan[0][0].c_str()));
        return page;
      }
      const auto rows = tx.exec_params(sql, std::forward<Args>(args)...);
      const auto shown = std::min<std::size_t>(rows.size(), static_cast<std::size_t>(limit));
      for (std::size_t i = 0; i < shown; ++i) page.items.push_back(std::string(rows[i][0].c_str()));
      if (rows.size() > shown) page.last_key = std::string(rows[shown - 1][1].c_str());
      return page;
    });
  }

  // A report: each row's columns as text. In Mode::explain, the plan as its one row.
  template <typename... Args>
  http::Report report(const std::string& sql, std::vector<http::Report::Column> columns, Args&&... args) {
    return with_connection([&](pqxx::connection& connection) {
      pqxx::read_transaction tx(connection);
      http::Report out;
      if (explain) {
        const auto plan = tx.exec_params("EXPLAIN (FORMAT JSON) " + sql, std::forward<Args>(args)...);
        out.columns = {{"plan", false, false}};
        out.rows.push_back({std::string(plan[0][0].c_str())});
        return out;
      }
      out.columns = std::move(columns);
      for (const auto& row : tx.exec_params(sql, std::forward<Args>(args)...)) {
        std::vector<std::optional<std::string>> cells;
        for (const auto& field : row) {
          cells.push_back(field.is_null() ? std::nullopt : std::optional<std::string>(field.c_str()));
        }
        out.rows.push_back(std::move(cells));
      }
      return out;
    });
  }
};

}  // namespace vextrus::pg
