#include "tests/support/harness.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <httplib.h>
#include <librdkafka/rdkafka.h>
#include <openssl/evp.h>

#include <atomic>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <random>
#include <stdexcept>
#include <thread>

#include "adapters/kafka/admin.hpp"
#include "adapters/kafka/producer.hpp"
#include "domain/time.hpp"

namespace vextrus::testing {
namespace {

std::string required_env(const char* name) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') {
    throw std::runtime_error(std::string(name) +
                             " is not set; run through scripts/test.sh (or eval \"$(scripts/infra.sh env)\")");
  }
  return value;
}

std::string unique_suffix() {
  static std::atomic<int> counter{0};
  std::random_device device;
  return std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + std::to_string(device() % 100000);
}

// Replaces the database name (the path) of a postgresql:// URL.
std::string with_database(const std::string& dsn, const std::string& database) {
  const auto scheme = dsn.find("://");
  const auto slash = dsn.find('/', scheme + 3);
  const auto query = dsn.find('?', slash);
  return dsn.substr(0, slash + 1) + database + (query == std::string::npos ? "" : dsn.substr(query));
}

}  // namespace

std::string brokers() { return required_env("VEXTRUS_KAFKA_BROKERS"); }

std::string repository_root() {
  if (const char* root = std::getenv("VEXTRUS_REPO_ROOT")) return root;
  return VEXTRUS_SOURCE_DIR;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

std::string policy_variant(const std::string& name,
                           const std::vector<std::pair<std::string, std::string>>& replacements) {
  auto text = file_text(repository_root() + "/config/policy/bd-default.yaml");
  for (const auto& [from, to] : replacements) {
    const auto at = text.find(from);
    if (at == std::string::npos) throw std::runtime_error("policy_variant: '" + from + "' is not in bd-default.yaml");
    text.replace(at, from.size(), to);
  }
  const std::string path = "/tmp/vextrus-policy-" + name + "-" + std::to_string(::getpid()) + ".yaml";
  std::ofstream(path) << text;
  return path;
}

std::string service_binary() {
  if (const char* binary = std::getenv("VEXTRUS_BINARY")) return binary;
  return VEXTRUS_BINARY_PATH;
}

ScratchDatabase::ScratchDatabase(const std::string& prefix) : name_("vx_" + prefix + "_" + unique_suffix()) {
  pqxx::connection super(required_env("VEXTRUS_TEST_PG_SUPER_DSN"));
  pqxx::nontransaction tx(super);
  tx.exec("CREATE DATABASE " + tx.quote_name(name_) + " OWNER vextrus_owner");
  pqxx::connection db(with_database(required_env("VEXTRUS_TEST_PG_SUPER_DSN"), name_));
  pqxx::nontransaction setup(db);
  setup.exec(
      "ALTER SCHEMA public OWNER TO vextrus_owner; REVOKE CREATE ON SCHEMA public FROM PUBLIC;"
      " GRANT USAGE ON SCHEMA public TO vextrus_runtime, vextrus_grafana");
}

ScratchDatabase::~ScratchDatabase() {
  try {
    pqxx::connection super(required_env("VEXTRUS_TEST_PG_SUPER_DSN"));
    pqxx::nontransaction tx(super);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception&) {
    // A leftover scratch database is harmless; infra.sh down --purge removes it.
  }
}

std::string ScratchDatabase::app_dsn() const { return with_database(required_env("VEXTRUS_PG_DSN"), name_); }
std::string ScratchDatabase::grafana_dsn() const {
  return with_database(required_env("VEXTRUS_TEST_PG_GRAFANA_DSN"), name_);
}
std::string ScratchDatabase::owner_dsn() const { return with_database(required_env("VEXTRUS_PG_OWNER_DSN"), name_); }
std::string ScratchDatabase::super_dsn() const {
  return with_database(required_env("VEXTRUS_TEST_PG_SUPER_DSN"), name_);
}

std::string ScratchDatabase::scalar(const std::string& sql) const {
  pqxx::connection connection(owner_dsn());
  pqxx::nontransaction tx(connection);
  const auto result = tx.exec(sql);
  if (result.empty() || result[0][0].is_null()) return "";
  return result[0][0].as<std::string>();
}

namespace {
std::vector<std::string> joined_rows(pqxx::transaction_base& tx, const std::string& sql) {
  std::vector<std::string> out;
  for (const auto& row : tx.exec(sql)) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      if (i > 0) line += '|';
      line += row[static_cast<int>(i)].is_null() ? "NULL" : row[static_cast<int>(i)].as<std::string>();
    }
    out.push_back(std::move(line));
  }
  return out;
}
}  // namespace

