// `vextrus-flow dead-letters list|redrive` (issue 8) against the real broker and PostgreSQL:
// invoices of a vendor category the running policy lacks are dead-lettered; once a policy with
// the category is deployed, a re-drive re-publishes their original bytes to their topic and key
// and the service applies them, except one whose event id was accepted meanwhile (a corrected
// re-publish), which stays a duplicate. Each re-drive is recorded.

#include <gtest/gtest.h>

#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

std::string received(const std::string& event_id, const std::string& invoice, const std::string& category) {
  return event_json(event_id, "invoice.received", invoice, rfc3339_from_now(-60), "u-ap", "finance_manager",
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
  EXPECT_EQ(run_command(env, {"dead-letters", "redrive"}, &out), 2) << "neither --id nor --reason";
  EXPECT_EQ(run_command(env, {"dead-letters", "redrive", "--id", "1", "--reason", "x"}, &out), 2);

  // The fix is deployed (the default policy knows consultancy); then the re-drive.
  ServiceProcess service(env, "/tmp/vextrus-redrive-after.log");
  service.start();
  ASSERT_EQ(run_command(env, {"dead-letters", "redrive", "--reason", "unknown_category"}, &out, "", &err), 0) << err;
  EXPECT_NE(err.find("2 dead letters re-published"), std::string::npos) << err;
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

  EXPECT_EQ(db.scalar("SELECT count(*) || ' ' || bool_and(redriven_by LIKE '%@%') FROM dead_letter_redrives"), "2 true");
  ASSERT_EQ(run_command(env, {"dead-letters", "list"}, &out), 0);
  for (const auto& line : lines_of(out)) EXPECT_NE(line.find("\"redrives\":1"), std::string::npos) << line;
}

}  // namespace
}  // namespace vextrus::testing
