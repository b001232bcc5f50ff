// libFuzzer target: the bytes a client sends on one connection, through the listener's request
// reader (its one parser, with its limits) and the service's routes, without a network. Whatever
// the bytes: no crash, an HTTP status line at the start of the reply and never a 503 (nothing
// behind the routes fails here), the /v1 reads reached only by a request carrying the token, and
// only with validated queries (audit limit 1 to 1000, page sizes 1 to 500), re-drive orders only
// with a reason and a filter.

#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "adapters/http/http_routes.hpp"
#include "adapters/json/utf8.hpp"
#include "tests/support/empty_backend.hpp"
#include "tests/support/in_memory_http.hpp"

namespace {

using namespace vextrus::http;

constexpr std::string_view token = "fuzz-token-7f3a";

// Answers like the PostgreSQL backend would, and aborts on a call the routes must not make.
class CheckingBackend : public vextrus::testing::EmptyBackend {
 public:
  bool token_presented = false;
  std::optional<std::string> entity(EntityKind, const std::string& id, bool) override {
    called();
    if (id.empty() || !vextrus::adapters::storable_text(id)) std::abort();  // PostgreSQL would refuse it
    if (id == "PO-1") return std::string(R"({"po_id":"PO-1","status":"approved"})");
    return std::nullopt;
  }
  AuditPage audit(const AuditQuery& query) override {
    called();
    if (query.limit < 1 || query.limit > 1000) std::abort();
    for (const auto* text : {&query.entity_id, &query.chain}) {
      if (*text && !vextrus::adapters::storable_text(**text)) std::abort();
    }
    AuditPage page;
    page.records.push_back(R"({"chain":"PO-1","seq":1})");
    if (query.limit == 1) page.last = std::make_pair(std::string("PO-1"), std::int64_t{1});
    return page;
  }
  AuditVerification verify(const std::string&) override {
    called();
    return AuditVerification{};
  }
  std::optional<std::string> dead_letter(std::int64_t id) override {
    called();
    if (id < 0) std::abort();
    return std::nullopt;
  }

 protected:
  // Every list: only with a page size the routes allow, and a cursor they sealed.
  Page list(const PageRequest& page) override {
    called();
    if (page.limit < 1 || page.limit > 500) std::abort();
    Page out;
    out.items.push_back(R"({"po_id":"PO-1"})");
    if (page.limit == 1) out.last_key = "2025-09-17T04:15:00.000000Z|PO-1";
    return out;
  }

 private:
  void called() const {
    if (!token_presented) std::abort();  // the token guard let a request through without it
  }
};

// Re-drives nothing; aborts on an order the routes must not give (no reason, not text).
class CheckingRedriver : public Redriver {
 public:
  const bool* token_presented = nullptr;
  RedriveOutcome redrive(const RedriveOrder& order) override {
    if (!*token_presented) std::abort();
    if (order.reason.empty() || !vextrus::adapters::storable_text(order.reason) || order.actor.empty()) std::abort();
    if (!order.id && !order.filter.reason && !order.filter.topic && !order.filter.since && !order.filter.until)
      std::abort();
    RedriveOutcome outcome;
    outcome.dead_letter_ids = {1};
    outcome.audit_record = R"({"chain":"ops","seq":1})";
    return outcome;
  }
};

struct Fixture {
  std::shared_ptr<CheckingBackend> backend = std::make_shared<CheckingBackend>();
  std::shared_ptr<CheckingRedriver> redriver = std::make_shared<CheckingRedriver>();
  HttpDeps deps;
  vextrus::testing::InMemoryServer server{deps};
  Fixture() {
    deps.address = "127.0.0.1:0";
    deps.tokens = {single_token(std::string(token))};
    deps.health = [] { return HealthSnapshot{true, true, false, true, "ok", {}}; };
    deps.metrics = [] { return std::string("vextrus_events_consumed_total 1\n"); };
    deps.api = backend;
    deps.redriver = redriver;
    redriver->token_presented = &backend->token_presented;
    deps.company = Company{"Vextrus Trading Ltd", "0000987654321"};
  }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static Fixture fixture;
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  fixture.backend->token_presented = input.find(token) != std::string_view::npos;
  const std::string reply = fixture.server.serve(input);
  if (!reply.empty() && reply.rfind("HTTP/1.1 ", 0) != 0) std::abort();
  // The backend never fails and the health is good: a 503 is a handler that failed on the input.
  if (reply.find("HTTP/1.1 503") != std::string::npos) std::abort();
  return 0;
}