std::vector<std::string> ScratchDatabase::rows(const std::string& sql) const {
  pqxx::connection connection(owner_dsn());
  pqxx::nontransaction tx(connection);
  return joined_rows(tx, sql);
}

std::vector<std::string> ScratchDatabase::dashboard_rows(const std::string& sql) const {
  pqxx::connection connection(grafana_dsn());
  pqxx::read_transaction tx(connection);
  return joined_rows(tx, sql);
}

TopicSet::~TopicSet() {
  // Best effort: a broker that is gone leaves nothing to clean.
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers().c_str(), error, sizeof error);
  rd_kafka_t* admin = rd_kafka_new(RD_KAFKA_PRODUCER, conf, error, sizeof error);
  if (admin == nullptr) return;
  std::vector<rd_kafka_DeleteTopic_t*> deletions;
  for (const auto* name : {&purchase_orders, &invoices, &onboarding, &audit, &notifications, &dead_letter}) {
    deletions.push_back(rd_kafka_DeleteTopic_new(name->c_str()));
  }
  rd_kafka_queue_t* queue = rd_kafka_queue_new(admin);
  rd_kafka_DeleteTopics(admin, deletions.data(), deletions.size(), nullptr, queue);
  if (rd_kafka_event_t* result = rd_kafka_queue_poll(queue, 10'000)) rd_kafka_event_destroy(result);
  rd_kafka_DeleteTopic_destroy_array(deletions.data(), deletions.size());
  rd_kafka_queue_destroy(queue);
  rd_kafka_destroy(admin);
}

TopicSet::TopicSet(const std::string& prefix, int partition_count) : partitions(partition_count) {
  const std::string p = "t" + unique_suffix() + "." + prefix + ".";
  purchase_orders = p + "erp.purchase-orders";
  invoices = p + "erp.invoices";
  onboarding = p + "erp.onboarding";
  audit = p + "vextrus.audit";
  notifications = p + "vextrus.notifications";
  dead_letter = p + "vextrus.dead-letter";
  std::vector<kafka::TopicSpec> specs;
  for (const auto* name : {&purchase_orders, &invoices, &onboarding, &audit, &notifications, &dead_letter}) {
    specs.push_back({*name, partitions, 1});
  }
  kafka::create_topics({{"bootstrap.servers", brokers()}}, specs, 20000);
}

std::map<std::string, std::string> TopicSet::environment() const {
  return {{"VEXTRUS_KAFKA_TOPICS_PURCHASE_ORDERS", purchase_orders}, {"VEXTRUS_KAFKA_TOPICS_INVOICES", invoices},
          {"VEXTRUS_KAFKA_TOPICS_ONBOARDING", onboarding},           {"VEXTRUS_KAFKA_TOPICS_AUDIT", audit},
          {"VEXTRUS_KAFKA_TOPICS_NOTIFICATIONS", notifications},     {"VEXTRUS_KAFKA_TOPICS_DEAD_LETTER", dead_letter},
          {"VEXTRUS_KAFKA_PARTITIONS", std::to_string(partitions)}};
}

int free_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  const int port = ntohs(address.sin_port);
  ::close(fd);
  return port;
}

std::map<std::string, std::string> service_environment(const ScratchDatabase& db, const TopicSet& topics,
                                                       const std::string& group) {
  auto env = topics.environment();
  env["VEXTRUS_KAFKA_BROKERS"] = brokers();
  env["VEXTRUS_KAFKA_GROUP"] = group;
  env["VEXTRUS_PG_DSN"] = db.app_dsn();
  env["VEXTRUS_PG_OWNER_DSN"] = db.owner_dsn();
  env["VEXTRUS_HTTP_ADDR"] = "127.0.0.1:" + std::to_string(free_port());
  env["VEXTRUS_POLICY"] = repository_root() + "/config/policy/bd-default.yaml";
  env["VEXTRUS_LOG_LEVEL"] = "info";
  // A killed member holds its partitions until its session times out; keep that short so a
  // restart in a test does not wait Kafka's default 45 s (a pass-through librdkafka property).
  env["VEXTRUS_KAFKA_PROPERTIES_SESSION_TIMEOUT_MS"] = "6000";
  return env;
}

