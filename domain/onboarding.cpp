#include "domain/onboarding.hpp"

#include <stdexcept>

#include "domain/decisions.hpp"
#include "domain/identity.hpp"

namespace vextrus::domain {
namespace {

constexpr std::array<std::string_view, 4> status_names{"on_hold", "in_progress", "completed", "cancelled"};
constexpr std::array<std::string_view, 4> task_status_table{"pending", "completed", "overdue", "completed_late"};

template <std::size_t N>
std::optional<std::size_t> index_of(const std::array<std::string_view, N>& names, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (names[i] == text) return i;
  }
  return std::nullopt;
}

std::string status_text(OnboardingStatus status) { return std::string(name(status)); }

const Policy& governing(const Event& event, const PolicySet& policies) {
  const Policy* policy = policies.governing(event.occurred_at);
  if (policy == nullptr) throw std::logic_error("onboarding event without a governing policy reached decide()");
  return *policy;
}

Detail facts(const Onboarding& onboarding) {
  return {{"department", onboarding.department},
          {"position", onboarding.position},
          {"start_date", format_date(onboarding.start_date)},
          {"hold_reasons", onboarding.hold_reasons},
          {"policy_id", onboarding.policy_id}};
}

// The deadlines of the tasks still pending, while the onboarding is in progress.
std::vector<Deadline> pending_task_deadlines(const Onboarding& onboarding) {
  std::vector<Deadline> deadlines;
  if (onboarding.status != OnboardingStatus::in_progress) return deadlines;
  for (std::size_t i = 0; i < onboarding.tasks.size(); ++i) {
    if (onboarding.tasks[i].status == TaskStatus::pending) {
      deadlines.push_back({DeadlineKind::task_due, static_cast<int>(i), onboarding.tasks[i].due_at});
    }
  }
  return deadlines;
}

// Runs the identity checks on the employee's current details: on hold with the reasons, or in
// progress with the tasks started (once; their due times never move).
void check_identity(Onboarding& onboarding, const PolicySet& policies) {
  onboarding.hold_reasons = identity_hold_reasons(onboarding.nid, onboarding.mobile, onboarding.tin);
  if (!onboarding.hold_reasons.empty()) {
    onboarding.status = OnboardingStatus::on_hold;
    return;
  }
  onboarding.status = OnboardingStatus::in_progress;
  if (onboarding.tasks_started) return;
  const auto& rules = policies.of_entity(onboarding.policy_id, "onboarding " + onboarding.employee_id).onboarding;
  const auto due = task_due_times(onboarding.start_date, rules);
  for (std::size_t i = 0; i < due.size(); ++i) onboarding.tasks[i] = {TaskStatus::pending, due[i], std::nullopt};
  onboarding.tasks_started = true;
}

// A change of the onboarding, recorded with its facts and `detail`; its pending tasks' deadlines
// become the set.
Decision<Onboarding> change(const Onboarding& before, Onboarding after, AuditAction action, const Detail& detail) {
  Detail all = facts(after);
  all.insert(all.end(), detail.begin(), detail.end());
  auto deadlines = pending_task_deadlines(after);
  auto decision = transition(before, std::move(after), action, std::move(all));
  decision.deadlines = std::move(deadlines);
  return decision;
}

Decision<Onboarding> hire(const Event& event, const EmployeeHired& payload, const PolicySet& policies) {
  if (event.actor.role != Role::hr)
    return refuse(std::optional<Onboarding>(), event, RefusalReason::wrong_role, policies);
  Onboarding onboarding;
  onboarding.employee_id = event.entity_id;
  onboarding.name = payload.name;
  onboarding.nid = payload.nid;
  onboarding.mobile = payload.mobile;
  onboarding.tin = payload.tin;
  onboarding.department = payload.department;
  onboarding.position = payload.position;
  onboarding.start_date = payload.start_date;
  onboarding.policy_id = governing(event, policies).policy_id;
  onboarding.hired_at = event.occurred_at;
  check_identity(onboarding, policies);

  Decision<Onboarding> decision;
  decision.audit.action = AuditAction::hired;
  decision.audit.status_after = status_text(onboarding.status);
  decision.audit.detail = facts(onboarding);
  decision.deadlines = pending_task_deadlines(onboarding);
  decision.next = std::move(onboarding);
  return decision;
}

Decision<Onboarding> correct(const Onboarding& onboarding, const Event& event, const EmployeeDetailsCorrected& payload,
                             const PolicySet& policies) {
  if (event.actor.role != Role::hr) return refuse(onboarding, event, RefusalReason::wrong_role, policies);
  Onboarding next = onboarding;
  std::vector<std::string> corrected;
  if (payload.nid) {
    next.nid = *payload.nid;
    corrected.emplace_back("nid");
  }
  if (payload.mobile) {
    next.mobile = *payload.mobile;
    corrected.emplace_back("mobile");
  }
  if (payload.tin) {
    next.tin = *payload.tin;
    corrected.emplace_back("tin");
  }
  check_identity(next, policies);
  return change(onboarding, std::move(next), AuditAction::details_corrected, {{"corrected", corrected}});
}

Decision<Onboarding> complete_task(const Onboarding& onboarding, const Event& event,
                                   const OnboardingTaskCompleted& payload, const PolicySet& policies) {
  if (onboarding.status != OnboardingStatus::in_progress) {
    return refuse(onboarding, event, RefusalReason::wrong_state, policies);
  }
  const auto index = static_cast<std::size_t>(payload.task);
  const TaskStatus before = onboarding.tasks[index].status;
  if (before != TaskStatus::pending && before != TaskStatus::overdue) {
    return refuse(onboarding, event, RefusalReason::wrong_state, policies);
  }
  Onboarding next = onboarding;
  next.tasks[index].status = before == TaskStatus::pending ? TaskStatus::completed : TaskStatus::completed_late;
  next.tasks[index].completed_at = event.occurred_at;
  bool all_done = true;
  for (const auto& task : next.tasks) {
    all_done = all_done && (task.status == TaskStatus::completed || task.status == TaskStatus::completed_late);
  }
  if (all_done) {
    next.status = OnboardingStatus::completed;
    next.decided_at = event.occurred_at;
  }
  const Detail detail{{"task", std::string(name(payload.task))},
                      {"task_status", std::string(name(next.tasks[index].status))},
                      {"due_at", format_utc(next.tasks[index].due_at)}};
  auto decision =
      change(onboarding, std::move(next), all_done ? AuditAction::completed : AuditAction::task_completed, detail);
  if (all_done) {
    decision.notifications.push_back(
        notify(NotificationType::workflow_completed, Role::hr,
               {{"department", onboarding.department}, {"policy_id", onboarding.policy_id}}));
  }
  return decision;
}

Decision<Onboarding> cancel(const Onboarding& onboarding, const Event& event, const OnboardingCancelled& payload,
                            const PolicySet& policies) {
  if (event.actor.role != Role::hr) return refuse(onboarding, event, RefusalReason::wrong_role, policies);
  Onboarding next = onboarding;
  next.status = OnboardingStatus::cancelled;
  next.decided_at = event.occurred_at;
  return change(onboarding, std::move(next), AuditAction::cancelled, {{"reason", payload.reason}});
}

}  // namespace

