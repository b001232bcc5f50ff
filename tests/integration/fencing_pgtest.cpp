// Fencing of the PostgreSQL partition store (issue 7), against a real database: once another
// process has claimed a partition, a commit by its previous owner fails as Fenced and writes
// nothing (no offset, no dead letter, no timer), the first commit of a partition included, sent
// in a transaction block or as one statement; and
// a claim waits for a commit in flight, so the new owner reads what the old one committed; the
// relay of the old owner stops relaying the partition.

#include <gtest/gtest.h>

#include <future>
#include <pqxx/pqxx>

#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/outbox_store.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

using namespace std::chrono_literals;

class Fencing : public ::testing::Test {
 protected:
  void SetUp() override { pg::apply_migrations(db_.owner_dsn()); }

  std::unique_ptr<ports::PartitionStore> store(int partition = 0) {
    return pg::make_pg_partition_store(db_.app_dsn(), {"g", "erp.purchase-orders", partition});
  }

  // A batch that moves the offset and leaves a timer and, unless it is to go as one statement
  // outside a transaction block, a dead letter behind.
  static ports::BatchCommit batch(std::optional<std::int64_t> expected, std::int64_t next, bool dead_letter = true) {
    ports::BatchCommit b;
    b.expected_offset = expected;
    b.next_offset = next;
    b.timers.push_back(
        {"purchase_order", "PO-" + std::to_string(next), {{domain::DeadlineKind::reminder, 0, {next}}}, {}});
    if (!dead_letter) return b;
    domain::DeadLetter letter;
    letter.topic = "erp.purchase-orders";
    letter.offset = next - 1;
    letter.reason = "invalid_json";
    letter.detail = "not JSON";
    letter.payload = "{";
    b.dead_letters.push_back(letter);
    return b;
  }

  std::string offsets() {
    return db_.scalar(
        "SELECT string_agg(partition || ':' || next_offset, ',' ORDER BY partition) FROM consumer_offsets");
  }
  std::string counts() {
    return db_.scalar("SELECT (SELECT count(*) FROM dead_letters) || '/' || (SELECT count(*) FROM timers)");
  }

  ScratchDatabase db_{"fencing"};
};

TEST_F(Fencing, ACommitAfterAnotherClaimIsRefusedAndWritesNothing) {
  auto old_owner = store();
  EXPECT_EQ(old_owner->claim("host-a/1"), 1);
  old_owner->commit(batch(std::nullopt, 1));
  ASSERT_EQ(offsets(), "0:1");
  ASSERT_EQ(counts(), "1/1");

  auto new_owner = store();
  EXPECT_EQ(new_owner->claim("host-b/2"), 2);
  try {
    old_owner->commit(batch(1, 2));
    ADD_FAILURE() << "the old owner committed after the claim";
  } catch (const ports::Fenced& e) {
    EXPECT_NE(std::string(e.what()).find("host-b/2"), std::string::npos) << e.what();
  }
  EXPECT_EQ(offsets(), "0:1");
  EXPECT_EQ(counts(), "1/1");

  EXPECT_EQ(new_owner->committed_offset(), 1);
  new_owner->commit(batch(1, 2));
  EXPECT_EQ(offsets(), "0:2");
  EXPECT_EQ(counts(), "2/2");
  EXPECT_EQ(db_.scalar("SELECT epoch || ' ' || owner FROM partition_owners"), "2 host-b/2");
}

TEST_F(Fencing, TheFirstCommitOfAPartitionIsFencedToo) {
  auto old_owner = store(1);
  old_owner->claim("host-a/1");
  auto new_owner = store(1);
  new_owner->claim("host-b/2");
  EXPECT_THROW(old_owner->commit(batch(std::nullopt, 1)), ports::Fenced);
  EXPECT_EQ(offsets(), "");
  EXPECT_EQ(counts(), "0/0");
  auto unclaimed = store(2);  // a store that never claimed writes nothing either
  EXPECT_THROW(unclaimed->commit(batch(std::nullopt, 1)), ports::Fenced);
  new_owner->commit(batch(std::nullopt, 1));
  EXPECT_EQ(offsets(), "1:1");
}

