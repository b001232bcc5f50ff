// The partition store's commit, one call of commit_partition_batch (migration 010), against a real
// database: every row of a batch lands as it was sent (bytes, JSON, NULLs), and a key claim lost
// to another invoice fails the commit without writing anything, for the batch to be decided
// again. Fencing has its own file (fencing_pgtest.cpp).

#include <gtest/gtest.h>

#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

class CommitBatch : public ::testing::Test {
 protected:
  void SetUp() override {
    pg::apply_migrations(db_.owner_dsn());
    store_ = pg::make_pg_partition_store(db_.app_dsn(), {"g", "erp.invoices", 3});
    store_->claim("commit-batch-test");
  }

  static domain::AuditRecord audit_record(std::int64_t seq) {
    domain::AuditRecord r;
    r.chain = "erp.invoices/3";
    r.seq = seq;
    r.entity_type = "invoice";
    r.entity_id = "INV-1";
    r.event_id = "e-" + std::to_string(seq);
    r.action = "received";
    r.actor_role = "accounts_payable";  // actor_id stays NULL
    r.status_after = "pending_approval";
    r.occurred_at = {1'750'000'000'123'456};
    r.recorded_at = {1'750'000'001'000'000};
    r.detail_json = R"({"lines":[{"amount":"100.50"}],"note":"\"quoted\" \u09aa"})";
    r.prev_hash = std::string(64, '0');
    r.hash = std::string(64, 'a');
    r.canonical = R"({"action":"received","note":"tab	and \\ back"})";
    return r;
  }

  ScratchDatabase db_{"commitbatch"};
  std::unique_ptr<pg::PartitionStore> store_;
};

TEST_F(CommitBatch, EveryRowOfABatchLandsAsItWasSent) {
  pg::BatchCommit batch;
  batch.next_offset = 8;
  batch.audit.push_back(audit_record(1));
  domain::DeadLetter letter;
  letter.topic = "erp.invoices";
  letter.partition = 3;
  letter.offset = 7;
  letter.key = std::string("k\0\xff", 3);
  letter.reason = "invalid_json";
  letter.detail = "line 1: unexpected end";
  letter.payload = std::string("{\0\x80\n", 4);
  letter.received_at = {1'750'000'002'000'000};
  batch.dead_letters.push_back(letter);
  pg::NotificationRow n;
  n.notification_id = "erp.invoices/3/1/approval.requested/finance_manager";
  n.chain = "erp.invoices/3";
  n.seq = 1;
  n.type = "approval.requested";
  n.entity_type = "invoice";
  n.entity_id = "INV-1";
  n.to_role = "finance_manager";
  n.at = {1'750'000'000'123'456};
  n.detail_json = R"({"amount":"100.50"})";
  n.message = R"({"type":"approval.requested"})";
  batch.notifications.push_back(n);
  batch.timers.push_back({"invoice", "INV-1", {{domain::DeadlineKind::reminder, 1, {1'750'086'400'000'000}}}, {}});

  const auto result = store_->commit(batch);
  EXPECT_EQ(result.timers_delta, 1);

  EXPECT_EQ(db_.rows("SELECT seq, event_id, actor_id IS NULL, actor_role, status_before IS NULL, status_after,"
                     " (extract(epoch FROM occurred_at) * 1000000)::bigint, detail #>> '{lines,0,amount}',"
                     " detail ->> 'note', canonical FROM audit_log"),
            (std::vector<std::string>{"1|e-1|t|accounts_payable|t|pending_approval|1750000000123456|100.50|"
                                      "\"quoted\" \xe0\xa6\xaa|{\"action\":\"received\",\"note\":\"tab\tand \\\\ back\"}"}));
  EXPECT_EQ(db_.rows("SELECT topic, partition, \"offset\", encode(key, 'hex'), reason, detail, encode(payload, 'hex')"
                     " FROM dead_letters"),
            (std::vector<std::string>{"erp.invoices|3|7|6b00ff|invalid_json|line 1: unexpected end|7b00800a"}));
  EXPECT_EQ(db_.rows("SELECT notification_id, detail ->> 'amount', message, traceparent IS NULL FROM notifications"),
            (std::vector<std::string>{
                "erp.invoices/3/1/approval.requested/finance_manager|100.50|{\"type\":\"approval.requested\"}|t"}));
  EXPECT_EQ(db_.rows("SELECT topic, partition, entity_id, kind, step FROM timers"),
            (std::vector<std::string>{"erp.invoices|3|INV-1|reminder|1"}));
  EXPECT_EQ(db_.scalar("SELECT next_offset FROM consumer_offsets"), "8");
}

TEST_F(CommitBatch, AKeyClaimLostToAnotherInvoiceFailsTheCommitAndWritesNothing) {
  db_.scalar("INSERT INTO invoice_keys VALUES ('V-1', 'N-1', 'INV-OTHER') RETURNING 1");
  pg::BatchCommit batch;
  batch.next_offset = 1;
  batch.audit.push_back(audit_record(1));
  batch.invoice_key_claims = {{{"V-2", "N-1"}, "INV-1"}, {{"V-1", "N-1"}, "INV-1"}};
  try {
    store_->commit(batch);
    ADD_FAILURE() << "the commit claimed a key another invoice holds";
  } catch (const pg::Fenced&) {
    ADD_FAILURE() << "a lost claim is not fencing";
  } catch (const pg::StoreError& e) {
    EXPECT_FALSE(e.data_refused) << "deciding the batch again can succeed";
    EXPECT_NE(std::string(e.what()).find("invoice INV-1 lost its vendor and invoice number"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(db_.scalar("SELECT (SELECT count(*) FROM audit_log) || '/' || (SELECT count(*) FROM consumer_offsets)"
                       " || '/' || (SELECT string_agg(invoice_id, ',') FROM invoice_keys)"),
            "0/0/INV-OTHER");

  // The invoice that holds the key claims it again (a batch decided twice): no loss.
  batch.invoice_key_claims = {{{"V-2", "N-1"}, "INV-1"}, {{"V-1", "N-1"}, "INV-OTHER"}};
  store_->commit(batch);
  EXPECT_EQ(db_.scalar("SELECT string_agg(vendor_id || ':' || invoice_id, ',' ORDER BY vendor_id) FROM invoice_keys"),
            "V-1:INV-OTHER,V-2:INV-1");
  EXPECT_EQ(db_.scalar("SELECT next_offset FROM consumer_offsets"), "1");
}

}  // namespace
}  // namespace vextrus::testing
