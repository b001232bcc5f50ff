// The reports and the overview of /v1 (docs/openapi.yaml "Reports"): each report over a fiscal
// year (July to June, named like 2025-26) or one month of it, as JSON or, to `Accept: text/csv`,
// as CSV with a header line and the same columns.

#include <stdexcept>

#include "adapters/http/http_routes.hpp"
#include "adapters/http/query_params.hpp"
#include "adapters/json/csv_field.hpp"
#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"
#include "domain/purchase_order.hpp"

namespace vextrus::http {
namespace {

struct Period {
  ReportPeriod days;
  std::string fiscal_year;           // "2025-26"
  std::optional<std::string> month;  // "2025-09"
  std::string name() const { return month ? *month : fiscal_year; }
};

domain::Date first_of(int year, unsigned month) { return {domain::days_from_civil(year, month, 1)}; }

// 2025 -> "2025-26"
std::string fiscal_name(int first_year) {
  const int next = (first_year + 1) % 100;
  return std::to_string(first_year) + "-" + std::to_string(next / 10) + std::to_string(next % 10);
}

// fiscal_year, or month, or both when the month lies in the year.
Period period_of(const Params& params) {
  const auto year = fiscal_year_param(params, "fiscal_year");
  const auto month = month_param(params, "month");
  if (!year && !month)
    throw std::invalid_argument("fiscal_year is required, such as 2025-26 (or a month such as 2025-09)");
  Period p;
  if (month) {
    const std::string text = domain::format_date(*month).substr(0, 7);
    const int y = std::stoi(text.substr(0, 4));
    const unsigned m = static_cast<unsigned>(std::stoi(text.substr(5, 2)));
    const int fiscal = m >= 7 ? y : y - 1;
    if (year && *year != fiscal) {
      throw std::invalid_argument("month " + text + " is not in fiscal_year " + fiscal_name(*year) + " (July to June)");
    }
    p.month = text;
    p.days = {*month, m == 12 ? first_of(y + 1, 1) : first_of(y, m + 1)};
    p.fiscal_year = fiscal_name(fiscal);
  } else {
    p.days = {first_of(*year, 7), first_of(*year + 1, 7)};
    p.fiscal_year = fiscal_name(*year);
  }
  return p;
}

bool wants_csv(const Request& request) { return request.header("Accept").find("text/csv") != std::string::npos; }

nlohmann::json cell(const Report::Column& column, const std::optional<std::string>& value) {
  if (!value) return nullptr;
  if (column.count) return std::stoll(*value);
  return *value;
}

nlohmann::json row_object(const Report& report, const std::vector<std::optional<std::string>>& row,
                          std::size_t first = 0, std::size_t last = SIZE_MAX) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = first; i < report.columns.size() && i < last; ++i)
    out[report.columns[i].name] = cell(report.columns[i], row[i]);
  return out;
}

// The sums of the count and money columns over `rows` (money exactly, in paisa).
nlohmann::json totals(const Report& report, const std::vector<const std::vector<std::optional<std::string>>*>& rows) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t i = 0; i < report.columns.size(); ++i) {
    const auto& column = report.columns[i];
    if (column.count) {
      std::int64_t sum = 0;
      for (const auto* row : rows) sum += (*row)[i] ? std::stoll(*(*row)[i]) : 0;
      out[column.name] = sum;
    } else if (column.money) {
      domain::Money sum;
      for (const auto* row : rows) {
        const auto amount = (*row)[i] ? domain::parse_money(*(*row)[i]) : domain::Money();
        const auto added = amount ? domain::checked_add(sum, *amount) : std::nullopt;
        if (!added) throw std::runtime_error("a total of " + column.name + " exceeds what an amount can hold");
        sum = *added;
      }
      out[column.name] = sum.to_string();
    }
  }
  return out;
}

std::vector<const std::vector<std::optional<std::string>>*> all_rows(const Report& report) {
  std::vector<const std::vector<std::optional<std::string>>*> out;
  for (const auto& row : report.rows) out.push_back(&row);
  return out;
}

std::string csv_line(const std::vector<std::string>& fields) {
  std::string line;
  for (std::size_t i = 0; i < fields.size(); ++i) line += (i > 0 ? "," : "") + adapters::csv_field(fields[i]);
  return line + "\r\n";
}

Response csv_answer(const std::string& file_name, const Report& report,
                    const std::vector<std::string>& leading_names = {},
                    const std::vector<std::string>& leading_values = {}) {
  std::vector<std::string> header = leading_names;
  for (const auto& column : report.columns) header.push_back(column.name);
  std::string body = csv_line(header);
  for (const auto& row : report.rows) {
    std::vector<std::string> fields = leading_values;
    for (const auto& value : row) fields.push_back(value.value_or(""));
    body += csv_line(fields);
  }
  Response response = json_answer(200, body);
  response.content_type = "text/csv; charset=utf-8";
  response.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + file_name + ".csv\"");
  return response;
}

