// The API's tokens: the tokens file read and checked at start (each mistake named with its line
// and the fix), and a presented token identified by its digest, whatever its role.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>

#include "adapters/http/access.hpp"
#include "config/api_tokens.hpp"
#include "config/settings.hpp"
#include "tests/support/temp_file.hpp"

namespace vextrus {
namespace {

using testing::write_temp;

std::string hex(const http::Digest& digest) {
  static constexpr char digits[] = "0123456789abcdef";
  std::string out;
  for (const auto byte : digest) out += {digits[byte >> 4], digits[byte & 15]};
  return out;
}

TEST(ApiTokens, TheFileGivesEachTokenANameAndARole) {
  const std::string viewer = hex(http::sha256("grafana-secret"));
  const auto path = write_temp("- {name: grafana, role: viewer, sha256: " + viewer +
                               "}\n"
                               "- name: ops-rahim\n  role: operator\n  sha256: " +
                               hex(http::sha256("ops-secret")) + "\n");
  const auto entries = config::load_api_tokens(path);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].name, "grafana");
  EXPECT_EQ(entries[0].role, "viewer");
  EXPECT_EQ(entries[0].sha256, viewer);
  EXPECT_EQ(entries[1].role, "operator");
  std::remove(path.c_str());

  std::vector<http::ApiToken> tokens;
  for (const auto& e : entries)
    tokens.push_back({e.name, *http::parse_api_role(e.role), *http::parse_digest(e.sha256)});
  const auto caller = http::identify("Bearer grafana-secret", tokens);
  ASSERT_TRUE(caller);
  EXPECT_EQ(caller->name, "grafana");
  EXPECT_EQ(caller->role, http::ApiRole::viewer);
  EXPECT_EQ(http::identify("Bearer ops-secret", tokens)->role, http::ApiRole::operator_role);
  for (const char* wrong : {"Bearer grafana-secreT", "Bearer ", "grafana-secret", "Basic grafana-secret", ""}) {
    EXPECT_FALSE(http::identify(wrong, tokens)) << wrong;
  }
  EXPECT_FALSE(http::identify("Bearer " + viewer, tokens)) << "the digest is not the token";
}

TEST(ApiTokens, EachMistakeIsNamedWithItsLineAndTheFix) {
  const std::string digest = hex(http::sha256("x"));
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"name: a\nrole: viewer\n", "must be a YAML list"},
      {"- {name: a, role: viewer}\n", ":1: sha256 is missing"},
      {"- {name: a, role: admin, sha256: " + digest + "}\n", "role 'admin' must be viewer, auditor or operator"},
      {"- {name: a, role: viewer, sha256: plain-token}\n", "never the token itself"},
      {"- {name: a, role: viewer, sha256: " + digest + "}\n- {name: a, role: auditor, sha256: " + digest + "}\n",
       ":2: the name a is given twice"},
      {"- [a, b]\n", "must be a mapping"},
      {"- {name: a, role: viewer, sha256: [x\n", "give a YAML list of {name, role, sha256}"},
  };
  for (const auto& [text, expected] : cases) {
    const auto path = write_temp(text);
    try {
      config::load_api_tokens(path);
      ADD_FAILURE() << "accepted: " << text;
    } catch (const config::ConfigError& e) {
      EXPECT_NE(std::string(e.what()).find(expected), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << "names the file: " << e.what();
    }
    std::remove(path.c_str());
  }
  EXPECT_THROW(config::load_api_tokens("/no/such/tokens.yaml"), config::ConfigError);
}

}  // namespace
}  // namespace vextrus