std::string_view name(OnboardingStatus status) { return status_names[static_cast<std::size_t>(status)]; }
std::optional<OnboardingStatus> parse_onboarding_status(std::string_view text) {
  const auto i = index_of(status_names, text);
  return i ? std::optional<OnboardingStatus>(static_cast<OnboardingStatus>(*i)) : std::nullopt;
}
std::string_view name(TaskStatus status) { return task_status_table[static_cast<std::size_t>(status)]; }
std::optional<TaskStatus> parse_task_status(std::string_view text) {
  const auto i = index_of(task_status_table, text);
  return i ? std::optional<TaskStatus>(static_cast<TaskStatus>(*i)) : std::nullopt;
}
std::vector<std::string_view> onboarding_status_names() { return {status_names.begin(), status_names.end()}; }
std::vector<std::string_view> task_status_names() { return {task_status_table.begin(), task_status_table.end()}; }

std::vector<std::string> identity_hold_reasons(const std::string& nid, const std::string& mobile,
                                               const std::optional<std::string>& tin) {
  std::vector<std::string> reasons;
  if (!valid_nid(nid)) reasons.emplace_back(name(HoldReason::invalid_nid));
  if (!valid_mobile(mobile)) reasons.emplace_back(name(HoldReason::invalid_mobile));
  if (tin && !valid_tin(*tin)) reasons.emplace_back(name(HoldReason::invalid_tin));
  return reasons;
}

