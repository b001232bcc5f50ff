-- Partition workers keep only the earliest pending timers in memory and page the rest in by due
-- time, so the timers of a partition are read in due order.
CREATE INDEX timers_due ON timers (topic, partition, due_at);
