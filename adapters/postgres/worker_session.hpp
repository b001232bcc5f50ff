#pragma once
// The session settings of a partition worker's PostgreSQL connection. Internal to the PostgreSQL
// adapters; its own unit so that a test can plan statements as a worker's session does.

#include <pqxx/pqxx>

namespace vextrus::pg {

// Applies them once, on a new connection, in a transaction of its own.
void configure_worker_session(pqxx::connection& connection);

}  // namespace vextrus::pg
