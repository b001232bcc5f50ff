// The onboarding workflow of docs/events.md (onboarding, notifications), hand-checked against the default policy:
// hiring and the identity hold, corrections, the four tasks and their end-of-day deadlines in
// Asia/Dhaka, late completion, completion of the whole onboarding, and cancellation.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/onboarding.hpp"
#include "tests/unit/workflow_fixtures.hpp"

namespace vextrus::domain {
namespace {

using testing_support::as;
using testing_support::at;
using testing_support::default_policies;
using testing_support::default_policy_id;
using testing_support::detail_string;
using testing_support::detail_strings;
using testing_support::make_event;
using testing_support::new_deadlines;
using testing_support::nothing_decided;
using testing_support::notified;
using testing_support::refused;

constexpr const char* employee_id = "EMP-2025-0042";
constexpr const char* t_hired = "2025-09-20T10:00:00+06:00";

// start_date 2025-10-01; "end of day D" is D+1 00:00 Asia/Dhaka, i.e. D 18:00Z:
//   account       end of 2025-09-30 (start − 1)
//   it_equipment  end of 2025-10-01 (start)
//   orientation   end of 2025-10-08 (start + 7)
//   benefits      end of 2025-10-31 (start + 30)
constexpr const char* account_due = "2025-09-30T18:00:00Z";
constexpr const char* it_equipment_due = "2025-10-01T18:00:00Z";
constexpr const char* orientation_due = "2025-10-08T18:00:00Z";
constexpr const char* benefits_due = "2025-10-31T18:00:00Z";

const std::vector<std::string> all_task_deadlines{
    "task_due 0 2025-09-30T18:00:00.000000Z", "task_due 1 2025-10-01T18:00:00.000000Z",
    "task_due 2 2025-10-08T18:00:00.000000Z", "task_due 3 2025-10-31T18:00:00.000000Z"};

// --- Events -----------------------------------------------------------------------------------

EmployeeHired valid_hire() {
  EmployeeHired payload;
  payload.name = "Rahima Akter";
  payload.nid = "1234567890";  // 10 digits
  payload.mobile = "01712345678";
  payload.tin = "123456789012";  // 12 digits
  payload.department = "engineering";
  payload.position = "site engineer";
  payload.start_date = *parse_date("2025-10-01");
  return payload;
}

// A 5-digit NID, an 012 mobile and a 5-digit TIN: every check fails.
EmployeeHired invalid_hire() {
  EmployeeHired payload = valid_hire();
  payload.nid = "12345";
  payload.mobile = "01212345678";
  payload.tin = "12345";
  return payload;
}

Event onboarding_event(EventType type, Actor actor, const char* occurred_at, Payload payload) {
  return make_event(type, employee_id, std::move(actor), occurred_at, std::move(payload));
}

Event hired(EmployeeHired payload, Role role = Role::hr, const char* occurred_at = t_hired) {
  return onboarding_event(EventType::employee_hired, as(role), occurred_at, std::move(payload));
}

Event corrected(EmployeeDetailsCorrected payload, Role role = Role::hr,
                const char* occurred_at = "2025-09-22T10:00:00+06:00") {
  return onboarding_event(EventType::employee_details_corrected, as(role), occurred_at, std::move(payload));
}

EmployeeDetailsCorrected fix_everything() {
  EmployeeDetailsCorrected payload;
  payload.nid = "1234567890123";  // 13 digits
  payload.mobile = "+8801812345678";
  payload.tin = "987654321098";
  return payload;
}

// Task completion may come from any actor: IT, the employee's manager, a system.
Event task_done(OnboardingTask task, const char* occurred_at = "2025-09-25T10:00:00+06:00",
                Role role = Role::requester) {
  return onboarding_event(EventType::onboarding_task_completed, as(role), occurred_at, OnboardingTaskCompleted{task});
}

Event cancelled(Role role = Role::hr, const char* occurred_at = "2025-09-26T10:00:00+06:00") {
  return onboarding_event(EventType::onboarding_cancelled, as(role), occurred_at,
                          OnboardingCancelled{"offer withdrawn"});
}

// --- Deciding ---------------------------------------------------------------------------------

Decision<Onboarding> decide_on(const std::optional<Onboarding>& current, const Event& event) {
  return decide(current, event, default_policies());
}

Onboarding after(const Decision<Onboarding>& decision) { return decision.next.value(); }

Onboarding in_progress() { return after(decide_on(std::nullopt, hired(valid_hire()))); }
Onboarding held() { return after(decide_on(std::nullopt, hired(invalid_hire()))); }

Deadline task_deadline(OnboardingTask task, const char* due_at) {
  return {DeadlineKind::task_due, static_cast<int>(task), at(due_at)};
}

Onboarding completed_onboarding() {
  Onboarding onboarding = in_progress();
  for (OnboardingTask task : onboarding_tasks) onboarding = after(decide_on(onboarding, task_done(task)));
  return onboarding;
}

Onboarding cancelled_onboarding() { return after(decide_on(in_progress(), cancelled())); }

std::string task_status(const Onboarding& onboarding, OnboardingTask task) {
  return std::string(name(onboarding.task(task).status));
}

// --- Hiring -----------------------------------------------------------------------------------

TEST(OnboardingHire, HrHiresWithValidDetailsAndTheFourTasksStart) {
  const auto decision = decide_on(std::nullopt, hired(valid_hire()));
  ASSERT_TRUE(decision.next.has_value());
  const Onboarding& onboarding = *decision.next;
  EXPECT_EQ(onboarding.employee_id, employee_id);
  EXPECT_EQ(onboarding.status, OnboardingStatus::in_progress);
  EXPECT_TRUE(onboarding.hold_reasons.empty());
  EXPECT_EQ(onboarding.department, "engineering");
  EXPECT_EQ(format_date(onboarding.start_date), "2025-10-01");
  EXPECT_EQ(onboarding.policy_id, default_policy_id);
  EXPECT_EQ(onboarding.hired_at, at(t_hired));
  EXPECT_FALSE(onboarding.decided_at.has_value());
  EXPECT_TRUE(onboarding.tasks_started);

  const std::pair<OnboardingTask, const char*> due[] = {{OnboardingTask::account, account_due},
                                                        {OnboardingTask::it_equipment, it_equipment_due},
                                                        {OnboardingTask::orientation, orientation_due},
                                                        {OnboardingTask::benefits, benefits_due}};
  for (const auto& [task, due_at] : due) {
    SCOPED_TRACE(std::string(name(task)));
    EXPECT_EQ(onboarding.task(task).status, TaskStatus::pending);
    EXPECT_EQ(format_utc(onboarding.task(task).due_at), format_utc(at(due_at)));
    EXPECT_FALSE(onboarding.task(task).completed_at.has_value());
  }

  EXPECT_EQ(decision.audit.action, domain::AuditAction::hired);
  EXPECT_FALSE(decision.audit.status_before.has_value());
  EXPECT_EQ(decision.audit.status_after, "in_progress");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_EQ(detail_strings(decision.audit, "hold_reasons"), std::vector<std::string>{});
  EXPECT_EQ(new_deadlines(decision), all_task_deadlines);
  EXPECT_TRUE(notified(decision).empty());
}

TEST(OnboardingHire, TaskDueTimesFollowTheStartDateAcrossMonthAndYearEnds) {
  // start 2026-01-01: account end of 2025-12-31, it_equipment end of 2026-01-01, orientation end
  // of 2026-01-08, benefits end of 2026-01-31.
  auto payload = valid_hire();
  payload.start_date = *parse_date("2026-01-01");
  const auto decision = decide_on(std::nullopt, hired(payload));
  EXPECT_EQ(
      new_deadlines(decision),
      (std::vector<std::string>{"task_due 0 2025-12-31T18:00:00.000000Z", "task_due 1 2026-01-01T18:00:00.000000Z",
                                "task_due 2 2026-01-08T18:00:00.000000Z", "task_due 3 2026-01-31T18:00:00.000000Z"}));
}

TEST(OnboardingHire, ATinIsOptional) {
  auto payload = valid_hire();
  payload.tin.reset();
  const auto decision = decide_on(std::nullopt, hired(payload));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::in_progress);
  EXPECT_EQ(new_deadlines(decision), all_task_deadlines);
}

TEST(OnboardingHire, OnlyHrHires) {
  for (Role role : {Role::requester, Role::department_head, Role::finance_manager, Role::cfo, Role::managing_director,
                    Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    const auto decision = decide_on(std::nullopt, hired(valid_hire(), role));
    EXPECT_TRUE(refused(decision, "wrong_role", std::nullopt));
    EXPECT_EQ(detail_string(decision.audit, "type"), "employee.hired");
  }
}

TEST(OnboardingHire, ASecondHireIsRefusedAlreadyExists) {
  EXPECT_TRUE(refused(decide_on(in_progress(), hired(valid_hire())), "already_exists", std::string("in_progress")));
  EXPECT_TRUE(refused(decide_on(held(), hired(valid_hire())), "already_exists", std::string("on_hold")));
  EXPECT_TRUE(
      refused(decide_on(completed_onboarding(), hired(valid_hire())), "already_exists", std::string("completed")));
  EXPECT_TRUE(
      refused(decide_on(cancelled_onboarding(), hired(valid_hire())), "already_exists", std::string("cancelled")));
}

TEST(OnboardingHire, EveryOtherEventForAnUnknownEmployeeIsRefusedUnknownEntity) {
  const Event events[] = {corrected(fix_everything()), task_done(OnboardingTask::account), cancelled()};
  for (const auto& event : events) {
    SCOPED_TRACE(std::string(name(event.type)));
    const auto decision = decide_on(std::nullopt, event);
    EXPECT_TRUE(refused(decision, "unknown_entity", std::nullopt));
    EXPECT_EQ(detail_string(decision.audit, "type"), name(event.type));
  }
}

// --- The identity hold ------------------------------------------------------------------------

TEST(OnboardingHold, EveryFailingCheckHoldsItInTheContractsOrderWithoutTasks) {
  const auto decision = decide_on(std::nullopt, hired(invalid_hire()));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::on_hold);
  const std::vector<std::string> reasons{"invalid_nid", "invalid_mobile", "invalid_tin"};
  EXPECT_EQ(decision.next->hold_reasons, reasons);
  EXPECT_FALSE(decision.next->tasks_started);
  EXPECT_EQ(decision.audit.action, domain::AuditAction::hired);
  EXPECT_EQ(decision.audit.status_after, "on_hold");
  EXPECT_EQ(detail_strings(decision.audit, "hold_reasons"), reasons);
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(new_deadlines(decision).empty());
  EXPECT_TRUE(notified(decision).empty());
}

struct HoldCase {
  const char* nid;
  const char* mobile;
  std::optional<std::string> tin;
  std::vector<std::string> reasons;
};

TEST(OnboardingHold, EachCheckAloneAndInPairs) {
  const HoldCase cases[] = {
      {"12345678901", "01712345678", std::nullopt, {"invalid_nid"}},    // 11 digits
      {"1234567890", "0171234567", std::nullopt, {"invalid_mobile"}},   // 10 digits
      {"1234567890", "01712345678", "1234567890123", {"invalid_tin"}},  // 13 digits
      {"1234567890", "01712345678", "", {"invalid_tin"}},               // present and empty
      {"abcdefghij", "+88001712345678", std::nullopt, {"invalid_nid", "invalid_mobile"}},
      {"12345678901234567", "01212345678", "12345678901a", {"invalid_mobile", "invalid_tin"}},
      {"", "01712345678", "12345", {"invalid_nid", "invalid_tin"}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.nid) + " / " + c.mobile + " / " + c.tin.value_or("<no tin>"));
    auto payload = valid_hire();
    payload.nid = c.nid;
    payload.mobile = c.mobile;
    payload.tin = c.tin;
    const auto decision = decide_on(std::nullopt, hired(payload));
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_EQ(decision.next->status, OnboardingStatus::on_hold);
    EXPECT_EQ(decision.next->hold_reasons, c.reasons);
    EXPECT_TRUE(new_deadlines(decision).empty());
  }
}