ServiceProcess::ServiceProcess(std::map<std::string, std::string> environment, std::string log_path, std::string binary)
    : environment_(std::move(environment)), log_path_(std::move(log_path)), binary_(std::move(binary)) {}

ServiceProcess::~ServiceProcess() {
  if (pid_ > 0) kill_hard();
}

namespace {

pid_t spawn(const std::map<std::string, std::string>& environment, const std::vector<std::string>& arguments,
            int stdin_fd, int stdout_fd, int stderr_fd, const std::string& binary = "") {
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (stdin_fd >= 0) ::dup2(stdin_fd, STDIN_FILENO);
    if (stdout_fd >= 0) ::dup2(stdout_fd, STDOUT_FILENO);
    if (stderr_fd >= 0) ::dup2(stderr_fd, STDERR_FILENO);
    ::chdir(repository_root().c_str());
    for (const auto& [name, value] : environment) ::setenv(name.c_str(), value.c_str(), 1);
    std::vector<std::string> args{binary.empty() ? service_binary() : binary};
    args.insert(args.end(), arguments.begin(), arguments.end());
    std::vector<char*> argv;
    for (auto& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

}  // namespace

void ServiceProcess::start(const std::vector<std::string>& arguments) {
  const int log_fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
  const int null_fd = ::open("/dev/null", O_RDWR);
  pid_ = spawn(environment_, arguments, null_fd, null_fd, log_fd, binary_);
  ::close(log_fd);
  ::close(null_fd);
}

void ServiceProcess::kill_hard() {
  if (pid_ <= 0) return;
  ::kill(pid_, SIGKILL);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

int ServiceProcess::stop(int timeout_ms) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, SIGTERM);
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill_hard();
  return -1;
}

bool ServiceProcess::running() {
  if (pid_ <= 0) return false;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int run_command(const std::map<std::string, std::string>& environment, const std::vector<std::string>& arguments,
                std::string* out, const std::string& input, std::string* err) {
  int in_pipe[2], out_pipe[2], err_pipe[2] = {-1, -1};
  // Close-on-exec, so the child holds only the ends dup2 gives it (and sees EOF on stdin).
  if (::pipe2(in_pipe, O_CLOEXEC) != 0 || ::pipe2(out_pipe, O_CLOEXEC) != 0 ||
      (err != nullptr && ::pipe2(err_pipe, O_CLOEXEC) != 0)) {
    throw std::runtime_error("pipe failed");
  }
  const pid_t pid = spawn(environment, arguments, in_pipe[0], out_pipe[1], err_pipe[1]);
  ::close(in_pipe[0]);
  ::close(out_pipe[1]);
  if (err != nullptr) ::close(err_pipe[1]);
  const auto read_all = [](int fd) {
    std::string collected;
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::read(fd, buffer, sizeof buffer)) > 0) collected.append(buffer, static_cast<std::size_t>(n));
    ::close(fd);
    return collected;
  };
  std::thread writer([&] {
    std::size_t written = 0;
    while (written < input.size()) {
      const ssize_t n = ::write(in_pipe[1], input.data() + written, input.size() - written);
      if (n <= 0) break;
      written += static_cast<std::size_t>(n);
    }
    ::close(in_pipe[1]);
  });
  std::string errors;
  std::thread error_reader([&] {
    if (err != nullptr) errors = read_all(err_pipe[0]);
  });
  std::string collected = read_all(out_pipe[0]);
  writer.join();
  error_reader.join();
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (out != nullptr) *out = std::move(collected);
  if (err != nullptr) *err = std::move(errors);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

void publish(const std::string& topic, const std::vector<Record>& records, const std::string& traceparent) {
  kafka::Producer producer({{"bootstrap.servers", brokers()}, {"linger.ms", "20"}, {"batch.num.messages", "10000"}});
  kafka::Headers headers;
  if (!traceparent.empty()) headers.emplace_back("traceparent", traceparent);
  for (const auto& record : records) {
    // An empty key stands for "no key" in the tests.
    producer.produce(topic, record.key.empty() ? std::nullopt : std::optional<std::string_view>(record.key),
                     record.value, headers);
  }
  if (!producer.flush(120000)) throw std::runtime_error("publishing to " + topic + " failed");
}

namespace {
// A consumer of the test broker in `group` that never commits; the caller destroys it.
rd_kafka_t* new_consumer(const std::string& group) {
  char error[512];
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  rd_kafka_conf_set(conf, "bootstrap.servers", brokers().c_str(), error, sizeof error);
  rd_kafka_conf_set(conf, "group.id", group.c_str(), error, sizeof error);
  rd_kafka_conf_set(conf, "enable.auto.commit", "false", error, sizeof error);
  rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, error, sizeof error);
  if (consumer == nullptr) throw std::runtime_error(error);
  return consumer;
}
}  // namespace

