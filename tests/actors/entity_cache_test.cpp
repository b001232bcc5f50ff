// The worker's live entities: least recently used go first, idle ones go too.

#include "actors/entity_cache.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace vextrus::actors {
namespace {

class EntityCacheTest : public ::testing::Test {
 protected:
  // An idle actor, killed at the end of the test.
  caf::actor spawn_idle() {
    // An argument, because CAF 0.17 dereferences an empty argument tuple for argument-less
    // function actors (UBSan reports it).
    auto idle = [](caf::event_based_actor*, int) -> caf::behavior { return {[](int) {}}; };
    spawned_.push_back(system_.spawn(idle, 0));
    return spawned_.back();
  }
  void TearDown() override {
    for (auto& actor : spawned_) caf::anon_send_exit(actor, caf::exit_reason::kill);
  }

  caf::actor_system_config config_;
  caf::actor_system system_{config_};
  std::vector<caf::actor> spawned_;
  EntityCache cache_;
  const EntityCache::Clock::time_point t_ = EntityCache::Clock::now();
};

TEST_F(EntityCacheTest, EvictsTheLeastRecentlyUsedBeyondTheCapAndTheIdle) {
  cache_.add("a", spawn_idle(), t_);
  cache_.add("b", spawn_idle(), t_ + std::chrono::seconds(1));
  cache_.add("c", spawn_idle(), t_ + std::chrono::seconds(2));
  cache_.use("a", t_ + std::chrono::seconds(3));  // now b is the least recently used
  auto evicted = cache_.evict(2, std::nullopt);
  EXPECT_EQ(evicted.size(), 1u);
  EXPECT_FALSE(cache_.contains("b"));
  EXPECT_TRUE(cache_.contains("a"));
  evicted = cache_.evict(10, t_ + std::chrono::milliseconds(2500));  // c was last used at 2 s
  EXPECT_EQ(evicted.size(), 1u);
  EXPECT_FALSE(cache_.contains("c"));
  EXPECT_EQ(cache_.size(), 1u);
}

TEST_F(EntityCacheTest, ForgetsAnEntityByItsActorOnlyWhileThatActorIsItsOwn) {
  const auto first = spawn_idle();
  const auto second = spawn_idle();
  const auto other = spawn_idle();
  cache_.add("a", first, t_);
  cache_.add("a", second, t_);  // replaced: the first actor is no longer a's
  cache_.add("b", other, t_);
  EXPECT_EQ(cache_.forget(first.id()), std::nullopt);
  EXPECT_EQ(cache_.forget(second.id()), "a");
  EXPECT_FALSE(cache_.contains("a"));
  EXPECT_EQ(cache_.forget(second.id()), std::nullopt) << "forgotten once";
  const auto evicted = cache_.evict(0, std::nullopt);
  ASSERT_EQ(evicted.size(), 1u);
  EXPECT_EQ(cache_.forget(other.id()), std::nullopt) << "an evicted actor is no longer the cache's";
  EXPECT_EQ(cache_.size(), 0u);
}

}  // namespace
}  // namespace vextrus::actors
