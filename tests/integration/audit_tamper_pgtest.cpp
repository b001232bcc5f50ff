// Every kind of tampering with the audit trail in PostgreSQL (issue 6): a modified, inserted,
// deleted or reordered record, a cut-off chain tail, and a chain rewritten with fresh hashes,
// each found and named by `audit verify`; the last two only against vextrus.audit. Tampering
// needs the superuser with triggers off (session_replication_role = replica): the service's
// role cannot do any of it. After each case the trail is put back and verifies again.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <sstream>

#include "adapters/json/audit_codec.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

class AuditTamper : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    db_ = new ScratchDatabase("tamper");
    topics_ = new TopicSet("tamper", 1);  // one partition: one chain to tamper with
    env_ = new std::map<std::string, std::string>(service_environment(*db_, *topics_, "g-" + topics_->purchase_orders));
    std::vector<Record> records;
    for (int i = 0; i < 4; ++i) {
      const auto po = "PO-T" + std::to_string(i);
      records.push_back({po, po_submitted("s-" + po, po, "req-1", "5000.00")});
      records.push_back({po, event_json("a-" + po, "purchase_order.approved", po, rfc3339_from_now(-30), "u-2",
                                        "department_head", "{}")});
    }
    publish(topics_->purchase_orders, records);
    ServiceProcess service(*env_, "/tmp/vextrus-tamper.log");
    service.start();
    ASSERT_TRUE(wait_until([&] { return committed_events(*db_) >= 8; }, 60s));
    // Every record is on vextrus.audit before the tampering starts.
    ASSERT_TRUE(wait_until(
        [&] { return db_->scalar("SELECT count(*) FROM relay_positions WHERE audit_seq = 8") == "1"; }, 30s));
    EXPECT_EQ(service.stop(), 0);
  }
  static void TearDownTestSuite() {
    delete env_;
    delete topics_;
    delete db_;
  }

  // `audit verify`'s JSON answer; the exit code must match it.
  nlohmann::json verify() {
    std::string out;
    const int code = run_command(*env_, {"audit", "verify"}, &out);
    const auto answer = nlohmann::json::parse(out);
    EXPECT_EQ(code, answer.at("ok").get<bool>() ? 0 : 1) << out;
    return answer;
  }

  // Runs `sql` as the superuser with the append-only triggers off.
  void tamper(const std::string& sql) {
    pqxx::connection super(db_->super_dsn());
    pqxx::work tx(super);
    tx.exec("SET session_replication_role = replica");
    tx.exec(sql);
    tx.commit();
  }

  void expect_broken(const std::string& problem_part, std::int64_t seq) {
    const auto answer = verify();
    ASSERT_FALSE(answer.at("ok").get<bool>()) << answer.dump();
    const auto& first = answer.at("first_break");
    EXPECT_EQ(first.at("seq"), seq) << answer.dump();
    EXPECT_NE(first.at("problem").get<std::string>().find(problem_part), std::string::npos) << answer.dump();
  }

  void TearDown() override {
    // Every case leaves the trail as it found it.
    const auto answer = verify();
    EXPECT_TRUE(answer.at("ok").get<bool>()) << answer.dump();
    EXPECT_EQ(answer.at("records"), 8);
    EXPECT_EQ(answer.at("published").at("records"), 8);
  }

  static ScratchDatabase* db_;
  static TopicSet* topics_;
  static std::map<std::string, std::string>* env_;
};
ScratchDatabase* AuditTamper::db_ = nullptr;
TopicSet* AuditTamper::topics_ = nullptr;
std::map<std::string, std::string>* AuditTamper::env_ = nullptr;

TEST_F(AuditTamper, AModifiedRecordIsNamed) {
  tamper("UPDATE audit_log SET action = 'rejected' WHERE seq = 3");
  expect_broken("the columns differ from the hashed canonical text", 3);
  tamper("UPDATE audit_log SET action = 'submitted' WHERE seq = 3");
}

TEST_F(AuditTamper, ADeletedRecordIsNamed) {
  tamper("CREATE TABLE kept AS SELECT * FROM audit_log WHERE seq = 4; DELETE FROM audit_log WHERE seq = 4");
  expect_broken("a record is missing or out of order", 5);
  tamper("INSERT INTO audit_log SELECT * FROM kept; DROP TABLE kept");
}

