#include "adapters/json/event_json.hpp"

#include <nlohmann/json.hpp>

namespace vextrus::adapters {
namespace {

using Json = nlohmann::ordered_json;

Json payload_json(const domain::Payload& payload) {
  return std::visit(
      [](const auto& p) -> Json {
        using T = std::decay_t<decltype(p)>;
        if constexpr (std::is_same_v<T, domain::PurchaseOrderSubmitted>) {
          Json lines = Json::array();
          for (const auto& line : p.lines) {
            lines.push_back(
                {{"item", line.item}, {"quantity", line.quantity}, {"unit_price", line.unit_price.to_string()}});
          }
          return {{"requester_id", p.requester_id},
                  {"department", p.department},
                  {"vendor_id", p.vendor_id},
                  {"budget_code", p.budget_code},
                  {"lines", lines},
                  {"total", p.total.to_string()}};
        } else if constexpr (std::is_same_v<T, domain::PurchaseOrderApproved>) {
          return p.comment ? Json{{"comment", *p.comment}} : Json::object();
        } else if constexpr (std::is_same_v<T, domain::InvoiceReceived>) {
          Json vendor{{"id", p.vendor.id}, {"name", p.vendor.name}, {"category", p.vendor.category}};
          if (p.vendor.tin) vendor["tin"] = *p.vendor.tin;
          if (p.vendor.bin) vendor["bin"] = *p.vendor.bin;
          vendor["return_filed"] = p.vendor.return_filed;
          Json lines = Json::array();
          for (const auto& line : p.lines) {
            Json item{{"description", line.description},
                      {"quantity", line.quantity},
                      {"unit_price", line.unit_price.to_string()}};
            if (line.vat_rate) item["vat_rate"] = line.vat_rate->to_string();
            lines.push_back(std::move(item));
          }
          Json out{{"vendor", vendor},
                   {"invoice_number", p.invoice_number},
                   {"invoice_date", domain::format_date(p.invoice_date)}};
          if (p.po_id) out["po_id"] = *p.po_id;
          out["lines"] = lines;
          out["subtotal"] = p.subtotal.to_string();
          out["vat_amount"] = p.vat_amount.to_string();
          out["total"] = p.total.to_string();
          return out;
        } else if constexpr (std::is_same_v<T, domain::InvoiceHoldReleased>) {
          return {{"note", p.note}};
        } else if constexpr (std::is_same_v<T, domain::InvoiceApproved>) {
          return Json::object();
        } else if constexpr (std::is_same_v<T, domain::InvoicePaid>) {
          return {{"amount", p.amount.to_string()},
                  {"payment_ref", p.payment_ref},
                  {"method", std::string(domain::name(p.method))}};
        } else if constexpr (std::is_same_v<T, domain::EmployeeHired>) {
          Json out{{"name", p.name}, {"nid", p.nid}, {"mobile", p.mobile}};
          if (p.tin) out["tin"] = *p.tin;
          out["department"] = p.department;
          out["position"] = p.position;
          out["start_date"] = domain::format_date(p.start_date);
          return out;
        } else if constexpr (std::is_same_v<T, domain::EmployeeDetailsCorrected>) {
          Json out = Json::object();
          if (p.nid) out["nid"] = *p.nid;
          if (p.mobile) out["mobile"] = *p.mobile;
          if (p.tin) out["tin"] = *p.tin;
          return out;
        } else if constexpr (std::is_same_v<T, domain::OnboardingTaskCompleted>) {
          return {{"task", std::string(domain::name(p.task))}};
        } else {
          return {{"reason", p.reason}};
        }
      },
      payload);
}

}  // namespace

std::string normalised_event_json(const domain::Event& event) {
  Json out;
  out["event_id"] = event.event_id;
  out["type"] = std::string(domain::name(event.type));
  out["entity_id"] = event.entity_id;
  out["occurred_at"] = domain::format_utc(event.occurred_at);
  out["actor"] = {{"id", event.actor.id}, {"role", std::string(domain::name(event.actor.role))}};
  out["payload"] = payload_json(event.payload);
  return out.dump();
}

}  // namespace vextrus::adapters
