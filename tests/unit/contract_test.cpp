// The event contract of docs/ against the code: every enum of docs/schemas is the code's
// vocabulary, in the same order; every example event of the schemas and of docs/events.md is
// accepted by the decoder; and those examples and the sample events of config/samples join the
// decoder cases that tests/contract/check.mjs compares with the schemas
// (test_events::decode_recorded).

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "adapters/json/event_decoder.hpp"
#include "config/policy_loader.hpp"
#include "domain/invoice.hpp"
#include "domain/onboarding.hpp"
#include "domain/purchase_order.hpp"
#include "domain/vocabulary.hpp"
#include "tests/unit/event_text.hpp"

namespace vextrus {
namespace {

using Json = nlohmann::json;

const std::string source_dir = VEXTRUS_SOURCE_DIR;

Json schema(const std::string& name) {
  std::ifstream in(source_dir + "/docs/schemas/" + name);
  EXPECT_TRUE(in.good()) << "docs/schemas/" << name << " is missing";
  return in.good() ? Json::parse(in) : Json::object();
}

std::vector<std::string> enum_at(const Json& document, const std::string& pointer) {
  const Json& values = document.at(Json::json_pointer(pointer)).at("enum");
  return values.get<std::vector<std::string>>();
}

std::vector<std::string> strings(const std::vector<std::string_view>& names) { return {names.begin(), names.end()}; }

const domain::PolicySet& default_policy() {
  static const domain::PolicySet policies = config::load_policies({source_dir + "/config/policy/bd-default.yaml"});
  return policies;
}

adapters::DecodeResult decode(const std::string& text, domain::Workflow workflow, const std::string& key) {
  static adapters::EventDecoder decoder(default_policy());
  return test_events::decode_recorded(decoder, {text, std::string_view(key), workflow, true});
}

TEST(Contract, TheSchemasEnumsAreTheCodesVocabularies) {
  const Json common = schema("common.json");
  EXPECT_EQ(enum_at(common, "/$defs/role"), strings(domain::role_names()));
  EXPECT_EQ(enum_at(common, "/$defs/event_type"), strings(domain::event_type_names()));
  EXPECT_EQ(enum_at(common, "/$defs/onboarding_task"), strings(domain::onboarding_task_names()));
  EXPECT_EQ(enum_at(common, "/$defs/payment_method"), strings(domain::payment_method_names()));

  const Json audit = schema("audit-record.json");
  EXPECT_EQ(enum_at(audit, "/$defs/action"), strings(domain::audit_action_names()));
  EXPECT_EQ(enum_at(audit, "/$defs/entity_type"), strings(domain::workflow_names()));
  EXPECT_EQ(enum_at(audit, "/$defs/refusal_reason"), strings(domain::refusal_reason_names()));
  EXPECT_EQ(enum_at(audit, "/$defs/hold_reason"), strings(domain::hold_reason_names()));
  EXPECT_EQ(enum_at(audit, "/$defs/purchase_order_status"), strings(domain::purchase_order_status_names()));
  EXPECT_EQ(enum_at(audit, "/$defs/invoice_status"), strings(domain::invoice_status_names()));
  EXPECT_EQ(enum_at(audit, "/$defs/onboarding_status"), strings(domain::onboarding_status_names()));
  EXPECT_EQ(enum_at(audit, "/$defs/detail/properties/task_status"), strings(domain::task_status_names()));

  const Json notification = schema("notification.json");
  EXPECT_EQ(enum_at(notification, "/$defs/type"), strings(domain::notification_type_names()));
  EXPECT_EQ(enum_at(notification, "/properties/entity_type"), strings(domain::workflow_names()));

  EXPECT_EQ(enum_at(schema("dead-letter.json"), "/$defs/reason"), strings(domain::dead_letter_reason_names()));
}

TEST(Contract, EveryEventTypeHasASchemaWhoseExamplesTheDecoderAccepts) {
  for (const auto type_name : domain::event_type_names()) {
    SCOPED_TRACE(std::string(type_name));
    const Json document = schema(std::string(type_name) + ".json");
    ASSERT_TRUE(document.contains("examples")) << "no example";
    EXPECT_EQ(document.at("/properties/type/const"_json_pointer), type_name);
    const auto type = domain::parse_event_type(type_name);
    for (const Json& example : document.at("examples")) {
      const auto result = decode(example.dump(), domain::workflow_of(*type), example.value("entity_id", ""));
      EXPECT_TRUE(std::holds_alternative<domain::Event>(result)) << test_events::describe(result);
    }
  }
}

// A new publisher writes its events from docs/events.md alone: each example event there (a
// ```json block with an envelope) must be one the service accepts.
TEST(Contract, EveryExampleEventOfTheEventsReferenceIsAccepted) {
  std::ifstream in(source_dir + "/docs/events.md");
  ASSERT_TRUE(in.good());
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  std::vector<std::string> types_shown;
  const std::string open = "```json\n";
  for (auto start = text.find(open); start != std::string::npos; start = text.find(open, start)) {
    start += open.size();
    const auto end = text.find("```", start);
    ASSERT_NE(end, std::string::npos);
    const Json block = Json::parse(text.substr(start, end - start), nullptr, false);
    if (!block.is_object() || !block.contains("event_id") || !block.contains("payload")) continue;
    const auto type = domain::parse_event_type(block.value("type", ""));
    ASSERT_TRUE(type.has_value()) << block.dump();
    types_shown.emplace_back(domain::name(*type));
    const auto result = decode(block.dump(), domain::workflow_of(*type), block.value("entity_id", ""));
    EXPECT_TRUE(std::holds_alternative<domain::Event>(result)) << block.dump() << "\n" << test_events::describe(result);
  }
  for (const auto type : domain::event_type_names()) {
    EXPECT_NE(std::find(types_shown.begin(), types_shown.end(), type), types_shown.end())
        << "docs/events.md shows no example of " << type;
  }
}

// Every sample is decoded on its topic, so the contract check sees each one as the decoder sees
// it. Two are malformed on purpose, for the dead letters of scripts/run-local.sh, in ways only
// the service can tell: a unit price written as the number 109.000, a VAT rate outside the policy.
TEST(Contract, TheSampleEventsAreDecoderCasesToo) {
  const std::pair<const char*, domain::Workflow> files[] = {
      {"purchase-orders.ndjson", domain::Workflow::purchase_order},
      {"invoices.ndjson", domain::Workflow::invoice},
      {"onboarding.ndjson", domain::Workflow::onboarding}};
  std::vector<std::string> malformed;
  int accepted = 0;
  for (const auto& [file, workflow] : files) {
    std::ifstream in(source_dir + "/config/samples/" + file);
    ASSERT_TRUE(in.good()) << file;
    for (std::string line; std::getline(in, line);) {
      if (line.empty()) continue;
      const auto result = decode(line, workflow, Json::parse(line).value("entity_id", ""));
      if (const auto* fault = std::get_if<adapters::Malformed>(&result)) {
        EXPECT_TRUE(fault->rule.empty()) << "a sample breaks a schema rule: " << fault->detail;
        malformed.emplace_back(domain::name(fault->reason));
      } else {
        ++accepted;
      }
    }
  }
  EXPECT_EQ(malformed, (std::vector<std::string>{"bad_money", "bad_vat_rate"}));
  EXPECT_GT(accepted, 20);
}

}  // namespace
}  // namespace vextrus
