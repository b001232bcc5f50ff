#include "config/policy_loader.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>

namespace vextrus::config {
namespace {

class PolicyReader {
 public:
  explicit PolicyReader(std::string file) : file_(std::move(file)) {}

  domain::Policy read() {
    YAML::Node root;
    try {
      root = YAML::LoadFile(file_);
    } catch (const YAML::BadFile&) {
      throw ConfigError(file_ + ": policy file not found or unreadable; check VEXTRUS_POLICY");
    } catch (const YAML::Exception& e) {
      const auto key = key_path_at(e.mark.line);
      throw ConfigError(file_ + ":" + std::to_string(e.mark.line + 1) + ": " + (key.empty() ? "" : key + ": ") +
                        "not valid YAML (" + e.msg + ")");
    }
    if (!root.IsMap()) throw ConfigError(file_ + ": a policy file must be a YAML mapping");
    try {
      return read_schema(root);
    } catch (const YAML::Exception& e) {  // a node of a shape the checks below did not foresee
      const auto key = key_path_at(e.mark.line);
      throw ConfigError(file_ + ":" + std::to_string(e.mark.line + 1) + ": " + (key.empty() ? "" : key + ": ") +
                        "not a valid policy (" + e.msg + "); see config/policy/bd-default.yaml for the layout");
    }
  }

 private:
  domain::Policy read_schema(const YAML::Node& root) const {
    only_keys(root, "", {"policy_id", "effective_from", "purchase_order", "invoice", "onboarding"});

    domain::Policy policy;
    policy.policy_id = scalar(root, "policy_id", "");
    if (policy.policy_id.empty()) fail(root, "policy_id", "must not be empty");
    const auto date = domain::parse_date(scalar(root, "effective_from", ""));
    if (!date) fail(root["effective_from"], "effective_from", "must be a date YYYY-MM-DD");
    policy.effective_from = *date;

    const YAML::Node po = mapping(root, "purchase_order", "");
    only_keys(po, "purchase_order.", {"tiers", "reminder_after", "escalate_after", "expire_after"});
    policy.purchase_order.tiers = tiers(po, "purchase_order.tiers");
    policy.purchase_order.reminder_after = duration(po, "reminder_after", "purchase_order.");
    policy.purchase_order.escalate_after = duration(po, "escalate_after", "purchase_order.");
    policy.purchase_order.expire_after = duration(po, "expire_after", "purchase_order.");
    policy.invoice = invoice(mapping(root, "invoice", ""));
    policy.onboarding = onboarding(mapping(root, "onboarding", ""));
    return policy;
  }

  // For a file that does not parse: the keys enclosing line `line` (0-based), outermost first,
  // found by indentation in the raw text ("invoice.tiers.cfo").
  std::string key_path_at(int line) const {
    std::ifstream in(file_);
    std::vector<std::string> lines;
    for (std::string text; std::getline(in, text);) lines.push_back(text);
    std::vector<std::string> path;
    std::size_t indent = std::string::npos;
    for (int i = std::min(line, static_cast<int>(lines.size()) - 1); i >= 0 && indent != 0; --i) {
      const std::string& text = lines[static_cast<std::size_t>(i)];
      const auto first = text.find_first_not_of(' ');
      if (first == std::string::npos || text[first] == '#' || first >= indent) continue;
      std::string rest = text.substr(first);
      if (rest.rfind("- ", 0) == 0) rest.erase(0, 2);
      const auto colon = rest.find(':');
      if (colon == std::string::npos || rest[0] == '{') continue;
      path.insert(path.begin(), rest.substr(0, colon));
      indent = first;
    }
    std::string out;
    for (const auto& key : path) out += (out.empty() ? "" : ".") + key;
    return out;
  }

  [[noreturn]] void fail(const YAML::Node& node, const std::string& key, const std::string& why) const {
    const int line = node.IsDefined() ? node.Mark().line + 1 : 0;
    throw ConfigError(file_ + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": " + key + " " + why);
  }

  void only_keys(const YAML::Node& map, const std::string& prefix, const std::set<std::string>& allowed) const {
    for (const auto& entry : map) {
      if (!entry.first.IsScalar())
        fail(entry.first, prefix.empty() ? "a key" : prefix + "<key>", "must be a plain name");
      const auto key = entry.first.as<std::string>();
      if (!allowed.count(key)) fail(entry.first, prefix + key, "is not a policy key");
    }
  }

