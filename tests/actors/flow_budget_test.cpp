// Back-pressure: the process's in-flight budget, shared out among the partitions it holds.

#include "actors/flow_budget.hpp"

#include <gtest/gtest.h>

namespace vextrus::actors {
namespace {

constexpr std::int64_t mib = 1024 * 1024;

TEST(FlowBudget, TheProcessBudgetIsSharedOutAmongThePartitionsHeld) {
  const InFlight budget{20000, 128 * mib};
  const auto alone = flow_share(budget, 1);
  EXPECT_EQ(alone.events, 20000);
  EXPECT_EQ(alone.bytes, 128 * mib);
  const auto one_of_eighteen = flow_share(budget, 18);
  EXPECT_EQ(one_of_eighteen.events, 1111);
  EXPECT_EQ(one_of_eighteen.bytes, 128 * mib / 18);
  EXPECT_LE(one_of_eighteen.events * 18, budget.events);
  EXPECT_LE(one_of_eighteen.bytes * 18, budget.bytes);
}

TEST(FlowBudget, EveryPartitionKeepsAShareOfAtLeastOne) {
  EXPECT_EQ(flow_share({10, 10}, 0).events, 10);  // between a revocation and the next assignment
  const auto more_partitions_than_budget = flow_share({10, 10}, 40);
  EXPECT_EQ(more_partitions_than_budget.events, 1);
  EXPECT_EQ(more_partitions_than_budget.bytes, 1);
}

TEST(FlowBudget, APartitionPausesAtItsShareInEitherMeasure) {
  const InFlight budget{1000, 10000};  // 100 messages and 1,000 bytes each for 10 partitions
  const InFlight quiet_process{0, 0};
  EXPECT_EQ(flow_change(false, {99, 999}, quiet_process, budget, 10), FlowChange::none);
  EXPECT_EQ(flow_change(false, {100, 0}, quiet_process, budget, 10), FlowChange::pause);
  EXPECT_EQ(flow_change(false, {1, 1000}, quiet_process, budget, 10), FlowChange::pause);
}

TEST(FlowBudget, EveryPartitionPausesWhenTheProcessSpendsItsBudget) {
  const InFlight budget{1000, 10000};
  // One partition took the whole budget in a poll (before the others were paused): an idle
  // partition must not add to it.
  EXPECT_EQ(flow_change(false, {0, 0}, {1000, 5000}, budget, 10), FlowChange::pause);
  EXPECT_EQ(flow_change(false, {0, 0}, {10, 10000}, budget, 10), FlowChange::pause);
  EXPECT_EQ(flow_change(false, {0, 0}, {999, 9999}, budget, 10), FlowChange::none);
}

TEST(FlowBudget, APausedPartitionResumesAtHalfItsShareWhenTheProcessHasRoomForItToRefill) {
  const InFlight budget{1000, 10000};  // 100 messages and 1,000 bytes each for 10 partitions
  const InFlight half_full{500, 5000};
  EXPECT_EQ(flow_change(true, {99, 999}, half_full, budget, 10), FlowChange::none);  // no flapping at the limit
  EXPECT_EQ(flow_change(true, {50, 501}, half_full, budget, 10), FlowChange::none);
  EXPECT_EQ(flow_change(true, {51, 500}, half_full, budget, 10), FlowChange::none);
  EXPECT_EQ(flow_change(true, {50, 500}, half_full, budget, 10), FlowChange::resume);
  // Refilling its share takes another 50 messages and 500 bytes: the process must have them.
  EXPECT_EQ(flow_change(true, {50, 500}, {950, 9500}, budget, 10), FlowChange::resume);
  EXPECT_EQ(flow_change(true, {50, 500}, {951, 9500}, budget, 10), FlowChange::none);
  EXPECT_EQ(flow_change(true, {50, 500}, {950, 9501}, budget, 10), FlowChange::none);
}

TEST(FlowBudget, APartitionThatCommittedResumesWhileTheOthersStillHoldMostOfTheBudget) {
  // Waiting for the process to be back to half its budget left a partition that had committed
  // idle until the others committed too, and a backlog ran in waves.
  const InFlight budget{1000, 10000};
  EXPECT_EQ(flow_change(true, {0, 0}, {900, 9000}, budget, 10), FlowChange::resume);
  EXPECT_EQ(flow_change(true, {0, 0}, {901, 9000}, budget, 10), FlowChange::none);
  EXPECT_EQ(flow_change(true, {0, 0}, {900, 9001}, budget, 10), FlowChange::none);
}

TEST(FlowBudget, APartitionHeldAloneResumesAtHalfTheBudget) {
  const InFlight budget{1000, 10000};
  EXPECT_EQ(flow_change(true, {500, 5000}, {500, 5000}, budget, 1), FlowChange::resume);
  EXPECT_EQ(flow_change(true, {501, 5000}, {501, 5000}, budget, 1), FlowChange::none);
  EXPECT_EQ(flow_change(true, {500, 5001}, {500, 5001}, budget, 1), FlowChange::none);
}

}  // namespace
}  // namespace vextrus::actors