TEST(OnboardingHold, ACorrectionThatFixesEverythingStartsTheTasks) {
  const auto decision = decide_on(held(), corrected(fix_everything()));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::in_progress);
  EXPECT_TRUE(decision.next->hold_reasons.empty());
  EXPECT_TRUE(decision.next->tasks_started);
  EXPECT_EQ(decision.next->nid, "1234567890123");
  EXPECT_EQ(decision.next->mobile, "+8801812345678");
  EXPECT_EQ(decision.next->tin, "987654321098");
  EXPECT_EQ(decision.audit.action, domain::AuditAction::details_corrected);
  EXPECT_EQ(decision.audit.status_before, "on_hold");
  EXPECT_EQ(decision.audit.status_after, "in_progress");
  EXPECT_EQ(detail_strings(decision.audit, "hold_reasons"), std::vector<std::string>{});
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  // Due times count from start_date, not from the correction.
  EXPECT_EQ(new_deadlines(decision), all_task_deadlines);
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::benefits), "pending");
}

TEST(OnboardingHold, ACorrectionThatStillFailsStaysOnHoldWithTheRemainingReasons) {
  EmployeeDetailsCorrected only_nid;
  only_nid.nid = "12345678901234567";  // 17 digits
  const auto decision = decide_on(held(), corrected(only_nid));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::on_hold);
  EXPECT_EQ(decision.next->hold_reasons, (std::vector<std::string>{"invalid_mobile", "invalid_tin"}));
  EXPECT_FALSE(decision.next->tasks_started);
  EXPECT_EQ(decision.audit.action, domain::AuditAction::details_corrected);
  EXPECT_EQ(decision.audit.status_before, "on_hold");
  EXPECT_EQ(decision.audit.status_after, "on_hold");
  EXPECT_EQ(detail_strings(decision.audit, "hold_reasons"),
            (std::vector<std::string>{"invalid_mobile", "invalid_tin"}));
  EXPECT_TRUE(new_deadlines(decision).empty());

  // A second correction of the rest releases it.
  EmployeeDetailsCorrected the_rest;
  the_rest.mobile = "8801912345678";
  the_rest.tin = "123456789012";
  const auto second = decide_on(*decision.next, corrected(the_rest, Role::hr, "2025-09-23T10:00:00+06:00"));
  ASSERT_TRUE(second.next.has_value());
  EXPECT_EQ(second.next->status, OnboardingStatus::in_progress);
  EXPECT_EQ(new_deadlines(second), all_task_deadlines);
}

