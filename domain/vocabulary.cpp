#include "domain/vocabulary.hpp"

#include <array>
#include <stdexcept>
#include <utility>

namespace vextrus::domain {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 7> role_table{{
    {Role::requester, "requester"},
    {Role::department_head, "department_head"},
    {Role::finance_manager, "finance_manager"},
    {Role::cfo, "cfo"},
    {Role::managing_director, "managing_director"},
    {Role::hr, "hr"},
    {Role::system, "system"},
}};

constexpr std::array<std::pair<EventType, std::string_view>, 13> type_names{{
    {EventType::purchase_order_submitted, "purchase_order.submitted"},
    {EventType::purchase_order_approved, "purchase_order.approved"},
    {EventType::purchase_order_rejected, "purchase_order.rejected"},
    {EventType::purchase_order_cancelled, "purchase_order.cancelled"},
    {EventType::invoice_received, "invoice.received"},
    {EventType::invoice_hold_released, "invoice.hold_released"},
    {EventType::invoice_approved, "invoice.approved"},
    {EventType::invoice_rejected, "invoice.rejected"},
    {EventType::invoice_paid, "invoice.paid"},
    {EventType::employee_hired, "employee.hired"},
    {EventType::employee_details_corrected, "employee.details_corrected"},
    {EventType::onboarding_task_completed, "onboarding.task_completed"},
    {EventType::onboarding_cancelled, "onboarding.cancelled"},
}};

constexpr std::array<std::string_view, 18> dead_letter_names{
    "no_key",       "key_mismatch", "invalid_json",     "not_an_object", "missing_field",  "wrong_type",
    "unknown_type", "wrong_topic",  "unknown_role",     "bad_money",     "bad_quantity",   "bad_date",
    "too_large",    "no_policy",    "unknown_category", "bad_vat_rate",  "total_mismatch", "poison"};

constexpr std::array<std::string_view, 7> refusal_names{"unknown_entity", "already_exists", "wrong_state", "wrong_role",
                                                        "self_approval",  "not_requester",  "overpayment"};

// In the order of their enums.
constexpr std::array<std::string_view, 19> audit_action_table{
    "submitted",      "approved",     "rejected",      "cancelled", "expired", "reminder_sent", "escalated",
    "received",       "held",         "hold_released", "paid",      "overdue", "hired",         "details_corrected",
    "task_completed", "task_overdue", "completed",     "refused",   "redriven"};

constexpr std::array<std::string_view, 6> notification_type_table{"approval.requested",      "approval.reminder",
                                                                  "approval.escalated",      "invoice.overdue",
                                                                  "onboarding.task_overdue", "workflow.completed"};

constexpr std::array<std::string_view, 12> hold_reason_table{
    "invalid_bin",  "invalid_tin",     "subtotal_mismatch", "vat_mismatch",       "total_mismatch", "duplicate_invoice",
    "po_not_found", "po_not_approved", "vendor_mismatch",   "po_amount_exceeded", "invalid_nid",    "invalid_mobile"};

constexpr std::array<std::string_view, 3> workflow_table{"purchase_order", "invoice", "onboarding"};

template <typename Enum, std::size_t N>
std::string_view lookup(const std::array<std::pair<Enum, std::string_view>, N>& table, Enum value) {
  for (const auto& [key, text] : table) {
    if (key == value) return text;
  }
  return {};
}

template <typename Enum, std::size_t N>
std::optional<Enum> reverse_lookup(const std::array<std::pair<Enum, std::string_view>, N>& table,
                                   std::string_view text) {
  for (const auto& [key, known] : table) {
    if (known == text) return key;
  }
  return std::nullopt;
}

}  // namespace

