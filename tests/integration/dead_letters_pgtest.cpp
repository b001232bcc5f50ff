// `vextrus-flow dead-letters list|redrive` (issue 8) against the real broker and PostgreSQL:
// invoices of a vendor category the running policy lacks are dead-lettered; once a policy with
// the category is deployed, a re-drive re-publishes their original bytes to their topic and key
// and the service applies them, except one whose event id was accepted meanwhile (a corrected
// re-publish), which stays a duplicate. Each re-drive is recorded, and the operator's action with
// its reason is a record of the audit chain "ops"; over HTTP (POST /v1/dead-letters/.../redrive)
// the same, for operators only, dry runs publishing nothing.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

std::string received(const std::string& event_id, const std::string& invoice, const std::string& category) {
  return event_json(
      event_id, "invoice.received", invoice, rfc3339_from_now(-60), "u-ap", "finance_manager",
      R"({"vendor":{"id":"V-)" + invoice + R"(","name":"Vendor","category":")" + category +
          R"(","tin":"123456789012","return_filed":true},"invoice_number":")" + invoice +
          R"(","invoice_date":"2025-09-20","lines":[{"description":"audit","quantity":1,)"
          R"("unit_price":"100000.00"}],"subtotal":"100000.00","vat_amount":"15000.00","total":"115000.00"})");
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  for (std::size_t start = 0, end; start < text.size(); start = end + 1) {
    end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    if (end > start) lines.push_back(text.substr(start, end - start));
  }
  return lines;
}

TEST(DeadLetters, ListedThenRedrivenAfterTheFixAndAnAcceptedIdStaysADuplicate) {
  ScratchDatabase db("redrive");
  TopicSet topics("redrive");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  auto without_consultancy = env;
  without_consultancy["VEXTRUS_POLICY"] =
      policy_variant("no-consultancy", {{"    consultancy:           {vds: 15,  tds: 10}\n", ""}});

  publish(topics.invoices, {{"INV-R1", received("r1", "INV-R1", "consultancy")},
                            {"INV-R2", received("r2", "INV-R2", "consultancy")},
                            // INV-R2 corrected upstream, same event id: accepted, so its dead
                            // letter must stay a duplicate when re-driven.
                            {"INV-R2", received("r2", "INV-R2", "advertising")}});
  {
    ServiceProcess service(without_consultancy, "/tmp/vextrus-redrive-before.log");
    service.start();
    ASSERT_TRUE(wait_until([&] { return committed_events(db) >= 3; }, 60s)) << "see " << service.log_path();
    EXPECT_EQ(service.stop(), 0);
  }
  EXPECT_EQ(db.scalar("SELECT count(*) FROM dead_letters WHERE reason = 'unknown_category'"), "2");
  EXPECT_EQ(db.scalar("SELECT count(*) FROM invoices"), "1");

  std::string out, err;
  ASSERT_EQ(run_command(env, {"dead-letters", "list", "--reason", "unknown_category"}, &out, "", &err), 0) << err;
  const auto listed = lines_of(out);
  ASSERT_EQ(listed.size(), 2u) << out;
  EXPECT_EQ(listed[0].rfind("{\"id\":", 0), 0u) << listed[0];
  EXPECT_NE(listed[0].find("\"redrives\":0"), std::string::npos) << listed[0];
  EXPECT_NE(listed[0].find("\"reason\":\"unknown_category\""), std::string::npos) << listed[0];
  EXPECT_NE(listed[0].find("INV-R1"), std::string::npos) << "the payload is shown: " << listed[0];
  ASSERT_EQ(run_command(env, {"dead-letters", "list", "--since", rfc3339_from_now(3600)}, &out), 0);
  EXPECT_EQ(out, "");
  EXPECT_EQ(run_command(env, {"dead-letters", "list", "--since", "yesterday"}, &out), 2);
  EXPECT_EQ(run_command(env, {"dead-letters", "redrive", "--why", "fix"}, &out), 2) << "neither --id nor --reason";
  EXPECT_EQ(run_command(env, {"dead-letters", "redrive", "--id", "1", "--reason", "x", "--why", "fix"}, &out), 2);
  EXPECT_EQ(run_command(env, {"dead-letters", "redrive", "--id", "1"}, &out), 2) << "no --why";
  EXPECT_EQ(run_command(env, {"dead-letters", "redrive", "--id", "1", "--why", " "}, &out), 2) << "an empty --why";

  // The fix is deployed (the default policy knows consultancy); then the re-drive.
  ServiceProcess service(env, "/tmp/vextrus-redrive-after.log");
  service.start();
  ASSERT_EQ(
      run_command(
          env, {"dead-letters", "redrive", "--reason", "unknown_category", "--why", "consultancy is in the policy now"},
          &out, "", &err),
      0)
      << err;
  EXPECT_NE(err.find("2 dead letters re-published"), std::string::npos) << err;
  // The operator's action, in the audit trail: who, what and why.
  const auto action = nlohmann::json::parse(out);
  EXPECT_EQ(action.at("chain"), "ops");
  EXPECT_EQ(action.at("seq"), 1);
  EXPECT_EQ(action.at("action"), "redriven");
  EXPECT_EQ(action.at("entity_id"), "batch");
  EXPECT_EQ(action.at("actor_role"), "operator");
  EXPECT_NE(action.at("actor_id").get<std::string>().find('@'), std::string::npos) << "user@host";
  EXPECT_EQ(action.at("detail"),
            (nlohmann::json{
                {"reason", "consultancy is in the policy now"}, {"dead_letter_ids", {1, 2}}, {"dry_run", false}}));
  ASSERT_TRUE(wait_until([&] { return committed_events(db) >= 5; }, 60s)) << "see " << service.log_path();
  ASSERT_TRUE(wait_until([&] { return db.scalar("SELECT count(*) FROM invoices") == "2"; }, 30s));
  EXPECT_EQ(db.scalar("SELECT vendor_category FROM invoices WHERE invoice_id = 'INV-R1'"), "consultancy");
  // INV-R2 keeps its corrected version: one accepted record for r2, the re-drive a duplicate.
  EXPECT_EQ(db.scalar("SELECT count(*) FROM audit_log WHERE event_id = 'r2'"), "1");
  EXPECT_EQ(db.scalar("SELECT vendor_category FROM invoices WHERE invoice_id = 'INV-R2'"), "advertising");
  std::string metrics;
  ASSERT_EQ(http_get(env.at("VEXTRUS_HTTP_ADDR"), "/metrics", &metrics), 200);
  EXPECT_NE(metrics.find("vextrus_duplicate_events_total 1"), std::string::npos);
  EXPECT_EQ(service.stop(), 0);

  EXPECT_EQ(db.scalar("SELECT count(*) || ' ' || bool_and(redriven_by LIKE '%@%') FROM dead_letter_redrives"),
            "2 true");
  ASSERT_EQ(run_command(env, {"dead-letters", "list"}, &out), 0);
  for (const auto& line : lines_of(out)) EXPECT_NE(line.find("\"redrives\":1"), std::string::npos) << line;
}