std::array<Timestamp, 4> task_due_times(Date start_date, const OnboardingPolicy& policy) {
  // "End of day D" is D+1 00:00 Asia/Dhaka.
  const Timestamp end_of_start_day = start_of_day_dhaka(start_date) + Duration::hours(24);
  std::array<Timestamp, 4> due{};
  for (std::size_t i = 0; i < due.size(); ++i) due[i] = end_of_start_day + policy.task_offsets[i];
  return due;
}

Decision<Onboarding> decide(const std::optional<Onboarding>& current, const Event& event, const PolicySet& policies) {
  if (const auto* hired = std::get_if<EmployeeHired>(&event.payload)) {
    if (current) return refuse(current, event, RefusalReason::already_exists, policies);
    return hire(event, *hired, policies);
  }
  if (!current) return refuse(current, event, RefusalReason::unknown_entity, policies);
  if (current->status == OnboardingStatus::completed || current->status == OnboardingStatus::cancelled) {
    return refuse(current, event, RefusalReason::wrong_state, policies);
  }
  if (const auto* corrected = std::get_if<EmployeeDetailsCorrected>(&event.payload)) {
    return correct(*current, event, *corrected, policies);
  }
  if (const auto* completed = std::get_if<OnboardingTaskCompleted>(&event.payload)) {
    return complete_task(*current, event, *completed, policies);
  }
  if (const auto* cancelled = std::get_if<OnboardingCancelled>(&event.payload)) {
    return cancel(*current, event, *cancelled, policies);
  }
  throw std::logic_error("a non-onboarding payload reached the onboarding workflow");
}

Decision<Onboarding> decide_deadline(const Onboarding& onboarding, const Deadline& deadline, const PolicySet&) {
  Decision<Onboarding> decision;
  if (deadline.kind != DeadlineKind::task_due || deadline.step < 0 ||
      deadline.step >= static_cast<int>(onboarding.tasks.size())) {
    return decision;
  }
  const auto index = static_cast<std::size_t>(deadline.step);
  if (onboarding.status != OnboardingStatus::in_progress || onboarding.tasks[index].status != TaskStatus::pending) {
    return decision;  // no longer applies
  }
  Onboarding next = onboarding;
  next.tasks[index].status = TaskStatus::overdue;
  const std::string task(name(onboarding_tasks[index]));
  const std::string status = status_text(onboarding.status);
  Detail detail = facts(next);
  detail.emplace_back("task", task);
  detail.emplace_back("due_at", format_utc(deadline.due_at));
  decision.audit = fact(AuditAction::task_overdue, status, status, detail);
  decision.notifications.push_back(
      notify(NotificationType::onboarding_task_overdue, Role::hr,
             {{"task", task}, {"due_at", format_utc(deadline.due_at)}, {"policy_id", onboarding.policy_id}}));
  decision.next = std::move(next);
  return decision;
}

}  // namespace vextrus::domain