namespace {

// Appends `line` to the file named by environment variable `variable`, when it is set: the
// records the checks of scripts/test.sh read after the integration tests.
void append_to_log(const char* variable, const nlohmann::json& line) {
  const char* log_path = std::getenv(variable);
  if (log_path == nullptr || *log_path == '\0') return;
  static std::mutex mutex;
  std::lock_guard<std::mutex> lock(mutex);
  std::ofstream(log_path, std::ios::app) << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
}

// Every answer a test reads, for tests/openapi to validate against docs/openapi.yaml
// (VEXTRUS_TEST_HTTP_LOG).
void record_response(const std::string& path, const httplib::Response& response, const std::string& method = "GET") {
  append_to_log("VEXTRUS_TEST_HTTP_LOG", {{"method", method},
                                          {"path", path},
                                          {"status", response.status},
                                          {"content_type", response.get_header_value("Content-Type")},
                                          {"body", response.body}});
}

// Every message a test reads back from the broker, for tests/contract to validate the output
// topics' messages against docs/schemas (VEXTRUS_TEST_OUTPUT_LOG).
void record_message(const std::string& topic, const Record& record) {
  append_to_log("VEXTRUS_TEST_OUTPUT_LOG", {{"topic", topic}, {"key", record.key}, {"value", record.value}});
}

}  // namespace

std::vector<Record> read_topic(const std::string& topic, int partitions, std::size_t count,
                               std::chrono::milliseconds timeout, std::vector<std::string>* traceparents) {
  rd_kafka_t* consumer = new_consumer("reader-" + unique_suffix());
  rd_kafka_poll_set_consumer(consumer);
  rd_kafka_topic_partition_list_t* assignment = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(assignment, topic.c_str(), p)->offset = RD_KAFKA_OFFSET_BEGINNING;
  }
  rd_kafka_assign(consumer, assignment);
  rd_kafka_topic_partition_list_destroy(assignment);
  std::vector<Record> out;
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (out.size() < count && std::chrono::steady_clock::now() < until) {
    rd_kafka_message_t* message = rd_kafka_consumer_poll(consumer, 100);
    if (message == nullptr) continue;
    if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      Record record;
      if (message->key != nullptr) record.key.assign(static_cast<const char*>(message->key), message->key_len);
      if (message->payload != nullptr) record.value.assign(static_cast<const char*>(message->payload), message->len);
      record_message(topic, record);
      out.push_back(std::move(record));
      if (traceparents != nullptr) {
        rd_kafka_headers_t* headers = nullptr;
        const void* value = nullptr;
        std::size_t size = 0;
        const bool found =
            rd_kafka_message_headers(message, &headers) == RD_KAFKA_RESP_ERR_NO_ERROR &&
            rd_kafka_header_get_last(headers, "traceparent", &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
        traceparents->push_back(found ? std::string(static_cast<const char*>(value), size) : std::string());
      }
    }
    rd_kafka_message_destroy(message);
  }
  rd_kafka_consumer_close(consumer);
  rd_kafka_destroy(consumer);
  return out;
}

