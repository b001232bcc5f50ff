#pragma once
// A file under /tmp holding `text`, for the tests that read configuration files; returns its path.

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

namespace vextrus::testing {

inline std::string write_temp(const std::string& text) {
  char path[] = "/tmp/vextrus-test-XXXXXX";
  const int fd = ::mkstemp(path);
  ::close(fd);
  std::ofstream(path) << text;
  return path;
}

}  // namespace vextrus::testing