TEST_F(Fencing, ACommitSentAsOneStatementIsRefusedToo) {
  auto old_owner = store();
  old_owner->claim("host-a/1");
  old_owner->commit(batch(std::nullopt, 1, false));
  ASSERT_EQ(offsets(), "0:1");
  ASSERT_EQ(counts(), "0/1");

  auto new_owner = store();
  new_owner->claim("host-b/2");
  try {
    old_owner->commit(batch(1, 2, false));
    ADD_FAILURE() << "the old owner committed after the claim";
  } catch (const ports::Fenced& e) {
    EXPECT_NE(std::string(e.what()).find("host-b/2"), std::string::npos) << e.what();
  }
  EXPECT_EQ(offsets(), "0:1");
  EXPECT_EQ(counts(), "0/1");
  EXPECT_THROW(store(1)->commit(batch(std::nullopt, 1, false)), ports::Fenced);  // never claimed
  EXPECT_EQ(offsets(), "0:1");

  new_owner->commit(batch(1, 2, false));
  EXPECT_EQ(offsets(), "0:2");
  EXPECT_EQ(counts(), "0/2");
}

// A commit holds a share lock on the partition's owner row from its check to its end; a claim
// waits for it, so what the old owner committed is there when the new owner reads.
TEST_F(Fencing, AClaimWaitsForACommitInFlight) {
  auto old_owner = store();
  old_owner->claim("host-a/1");
  pqxx::connection in_flight(db_.app_dsn());
  pqxx::work tx(in_flight);
  tx.exec("SELECT epoch FROM partition_owners WHERE partition = 0 FOR SHARE");  // as a commit does
  auto claimed = std::async(std::launch::async, [&] { return store()->claim("host-b/2"); });
  EXPECT_EQ(claimed.wait_for(500ms), std::future_status::timeout) << "the claim did not wait";
  tx.commit();
  ASSERT_EQ(claimed.wait_for(10s), std::future_status::ready);
  EXPECT_EQ(claimed.get(), 2);
}

// The outbox relay of a process is fenced by the same epochs: once another process claimed the
// partition, the old owner reads none of its pending outputs and cannot move its relay position.
TEST_F(Fencing, TheRelayOfAReplacedOwnerNeitherReadsNorMarksThePartition) {
  auto old_owner = store();
  old_owner->claim("host-a/1");
  old_owner->chain_head();  // registers the chain's relay position, as a worker's start does
  old_owner->commit(batch(std::nullopt, 1));
  const std::string chain = "erp.purchase-orders/0";
  auto relay = pg::make_pg_outbox_store(db_.app_dsn(), "g");
  const ports::OutboxStore::Owned old_claim{{chain, 1}}, new_claim{{chain, 2}};
  ASSERT_EQ(relay->pending_dead_letters(old_claim, 100).size(), 1u);

  store()->claim("host-b/2");
  EXPECT_TRUE(relay->pending_dead_letters(old_claim, 100).empty());
  ports::OutboxStore::Progress progress;
  progress.dead_letter_id[chain] = 1;
  relay->mark_relayed(progress, old_claim);
  EXPECT_EQ(db_.scalar("SELECT dead_letter_id FROM relay_positions"), "0");

  ASSERT_EQ(relay->pending_dead_letters(new_claim, 100).size(), 1u);
  relay->mark_relayed(progress, new_claim);
  EXPECT_EQ(db_.scalar("SELECT dead_letter_id FROM relay_positions"), "1");
  EXPECT_TRUE(relay->pending_dead_letters(new_claim, 100).empty());
}

}  // namespace
}  // namespace vextrus::testing
