// The /v1 routes (docs/openapi.yaml): what each reads and the role it needs. Handlers validate
// every parameter (query_params.hpp) before the backend sees it, and throw
// std::invalid_argument for a bad one (the router answers 400).

#include <nlohmann/json.hpp>
#include <stdexcept>

#include "adapters/http/http_routes.hpp"
#include "adapters/http/query_params.hpp"

namespace vextrus::http {
namespace {

constexpr int default_audit_limit = 100;
constexpr int max_audit_limit = 1000;

Route entity(const char* collection, EntityKind kind, const char* what) {
  return {"GET", std::string("/v1/") + collection + "/{id}", ApiRole::viewer, true,
          [kind, what](const RouteContext& c) {
            only_known(c.request.params, {"history"});
            const bool history = bool_param(c.request.params, "history").value_or(true);
            auto body = backend(c).entity(kind, c.params[0], history);
            if (!body) return json_answer(404, dump({{"error", std::string("no ") + what + " " + c.params[0]}}));
            return json_answer(200, std::move(*body));
          }};
}

Response audit_page(const RouteContext& c) {
  const auto page = backend(c).audit(parse_audit_query(c.request.params));
  // The records are JSON text already (as published on vextrus.audit): spliced, not re-parsed.
  std::string body = "{\"records\":[";
  for (std::size_t i = 0; i < page.records.size(); ++i) {
    if (i > 0) body.push_back(',');
    body += page.records[i];
  }
  body += "],\"next\":";
  body += page.last ? nlohmann::json(audit_cursor(*page.last)).dump() : "null";
  body.push_back('}');
  return json_answer(200, body);
}

Response verification(const RouteContext& c) {
  only_known(c.request.params, {});
  const auto result = backend(c).verify(c.caller->name);
  nlohmann::json body{
      {"ok", result.ok}, {"chains", result.chains}, {"records", result.records}, {"first_break", nullptr}};
  if (result.first_break) {
    body["first_break"] = {{"chain", result.first_break->chain},
                           {"seq", result.first_break->seq},
                           {"expected", result.first_break->expected},
                           {"found", result.first_break->found}};
  }
  return json_answer(200, dump(body));
}

// The records of `vextrus-flow audit export`, the same bytes, streamed: a day of a million records
// is never held in memory.
Response audit_export(const RouteContext& c) {
  const auto& params = c.request.params;
  only_known(params, {"from", "to", "format", "entity_id"});
  AuditExportQuery query;
  const auto from = date_param(params, "from");
  const auto to = date_param(params, "to");
  if (!from || !to) throw std::invalid_argument("from and to are required: days YYYY-MM-DD (Asia/Dhaka), to inclusive");
  if (to->days < from->days) throw std::invalid_argument("to is before from");
  query.from = *from;
  query.to = *to;
  query.entity_id = text_param(params, "entity_id");
  query.csv = enum_param(params, "format", {"ndjson", "csv"}).value_or("ndjson") == "csv";
  Response response;
  response.content_type = query.csv ? "text/csv; charset=utf-8" : "application/x-ndjson";
  response.headers.emplace_back("Content-Disposition",
                                "attachment; filename=\"audit-" + domain::format_date(query.from) + "-" +
                                    domain::format_date(query.to) + (query.csv ? ".csv" : ".ndjson") + "\"");
  response.stream = backend(c).audit_export(query);
  return response;
}

Response me(const RouteContext& c) {
  only_known(c.request.params, {});
  return json_answer(200, dump({{"name", c.caller->name}, {"role", name(c.caller->role)}}));
}

}  // namespace

AuditQuery parse_audit_query(const Params& params) {
  only_known(params, {"entity_id", "chain", "from", "to", "limit", "cursor"});
  AuditQuery query;
  query.entity_id = text_param(params, "entity_id");
  query.chain = text_param(params, "chain");
  query.from = time_param(params, "from");
  query.to = time_param(params, "to");
  query.limit = int_param(params, "limit", 1, max_audit_limit, default_audit_limit);
  if (const auto cursor = text_param(params, "cursor")) {
    const auto colon = cursor->find(':');
    const auto seq = cursor->substr(0, colon);
    if (colon == std::string::npos || colon + 1 == cursor->size() || seq.empty() || seq.size() > 18 ||
        seq.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument("cursor is not one this API returned as next");
    }
    query.after = std::make_pair(cursor->substr(colon + 1), std::stoll(seq));
  }
  return query;
}

std::string audit_cursor(const std::pair<std::string, std::int64_t>& last) {
  return std::to_string(last.second) + ":" + last.first;
}

std::vector<Route> api_routes() {
  return {
      {"GET", "/v1/me", ApiRole::viewer, false, me},
      entity("purchase-orders", EntityKind::purchase_order, "purchase order"),
      entity("invoices", EntityKind::invoice, "invoice"),
      entity("onboardings", EntityKind::onboarding, "onboarding"),
      {"GET", "/v1/audit", ApiRole::auditor, true, audit_page},
      {"GET", "/v1/audit/verify", ApiRole::auditor, true, verification},
      {"GET", "/v1/audit/export", ApiRole::auditor, true, audit_export},
  };
}

}  // namespace vextrus::http