  YAML::Node mapping(const YAML::Node& parent, const std::string& key, const std::string& prefix) const {
    const YAML::Node node = parent[key];
    if (!node.IsDefined()) fail(parent, prefix + key, "is missing");
    if (!node.IsMap()) fail(node, prefix + key, "must be a mapping");
    return node;
  }

  std::string scalar(const YAML::Node& parent, const std::string& key, const std::string& prefix) const {
    const YAML::Node node = parent[key];
    if (!node.IsDefined()) fail(parent, prefix + key, "is missing");
    if (!node.IsScalar()) fail(node, prefix + key, "must be a single value");
    return node.as<std::string>();
  }

  domain::Duration duration(const YAML::Node& parent, const std::string& key, const std::string& prefix) const {
    const auto text = scalar(parent, key, prefix);
    const auto parsed = parse_duration(text);
    if (!parsed || parsed->micros <= 0) {
      fail(parent[key], prefix + key, "'" + text + "' must be a positive duration such as 48h, 30m, 2s or 7d");
    }
    return *parsed;
  }

  domain::InvoicePolicy invoice(const YAML::Node& node) const {
    const std::string prefix = "invoice.";
    only_keys(
        node, prefix,
        {"tiers", "reminder_after", "escalate_after", "payment_terms", "vat_default", "vat_rates", "vat_tolerance",
         "po_tolerance_percent", "tds_uplift_without_return", "mushak_6_10_above", "cash_credit_limit", "categories"});
    domain::InvoicePolicy p;
    p.tiers = tiers(node, "invoice.tiers");
    p.reminder_after = duration(node, "reminder_after", prefix);
    p.escalate_after = duration(node, "escalate_after", prefix);
    p.payment_terms = duration(node, "payment_terms", prefix);
    p.vat_default = percent(node, "vat_default", prefix);
    const YAML::Node rates = node["vat_rates"];
    if (!rates.IsDefined()) fail(node, prefix + "vat_rates", "is missing");
    if (!rates.IsSequence() || rates.size() == 0)
      fail(rates, prefix + "vat_rates", "must be a non-empty list of percentages");
    for (std::size_t i = 0; i < rates.size(); ++i) {
      const std::string path = prefix + "vat_rates[" + std::to_string(i) + "]";
      if (!rates[i].IsScalar()) fail(rates[i], path, "must be a percentage such as 7.5");
      p.vat_rates.push_back(percent_text(rates[i], rates[i].as<std::string>(), path));
    }
    if (!p.allows_vat_rate(p.vat_default)) {
      fail(node["vat_default"], prefix + "vat_default", "must be one of vat_rates");
    }
    p.vat_tolerance = money(node, "vat_tolerance", prefix);
    p.po_tolerance_percent = percent(node, "po_tolerance_percent", prefix);
    p.tds_uplift_without_return = percent(node, "tds_uplift_without_return", prefix);
    p.mushak_6_10_above = money(node, "mushak_6_10_above", prefix);
    p.cash_credit_limit = money(node, "cash_credit_limit", prefix);
    const YAML::Node categories = mapping(node, "categories", prefix);
    if (categories.size() == 0) fail(categories, prefix + "categories", "must name at least one vendor category");
    for (const auto& entry : categories) {
      const auto category = entry.first.as<std::string>();
      const std::string path = prefix + "categories." + category;
      const YAML::Node rates_of = entry.second;
      if (!rates_of.IsMap()) fail(rates_of, path, "must be a mapping {vds, tds, bin_required}");
      only_keys(rates_of, path + ".", {"vds", "tds", "bin_required"});
      domain::VendorCategory c;
      c.vds = percent(rates_of, "vds", path + ".");
      c.tds = percent(rates_of, "tds", path + ".");
      if (rates_of["bin_required"].IsDefined()) {
        const auto text = scalar(rates_of, "bin_required", path + ".");
        if (text != "true" && text != "false")
          fail(rates_of["bin_required"], path + ".bin_required", "must be true or false");
        c.bin_required = text == "true";
      }
      p.categories.emplace(category, c);
    }
    return p;
  }

