#pragma once
// The invoice part of config/policy/bd-default.yaml (docs/policy.md), built in code so
// that the domain tests do not depend on the loader, and small builders of invoice payloads.

#include <string>
#include <vector>

#include "domain/event.hpp"
#include "domain/policy.hpp"

namespace vextrus::domain::testing_support {

inline Money money(const char* text) { return *parse_money(text); }

inline InvoicePolicy bd_invoice_policy() {
  InvoicePolicy p;
  p.tiers = {{Role::finance_manager, Money::from_taka(0)},
             {Role::cfo, Money::from_taka(500'000)},
             {Role::managing_director, Money::from_taka(5'000'000)}};
  for (const char* rate : {"0", "5", "7.5", "10", "15"}) p.vat_rates.push_back(*parse_rate(rate));
  auto category = [](const char* vds, const char* tds, bool bin_required = false) {
    return VendorCategory{*parse_rate(vds), *parse_rate(tds), bin_required};
  };
  p.categories = {{"supplier_manufacturer", category("0", "5", true)},
                  {"procurement_provider", category("7.5", "5", true)},
                  {"construction", category("7.5", "7")},
                  {"consultancy", category("15", "10")},
                  {"security_manpower", category("15", "10")},
                  {"advertising", category("15", "10")},
                  {"printing", category("10", "10")},
                  {"repairs_maintenance", category("10", "10")},
                  {"transport", category("10", "10")},
                  {"it_enabled_service", category("5", "10")},
                  {"other_service", category("15", "10")}};
  return p;
}

inline InvoiceLine line(std::int64_t quantity, const char* unit_price, const char* vat_rate = nullptr) {
  InvoiceLine out;
  out.description = "item";
  out.quantity = quantity;
  out.unit_price = money(unit_price);
  if (vat_rate != nullptr) out.vat_rate = *parse_rate(vat_rate);
  return out;
}

inline InvoiceReceived received(const char* category, std::vector<InvoiceLine> lines, const char* subtotal,
                                const char* vat_amount, const char* total) {
  InvoiceReceived invoice;
  invoice.vendor.id = "V-1";
  invoice.vendor.name = "Vendor One";
  invoice.vendor.category = category;
  invoice.invoice_number = "INV-1";
  invoice.invoice_date = *parse_date("2025-09-17");
  invoice.lines = std::move(lines);
  invoice.subtotal = money(subtotal);
  invoice.vat_amount = money(vat_amount);
  invoice.total = money(total);
  return invoice;
}

}  // namespace vextrus::domain::testing_support
