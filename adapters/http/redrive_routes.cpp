// Re-drive over HTTP (docs/openapi.yaml "Re-drive"), for operators: the semantics of
// `vextrus-flow dead-letters redrive`, with the reason required, and every call, dry runs too,
// recorded as a "redriven" record of the audit chain "ops" naming the token.

#include <algorithm>
#include <set>
#include <stdexcept>

#include "adapters/http/http_routes.hpp"
#include "adapters/http/query_params.hpp"
#include "adapters/json/utf8.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus::http {
namespace {

constexpr std::size_t max_reason_bytes = 1000;

[[noreturn]] void bad(const std::string& message) { throw std::invalid_argument(message); }

nlohmann::json body_of(const Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    bad("the body must be a JSON object such as {\"reason\": \"fix deployed\", \"dry_run\": true}");
  }
  return body;
}

void only_members(const nlohmann::json& object, const std::set<std::string>& known, const std::string& where) {
  for (const auto& [name, value] : object.items()) {
    if (!known.count(name)) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      bad("unknown member " + (adapters::storable_text(name) ? name : std::string("?")) + " in " + where +
          "; it takes " + list);
    }
  }
}

std::optional<std::string> text_member(const nlohmann::json& object, const char* name, const std::string& where) {
  if (!object.contains(name)) return std::nullopt;
  const auto& value = object.at(name);
  if (!value.is_string() || value.get_ref<const std::string&>().empty())
    bad(where + name + " must be a non-empty string");
  return value.get<std::string>();
}

RedriveOrder order_of(const RouteContext& c, const nlohmann::json& body, const std::set<std::string>& members) {
  only_members(body, members, "the body");
  RedriveOrder order;
  const auto reason = text_member(body, "reason", "");
  if (!reason || reason->find_first_not_of(" \t\r\n") == std::string::npos) {
    bad("reason is required: say why, in words the audit trail keeps");
  }
  if (reason->size() > max_reason_bytes || !adapters::storable_text(*reason)) {
    bad("reason must be UTF-8 text of at most " + std::to_string(max_reason_bytes) + " bytes");
  }
  order.reason = *reason;
  if (body.contains("dry_run")) {
    if (!body.at("dry_run").is_boolean()) bad("dry_run must be true or false");
    order.dry_run = body.at("dry_run").get<bool>();
  }
  order.actor = c.caller->name;
  return order;
}

Response answer(const RedriveOutcome& outcome, const RedriveOrder& order) {
  nlohmann::json body{{"dry_run", order.dry_run},
                      {"dead_letter_ids", outcome.dead_letter_ids},
                      {"count", outcome.dead_letter_ids.size()},
                      {"audit_record", nlohmann::json::parse(outcome.audit_record)}};
  return json_answer(200, dump(body));
}

// The re-drive, its failures answered as what they are (Kafka or PostgreSQL failed: nothing was
// recorded, a repeat is decided as a duplicate), not as the reads' "database unavailable".
RedriveOutcome carry_out(const RouteContext& c, const RedriveOrder& order) {
  if (!c.deps.redriver) throw Unavailable("re-drive is not available in this process");
  try {
    return c.deps.redriver->redrive(order);
  } catch (const std::invalid_argument&) {
    throw;
  } catch (const std::exception& e) {
    throw Unavailable(std::string("the re-drive failed: ") + e.what());
  }
}

Response redrive_one(const RouteContext& c) {
  only_known(c.request.params, {});
  const auto& id = c.params[0];
  const bool number = !id.empty() && id.size() <= 18 && id.find_first_not_of("0123456789") == std::string::npos;
  if (!number) return json_answer(404, dump({{"error", "no dead letter " + id}}));
  auto order = order_of(c, body_of(c.request), {"reason", "dry_run"});
  order.id = std::stoll(id);
  const auto outcome = carry_out(c, order);
  if (outcome.dead_letter_ids.empty()) return json_answer(404, dump({{"error", "no dead letter " + id}}));
  return answer(outcome, order);
}

Response redrive_many(const RouteContext& c) {
  only_known(c.request.params, {});
  const auto body = body_of(c.request);
  auto order = order_of(c, body, {"reason", "dry_run", "filter"});
  if (!body.contains("filter") || !body.at("filter").is_object() || body.at("filter").empty()) {
    bad("filter is required, with at least one of reason, topic, since, until: a re-drive of everything is refused");
  }
  const auto& filter = body.at("filter");
  only_members(filter, {"reason", "topic", "since", "until"}, "filter");
  order.filter.reason = text_member(filter, "reason", "filter.");
  if (order.filter.reason) {
    const auto names = domain::dead_letter_reason_names();
    if (std::find(names.begin(), names.end(), *order.filter.reason) == names.end()) {
      bad("filter.reason must be a dead-letter reason such as unknown_type (docs/events.md)");
    }
  }
  order.filter.topic = text_member(filter, "topic", "filter.");
  for (const auto& [name, field] : {std::pair{"since", &order.filter.since}, std::pair{"until", &order.filter.until}}) {
    if (const auto text = text_member(filter, name, "filter.")) {
      *field = domain::parse_rfc3339(*text);
      if (!*field) bad(std::string("filter.") + name + " must be an RFC 3339 time such as 2025-09-17T10:15:00+06:00");
    }
  }
  return answer(carry_out(c, order), order);
}

}  // namespace

std::vector<Route> redrive_routes() {
  return {
      {"POST", "/v1/dead-letters/{id}/redrive", ApiRole::operator_role, true, redrive_one},
      {"POST", "/v1/dead-letters/redrive", ApiRole::operator_role, true, redrive_many},
  };
}

}  // namespace vextrus::http
