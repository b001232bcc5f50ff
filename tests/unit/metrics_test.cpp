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
             domain::deadline_kind_names(),
             {{"postgres", "permission"}}});
  const auto text = m.serialize();
  for (const auto& line :
       {"vextrus_events_consumed_total{topic=\"erp.invoices\"} 0",
        "vextrus_outbox_relayed_total{topic=\"vextrus.audit\"} 0",
        "vextrus_events_applied_total{type=\"onboarding.cancelled\"} 0",
        "vextrus_events_refused_total{reason=\"overpayment\"} 0", "vextrus_dead_letters_total{reason=\"poison\"} 0",
        "vextrus_timers_fired_total{kind=\"task_due\"} 0"}) {
    EXPECT_TRUE(has_line(text, line)) << line << " in\n" << text;
  }
  m.events_consumed("erp.invoices", 3);
  EXPECT_TRUE(has_line(m.serialize(), "vextrus_events_consumed_total{topic=\"erp.invoices\"} 3"));
}

TEST(Metrics, TheOperatorsMetricsAreExported) {
  metrics::Metrics m;
  m.declare({{"erp.invoices"}, {"vextrus.audit"}, {}, {}, {}, {}, {{"kafka", "missing_topic"}}});
  m.build_info("0.1.0", "0123456789ab");
  m.permanent_error("postgres", "permission");
  m.outbox_backlog("vextrus.audit", 42);
  m.publish_failures("vextrus.audit", 2);
  m.partition_committed("erp.invoices", 3, 5);
  m.partition_commit_latency_seconds("erp.invoices", 3, 0.015);
  auto text = m.serialize();
  for (const auto& line :
       {"vextrus_build_info{commit=\"0123456789ab\",version=\"0.1.0\"} 1",
        "vextrus_permanent_errors_total{kind=\"missing_topic\",source=\"kafka\"} 0",
        "vextrus_permanent_errors_total{kind=\"permission\",source=\"postgres\"} 1",
        "vextrus_outbox_backlog{topic=\"vextrus.audit\"} 42",
        "vextrus_publish_failures_total{topic=\"vextrus.audit\"} 2",
        "vextrus_events_committed_total{partition=\"3\",topic=\"erp.invoices\"} 5",
        "vextrus_partition_commit_latency_seconds_bucket{partition=\"3\",topic=\"erp.invoices\",le=\"0.02\"} 1",
        "vextrus_partition_commit_latency_seconds_count{partition=\"3\",topic=\"erp.invoices\"} 1"}) {
    EXPECT_TRUE(has_line(text, line)) << line << " in\n" << text;
  }
  // A partition this process no longer owns takes its series along.
  m.forget_partition("erp.invoices", 3);
  text = m.serialize();
  EXPECT_EQ(text.find("partition=\"3\",topic=\"erp.invoices\""), std::string::npos) << text;
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