  domain::OnboardingPolicy onboarding(const YAML::Node& node) const {
    only_keys(node, "onboarding.", {"tasks"});
    const YAML::Node tasks = mapping(node, "tasks", "onboarding.");
    std::vector<std::string> names;
    for (const auto task : domain::onboarding_tasks) names.emplace_back(domain::name(task));
    only_keys(tasks, "onboarding.tasks.", std::set<std::string>(names.begin(), names.end()));
    domain::OnboardingPolicy p;
    for (std::size_t i = 0; i < names.size(); ++i) {
      const auto text = scalar(tasks, names[i], "onboarding.tasks.");
      const auto parsed = parse_duration(text);
      if (!parsed)
        fail(tasks[names[i]], "onboarding.tasks." + names[i],
             "'" + text + "' must be a duration such as -1d, 0d or 7d");
      p.task_offsets[i] = *parsed;
    }
    return p;
  }

  domain::Rate percent_text(const YAML::Node& node, const std::string& text, const std::string& path) const {
    const auto parsed = domain::parse_rate(text);
    if (!parsed) fail(node, path, "'" + text + "' must be a non-negative decimal with at most 4 decimals");
    return *parsed;
  }

  domain::Rate percent(const YAML::Node& parent, const std::string& key, const std::string& prefix) const {
    return percent_text(parent[key], scalar(parent, key, prefix), prefix + key);
  }

  domain::Money money(const YAML::Node& parent, const std::string& key, const std::string& prefix) const {
    const auto text = scalar(parent, key, prefix);
    const auto parsed = domain::parse_money(text);
    if (!parsed) fail(parent[key], prefix + key, "'" + text + "' must be a decimal amount in BDT");
    return *parsed;
  }

  std::vector<domain::Tier> tiers(const YAML::Node& parent, const std::string& path) const {
    const YAML::Node list = parent["tiers"];
    if (!list.IsDefined()) fail(parent, path, "is missing");
    if (!list.IsSequence() || list.size() == 0) fail(list, path, "must be a non-empty list of {role, above}");
    std::vector<domain::Tier> out;
    for (std::size_t i = 0; i < list.size(); ++i) {
      const YAML::Node item = list[i];
      const std::string item_path = path + "[" + std::to_string(i) + "]";
      if (!item.IsMap()) fail(item, item_path, "must be a mapping {role, above}");
      only_keys(item, item_path + ".", {"role", "above"});
      const auto role_text = scalar(item, "role", item_path + ".");
      const auto role = domain::parse_role(role_text);
      if (!role || *role == domain::Role::system || *role == domain::Role::requester) {
        fail(item["role"], item_path + ".role", "'" + role_text + "' is not an approving role");
      }
      const auto above = money(item, "above", item_path + ".");
      if (!out.empty() && above <= out.back().above) {
        fail(item["above"], item_path + ".above", "must be greater than the previous tier's");
      }
      out.push_back({*role, above});
    }
    return out;
  }

  std::string file_;
};

}  // namespace

std::optional<domain::Duration> parse_duration(std::string_view text) {
  if (text.size() < 2) return std::nullopt;
  const char unit = text.back();
  std::int64_t seconds_per_unit = 0;
  switch (unit) {
    case 's':
      seconds_per_unit = 1;
      break;
    case 'm':
      seconds_per_unit = 60;
      break;
    case 'h':
      seconds_per_unit = 3600;
      break;
    case 'd':
      seconds_per_unit = 86400;
      break;
    default:
      return std::nullopt;
  }
  text.remove_suffix(1);
  const bool negative = text.front() == '-';
  if (negative) text.remove_prefix(1);
  std::int64_t count = 0;
  const auto [ptr, error] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || error != std::errc() || ptr != text.data() + text.size() || count > 1'000'000) {
    return std::nullopt;
  }
  return domain::Duration::seconds((negative ? -count : count) * seconds_per_unit);
}

domain::PolicySet load_policies(const std::vector<std::string>& files) {
  std::vector<domain::Policy> policies;
  for (const auto& file : files) {
    domain::Policy policy = PolicyReader(file).read();
    for (const auto& other : policies) {
      if (other.policy_id == policy.policy_id) {
        throw ConfigError(file + ": policy_id " + policy.policy_id + " is used by two files");
      }
      if (other.effective_from == policy.effective_from) {
        throw ConfigError(file + ": effective_from " + domain::format_date(policy.effective_from) +
                          " is the same as policy " + other.policy_id + "'s; give each a distinct date");
      }
    }
    policies.push_back(std::move(policy));
  }
  return domain::PolicySet(std::move(policies));
}

}  // namespace vextrus::config
