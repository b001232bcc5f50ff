// Decoding the invoice and onboarding events (docs/events.md): valid payloads decode
// exactly; an unknown vendor category, a VAT rate outside the policy and the other malformed
// cases are dead-lettered with their reason.

#include <gtest/gtest.h>

#include "adapters/json/event_decoder.hpp"
#include "tests/unit/event_text.hpp"
#include "tests/unit/invoice_fixtures.hpp"

namespace vextrus {
namespace {

using adapters::DecodeResult;
using adapters::EventDecoder;
using adapters::Malformed;
using adapters::RawEvent;
using domain::DeadLetterReason;
using test_events::describe;
using test_events::envelope;
using test_events::Json;
using test_events::with;
using test_events::with_raw;
using test_events::without;

const domain::PolicySet& policies() {
  static const domain::PolicySet set = [] {
    domain::Policy policy;
    policy.policy_id = "bd-default-2025-07-01";
    policy.effective_from = *domain::parse_date("2025-07-01");
    policy.purchase_order.tiers = {{domain::Role::department_head, domain::Money::from_taka(0)}};
    policy.invoice = domain::testing_support::bd_invoice_policy();
    return domain::PolicySet{{policy}};
  }();
  return set;
}

DecodeResult decode(const std::string& text, domain::Workflow topic, const char* key) {
  static EventDecoder decoder(policies());
  RawEvent raw;
  raw.value = text;
  raw.key = key;
  raw.topic_workflow = topic;
  return test_events::decode_recorded(decoder, raw);
}

DecodeResult decode_invoice(const std::string& text) { return decode(text, domain::Workflow::invoice, "INV-1"); }
DecodeResult decode_onboarding(const std::string& text) { return decode(text, domain::Workflow::onboarding, "EMP-1"); }

std::optional<DeadLetterReason> reason(const DecodeResult& result) {
  if (const auto* malformed = std::get_if<Malformed>(&result)) return malformed->reason;
  return std::nullopt;
}

Json received() {
  return envelope(
      "invoice.received", Json{{"id", "u-7"}, {"role", "finance_manager"}},
      Json{{"vendor", Json{{"id", "V-1"},
                           {"name", "Dhaka Build Ltd"},
                           {"category", "construction"},
                           {"tin", "123456789012"},
                           {"bin", "1234567890123"},
                           {"return_filed", true}}},
           {"invoice_number", "DB-2025-77"},
           {"invoice_date", "2025-09-17"},
           {"po_id", "PO-2025-000123"},
           {"lines",
            Json::array({Json{{"description", "cement"}, {"quantity", 3}, {"unit_price", "333.33"}},
                         Json{{"description", "design"}, {"quantity", 1}, {"unit_price", 100}, {"vat_rate", 7.5}}})},
           {"subtotal", "1099.99"},
           {"vat_amount", "157.50"},
           {"total", "1257.49"}},
      "INV-1");
}

Json hired() {
  return envelope("employee.hired", Json{{"id", "u-9"}, {"role", "hr"}},
                  Json{{"name", "Rahim Uddin"},
                       {"nid", "1234567890"},
                       {"mobile", "+8801712345678"},
                       {"department", "finance"},
                       {"position", "analyst"},
                       {"start_date", "2025-10-01"}},
                  "EMP-1");
}

TEST(WorkflowPayloads, AReceivedInvoiceDecodesExactly) {
  const auto result = decode_invoice(received().dump());
  const auto* event = std::get_if<domain::Event>(&result);
  ASSERT_NE(event, nullptr) << describe(result);
  const auto& invoice = std::get<domain::InvoiceReceived>(event->payload);
  EXPECT_EQ(invoice.vendor.category, "construction");
  EXPECT_TRUE(invoice.vendor.return_filed);
  EXPECT_EQ(*invoice.vendor.bin, "1234567890123");
  EXPECT_EQ(domain::format_date(invoice.invoice_date), "2025-09-17");
  EXPECT_EQ(*invoice.po_id, "PO-2025-000123");
  ASSERT_EQ(invoice.lines.size(), 2u);
  EXPECT_FALSE(invoice.lines[0].vat_rate.has_value()) << "the policy's default applies";
  EXPECT_EQ(invoice.lines[1].vat_rate->to_string(), "7.5");
  EXPECT_EQ(invoice.lines[0].unit_price.to_string(), "333.33");
  EXPECT_EQ(invoice.total.to_string(), "1257.49");
}

TEST(WorkflowPayloads, OptionalVendorFieldsMayBeAbsent) {
  auto doc = received();
  doc["payload"]["vendor"].erase("tin");
  doc["payload"]["vendor"].erase("bin");
  doc["payload"]["vendor"].erase("return_filed");
  doc["payload"].erase("po_id");
  const auto result = decode_invoice(doc.dump());
  ASSERT_FALSE(reason(result)) << describe(result);
  const auto& invoice = std::get<domain::InvoiceReceived>(std::get<domain::Event>(result).payload);
  EXPECT_FALSE(invoice.vendor.return_filed) << "defaults to false";
  EXPECT_FALSE(invoice.po_id.has_value());
}

TEST(WorkflowPayloads, InvoiceMalformedCases) {
  const std::vector<std::pair<std::string, DeadLetterReason>> cases{
      {with(received(), "/payload/vendor/category", "catering"), DeadLetterReason::unknown_category},
      {with(received(), "/payload/lines/1/vat_rate", 12), DeadLetterReason::bad_vat_rate},
      {with(received(), "/payload/lines/1/vat_rate", "-5"), DeadLetterReason::bad_vat_rate},
      {with(received(), "/payload/lines/1/vat_rate", true), DeadLetterReason::wrong_type},
      {with(received(), "/payload/invoice_date", "17/09/2025"), DeadLetterReason::bad_date},
      {with(received(), "/payload/invoice_date", "2025-02-30"), DeadLetterReason::bad_date},
      {with(received(), "/payload/subtotal", "1,099.99"), DeadLetterReason::bad_money},
      {with(received(), "/payload/subtotal", "0"), DeadLetterReason::bad_money},
      {with_raw(received(), "/payload/vat_amount", "157.505"), DeadLetterReason::bad_money},
      {with(received(), "/payload/lines/0/quantity", 0), DeadLetterReason::bad_quantity},
      {with(received(), "/payload/vendor/return_filed", "yes"), DeadLetterReason::wrong_type},
      {with(received(), "/payload/po_id", "PO 1"), DeadLetterReason::wrong_type},
      {with(received(), "/payload/lines", Json::array()), DeadLetterReason::missing_field},
      {without(received(), "/payload/vendor/name"), DeadLetterReason::missing_field},
      {without(received(), "/payload/invoice_number"), DeadLetterReason::missing_field},
      {without(received(), "/payload/total"), DeadLetterReason::missing_field},
  };
  for (const auto& [text, expected] : cases) {
    const auto result = decode_invoice(text);
    EXPECT_EQ(reason(result), expected) << text << "\n" << describe(result);
  }
}

TEST(WorkflowPayloads, AVatAmountOfZeroIsAllowed) {
  auto doc = received();
  doc["payload"]["lines"][1]["vat_rate"] = 0;
  doc["payload"]["vat_amount"] = "0";
  EXPECT_FALSE(reason(decode_invoice(doc.dump())));
}

TEST(WorkflowPayloads, PaymentsNameAMethod) {
  const auto paid = envelope("invoice.paid", Json{{"id", "u-7"}, {"role", "finance_manager"}},
                             Json{{"amount", "500.00"}, {"payment_ref", "TT-1"}, {"method", "cash"}}, "INV-1");
  const auto result = decode_invoice(paid.dump());
  ASSERT_FALSE(reason(result)) << describe(result);
  const auto& payment = std::get<domain::InvoicePaid>(std::get<domain::Event>(result).payload);
  EXPECT_EQ(payment.method, domain::PaymentMethod::cash);
  EXPECT_EQ(payment.amount.to_string(), "500.00");
  EXPECT_EQ(reason(decode_invoice(with(paid, "/payload/method", "bitcoin"))), DeadLetterReason::wrong_type);
  EXPECT_EQ(reason(decode_invoice(with(paid, "/payload/amount", "0.00"))), DeadLetterReason::bad_money);
  EXPECT_EQ(reason(decode_invoice(without(paid, "/payload/payment_ref"))), DeadLetterReason::missing_field);
}

TEST(WorkflowPayloads, TheOtherInvoiceEventsCarryTheirFields) {
  const Json fm{{"id", "u-7"}, {"role", "finance_manager"}};
  EXPECT_FALSE(reason(decode_invoice(envelope("invoice.approved", fm, Json::object(), "INV-1").dump())));
  EXPECT_FALSE(reason(decode_invoice(envelope("invoice.hold_released", fm, Json{{"note", "ok"}}, "INV-1").dump())));
  EXPECT_EQ(reason(decode_invoice(envelope("invoice.hold_released", fm, Json::object(), "INV-1").dump())),
            DeadLetterReason::missing_field);
  EXPECT_EQ(reason(decode_invoice(envelope("invoice.rejected", fm, Json::object(), "INV-1").dump())),
            DeadLetterReason::missing_field);
}

TEST(WorkflowPayloads, AnEmployeeHiredDecodesExactly) {
  const auto result = decode_onboarding(hired().dump());
  ASSERT_FALSE(reason(result)) << describe(result);
  const auto& hire = std::get<domain::EmployeeHired>(std::get<domain::Event>(result).payload);
  EXPECT_EQ(hire.mobile, "+8801712345678");
  EXPECT_EQ(domain::format_date(hire.start_date), "2025-10-01");
  EXPECT_FALSE(hire.tin.has_value());
  EXPECT_FALSE(reason(decode_onboarding(with(hired(), "/payload/nid", "12")))) << "a bad NID is a hold, not malformed";
}

TEST(WorkflowPayloads, OnboardingMalformedCases) {
  const Json hr{{"id", "u-9"}, {"role", "hr"}};
  const std::vector<std::pair<std::string, DeadLetterReason>> cases{
      {with(hired(), "/payload/start_date", "2025-13-01"), DeadLetterReason::bad_date},
      {without(hired(), "/payload/position"), DeadLetterReason::missing_field},
      {with(hired(), "/payload/nid", 1234567890), DeadLetterReason::wrong_type},
      {envelope("employee.details_corrected", hr, Json::object(), "EMP-1").dump(), DeadLetterReason::missing_field},
      {envelope("onboarding.task_completed", hr, Json{{"task", "lunch"}}, "EMP-1").dump(),
       DeadLetterReason::wrong_type},
      {envelope("onboarding.cancelled", hr, Json::object(), "EMP-1").dump(), DeadLetterReason::missing_field},
      {hired().dump(), DeadLetterReason::wrong_topic},  // on the invoice topic, below
  };
  for (std::size_t i = 0; i + 1 < cases.size(); ++i) {
    const auto result = decode_onboarding(cases[i].first);
    EXPECT_EQ(reason(result), cases[i].second) << cases[i].first << "\n" << describe(result);
  }
  EXPECT_EQ(reason(decode(cases.back().first, domain::Workflow::invoice, "EMP-1")), DeadLetterReason::wrong_topic);
  const auto completed =
      decode_onboarding(envelope("onboarding.task_completed", hr, Json{{"task", "it_equipment"}}, "EMP-1").dump());
  ASSERT_FALSE(reason(completed)) << describe(completed);
  EXPECT_EQ(std::get<domain::OnboardingTaskCompleted>(std::get<domain::Event>(completed).payload).task,
            domain::OnboardingTask::it_equipment);
}

}  // namespace
}  // namespace vextrus