TEST_F(AuditTamper, AnInsertedRecordIsNamed) {
  // Records 3.. move up one, and a copy of record 1 goes in at 3.
  tamper(
      "UPDATE audit_log SET seq = seq + 1000 WHERE seq >= 3; UPDATE audit_log SET seq = seq - 999 WHERE seq > 1000;"
      " INSERT INTO audit_log SELECT chain, 3, entity_type, entity_id, event_id, action, actor_id, actor_role,"
      " status_before, status_after, occurred_at, recorded_at, detail, prev_hash, hash, canonical"
      " FROM audit_log WHERE seq = 1");
  expect_broken("prev_hash differs from the previous record's hash", 3);
  tamper(
      "DELETE FROM audit_log WHERE seq = 3; UPDATE audit_log SET seq = seq + 999 WHERE seq >= 4;"
      " UPDATE audit_log SET seq = seq - 1000 WHERE seq > 1000");
}

TEST_F(AuditTamper, ReorderedRecordsAreNamed) {
  tamper(
      "UPDATE audit_log SET seq = 1005 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6;"
      " UPDATE audit_log SET seq = 6 WHERE seq = 1005");
  expect_broken("prev_hash differs from the previous record's hash", 5);
  tamper(
      "UPDATE audit_log SET seq = 1005 WHERE seq = 5; UPDATE audit_log SET seq = 5 WHERE seq = 6;"
      " UPDATE audit_log SET seq = 6 WHERE seq = 1005");
}

TEST_F(AuditTamper, ACutOffTailIsNamedAgainstThePublishedRecords) {
  tamper("CREATE TABLE kept AS SELECT * FROM audit_log WHERE seq >= 7; DELETE FROM audit_log WHERE seq >= 7");
  std::string out;
  EXPECT_EQ(run_command(*env_, {"audit", "verify", "--postgres-only"}, &out), 0)
      << "what is left verifies on its own: " << out;
  expect_broken("the chain's tail is missing", 8);
  tamper("INSERT INTO audit_log SELECT * FROM kept; DROP TABLE kept");
}

TEST_F(AuditTamper, AChainRewrittenWithFreshHashesIsNamedAgainstThePublishedRecords) {
  // The last record changed and sealed again: PostgreSQL alone cannot tell.
  const auto row = db_->rows(
      "SELECT chain, seq, entity_type, entity_id, event_id, action, actor_id, actor_role, status_before,"
      " status_after, (extract(epoch FROM occurred_at) * 1000000)::bigint,"
      " (extract(epoch FROM recorded_at) * 1000000)::bigint, detail::text, prev_hash, hash FROM audit_log WHERE seq = "
      "8");
  ASSERT_EQ(row.size(), 1u);
  std::vector<std::string> f;
  std::stringstream fields(row[0]);
  for (std::string field; std::getline(fields, field, '|');) f.push_back(field);
  ASSERT_EQ(f.size(), 15u) << row[0];
  domain::AuditRecord r;
  r.chain = f[0];
  r.seq = std::stoll(f[1]);
  r.entity_type = f[2];
  r.entity_id = f[3];
  r.event_id = f[4];
  r.action = "rejected";  // the forgery
  r.actor_id = f[6];
  r.actor_role = f[7];
  r.status_before = f[8];
  r.status_after = "rejected";
  r.occurred_at = domain::Timestamp{std::stoll(f[10])};
  r.recorded_at = domain::Timestamp{std::stoll(f[11])};
  r.detail_json = adapters::canonicalize_json(f[12]);
  r.prev_hash = f[13];
  const std::string original =
      db_->scalar("SELECT concat_ws('|', action, status_after, hash) FROM audit_log WHERE seq = 8");
  const std::string original_canonical = db_->scalar("SELECT canonical FROM audit_log WHERE seq = 8");
  adapters::seal(r);
  pqxx::connection super(db_->super_dsn());
  {
    pqxx::work tx(super);
    tx.exec("SET session_replication_role = replica");
    tx.exec_params("UPDATE audit_log SET action = $1, status_after = $1, hash = $2, canonical = $3 WHERE seq = 8",
                   r.action, r.hash, r.canonical);
    tx.commit();
  }
  std::string out;
  EXPECT_EQ(run_command(*env_, {"audit", "verify", "--postgres-only"}, &out), 0) << "re-hashed: " << out;
  expect_broken("the chain was rewritten", 8);
  std::vector<std::string> o;
  std::stringstream originals(original);
  for (std::string field; std::getline(originals, field, '|');) o.push_back(field);
  ASSERT_EQ(o.size(), 3u);
  pqxx::work tx(super);
  tx.exec("SET session_replication_role = replica");
  tx.exec_params("UPDATE audit_log SET action = $1, status_after = $2, hash = $3, canonical = $4 WHERE seq = 8", o[0],
                 o[1], o[2], original_canonical);
  tx.commit();
}

}  // namespace
}  // namespace vextrus::testing
