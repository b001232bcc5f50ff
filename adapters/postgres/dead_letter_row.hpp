#pragma once
// Reads a dead letter from the columns topic, partition, "offset", key, reason, detail, payload,
// received_at (as micros_of) of a query, starting at column `first`. Internal to the PostgreSQL
// adapter (the outbox relay's reads and the operators' tools select them in this order).

#include <pqxx/pqxx>

#include "adapters/postgres/pg_text.hpp"
#include "domain/dead_letter.hpp"

namespace vextrus::pg {

inline domain::DeadLetter dead_letter_of(const pqxx::row& row, pqxx::row::size_type first) {
  domain::DeadLetter letter;
  letter.topic = row[first].as<std::string>();
  letter.partition = row[first + 1].as<std::int32_t>();
  letter.offset = row[first + 2].as<std::int64_t>();
  if (!row[first + 3].is_null()) letter.key = from_bytea_hex(row[first + 3].as<std::string>());
  letter.reason = row[first + 4].as<std::string>();
  letter.detail = row[first + 5].as<std::string>();
  letter.payload = from_bytea_hex(row[first + 6].as<std::string>());
  letter.received_at = domain::Timestamp{row[first + 7].as<std::int64_t>()};
  return letter;
}

}  // namespace vextrus::pg