std::string kafka_group_offsets(const std::string& group, const std::string& topic, int partitions) {
  rd_kafka_t* consumer = new_consumer(group);  // reads the group's offsets; never joins it
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(partitions);
  for (int p = 0; p < partitions; ++p) rd_kafka_topic_partition_list_add(list, topic.c_str(), p);
  std::string out;
  if (rd_kafka_committed(consumer, list, 10000) == RD_KAFKA_RESP_ERR_NO_ERROR) {
    for (int i = 0; i < list->cnt; ++i) {
      const auto& element = list->elems[i];
      if (element.err != RD_KAFKA_RESP_ERR_NO_ERROR || element.offset < 0) continue;
      out += (out.empty() ? "" : ",") + std::to_string(element.partition) + ":" + std::to_string(element.offset);
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
  rd_kafka_destroy(consumer);
  return out;
}

int http_get(const std::string& address, const std::string& path, std::string* body, const std::string& bearer_token,
             Answer answer) {
  const auto colon = address.rfind(':');
  httplib::Client client(address.substr(0, colon), std::stoi(address.substr(colon + 1)));
  client.set_connection_timeout(2, 0);
  httplib::Headers headers;
  if (!bearer_token.empty()) headers.emplace("Authorization", "Bearer " + bearer_token);
  const auto result = client.Get(path.c_str(), headers);
  if (!result) return 0;
  if (body != nullptr) *body = result->body;
  if (answer == Answer::of_the_service) record_response(path, *result);
  return result->status;
}

std::string tokens_file(const std::vector<TestToken>& tokens) {
  char path[] = "/tmp/vextrus-tokens-XXXXXX";
  const int fd = ::mkstemp(path);
  ::close(fd);
  std::ofstream out(path);
  for (const auto& t : tokens) {
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    EVP_Digest(t.token.data(), t.token.size(), digest, &length, EVP_sha256(), nullptr);
    static constexpr char hex[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < length; ++i) text += {hex[digest[i] >> 4], hex[digest[i] & 15]};
    out << "- {name: " << t.name << ", role: " << t.role << ", sha256: " << text << "}\n";
  }
  return path;
}

HttpAnswer http_request(const std::string& address, const std::string& method, const std::string& path,
                        const std::string& bearer_token, const std::string& body,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
  const auto colon = address.rfind(':');
  httplib::Client client(address.substr(0, colon), std::stoi(address.substr(colon + 1)));
  client.set_connection_timeout(2, 0);
  client.set_read_timeout(120, 0);
  httplib::Headers sent;
  if (!bearer_token.empty()) sent.emplace("Authorization", "Bearer " + bearer_token);
  for (const auto& [name, value] : headers) sent.emplace(name, value);
  const auto result =
      method == "POST" ? client.Post(path.c_str(), sent, body, "application/json") : client.Get(path.c_str(), sent);
  if (!result) return {};
  record_response(path, *result, method);
  return {result->status, result->body, result->get_header_value("Content-Type")};
}

int connect_to(const std::string& address) {
  const auto colon = address.rfind(':');
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<std::uint16_t>(std::stoi(address.substr(colon + 1))));
  ::inet_pton(AF_INET, address.substr(0, colon).c_str(), &to.sin_addr);
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&to), sizeof to) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

std::string raw_exchange(const std::string& address, const std::string& request, std::chrono::milliseconds timeout) {
  const int fd = connect_to(address);
  if (fd < 0) return {};
  for (std::size_t sent = 0; sent < request.size();) {
    const auto n = ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early on an oversized request; read its answer
    sent += static_cast<std::size_t>(n);
  }
  std::string answer;
  char buffer[4096];
  pollfd readable{fd, POLLIN, 0};
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now());
    if (::poll(&readable, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 1))) <= 0) break;
    const auto n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

int status_of(const std::string& answer) {
  if (answer.rfind("HTTP/1.1 ", 0) != 0 || answer.size() < 12) return 0;
  return std::stoi(answer.substr(9, 3));
}

std::int64_t resident_kib(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout) {
  const auto until = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < until) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return condition();
}

std::int64_t committed_events(const ScratchDatabase& db) {
  try {
    const auto text = db.scalar("SELECT coalesce(sum(next_offset), 0) FROM consumer_offsets");
    return text.empty() ? 0 : std::stoll(text);
  } catch (const std::exception&) {
    return 0;  // not migrated yet
  }
}

std::string event_json(const std::string& event_id, const std::string& type, const std::string& entity_id,
                       const std::string& occurred_at, const std::string& actor_id, const std::string& role,
                       const std::string& payload_json) {
  return R"({"event_id":")" + event_id + R"(","type":")" + type + R"(","entity_id":")" + entity_id +
         R"(","occurred_at":")" + occurred_at + R"(","actor":{"id":")" + actor_id + R"(","role":")" + role +
         R"("},"payload":)" + payload_json + "}";
}

std::string rfc3339_from_now(std::int64_t seconds) {
  const auto now =
      std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
          .count();
  return domain::format_utc(domain::Timestamp{now + seconds * 1'000'000});
}

std::string po_submitted(const std::string& event_id, const std::string& po_id, const std::string& requester,
                         const std::string& total, const std::string& occurred_at) {
  return event_json(
      event_id, "purchase_order.submitted", po_id, occurred_at, requester, "requester",
      R"({"requester_id":")" + requester +
          R"(","department":"procurement","vendor_id":"V-100","budget_code":"CAPEX-26","lines":[{"item":"steel","quantity":1,"unit_price":")" +
          total + R"("}],"total":")" + total + R"("})");
}

}  // namespace vextrus::testing
