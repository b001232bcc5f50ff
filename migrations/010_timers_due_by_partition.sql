-- The due-time index keys on the partition as one expression, which only the due-order reads
-- name, so that the commit's DELETE of an entity's timers (topic, partition, entity_type,
-- entity_id) can use the primary key alone. With (topic, partition, due_at) the DELETE could
-- also range over a partition's timers through this index, and a planner without statistics (a
-- new database until its first analyse) or with stale ones (a vacuum of a nearly empty table)
-- took that range for one row and preferred it: 20-50 ms per DELETE under a live load, a
-- partition's timers read for every few entities (bench/README.md). Kafka topic names hold no
-- '/', so the expression names one partition.
CREATE INDEX timers_due_by_partition ON timers ((topic || '/' || partition::text), due_at);
DROP INDEX timers_due;
