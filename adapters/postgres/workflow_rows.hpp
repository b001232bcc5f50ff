#pragma once
// The projection rows of one workflow (docs/database.md): the one place in this adapter that
// knows a workflow's tables, read and written inside the partition store's transactions (the
// caller owns them). The store asks rows_of(workflow) and never names a workflow itself; a new
// workflow adds one implementation and one line to rows_of (docs/extending.md).

#include <pqxx/pqxx>
#include <string>
#include <unordered_map>
#include <vector>

#include "adapters/postgres/write_statement.hpp"
#include "domain/entity.hpp"
#include "ports/partition_store.hpp"

namespace vextrus::pg {

class WorkflowRows {
 public:
  virtual ~WorkflowRows() = default;
  // Sets out[id].state for each of `ids` whose row exists (absent ids were never created).
  virtual void load(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
                    std::unordered_map<std::string, ports::StoredEntity>& out) const = 0;
  // Adds to `writes` the insert or update of `states`, all of this workflow.
  virtual void upsert(WriteStatement& writes, const std::vector<const domain::EntityState*>& states) const = 0;
};

// A workflow whose rows are read and written by two functions over its state type.
template <typename State>
class RowsOf final : public WorkflowRows {
 public:
  using Load = std::unordered_map<std::string, State> (*)(pqxx::transaction_base&, const std::vector<std::string>&);
  using Upsert = void (*)(WriteStatement&, const std::vector<State>&);
  RowsOf(Load load_rows, Upsert upsert_rows) : load_(load_rows), upsert_(upsert_rows) {}

  void load(pqxx::transaction_base& tx, const std::vector<std::string>& ids,
            std::unordered_map<std::string, ports::StoredEntity>& out) const override {
    for (auto& [id, state] : load_(tx, ids)) out[id].state = std::move(state);
  }
  void upsert(WriteStatement& writes, const std::vector<const domain::EntityState*>& states) const override {
    std::vector<State> typed;
    typed.reserve(states.size());
    for (const auto* state : states) typed.push_back(std::get<State>(*state));
    upsert_(writes, typed);
  }

 private:
  Load load_;
  Upsert upsert_;
};

// Each of `rows` read into its entity's state by `read`, keyed by the state's `id` member.
template <typename State, typename Read>
std::unordered_map<std::string, State> states_by_id(const pqxx::result& rows, Read read, std::string State::*id) {
  std::unordered_map<std::string, State> out;
  out.reserve(rows.size());
  for (const auto& row : rows) {
    State state = read(row);
    std::string key = state.*id;
    out.emplace(std::move(key), std::move(state));
  }
  return out;
}

const WorkflowRows& rows_of(domain::Workflow workflow);
// The workflow an entity state belongs to.
domain::Workflow workflow_of(const domain::EntityState& state);

// Each workflow's rows (purchase_order_rows.cpp, invoice_rows.cpp, onboarding_rows.cpp).
const WorkflowRows& purchase_order_rows();
const WorkflowRows& invoice_rows();
const WorkflowRows& onboarding_rows();

}  // namespace vextrus::pg