// POST /v1/dead-letters/{id}/redrive and /v1/dead-letters/redrive: operators only; a dry run
// publishes nothing; a re-drive publishes the original bytes once; every call is a record of the
// chain "ops" naming the token, which audit verify covers.
TEST(DeadLetters, ReDrivenOverHttpByAnOperatorOnceAndOnRecord) {
  ScratchDatabase db("redrive_http");
  TopicSet topics("redrive_http");
  auto env = service_environment(db, topics, "g-" + topics.purchase_orders);
  const std::string operator_token = "op-token-" + std::to_string(::getpid());
  const std::string viewer_token = "view-token-" + std::to_string(::getpid());
  env["VEXTRUS_API_TOKENS_FILE"] =
      tokens_file({{"ops-rahim", "operator", operator_token}, {"dashboards", "viewer", viewer_token}});
  auto without_consultancy = env;
  without_consultancy["VEXTRUS_POLICY"] =
      policy_variant("no-consultancy", {{"    consultancy:           {vds: 15,  tds: 10}\n", ""}});
  const std::string original = received("h1", "INV-H1", "consultancy");
  const std::string not_text = "{\"event_id\": \"\xff\xfe\"}";  // not UTF-8: dead-lettered
  publish(topics.invoices,
          {{"INV-H1", original}, {"INV-H2", received("h2", "INV-H2", "consultancy")}, {"INV-H3", not_text}});
  {
    ServiceProcess service(without_consultancy, "/tmp/vextrus-redrive-http-before.log");
    service.start();
    ASSERT_TRUE(wait_until([&] { return committed_events(db) >= 3; }, 60s)) << "see " << service.log_path();
    EXPECT_EQ(service.stop(), 0);
  }
  const std::string id =
      db.scalar("SELECT id FROM dead_letters WHERE payload = convert_to('" + original + "', 'UTF8')");
  ASSERT_FALSE(id.empty());

  ServiceProcess service(env, "/tmp/vextrus-redrive-http-after.log");
  service.start();
  const auto& address = env.at("VEXTRUS_HTTP_ADDR");
  ASSERT_TRUE(wait_until([&] { return http_get(address, "/health/ready") == 200; }, 60s)) << service.log_path();
  const auto post = [&](const std::string& path, const std::string& body, const std::string& token) {
    return http_request(address, "POST", path, token, body);
  };
  const std::string one = "/v1/dead-letters/" + id + "/redrive";

  // What an operator looks at first: the list, and each letter with its original bytes shown
  // safely (text escaped as JSON, bytes that are not UTF-8 as base64).
  const auto listed = http_request(address, "GET", "/v1/dead-letters?reason=unknown_category", viewer_token);
  ASSERT_EQ(listed.status, 200) << listed.body;
  EXPECT_EQ(nlohmann::json::parse(listed.body).at("items").size(), 2u);
  const auto letter = http_request(address, "GET", "/v1/dead-letters/" + id, viewer_token);
  ASSERT_EQ(letter.status, 200) << letter.body;
  EXPECT_EQ(nlohmann::json::parse(letter.body).at("payload"), original);
  EXPECT_EQ(nlohmann::json::parse(letter.body).at("redrives"), 0);
  const std::string binary_id = db.scalar("SELECT id FROM dead_letters WHERE reason <> 'unknown_category'");
  const auto binary =
      nlohmann::json::parse(http_request(address, "GET", "/v1/dead-letters/" + binary_id, viewer_token).body);
  EXPECT_EQ(binary.at("payload_encoding"), "base64");
  EXPECT_EQ(db.scalar("SELECT encode(payload, 'base64') FROM dead_letters WHERE id = " + binary_id),
            binary.at("payload"));
  EXPECT_EQ(http_request(address, "GET", "/v1/dead-letters/999999", viewer_token).status, 404);

  const auto refused = post(one, R"({"reason":"fix deployed"})", viewer_token);
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("needs the role operator"), std::string::npos) << refused.body;
  EXPECT_EQ(post(one, R"({"dry_run":false})", operator_token).status, 400) << "no reason";
  EXPECT_EQ(post("/v1/dead-letters/999999/redrive", R"({"reason":"x"})", operator_token).status, 404);
  EXPECT_EQ(post("/v1/dead-letters/redrive", R"({"reason":"x","filter":{}})", operator_token).status, 400);

  const auto dry = post(one, R"({"reason":"checking before the fix","dry_run":true})", operator_token);
  ASSERT_EQ(dry.status, 200) << dry.body;
  EXPECT_EQ(nlohmann::json::parse(dry.body).at("dead_letter_ids"), nlohmann::json::array({std::stoll(id)}));
  EXPECT_EQ(db.scalar("SELECT count(*) FROM dead_letter_redrives"), "0") << "a dry run re-drives nothing";

  const auto done =
      post(one, R"j({"reason":"consultancy added to the policy (CHG-1042)","dry_run":false})j", operator_token);
  ASSERT_EQ(done.status, 200) << done.body;
  const auto answer = nlohmann::json::parse(done.body);
  EXPECT_EQ(answer.at("count"), 1);
  const auto& record = answer.at("audit_record");
  EXPECT_EQ(record.at("chain"), "ops");
  EXPECT_EQ(record.at("seq"), 2) << "the dry run was the first";
  EXPECT_EQ(record.at("entity_type"), "dead_letter");
  EXPECT_EQ(record.at("entity_id"), id);
  EXPECT_EQ(record.at("actor_id"), "ops-rahim");
  EXPECT_EQ(record.at("actor_role"), "operator");
  EXPECT_TRUE(record.at("event_id").is_null());
  EXPECT_EQ(record.at("detail"), (nlohmann::json{{"reason", "consultancy added to the policy (CHG-1042)"},
                                                 {"dead_letter_ids", {std::stoll(id)}},
                                                 {"dry_run", false}}));
  ASSERT_TRUE(wait_until([&] { return db.scalar("SELECT count(*) FROM invoices") == "1"; }, 30s)) << service.log_path();
  EXPECT_EQ(db.scalar("SELECT invoice_id FROM invoices"), "INV-H1") << "only the one asked for";
  EXPECT_EQ(db.scalar("SELECT redriven_by FROM dead_letter_redrives"), "ops-rahim");

  // The original bytes, published once more: the topic holds them twice (upstream's and ours).
  const auto messages = read_topic(topics.invoices, topics.partitions, 5, 10s);  // a fifth would be one too many
  int copies = 0;
  for (const auto& m : messages) copies += m.value == original ? 1 : 0;
  EXPECT_EQ(copies, 2);
  EXPECT_EQ(messages.size(), 4u) << "nothing else was published";

  // Auditors see who re-drove what and why, and the chain verifies.
  std::string body;
  ASSERT_EQ(http_get(address, "/v1/audit?chain=ops", &body, operator_token), 200) << body;
  const auto ops = nlohmann::json::parse(body).at("records");
  ASSERT_EQ(ops.size(), 2u);
  EXPECT_EQ(ops[0].at("detail").at("dry_run"), true);
  EXPECT_EQ(ops[1].at("hash"), record.at("hash"));
  EXPECT_EQ(ops[1].at("prev_hash"), ops[0].at("hash"));
  ASSERT_EQ(http_get(address, "/v1/audit/verify", &body, operator_token), 200);
  EXPECT_EQ(nlohmann::json::parse(body).at("ok"), true) << body;
  std::string out, err;
  EXPECT_EQ(run_command(env, {"audit", "verify", "--postgres-only"}, &out, "", &err), 0) << out << err;
  EXPECT_EQ(service.stop(), 0);
}

}  // namespace
}  // namespace vextrus::testing