nlohmann::json heading(const char* report, const Period& p) {
  return {{"report", report}, {"fiscal_year", p.fiscal_year}, {"month", p.month ? nlohmann::json(*p.month) : nullptr}};
}

Route table_report(const char* path, const char* name, Report (ApiBackend::*read)(const ReportPeriod&)) {
  return {"GET", path, ApiRole::viewer, true, [name, read](const RouteContext& c) {
            only_known(c.request.params, {"fiscal_year", "month"});
            const auto p = period_of(c.request.params);
            const Report report = (backend(c).*read)(p.days);
            if (wants_csv(c.request)) return csv_answer(std::string(name) + "-" + p.name(), report);
            auto body = heading(name, p);
            body["rows"] = nlohmann::json::array();
            for (const auto& row : report.rows) body["rows"].push_back(row_object(report, row));
            body["totals"] = totals(report, all_rows(report));
            return json_answer(200, dump(body));
          }};
}

// Mushak-6.6 (VAT and SD Rules 2016, rule 40): one certificate per supplier and month, listing
// each invoice whose VAT was deducted at source (docs/api.md, "Mushak-6.6").
Response vds_certificates(const RouteContext& c) {
  only_known(c.request.params, {"fiscal_year", "month"});
  const auto p = period_of(c.request.params);
  const auto& company = c.deps.company;
  if (!company) {
    return json_answer(409, dump({{"error",
                                   "the withholding entity is not configured: set company.name and company.bin "
                                   "(VEXTRUS_COMPANY_NAME, VEXTRUS_COMPANY_BIN) to the company's name and BIN"}}));
  }
  const Report lines = backend(c).vds_certificate_lines(p.days);
  if (wants_csv(c.request)) {
    return csv_answer("vds-certificates-" + p.name(), lines, {"withholding_entity_name", "withholding_entity_bin"},
                      {company->name, company->bin});
  }
  // Columns: supplier_id, supplier_name, supplier_bin, month, then the invoice's; grouped by the
  // first four (the lines come ordered by supplier and month).
  constexpr std::size_t invoice_columns = 4;
  auto body = heading("vds-certificates", p);
  body["withholding_entity"] = {{"name", company->name}, {"bin", company->bin}};
  body["certificates"] = nlohmann::json::array();
  std::vector<const std::vector<std::optional<std::string>>*> group;
  const auto flush = [&] {
    if (group.empty()) return;
    const auto& first = *group.front();
    nlohmann::json certificate;
    certificate["supplier"] = {{"id", cell(lines.columns[0], first[0])},
                               {"name", cell(lines.columns[1], first[1])},
                               {"bin", cell(lines.columns[2], first[2])}};
    certificate["month"] = cell(lines.columns[3], first[3]);
    certificate["invoices"] = nlohmann::json::array();
    for (const auto* row : group) certificate["invoices"].push_back(row_object(lines, *row, invoice_columns));
    certificate["totals"] = totals(lines, group);
    body["certificates"].push_back(std::move(certificate));
    group.clear();
  };
  for (const auto& row : lines.rows) {
    if (!group.empty() && ((*group.front())[0] != row[0] || (*group.front())[3] != row[3])) flush();
    group.push_back(&row);
  }
  flush();
  return json_answer(200, dump(body));
}

// Every status of each workflow, zero when none is in it, so that a console draws the same tiles
// whatever the data.
Response summary(const RouteContext& c) {
  only_known(c.request.params, {});
  const Summary s = backend(c).summary();
  nlohmann::json counts = nlohmann::json::object();
  const std::pair<const char*, std::vector<std::string_view>> workflows[] = {
      {"purchase_order", domain::purchase_order_status_names()},
      {"invoice", domain::invoice_status_names()},
      {"onboarding", domain::onboarding_status_names()}};
  for (const auto& [workflow, statuses] : workflows) {
    auto& mine = counts[workflow] = nlohmann::json::object();
    for (const auto status : statuses) mine[std::string(status)] = 0;
  }
  for (const auto& [workflow, by_status] : s.counts) {
    for (const auto& [status, count] : by_status) counts[workflow][status] = count;
  }
  nlohmann::json body{
      {"counts", counts}, {"dead_letters_last_24h", s.dead_letters_last_24h}, {"last_verification", nullptr}};
  if (s.last_verification) body["last_verification"] = nlohmann::json::parse(*s.last_verification);
  body["pending_approvals"] = nlohmann::json::parse(s.pending_by_role);
  body["overdue"] = nlohmann::json::parse(s.overdue);
  return json_answer(200, dump(body));
}

}  // namespace

std::vector<Route> report_routes() {
  return {
      table_report("/v1/reports/vat", "vat", &ApiBackend::vat_report),
      table_report("/v1/reports/withholding", "withholding", &ApiBackend::withholding_report),
      {"GET", "/v1/reports/vds-certificates", ApiRole::viewer, true, vds_certificates},
      {"GET", "/v1/summary", ApiRole::viewer, true, summary},
  };
}

}  // namespace vextrus::http