TEST(OnboardingHold, OnlyHrCorrects) {
  for (Role role : {Role::requester, Role::finance_manager, Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    EXPECT_TRUE(refused(decide_on(held(), corrected(fix_everything(), role)), "wrong_role", std::string("on_hold")));
  }
}

TEST(OnboardingHold, NoTaskCanBeCompletedWhileOnHold) {
  for (OnboardingTask task : onboarding_tasks) {
    SCOPED_TRACE(std::string(name(task)));
    EXPECT_TRUE(refused(decide_on(held(), task_done(task)), "wrong_state", std::string("on_hold")));
  }
}

// --- Tasks ------------------------------------------------------------------------------------

TEST(OnboardingTasks, ATaskCompletedBeforeItsDeadlineIsCompleted) {
  const auto decision = decide_on(in_progress(), task_done(OnboardingTask::account, "2025-09-25T10:00:00+06:00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::in_progress);
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::account), "completed");
  EXPECT_EQ(decision.next->task(OnboardingTask::account).completed_at, at("2025-09-25T10:00:00+06:00"));
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::it_equipment), "pending");
  EXPECT_EQ(decision.audit.action, domain::AuditAction::task_completed);
  EXPECT_EQ(decision.audit.status_before, "in_progress");
  EXPECT_EQ(decision.audit.status_after, "in_progress");
  EXPECT_EQ(detail_string(decision.audit, "task"), "account");
  EXPECT_EQ(detail_string(decision.audit, "task_status"), "completed");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(notified(decision).empty());
  // The account task's deadline is gone; the other three remain.
  EXPECT_EQ(new_deadlines(decision), (std::vector<std::string>{"task_due 1 2025-10-01T18:00:00.000000Z",
                                                               "task_due 2 2025-10-08T18:00:00.000000Z",
                                                               "task_due 3 2025-10-31T18:00:00.000000Z"}));
}

