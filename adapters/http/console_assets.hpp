#pragma once
// The files of the web console (console/), built by scripts/build-console.sh and embedded in the
// binary at build time (cmake/EmbedConsole.cmake): served at /ui/ by console_routes.cpp, with
// no file read at run time. Immutable; safe from any thread.

#include <string_view>
#include <vector>

namespace vextrus::http {

struct ConsoleAsset {
  std::string_view name;          // "app.js", served as /ui/app.js
  std::string_view content_type;  // "text/javascript; charset=utf-8"
  std::string_view body;
};

const std::vector<ConsoleAsset>& console_assets();

}  // namespace vextrus::http
