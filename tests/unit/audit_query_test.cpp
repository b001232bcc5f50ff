// The query of GET /v1/audit: defaults, bounds, and the cursor that `next` hands out.

#include <gtest/gtest.h>

#include "adapters/http/http_server.hpp"

namespace vextrus {
namespace {

using http::parse_audit_query;
using Params = std::multimap<std::string, std::string>;

TEST(AuditQuery, DefaultsToTheFirstHundredOfEverything) {
  const auto query = parse_audit_query({});
  EXPECT_EQ(query.limit, 100);
  EXPECT_FALSE(query.entity_id || query.chain || query.from || query.to || query.after);
}

TEST(AuditQuery, ReadsEveryFilter) {
  const auto query = parse_audit_query(Params{{"entity_id", "PO-1"},
                                              {"chain", "erp.purchase-orders/3"},
                                              {"from", "2025-09-17T10:15:00+06:00"},
                                              {"to", "2025-09-18T00:00:00Z"},
                                              {"limit", "1000"}});
  EXPECT_EQ(*query.entity_id, "PO-1");
  EXPECT_EQ(*query.chain, "erp.purchase-orders/3");
  EXPECT_EQ(domain::format_utc(*query.from), "2025-09-17T04:15:00.000000Z");
  EXPECT_EQ(domain::format_utc(*query.to), "2025-09-18T00:00:00.000000Z");
  EXPECT_EQ(query.limit, 1000);
}

TEST(AuditQuery, TheCursorOfAPageLeadsToTheNext) {
  const auto cursor = http::audit_cursor({"erp.purchase-orders/3", 57});
  const auto query = parse_audit_query(Params{{"cursor", cursor}});
  ASSERT_TRUE(query.after);
  EXPECT_EQ(query.after->first, "erp.purchase-orders/3");
  EXPECT_EQ(query.after->second, 57);
}

TEST(AuditQuery, RefusesWhatItCannotServe) {
  for (const Params& bad : std::vector<Params>{{{"limit", "0"}},
                                               {{"limit", "1001"}},
                                               {{"limit", "-1"}},
                                               {{"limit", "99999999999"}},
                                               {{"limit", "1e3"}},
                                               {{"from", "yesterday"}},
                                               {{"to", "2025-13-01T00:00:00Z"}},
                                               {{"cursor", "57"}},
                                               {{"cursor", "57:"}},
                                               {{"cursor", ":chain"}},
                                               {{"cursor", "x7:chain"}},
                                               {{"entity_id", ""}},
                                               {{"chain", "a"}, {"chain", "b"}}}) {
    EXPECT_THROW(parse_audit_query(bad), std::invalid_argument) << bad.begin()->first << "=" << bad.begin()->second;
  }
}

}  // namespace
}  // namespace vextrus