TEST(OnboardingTasks, AnyActorMayCompleteATask) {
  for (Role role : {Role::hr, Role::requester, Role::department_head, Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    const auto decision =
        decide_on(in_progress(), task_done(OnboardingTask::it_equipment, "2025-09-25T10:00:00+06:00", role));
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_EQ(task_status(*decision.next, OnboardingTask::it_equipment), "completed");
  }
}

TEST(OnboardingTasks, ATaskCompletedAfterItsDeadlineFiredIsCompletedLate) {
  const Onboarding overdue =
      after(decide_deadline(in_progress(), task_deadline(OnboardingTask::account, account_due), default_policies()));
  ASSERT_EQ(task_status(overdue, OnboardingTask::account), "overdue");
  const auto decision = decide_on(overdue, task_done(OnboardingTask::account, "2025-10-02T10:00:00+06:00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::account), "completed_late");
  EXPECT_EQ(decision.next->task(OnboardingTask::account).completed_at, at("2025-10-02T10:00:00+06:00"));
  EXPECT_EQ(decision.audit.action, domain::AuditAction::task_completed);
  EXPECT_EQ(detail_string(decision.audit, "task_status"), "completed_late");
  EXPECT_EQ(new_deadlines(decision), (std::vector<std::string>{"task_due 1 2025-10-01T18:00:00.000000Z",
                                                               "task_due 2 2025-10-08T18:00:00.000000Z",
                                                               "task_due 3 2025-10-31T18:00:00.000000Z"}));
}

TEST(OnboardingTasks, CompletingATaskTwiceIsRefusedWrongState) {
  const Onboarding done_once = after(decide_on(in_progress(), task_done(OnboardingTask::orientation)));
  EXPECT_TRUE(refused(decide_on(done_once, task_done(OnboardingTask::orientation, "2025-09-26T10:00:00+06:00")),
                      "wrong_state", std::string("in_progress")));

  const Onboarding overdue =
      after(decide_deadline(in_progress(), task_deadline(OnboardingTask::account, account_due), default_policies()));
  const Onboarding late = after(decide_on(overdue, task_done(OnboardingTask::account, "2025-10-02T10:00:00+06:00")));
  EXPECT_TRUE(refused(decide_on(late, task_done(OnboardingTask::account, "2025-10-03T10:00:00+06:00")), "wrong_state",
                      std::string("in_progress")));
}

TEST(OnboardingTasks, TheLastTaskCompletesTheOnboardingAndTellsHr) {
  Onboarding onboarding = in_progress();
  onboarding = after(decide_on(onboarding, task_done(OnboardingTask::benefits, "2025-09-25T10:00:00+06:00")));
  onboarding = after(decide_on(onboarding, task_done(OnboardingTask::account, "2025-09-26T10:00:00+06:00")));
  onboarding = after(decide_on(onboarding, task_done(OnboardingTask::orientation, "2025-09-27T10:00:00+06:00")));
  EXPECT_EQ(onboarding.status, OnboardingStatus::in_progress);

  const auto decision = decide_on(onboarding, task_done(OnboardingTask::it_equipment, "2025-09-28T10:00:00+06:00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::completed);
  EXPECT_EQ(decision.next->decided_at, at("2025-09-28T10:00:00+06:00"));
  EXPECT_EQ(decision.audit.action, domain::AuditAction::completed);
  EXPECT_EQ(decision.audit.status_before, "in_progress");
  EXPECT_EQ(decision.audit.status_after, "completed");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_EQ(notified(decision), std::vector<std::string>{"workflow.completed -> hr"});
  ASSERT_TRUE(decision.deadlines.has_value());
  EXPECT_TRUE(decision.deadlines->empty());
}

TEST(OnboardingTasks, ALateTaskStillCountsTowardsCompletion) {
  Onboarding onboarding = in_progress();
  onboarding =
      after(decide_deadline(onboarding, task_deadline(OnboardingTask::account, account_due), default_policies()));
  onboarding = after(decide_on(onboarding, task_done(OnboardingTask::it_equipment, "2025-10-01T10:00:00+06:00")));
  onboarding = after(decide_on(onboarding, task_done(OnboardingTask::orientation, "2025-10-02T10:00:00+06:00")));
  onboarding = after(decide_on(onboarding, task_done(OnboardingTask::benefits, "2025-10-03T10:00:00+06:00")));
  EXPECT_EQ(onboarding.status, OnboardingStatus::in_progress) << "the account task is still open";
  const auto decision = decide_on(onboarding, task_done(OnboardingTask::account, "2025-10-04T10:00:00+06:00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::completed);
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::account), "completed_late");
  EXPECT_EQ(decision.audit.action, domain::AuditAction::completed);
  EXPECT_EQ(notified(decision), std::vector<std::string>{"workflow.completed -> hr"});
}

// --- Task deadlines ---------------------------------------------------------------------------

TEST(OnboardingTaskDue, APendingTaskFallsOverdueAndHrIsToldOnce) {
  const auto decision =
      decide_deadline(in_progress(), task_deadline(OnboardingTask::orientation, orientation_due), default_policies());
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::in_progress);
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::orientation), "overdue");
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::account), "pending");
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::it_equipment), "pending");
  EXPECT_EQ(task_status(*decision.next, OnboardingTask::benefits), "pending");
  EXPECT_EQ(decision.audit.action, domain::AuditAction::task_overdue);
  EXPECT_EQ(decision.audit.status_before, "in_progress");
  EXPECT_EQ(decision.audit.status_after, "in_progress");
  EXPECT_EQ(detail_string(decision.audit, "task"), "orientation");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_EQ(notified(decision), std::vector<std::string>{"onboarding.task_overdue -> hr"});

  // Firing again (a redelivered timer) changes nothing and tells no one.
  EXPECT_TRUE(nothing_decided(decide_deadline(
      *decision.next, task_deadline(OnboardingTask::orientation, orientation_due), default_policies())));
}

