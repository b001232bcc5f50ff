// The metrics registry: counters of the label values known at start exist at 0 before their
// first increase, so that rate() and increase() see that increase.

#include <gtest/gtest.h>

#include "adapters/metrics/metrics.hpp"
#include "domain/decision.hpp"
#include "domain/vocabulary.hpp"

namespace vextrus {
namespace {

bool has_line(const std::string& text, const std::string& line) {
  return text.find("\n" + line + "\n") != std::string::npos;
}

TEST(Metrics, KnownLabelValuesStartAtZero) {
  metrics::Metrics m;
  EXPECT_FALSE(has_line(m.serialize(), "vextrus_events_consumed_total{topic=\"erp.invoices\"} 0"));
  m.declare({{"erp.purchase-orders", "erp.invoices"},
             {"vextrus.audit"},
             domain::event_type_names(),
             domain::refusal_reason_names(),
             domain::dead_letter_reason_names(),
             domain::deadline_kind_names()});
  const auto text = m.serialize();
  for (const auto& line : {"vextrus_events_consumed_total{topic=\"erp.invoices\"} 0",
                           "vextrus_outbox_relayed_total{topic=\"vextrus.audit\"} 0",
                           "vextrus_events_applied_total{type=\"onboarding.cancelled\"} 0",
                           "vextrus_events_refused_total{reason=\"overpayment\"} 0",
                           "vextrus_dead_letters_total{reason=\"poison\"} 0",
                           "vextrus_timers_fired_total{kind=\"task_due\"} 0"}) {
    EXPECT_TRUE(has_line(text, line)) << line << " in\n" << text;
  }
  m.events_consumed("erp.invoices", 3);
  EXPECT_TRUE(has_line(m.serialize(), "vextrus_events_consumed_total{topic=\"erp.invoices\"} 3"));
}

TEST(Metrics, EveryVocabularyIsListedWhole) {
  EXPECT_EQ(domain::event_type_names().size(), 13u);
  EXPECT_EQ(domain::refusal_reason_names().size(), 7u);
  EXPECT_EQ(domain::deadline_kind_names().size(), 5u);
  for (const auto kind : domain::deadline_kind_names()) {
    EXPECT_TRUE(domain::parse_deadline_kind(kind).has_value()) << kind;
  }
}

}  // namespace
}  // namespace vextrus
