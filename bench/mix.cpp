#include "bench/mix.hpp"

#include <algorithm>
#include <chrono>
#include <random>

#include "domain/money.hpp"
#include "domain/time.hpp"

namespace vextrus::bench {
namespace {

// One entity's events, in the order they must be decided.
struct Entity {
  Stream stream;
  std::string id;
  std::vector<std::string> events;
};

class Clock {
 public:
  Clock() {
    const auto now =
        std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::system_clock::now().time_since_epoch())
            .count();
    micros_ = now - 3'600'000'000LL;  // an hour ago
    const auto today = domain::dhaka_date_of(domain::Timestamp{now});
    today_ = domain::format_date(today);
    start_date_ = domain::format_date(domain::Date{today.days + 60});
  }
  // A strictly increasing business time, a microsecond per event.
  std::string next() { return domain::format_utc(domain::Timestamp{++micros_}); }
  const std::string& today() const { return today_; }
  const std::string& start_date() const { return start_date_; }

 private:
  std::int64_t micros_;
  std::string today_;
  std::string start_date_;
};

Entity purchase_order(std::int64_t n, Clock& clock) {
  const auto id = "PO-" + std::to_string(n);
  const auto total = std::to_string(1000 + n % 90'000) + ".00";  // one tier (department head)
  return {Stream::purchase_orders,
          id,
          {testing::po_submitted(id + "-s", id, "req-" + std::to_string(n % 500), total, clock.next()),
           testing::event_json(id + "-a", "purchase_order.approved", id, clock.next(), "dh-" + std::to_string(n % 50),
                               "department_head", "{}")}};
}

Entity invoice(std::int64_t n, Clock& clock) {
  const auto id = "INV-" + std::to_string(n);
  // 100.00 per unit at 15 %, construction, return filed: VDS 7.5 %, TDS 7 % of the subtotal.
  const std::int64_t units = 1 + n % 900;
  const std::int64_t subtotal = units * 10'000;  // paisa
  const std::int64_t vat = subtotal * 15 / 100;
  const std::int64_t net = subtotal + vat - subtotal * 75 / 1000 - subtotal * 7 / 100;
  const auto money = [](std::int64_t paisa) { return domain::Money::from_paisa(paisa).to_string(); };
  const std::string received = R"({"vendor":{"id":"V-)" + std::to_string(n % 2000) +
                               R"(","name":"Vendor","category":"construction",)"
                               R"("tin":"123456789012","return_filed":true},"invoice_number":"N-)" +
                               std::to_string(n) + R"(","invoice_date":")" + clock.today() +
                               R"(","lines":[{"description":"cement","quantity":)" + std::to_string(units) +
                               R"(,"unit_price":"100.00"}],"subtotal":")" + money(subtotal) + R"(","vat_amount":")" +
                               money(vat) + R"(","total":")" + money(subtotal + vat) + R"("})";
  return {Stream::invoices,
          id,
          {testing::event_json(id + "-r", "invoice.received", id, clock.next(), "ap-1", "finance_manager", received),
           testing::event_json(id + "-a", "invoice.approved", id, clock.next(), "fm-1", "finance_manager", "{}"),
           testing::event_json(id + "-p", "invoice.paid", id, clock.next(), "fm-1", "finance_manager",
                               R"({"amount":")" + money(net) + R"(","payment_ref":"TT-)" + std::to_string(n) +
                                   R"(","method":"bank"})")}};
}

Entity onboarding(std::int64_t n, Clock& clock) {
  const auto id = "EMP-" + std::to_string(n);
  Entity entity{
      Stream::onboarding,
      id,
      {testing::event_json(id + "-h", "employee.hired", id, clock.next(), "hr-1", "hr",
                           R"({"name":"Employee","nid":"1234567890","mobile":"01712345678","department":"ops",)"
                           R"("position":"officer","start_date":")" +
                               clock.start_date() + R"("})")}};
  for (const char* task : {"account", "it_equipment", "orientation", "benefits"}) {
    entity.events.push_back(testing::event_json(id + "-" + task, "onboarding.task_completed", id, clock.next(), "it-1",
                                                "requester", std::string(R"({"task":")") + task + R"("})"));
  }
  return entity;
}

}  // namespace

Mix make_mix(std::int64_t events) {
  // Events per entity: 2, 3 and 5; shares of the events: 50 %, 35 % and 15 %.
  const std::int64_t orders = events / 4 + 1;
  const std::int64_t invoices = events * 35 / 300 + 1;
  const std::int64_t onboardings = events * 15 / 500 + 1;
  Clock clock;
  std::vector<Entity> entities;
  entities.reserve(static_cast<std::size_t>(orders + invoices + onboardings));
  for (std::int64_t i = 0; i < orders; ++i) entities.push_back(purchase_order(i, clock));
  for (std::int64_t i = 0; i < invoices; ++i) entities.push_back(invoice(i, clock));
  for (std::int64_t i = 0; i < onboardings; ++i) entities.push_back(onboarding(i, clock));
  std::mt19937_64 random(20261123);
  std::shuffle(entities.begin(), entities.end(), random);

  // Waves: the k-th event of every entity that has one, entities in shuffled order; an entity's
  // events stay in order (one key, one partition), and neighbours are different entities.
  Mix mix;
  mix.events.reserve(static_cast<std::size_t>(events * 102 / 100));
  std::vector<std::size_t> published;  // indices into mix.events that may be repeated
  for (std::size_t wave = 0; wave < 5; ++wave) {
    for (const auto& entity : entities) {
      if (wave >= entity.events.size()) continue;
      mix.events.push_back({entity.stream, {entity.id, entity.events[wave]}});
      const auto count = static_cast<std::int64_t>(mix.events.size());
      if (count % 1000 == 500) {  // a malformed event: money with digit grouping
        ++mix.malformed;
        mix.events.push_back({Stream::purchase_orders,
                              {entity.id + "-bad", testing::po_submitted("bad-" + std::to_string(count),
                                                                         entity.id + "-bad", "req", "1,000.00")}});
      }
      if (count % 100 == 50) {  // a repeat of an earlier event of another entity
        ++mix.repeats;
        const MixEvent repeat = mix.events[random() % (mix.events.size() - 1)];
        mix.events.push_back(repeat);
      }
    }
  }
  return mix;
}

}  // namespace vextrus::bench