TEST(OnboardingTaskDue, EachTaskHasItsOwnDeadline) {
  const std::pair<OnboardingTask, const char*> due[] = {{OnboardingTask::account, account_due},
                                                        {OnboardingTask::it_equipment, it_equipment_due},
                                                        {OnboardingTask::orientation, orientation_due},
                                                        {OnboardingTask::benefits, benefits_due}};
  for (const auto& [task, due_at] : due) {
    SCOPED_TRACE(std::string(name(task)));
    const auto decision = decide_deadline(in_progress(), task_deadline(task, due_at), default_policies());
    ASSERT_TRUE(decision.next.has_value());
    EXPECT_EQ(task_status(*decision.next, task), "overdue");
    EXPECT_EQ(detail_string(decision.audit, "task"), name(task));
    int overdue_tasks = 0;
    for (OnboardingTask other : onboarding_tasks) {
      if (decision.next->task(other).status == TaskStatus::overdue) ++overdue_tasks;
    }
    EXPECT_EQ(overdue_tasks, 1);
  }
}

TEST(OnboardingTaskDue, NothingHappensForACompletedTaskOrACancelledOnboarding) {
  const Onboarding done = after(decide_on(in_progress(), task_done(OnboardingTask::account)));
  EXPECT_TRUE(
      nothing_decided(decide_deadline(done, task_deadline(OnboardingTask::account, account_due), default_policies())));

  const Onboarding cancelled_one = cancelled_onboarding();
  for (OnboardingTask task : onboarding_tasks) {
    SCOPED_TRACE(std::string(name(task)));
    EXPECT_TRUE(nothing_decided(decide_deadline(cancelled_one, task_deadline(task, benefits_due), default_policies())));
  }
  EXPECT_TRUE(nothing_decided(decide_deadline(
      completed_onboarding(), task_deadline(OnboardingTask::benefits, benefits_due), default_policies())));
}

