#pragma once
// The service's configuration (README.md, "Configuration"): a YAML file, every key overridable by a
// VEXTRUS_* environment variable. Built once at start, then read-only.

#include <cstdint>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace vextrus::config {

struct Topics {
  std::string purchase_orders = "erp.purchase-orders";
  std::string invoices = "erp.invoices";
  std::string onboarding = "erp.onboarding";
  std::string audit = "vextrus.audit";
  std::string notifications = "vextrus.notifications";
  std::string dead_letter = "vextrus.dead-letter";
};

struct KafkaSettings {
  std::string brokers = "embedded";
  int embedded_port = 19092;
  std::string group = "vextrus-flow";
  Topics topics;
  int partitions = 6;
  int replication_factor = 1;
  std::map<std::string, std::string> properties;  // librdkafka pass-through
};

struct PipelineSettings {
  int batch_max_events = 5000;        // per partition batch
  int batch_max_wait_ms = 5;          // how long a poll waits to fill a batch
  int max_inflight_events = 20000;    // per process, consumed and not yet committed; shared by its partitions
  int max_inflight_mib = 128;         // per process, bytes of those messages' values, likewise
  int poison_max_tries = 3;           // a decision that throws this often is dead-lettered
  int retry_backoff_ms = 200;         // first back-off after a failed commit; doubles to 10 s
  int scheduler_threads = 1;          // CAF worker threads for entity actors
  int max_live_actors = 100000;       // entity actors in memory per process (LRU beyond)
  int passivate_after_s = 600;        // an entity idle this long is passivated
  int max_timers_in_memory = 200000;  // per partition: the earliest pending timers (the rest stay stored)
};

// What one HTTP client may send and hold (docs/operations.md, "HTTP limits").
struct HttpSettings {
  int max_request_line_bytes = 8 * 1024;
  int max_header_bytes = 16 * 1024;
  int max_header_lines = 100;
  int max_body_bytes = 64 * 1024;
  int head_timeout_ms = 10'000;
  int body_timeout_ms = 10'000;
  int idle_timeout_ms = 5'000;
  int write_timeout_ms = 10'000;
  int max_connections = 1024;
  int max_connections_per_client = 256;
  int max_concurrent_requests = 256;
  int worker_threads = 4;
};

struct Settings {
  std::string env = "development";
  std::string log_level = "info";
  KafkaSettings kafka;
  std::string pg_dsn = "postgresql://localhost/vextrus";
  std::string pg_owner_dsn;  // empty: migrations use pg_dsn
  std::string http_addr = "127.0.0.1:8080";
  HttpSettings http;
  std::string api_token;        // one operator token; empty: none
  std::string api_tokens_file;  // the tokens with their roles (api_tokens.hpp); empty: none
  std::vector<std::string> policy_files{"config/policy/bd-default.yaml"};
  PipelineSettings pipeline;
  // The withholding entity on Mushak-6.6 certificates (GET /v1/reports/vds-certificates): the
  // company's name and 13-digit BIN. Optional; unset, that report alone answers 409.
  std::string company_name;
  std::string company_bin;

  bool embedded_kafka() const { return kafka.brokers == "embedded"; }
  const std::string& migration_dsn() const { return pg_owner_dsn.empty() ? pg_dsn : pg_owner_dsn; }
};

// An invalid file or value: the message names the key and the fix.
struct ConfigError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Reads `path` (a missing file is an error only when `required`), then applies VEXTRUS_*
// variables from `environment` (normally the process environment), then validates.
// The environment variable of a setting: "kafka.group" -> VEXTRUS_KAFKA_GROUP.
std::string env_name(const std::string& path);

Settings load_settings(const std::string& path, bool required, const std::map<std::string, std::string>& environment);

std::map<std::string, std::string> process_environment();

// For the commands that use Kafka (run, init-topics, dead-letters redrive): the embedded broker
// is for local runs, so VEXTRUS_ENV=production refuses it (ConfigError naming `command`). The
// other commands never use a broker, or skip it, and accept any kafka.brokers.
void refuse_embedded_in_production(const Settings& settings, const std::string& command);

}  // namespace vextrus::config
