#pragma once
// Which build this is: the version of the CMake project and the git commit it was built from
// (cmake/BuildCommit.cmake), for `version`, the start-up log line and vextrus_build_info.

namespace vextrus::app {

extern const char* const build_commit;

}  // namespace vextrus::app