// --- Cancellation and final states ------------------------------------------------------------

TEST(OnboardingCancel, HrCancelsAndEveryDeadlineGoes) {
  const auto decision = decide_on(in_progress(), cancelled(Role::hr, "2025-09-26T10:00:00+06:00"));
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::cancelled);
  EXPECT_EQ(decision.next->decided_at, at("2025-09-26T10:00:00+06:00"));
  EXPECT_EQ(decision.audit.action, domain::AuditAction::cancelled);
  EXPECT_EQ(decision.audit.status_before, "in_progress");
  EXPECT_EQ(decision.audit.status_after, "cancelled");
  EXPECT_EQ(detail_string(decision.audit, "reason"), "offer withdrawn");
  EXPECT_EQ(detail_string(decision.audit, "policy_id"), default_policy_id);
  EXPECT_TRUE(notified(decision).empty());
  ASSERT_TRUE(decision.deadlines.has_value());
  EXPECT_TRUE(decision.deadlines->empty());
}

TEST(OnboardingCancel, HrCancelsAHeldOnboarding) {
  const auto decision = decide_on(held(), cancelled());
  ASSERT_TRUE(decision.next.has_value());
  EXPECT_EQ(decision.next->status, OnboardingStatus::cancelled);
  EXPECT_EQ(decision.audit.status_before, "on_hold");
  EXPECT_TRUE(new_deadlines(decision).empty());
}

