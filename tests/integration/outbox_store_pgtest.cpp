// The outbox store's record of how far the relay got, against a real PostgreSQL: one round's
// progress over several chains and output kinds moves each position forward only, leaves the
// kinds a chain had no progress in as they were, and skips a chain whose claim no longer stands.

#include <gtest/gtest.h>

#include "adapters/postgres/migrations.hpp"
#include "adapters/postgres/outbox_store.hpp"
#include "adapters/postgres/partition_store.hpp"
#include "tests/support/harness.hpp"

namespace vextrus::testing {
namespace {

class OutboxStore : public ::testing::Test {
 protected:
  void SetUp() override { pg::apply_migrations(db_.owner_dsn()); }

  // Claims the partition and registers its chain's relay position, as a worker's start does.
  void claim(int partition, const std::string& owner) {
    auto store = pg::make_pg_partition_store(db_.app_dsn(), {"g", "erp.invoices", partition});
    store->claim(owner);
    store->chain_head();
  }

  std::vector<std::string> positions() {
    return db_.rows("SELECT chain, audit_seq, dead_letter_id, notification_seq FROM relay_positions ORDER BY chain");
  }

  ScratchDatabase db_{"outboxstore"};
};

TEST_F(OutboxStore, ARoundsProgressMovesEachChainForwardOnly) {
  claim(0, "host-a/1");
  claim(1, "host-a/1");
  claim(2, "host-a/1");
  const std::string c0 = "erp.invoices/0", c1 = "erp.invoices/1", c2 = "erp.invoices/2";
  const ports::OutboxStore::Owned owned{{c0, 1}, {c1, 1}, {c2, 1}};
  auto relay = pg::make_pg_outbox_store(db_.app_dsn(), "g");

  ports::OutboxStore::Progress first;
  first.audit_seq = {{c0, 5}, {c1, 7}};
  first.notification_seq = {{c0, 3}};
  first.dead_letter_id = {{c1, 2}};
  relay->mark_relayed(first, owned);
  EXPECT_EQ(positions(), (std::vector<std::string>{c0 + "|5|0|3", c1 + "|7|2|0", c2 + "|0|0|0"}));

  ports::OutboxStore::Progress second;  // c0's audit behind what is recorded (another round got further)
  second.audit_seq = {{c0, 4}, {c2, 9}};
  second.notification_seq = {{c0, 6}};
  relay->mark_relayed(second, owned);
  EXPECT_EQ(positions(), (std::vector<std::string>{c0 + "|5|0|6", c1 + "|7|2|0", c2 + "|9|0|0"}));

  claim(1, "host-b/2");  // c1 taken over: this relay's claim on it (epoch 1) no longer stands
  ports::OutboxStore::Progress third;
  third.audit_seq = {{c0, 8}, {c1, 20}};
  relay->mark_relayed(third, owned);
  EXPECT_EQ(positions(), (std::vector<std::string>{c0 + "|8|0|6", c1 + "|7|2|0", c2 + "|9|0|0"}));
}

}  // namespace
}  // namespace vextrus::testing
