// libFuzzer target: the bytes of one policy file through the policy loader (issue 6). Whatever
// the file holds, loading either yields a policy or throws ConfigError naming the file; any
// other exception, a crash or a hang is a finding.

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

#include "config/policy_loader.hpp"

namespace {

// The loader reads files (as the service does); each fuzzing process writes its own.
const std::string& scratch_file() {
  static const std::string path = "/tmp/vextrus-policy-fuzz-" + std::to_string(::getpid()) + ".yaml";
  return path;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto& path = scratch_file();
  if (std::FILE* out = std::fopen(path.c_str(), "wb")) {
    std::fwrite(data, 1, size, out);
    std::fclose(out);
  } else {
    std::abort();
  }
  try {
    vextrus::config::load_policies({path});
  } catch (const vextrus::config::ConfigError& e) {
    if (std::string(e.what()).rfind(path, 0) != 0) std::abort();  // every error names the file first
  }
  return 0;
}