TEST(OnboardingCancel, OnlyHrCancels) {
  for (Role role : {Role::requester, Role::department_head, Role::finance_manager, Role::cfo, Role::managing_director,
                    Role::system}) {
    SCOPED_TRACE(std::string(name(role)));
    EXPECT_TRUE(refused(decide_on(in_progress(), cancelled(role)), "wrong_role", std::string("in_progress")));
  }
}

TEST(OnboardingFinal, EveryEventAfterCancelledOrCompletedIsRefusedWrongState) {
  const std::pair<const char*, Onboarding> finals[] = {{"cancelled", cancelled_onboarding()},
                                                       {"completed", completed_onboarding()}};
  for (const auto& [status, onboarding] : finals) {
    SCOPED_TRACE(status);
    const Event events[] = {corrected(fix_everything(), Role::hr, "2025-10-05T10:00:00+06:00"),
                            task_done(OnboardingTask::account, "2025-10-05T10:00:00+06:00"),
                            task_done(OnboardingTask::benefits, "2025-10-05T10:00:00+06:00"),
                            cancelled(Role::hr, "2025-10-05T10:00:00+06:00")};
    for (const auto& event : events) {
      SCOPED_TRACE(std::string(name(event.type)));
      const auto decision = decide_on(onboarding, event);
      EXPECT_TRUE(refused(decision, "wrong_state", std::string(status)));
      EXPECT_EQ(detail_string(decision.audit, "type"), name(event.type));
    }
  }
}

}  // namespace
}  // namespace vextrus::domain
