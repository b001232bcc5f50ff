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
            lines.push_back({{"item", line.item}, {"quantity", line.quantity},
                             {"unit_price", line.unit_price.to_string()}});
          }
          return {{"requester_id", p.requester_id}, {"department", p.department}, {"vendor_id", p.vendor_id},
                  {"budget_code", p.budget_code},   {"lines", lines},            {"total", p.total.to_string()}};
        } else if constexpr (std::is_same_v<T, domain::PurchaseOrderApproved>) {
          return p.comment ? Json{{"comment", *p.comment}} : Json::object();
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
