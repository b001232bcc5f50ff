#pragma once
// Test and benchmark support for runs against the real broker and PostgreSQL started by
// scripts/infra.sh: a throwaway database and topic set per test, the service as a child process,
// a publisher, and polling helpers. Reads VEXTRUS_KAFKA_BROKERS, VEXTRUS_PG_OWNER_DSN and
// VEXTRUS_TEST_PG_SUPER_DSN from the environment (scripts/infra.sh env).

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vextrus::testing {

// A database created for one test, with the roles of deploy/sql/roles.sql; dropped at the end.
class ScratchDatabase {
 public:
  explicit ScratchDatabase(const std::string& prefix);
  ~ScratchDatabase();
  ScratchDatabase(const ScratchDatabase&) = delete;
  ScratchDatabase& operator=(const ScratchDatabase&) = delete;

  const std::string& name() const { return name_; }
  std::string app_dsn() const;      // the runtime role
  std::string owner_dsn() const;    // the schema owner
  std::string grafana_dsn() const;  // the dashboards' role: the dashboard views, read-only
  std::string super_dsn() const;    // the superuser, on this database (server-side COPY)
  // First column of the first row of `sql`, as text ("" when NULL or no row), run as the owner.
  std::string scalar(const std::string& sql) const;
  // Every row of `sql` joined into one text per row ("a|b|c"), run as the owner.
  std::vector<std::string> rows(const std::string& sql) const;
  // The same, in a read-only transaction of the dashboards' role.
  std::vector<std::string> dashboard_rows(const std::string& sql) const;

 private:
  std::string name_;
};

// A unique set of topic names (the contract's names with a prefix), created on the broker.
// Deleted again when it goes: benchmarks publish millions of messages, and the test broker keeps
// every topic a run leaves behind.
struct TopicSet {
  explicit TopicSet(const std::string& prefix, int partitions = 6);
  ~TopicSet();
  TopicSet(const TopicSet&) = delete;
  TopicSet& operator=(const TopicSet&) = delete;
  std::string purchase_orders, invoices, onboarding, audit, notifications, dead_letter;
  int partitions;
  // VEXTRUS_KAFKA_TOPICS_* variables for the service.
  std::map<std::string, std::string> environment() const;
};

std::string brokers();
std::string repository_root();
// The whole content of a file (a service log, a policy); empty when it cannot be read.
std::string file_text(const std::string& path);
std::string service_binary();  // build/vextrus-flow, or $VEXTRUS_BINARY

// A copy of config/policy/bd-default.yaml with each text replaced (each must occur), written to
// a file under /tmp; returns its path.
std::string policy_variant(const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& replacements);

// `vextrus-flow` (or another `binary`) as a child process with its own environment; stderr goes
// to a log file.
class ServiceProcess {
 public:
  ServiceProcess(std::map<std::string, std::string> environment, std::string log_path, std::string binary = "");
  ~ServiceProcess();  // SIGKILL if still running
  ServiceProcess(const ServiceProcess&) = delete;
  ServiceProcess& operator=(const ServiceProcess&) = delete;

  void start(const std::vector<std::string>& arguments = {"run"});
  void kill_hard();                  // SIGKILL, then reap
  int stop(int timeout_ms = 30000);  // SIGTERM, then wait; returns the exit status
  bool running();
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }

 private:
  std::map<std::string, std::string> environment_;
  std::string log_path_;
  std::string binary_;  // empty: service_binary()
  pid_t pid_ = -1;
};

// Runs `vextrus-flow args...` to completion; returns exit code, fills stdout.
int run_command(const std::map<std::string, std::string>& environment, const std::vector<std::string>& arguments,
                std::string* out = nullptr, const std::string& input = "", std::string* err = nullptr);

struct Record {
  std::string key;
  std::string value;
};

// Publishes and waits for every delivery; throws on failure. A non-empty `traceparent` goes on
// every message as that header.
void publish(const std::string& topic, const std::vector<Record>& records, const std::string& traceparent = "");

// Reads every partition of `topic` from the beginning until `count` records arrived or
// `timeout` passed; returns what it read, and each record's traceparent header ("" when none) in
// `traceparents` when given. Each record read is also kept for the contract check of the output
// messages against docs/schemas (VEXTRUS_TEST_OUTPUT_LOG, tests/contract).
std::vector<Record> read_topic(const std::string& topic, int partitions, std::size_t count,
                               std::chrono::milliseconds timeout, std::vector<std::string>* traceparents = nullptr);

// The offsets `group` committed to Kafka for each partition of `topic`, as "partition:offset"
// joined by commas in partition order, leaving out partitions without one.
std::string kafka_group_offsets(const std::string& group, const std::string& topic, int partitions);

// GET http://<address><path>; returns the status (0 when unreachable) and fills `body`. An
// answer of the service is recorded for the OpenAPI check (VEXTRUS_TEST_HTTP_LOG); one of
// another server (Prometheus) is not.
enum class Answer { of_the_service, of_another_server };
int http_get(const std::string& address, const std::string& path, std::string* body = nullptr,
             const std::string& bearer_token = "", Answer answer = Answer::of_the_service);

// A tokens file (api.tokens_file) for these tokens: {name, role, token} each; the file holds
// their SHA-256 digests. Returns its path (a new file under /tmp).
struct TestToken {
  std::string name, role, token;
};
std::string tokens_file(const std::vector<TestToken>& tokens);

// Any request, recorded like http_get's answers (with its method): the status (0 when
// unreachable), the body and the Content-Type of the answer.
struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string content_type;
};
HttpAnswer http_request(const std::string& address, const std::string& method, const std::string& path,
                        const std::string& bearer_token, const std::string& body = "",
                        const std::vector<std::pair<std::string, std::string>>& headers = {});

// A TCP connection to host:port (-1 when refused), for requests written byte by byte.
int connect_to(const std::string& address);
// Sends `request` on a new connection as it is (stopping early if the server closes), then
// returns every byte the server answers until it closes or `timeout` passes.
std::string raw_exchange(const std::string& address, const std::string& request,
                         std::chrono::milliseconds timeout = std::chrono::seconds(10));
// The status code at the start of `answer` (0 when it is not an HTTP/1.1 answer).
int status_of(const std::string& answer);

// Resident set size of a process in KiB (VmRSS), 0 when unknown.
std::int64_t resident_kib(pid_t pid);

// Polls `condition` every 50 ms; true when it held before `timeout`.
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout);

// The environment for the service against `db` and `topics` (fresh group, free HTTP port).
std::map<std::string, std::string> service_environment(const ScratchDatabase& db, const TopicSet& topics,
                                                       const std::string& group);
int free_port();

// Sum of next_offset over the input partitions in consumer_offsets.
std::int64_t committed_events(const ScratchDatabase& db);

// JSON text of an event of any workflow: the envelope of docs/events.md around a payload.
std::string event_json(const std::string& event_id, const std::string& type, const std::string& entity_id,
                       const std::string& occurred_at, const std::string& actor_id, const std::string& role,
                       const std::string& payload_json);
// RFC 3339 time `seconds` from now (negative: in the past). Events of tests that do not test
// deadlines happen "now", so that no deadline falls due while the test runs.
std::string rfc3339_from_now(std::int64_t seconds);

// purchase_order.submitted with one line of quantity 1 at `total`; occurred_at defaults to a
// minute ago.
std::string po_submitted(const std::string& event_id, const std::string& po_id, const std::string& requester,
                         const std::string& total, const std::string& occurred_at = rfc3339_from_now(-60));

}  // namespace vextrus::testing