std::string_view name(Role role) { return lookup(role_table, role); }
std::string_view name(EventType type) { return lookup(type_names, type); }
std::string_view name(DeadLetterReason reason) { return dead_letter_names[static_cast<std::size_t>(reason)]; }
std::vector<std::string_view> dead_letter_reason_names() {
  return {dead_letter_names.begin(), dead_letter_names.end()};
}
std::vector<std::string_view> event_type_names() {
  std::vector<std::string_view> out;
  for (const auto& [type, text] : type_names) out.push_back(text);
  return out;
}
std::vector<std::string_view> refusal_reason_names() { return {refusal_names.begin(), refusal_names.end()}; }
std::string_view name(RefusalReason reason) { return refusal_names[static_cast<std::size_t>(reason)]; }
std::string_view name(Workflow workflow) { return workflow_table[static_cast<std::size_t>(workflow)]; }
std::string_view name(AuditAction action) { return audit_action_table[static_cast<std::size_t>(action)]; }
std::string_view name(NotificationType type) { return notification_type_table[static_cast<std::size_t>(type)]; }
std::string_view name(HoldReason reason) { return hold_reason_table[static_cast<std::size_t>(reason)]; }

std::vector<std::string_view> role_names() {
  std::vector<std::string_view> out;
  for (const auto& [role, text] : role_table) out.push_back(text);
  return out;
}
std::vector<std::string_view> workflow_names() { return {workflow_table.begin(), workflow_table.end()}; }
std::vector<std::string_view> audit_action_names() { return {audit_action_table.begin(), audit_action_table.end()}; }
std::vector<std::string_view> notification_type_names() {
  return {notification_type_table.begin(), notification_type_table.end()};
}
std::vector<std::string_view> hold_reason_names() { return {hold_reason_table.begin(), hold_reason_table.end()}; }

std::optional<Role> parse_role(std::string_view text) { return reverse_lookup(role_table, text); }
std::vector<std::string> names(const std::vector<Role>& roles) {
  std::vector<std::string> out;
  out.reserve(roles.size());
  for (Role role : roles) out.emplace_back(name(role));
  return out;
}

std::optional<EventType> parse_event_type(std::string_view text) { return reverse_lookup(type_names, text); }

Workflow workflow_of(EventType type) {
  switch (type) {
    case EventType::purchase_order_submitted:
    case EventType::purchase_order_approved:
    case EventType::purchase_order_rejected:
    case EventType::purchase_order_cancelled:
      return Workflow::purchase_order;
    case EventType::invoice_received:
    case EventType::invoice_hold_released:
    case EventType::invoice_approved:
    case EventType::invoice_rejected:
    case EventType::invoice_paid:
      return Workflow::invoice;
    case EventType::employee_hired:
    case EventType::employee_details_corrected:
    case EventType::onboarding_task_completed:
    case EventType::onboarding_cancelled:
      return Workflow::onboarding;
  }
  throw std::logic_error("an event type of no workflow");
}

namespace {
constexpr std::array<std::string_view, 4> task_names{"account", "it_equipment", "orientation", "benefits"};
constexpr std::array<std::string_view, 4> method_names{"bank", "cheque", "cash", "mobile"};

template <typename Enum, std::size_t N>
std::optional<Enum> parse_indexed(const std::array<std::string_view, N>& table, std::string_view text) {
  for (std::size_t i = 0; i < N; ++i) {
    if (table[i] == text) return static_cast<Enum>(i);
  }
  return std::nullopt;
}
}  // namespace

std::string_view name(OnboardingTask task) { return task_names[static_cast<std::size_t>(task)]; }
std::vector<std::string_view> onboarding_task_names() { return {task_names.begin(), task_names.end()}; }
std::vector<std::string_view> payment_method_names() { return {method_names.begin(), method_names.end()}; }
std::optional<OnboardingTask> parse_onboarding_task(std::string_view text) {
  return parse_indexed<OnboardingTask>(task_names, text);
}
std::string_view name(PaymentMethod method) { return method_names[static_cast<std::size_t>(method)]; }
std::optional<PaymentMethod> parse_payment_method(std::string_view text) {
  return parse_indexed<PaymentMethod>(method_names, text);
}

}  // namespace vextrus::domain
