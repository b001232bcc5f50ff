// The worker's live entities: least recently used go first, idle ones go too.

#include "actors/entity_cache.hpp"

#include <gtest/gtest.h>

namespace vextrus::actors {
namespace {

TEST(EntityCache, EvictsTheLeastRecentlyUsedBeyondTheCapAndTheIdle) {
  caf::actor_system_config config;
  caf::actor_system system{config};
  // An argument, because CAF 0.17 dereferences an empty argument tuple for argument-less
  // function actors (UBSan reports it).
  auto idle = [](caf::event_based_actor*, int) -> caf::behavior { return {[](int) {}}; };
  EntityCache cache;
  const auto t = EntityCache::Clock::now();
  cache.add("a", system.spawn(idle, 0), t);
  cache.add("b", system.spawn(idle, 0), t + std::chrono::seconds(1));
  cache.add("c", system.spawn(idle, 0), t + std::chrono::seconds(2));
  cache.use("a", t + std::chrono::seconds(3));  // now b is the least recently used
  auto evicted = cache.evict(2, std::nullopt);
  EXPECT_EQ(evicted.size(), 1u);
  EXPECT_FALSE(cache.contains("b"));
  EXPECT_TRUE(cache.contains("a"));
  evicted = cache.evict(10, t + std::chrono::milliseconds(2500));  // c was last used at 2 s
  EXPECT_EQ(evicted.size(), 1u);
  EXPECT_FALSE(cache.contains("c"));
  EXPECT_EQ(cache.size(), 1u);
  for (auto& actor : cache.clear()) caf::anon_send_exit(actor, caf::exit_reason::kill);
  for (auto& actor : evicted) caf::anon_send_exit(actor, caf::exit_reason::kill);
}

TEST(EntityCache, ForgetsAnEntityByItsActorOnlyWhileThatActorIsItsOwn) {
  caf::actor_system_config config;
  caf::actor_system system{config};
  auto idle = [](caf::event_based_actor*, int) -> caf::behavior { return {[](int) {}}; };
  EntityCache cache;
  const auto t = EntityCache::Clock::now();
  auto first = system.spawn(idle, 0);
  auto second = system.spawn(idle, 0);
  auto other = system.spawn(idle, 0);
  cache.add("a", first, t);
  cache.add("a", second, t);  // replaced: the first actor is no longer a's
  cache.add("b", other, t);
  EXPECT_EQ(cache.forget(first.id()), std::nullopt);
  EXPECT_EQ(cache.forget(second.id()), "a");
  EXPECT_FALSE(cache.contains("a"));
  EXPECT_EQ(cache.forget(second.id()), std::nullopt) << "forgotten once";
  const auto evicted = cache.evict(0, std::nullopt);
  ASSERT_EQ(evicted.size(), 1u);
  EXPECT_EQ(cache.forget(other.id()), std::nullopt) << "an evicted actor is no longer the cache's";
  EXPECT_EQ(cache.size(), 0u);
  for (auto& actor : {first, second, other}) caf::anon_send_exit(actor, caf::exit_reason::kill);
}

}  // namespace
}  // namespace vextrus::actors
