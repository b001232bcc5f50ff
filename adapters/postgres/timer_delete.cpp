#include "adapters/postgres/timer_delete.hpp"

#include "adapters/postgres/pg_text.hpp"

namespace vextrus::pg {

WriteStatement::Part delete_entity_timers(WriteStatement& writes, const PartitionId& partition,
                                          const std::string& entity_type, const std::vector<TimerRemoval>& entities) {
  std::vector<std::string> ids, up_to;
  ids.reserve(entities.size());
  up_to.reserve(entities.size());
  for (const auto& entity : entities) {
    ids.push_back(entity.entity_id);
    up_to.push_back(entity.up_to);
  }
  // The subquery finds each entity's timers by the primary key (OFFSET 0 keeps it from being
  // flattened into a join the planner could hash); the due time is checked only on the rows found,
  // where no index can tempt the planner.
  return writes.add(
      "DELETE FROM timers WHERE ctid = ANY(ARRAY("
      "SELECT t.ctid FROM unnest($4::text[], $5::timestamptz[]) AS entity(id, up_to) CROSS JOIN LATERAL"
      " (SELECT ctid, due_at FROM timers WHERE topic = $1 AND partition = $2 AND entity_type = $3"
      " AND entity_id = entity.id OFFSET 0) t WHERE t.due_at <= entity.up_to)) RETURNING 1",
      {partition.topic, std::to_string(partition.partition), entity_type, text_array(ids), text_array(up_to)});
}

}  // namespace vextrus::pg
