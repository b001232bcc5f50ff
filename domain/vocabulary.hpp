#pragma once
// The closed vocabularies of CONTRACT.md: roles, event types, workflows, and the reasons an event
// is dead-lettered or refused. Names are part of the contract; each enum maps to exactly one.

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vextrus::domain {

enum class Role { requester, department_head, finance_manager, cfo, managing_director, hr, system };

enum class Workflow { purchase_order, invoice, onboarding };

enum class EventType {
  purchase_order_submitted,
  purchase_order_approved,
  purchase_order_rejected,
  purchase_order_cancelled,
  invoice_received,
  invoice_hold_released,
  invoice_approved,
  invoice_rejected,
  invoice_paid,
  employee_hired,
  employee_details_corrected,
  onboarding_task_completed,
  onboarding_cancelled,
};

// Why an event is dead-lettered (CONTRACT.md section 3).
enum class DeadLetterReason {
  no_key,
  key_mismatch,
  invalid_json,
  not_an_object,
  missing_field,
  wrong_type,
  unknown_type,
  wrong_topic,
  unknown_role,
  bad_money,
  bad_quantity,
  bad_date,
  too_large,
  no_policy,
  unknown_category,
  bad_vat_rate,
  total_mismatch,
  poison,
};

// Why a well-formed event is refused (recorded in an audit record with action `refused`).
enum class RefusalReason {
  unknown_entity,
  already_exists,
  wrong_state,
  wrong_role,
  self_approval,
  not_requester,
  overpayment,
};

// The four onboarding tasks (CONTRACT.md 4.3), in this order everywhere.
enum class OnboardingTask { account, it_equipment, orientation, benefits };
inline constexpr std::array<OnboardingTask, 4> onboarding_tasks{OnboardingTask::account, OnboardingTask::it_equipment,
                                                                OnboardingTask::orientation, OnboardingTask::benefits};

enum class PaymentMethod { bank, cheque, cash, mobile };

std::string_view name(OnboardingTask task);
std::optional<OnboardingTask> parse_onboarding_task(std::string_view text);
std::string_view name(PaymentMethod method);
std::optional<PaymentMethod> parse_payment_method(std::string_view text);

std::string_view name(Role role);
std::string_view name(Workflow workflow);
std::string_view name(EventType type);
std::string_view name(DeadLetterReason reason);
// Every dead-letter reason's name, in declaration order.
std::vector<std::string_view> dead_letter_reason_names();
// Every event type's name, and every refusal reason's.
std::vector<std::string_view> event_type_names();
std::vector<std::string_view> refusal_reason_names();
std::string_view name(RefusalReason reason);

std::optional<Role> parse_role(std::string_view text);
std::vector<std::string> names(const std::vector<Role>& roles);
std::optional<EventType> parse_event_type(std::string_view text);

Workflow workflow_of(EventType type);

}  // namespace vextrus::domain
