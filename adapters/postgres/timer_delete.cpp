#include "adapters/postgres/timer_delete.hpp"

#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {

std::int64_t delete_entity_timers(pqxx::transaction_base& tx, const PartitionId& partition,
                                  const std::string& entity_type, const std::vector<std::string>& entity_ids,
                                  const std::string& up_to) {
  // exec_params sends the unnamed statement, which PostgreSQL plans for the values bound to it.
  // The subquery finds each entity's timers by the primary key (OFFSET 0 keeps it from being
  // flattened into a join the planner could hash); the due time is checked only on the rows found,
  // where no index can tempt the planner.
  return static_cast<std::int64_t>(
      tx.exec_params("DELETE FROM timers WHERE due_at <= $5::timestamptz AND ctid = ANY(ARRAY("
                     "SELECT t.ctid FROM unnest($4::text[]) AS entity(id) CROSS JOIN LATERAL"
                     " (SELECT ctid FROM timers WHERE topic = $1 AND partition = $2 AND entity_type = $3"
                     " AND entity_id = entity.id OFFSET 0) t))",
                     partition.topic, partition.partition, entity_type, text_array(entity_ids), up_to)
          .affected_rows());
}

}  // namespace vextrus::pg
