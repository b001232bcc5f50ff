#pragma once
// The closed vocabularies of the event contract (docs/events.md): roles, event types, workflows,
// the reasons an event is dead-lettered or refused, audit actions, notification types and hold
// reasons. Names are part of the contract; each enum maps to exactly one, and a unit test
// compares each list with the enums of docs/schemas.

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

// Why an event is dead-lettered.
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

// What a decision was, in its audit record: the events' actions, then the deadlines' (actor
// system), then a refusal, then the operators' actions (chain "ops", actor_role operator).
enum class AuditAction {
  submitted,
  approved,
  rejected,
  cancelled,
  expired,
  reminder_sent,
  escalated,
  received,
  held,
  hold_released,
  paid,
  overdue,
  hired,
  details_corrected,
  task_completed,
  task_overdue,
  completed,
  refused,
  redriven,
};

// What a notification asks or tells its role.
enum class NotificationType {
  approval_requested,
  approval_reminder,
  approval_escalated,
  invoice_overdue,
  onboarding_task_overdue,
  workflow_completed,
};

// Why an invoice (invalid_bin .. po_amount_exceeded) or an onboarding (invalid_nid,
// invalid_mobile, invalid_tin) is on hold.
enum class HoldReason {
  invalid_bin,
  invalid_tin,
  subtotal_mismatch,
  vat_mismatch,
  total_mismatch,
  duplicate_invoice,
  po_not_found,
  po_not_approved,
  vendor_mismatch,
  po_amount_exceeded,
  invalid_nid,
  invalid_mobile,
};

// The four onboarding tasks, in this order everywhere.
enum class OnboardingTask { account, it_equipment, orientation, benefits };
inline constexpr std::array<OnboardingTask, 4> onboarding_tasks{OnboardingTask::account, OnboardingTask::it_equipment,
                                                                OnboardingTask::orientation, OnboardingTask::benefits};

enum class PaymentMethod { bank, cheque, cash, mobile };

std::string_view name(AuditAction action);
std::string_view name(NotificationType type);
std::string_view name(HoldReason reason);

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
// Every name of the other vocabularies, in declaration order.
std::vector<std::string_view> role_names();
std::vector<std::string_view> workflow_names();
std::vector<std::string_view> audit_action_names();
std::vector<std::string_view> notification_type_names();
std::vector<std::string_view> hold_reason_names();
std::vector<std::string_view> onboarding_task_names();
std::vector<std::string_view> payment_method_names();
std::string_view name(RefusalReason reason);

std::optional<Role> parse_role(std::string_view text);
std::vector<std::string> names(const std::vector<Role>& roles);
std::optional<EventType> parse_event_type(std::string_view text);

Workflow workflow_of(EventType type);

}  // namespace vextrus::domain
