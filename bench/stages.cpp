// Micro benchmarks of the pipeline's CPU stages, one at a time, so that a regression in one is
// visible on its own: decoding an event, deciding it, sealing its audit record (canonical JSON
// + SHA-256) and encoding a batch's rows for COPY. No broker or database.
//
//   build/bench/stages [--benchmark_filter=REGEX]

#include <benchmark/benchmark.h>

#include "adapters/json/audit_codec.hpp"
#include "adapters/json/event_decoder.hpp"
#include "adapters/postgres/copy_row.hpp"
#include "adapters/postgres/pg_text.hpp"
#include "domain/invoice.hpp"
#include "domain/purchase_order.hpp"

namespace {

using namespace vextrus;

// The purchase-order and invoice parts of config/policy/bd-default.yaml, in code.
domain::PolicySet default_policies() {
  domain::Policy policy;
  policy.policy_id = "bd-default-2025-07-01";
  policy.effective_from = *domain::parse_date("2025-07-01");
  policy.purchase_order.tiers = {{domain::Role::department_head, domain::Money::from_taka(0)},
                                 {domain::Role::finance_manager, domain::Money::from_taka(100'000)},
                                 {domain::Role::cfo, domain::Money::from_taka(1'000'000)}};
  policy.invoice.tiers = {{domain::Role::finance_manager, domain::Money::from_taka(0)},
                          {domain::Role::cfo, domain::Money::from_taka(500'000)}};
  for (const char* rate : {"0", "5", "7.5", "10", "15"}) policy.invoice.vat_rates.push_back(*domain::parse_rate(rate));
  policy.invoice.categories = {{"construction", {*domain::parse_rate("7.5"), domain::Rate::whole(7), false}}};
  return domain::PolicySet({policy});
}

const domain::PolicySet& policies() {
  static const domain::PolicySet set = default_policies();
  return set;
}

const std::string submitted_json =
    R"j({"event_id":"0b7c2c9e-3a55-4d0e-9a51-1c2f7c1f8a10","type":"purchase_order.submitted",)j"
    R"j("entity_id":"PO-2025-000123","occurred_at":"2025-09-17T10:15:00+06:00",)j"
    R"j("actor":{"id":"u-1001","role":"requester"},"payload":{"requester_id":"u-1001","department":"operations",)j"
    R"j("vendor_id":"V-2001","budget_code":"OPEX-26-OPS","lines":[{"item":"A4 paper (ream)","quantity":200,)j"
    R"j("unit_price":"450.00"},{"item":"Toner cartridge","quantity":10,"unit_price":"3500.50"}],"total":"125005.00"}})j";

const std::string invoice_json =
    R"j({"event_id":"5f0e7f3c-0a0a-4f2e-8b0e-1b7a1c2d3e01","type":"invoice.received","entity_id":"INV-2025-0001",)j"
    R"j("occurred_at":"2025-09-20T11:00:00+06:00","actor":{"id":"u-3001","role":"finance_manager"},)j"
    R"j("payload":{"vendor":{"id":"V-2001","name":"Meghna Build","category":"construction","tin":"123456789012",)j"
    R"j("return_filed":true},"invoice_number":"MB/77","invoice_date":"2025-09-20","lines":[{"description":"cement",)j"
    R"j("quantity":200,"unit_price":"450.00"},{"description":"design","quantity":1,"unit_price":"35005.00",)j"
    R"j("vat_rate":7.5}],"subtotal":"125005.00","vat_amount":"16125.38","total":"141130.38"}})j";

domain::Event decoded(const std::string& json, domain::Workflow workflow) {
  adapters::EventDecoder decoder(policies());
  auto result = decoder.decode({json, std::nullopt, workflow, false});
  return std::get<domain::Event>(std::move(result));
}

void BM_DecodePurchaseOrderSubmitted(benchmark::State& state) {
  adapters::EventDecoder decoder(policies());
  for (auto _ : state) {
    auto result =
        decoder.decode({submitted_json, std::string_view("PO-2025-000123"), domain::Workflow::purchase_order, true});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodePurchaseOrderSubmitted);

void BM_DecodeInvoiceReceived(benchmark::State& state) {
  adapters::EventDecoder decoder(policies());
  for (auto _ : state) {
    auto result = decoder.decode({invoice_json, std::string_view("INV-2025-0001"), domain::Workflow::invoice, true});
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecodeInvoiceReceived);

void BM_DecidePurchaseOrderSubmitted(benchmark::State& state) {
  const auto event = decoded(submitted_json, domain::Workflow::purchase_order);
  const std::optional<domain::PurchaseOrder> none;
  for (auto _ : state) {
    auto decision = domain::decide(none, event, policies());
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecidePurchaseOrderSubmitted);

void BM_DecideInvoiceReceived(benchmark::State& state) {
  const auto event = decoded(invoice_json, domain::Workflow::invoice);
  const std::optional<domain::Invoice> none;
  for (auto _ : state) {
    auto decision = domain::decide(none, event, policies(), domain::InvoiceLookups{});
    benchmark::DoNotOptimize(decision);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DecideInvoiceReceived);

domain::AuditRecord audit_record() {
  const auto event = decoded(submitted_json, domain::Workflow::purchase_order);
  const auto decision = domain::decide(std::optional<domain::PurchaseOrder>(), event, policies());
  domain::AuditRecord record;
  record.chain = "erp.purchase-orders/3";
  record.seq = 123456;
  record.entity_type = "purchase_order";
  record.entity_id = event.entity_id;
  record.event_id = event.event_id;
  record.action = std::string(domain::name(*decision.audit.action));
  record.actor_id = event.actor.id;
  record.actor_role = "requester";
  record.status_after = decision.audit.status_after;
  record.occurred_at = event.occurred_at;
  record.recorded_at = event.occurred_at;
  record.detail_json = adapters::canonical_detail(decision.audit.detail);
  record.prev_hash = std::string(64, 'a');
  return record;
}

void BM_SealAuditRecord(benchmark::State& state) {
  auto record = audit_record();
  for (auto _ : state) {
    adapters::seal(record);
    benchmark::DoNotOptimize(record.hash);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SealAuditRecord);

// A batch of sealed audit records turned into COPY lines, escaped, as the partition store sends them.
void BM_EncodeAuditBatchForCopy(benchmark::State& state) {
  auto record = audit_record();
  adapters::seal(record);
  const auto batch = static_cast<std::size_t>(state.range(0));
  pg::CopyLine line;
  for (auto _ : state) {
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < batch; ++i) {
      line.clear();
      line.add(record.chain)
          .add(record.seq + static_cast<std::int64_t>(i))
          .add(record.entity_type)
          .add(record.entity_id)
          .add(record.event_id)
          .add(record.action)
          .add(record.actor_id)
          .add(record.actor_role)
          .add(record.status_before)
          .add(record.status_after)
          .add(pg::timestamp_text(record.occurred_at))
          .add(pg::timestamp_text(record.recorded_at))
          .add(record.detail_json)
          .add(record.prev_hash)
          .add(record.hash)
          .add(record.canonical);
      bytes += line.text().size();
    }
    benchmark::DoNotOptimize(bytes);
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(batch));
}
BENCHMARK(BM_EncodeAuditBatchForCopy)->Arg(1000);

}  // namespace

BENCHMARK_MAIN();
