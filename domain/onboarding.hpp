#pragma once
// The onboarding workflow of docs/events.md as pure functions: identity checks (NID, mobile,
// TIN), hold and correction, the four tasks with deadlines relative to start_date (end of day,
// Asia/Dhaka), overdue and late completion, and cancellation by HR.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/decision.hpp"
#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::domain {

enum class OnboardingStatus { on_hold, in_progress, completed, cancelled };
enum class TaskStatus { pending, completed, overdue, completed_late };

std::string_view name(OnboardingStatus status);
std::optional<OnboardingStatus> parse_onboarding_status(std::string_view text);
std::vector<std::string_view> onboarding_status_names();
std::string_view name(TaskStatus status);
std::optional<TaskStatus> parse_task_status(std::string_view text);
std::vector<std::string_view> task_status_names();

struct OnboardingTaskState {
  TaskStatus status = TaskStatus::pending;
  Timestamp due_at;
  std::optional<Timestamp> completed_at;
};

struct Onboarding {
  std::string employee_id;
  OnboardingStatus status = OnboardingStatus::on_hold;
  std::string name;
  std::string nid;
  std::string mobile;
  std::optional<std::string> tin;
  std::string department;
  std::string position;
  Date start_date;
  std::vector<std::string> hold_reasons;
  bool tasks_started = false;                // the tasks exist once every identity check has passed
  std::array<OnboardingTaskState, 4> tasks;  // in onboarding_tasks order
  std::string policy_id;
  Timestamp hired_at;
  std::optional<Timestamp> decided_at;  // completed or cancelled

  const OnboardingTaskState& task(OnboardingTask t) const { return tasks[static_cast<std::size_t>(t)]; }
};

// Every failing identity check, in the contract's order: invalid_nid, invalid_mobile, invalid_tin.
std::vector<std::string> identity_hold_reasons(const std::string& nid, const std::string& mobile,
                                               const std::optional<std::string>& tin);

// When each task falls due: the end of the day start_date + the policy's offset, Asia/Dhaka.
std::array<Timestamp, 4> task_due_times(Date start_date, const OnboardingPolicy& policy);

Decision<Onboarding> decide(const std::optional<Onboarding>& current, const Event& event, const PolicySet& policies);

// A task's deadline (kind task_due, step = the task) came due.
Decision<Onboarding> decide_deadline(const Onboarding& onboarding, const Deadline& deadline, const PolicySet& policies);

}  // namespace vextrus::domain
