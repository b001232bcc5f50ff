#include "adapters/postgres/bulk_rows.hpp"

namespace vextrus::pg {

BulkRows::BulkRows(pqxx::transaction_base& tx, std::string table, std::vector<std::string> columns, std::size_t rows)
    : table_(std::move(table)) {
  if (!by_copy(rows)) {
    json_.emplace(std::move(columns));
  } else {
    copy_ = std::make_unique<CopyWriter>(tx, table_, columns);
  }
}

BulkRows& BulkRows::add_json(std::string_view json) {
  // COPY hands the text to jsonb's input function; json_populate_recordset would store a JSON
  // string as a string, so the value goes into the array as it is.
  if (json_)
    json_->add_json(json);
  else
    copy_->row().add(json);
  return *this;
}

void BulkRows::end_row() {
  if (json_)
    json_->end_row();
  else
    copy_->end_row();
}

void BulkRows::complete(WriteStatement& writes, const std::string& where) {
  if (json_)
    insert_rows(writes, table_, *json_, "", where);
  else
    copy_->complete();
}

}  // namespace vextrus::pg
