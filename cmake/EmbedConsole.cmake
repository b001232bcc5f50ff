# Writes OUTPUT: a C++ source defining vextrus::http::console_assets(), the files of the built
# web console (scripts/build-console.sh's CONSOLE_DIR) as byte arrays, so that the binary serves
# /ui/ with nothing beside it. Bytes, not string literals: a bundle may hold any character.
# name|media type|charset (a ';' would split the CMake list, so the charset is apart).
set(assets "index.html|text/html|utf-8" "app.js|text/javascript|utf-8" "app.css|text/css|utf-8"
           "favicon.svg|image/svg+xml")
set(arrays "")
set(table "")
set(index 0)
foreach(asset ${assets})
  string(REPLACE "|" ";" parts "${asset}")
  list(GET parts 0 name)
  list(GET parts 1 type)
  list(LENGTH parts fields)
  if(fields GREATER 2)
    list(GET parts 2 charset)
    string(APPEND type "; charset=${charset}")
  endif()
  file(READ "${CONSOLE_DIR}/${name}" hex HEX)
  string(LENGTH "${hex}" digits)
  math(EXPR size "${digits} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," bytes "${hex}")
  string(APPEND arrays "const char asset_${index}[] = {${bytes}'\\0'};\n")
  string(APPEND table "      {\"${name}\", \"${type}\", std::string_view(asset_${index}, ${size})},\n")
  math(EXPR index "${index} + 1")
endforeach()
file(WRITE "${OUTPUT}.tmp"
"// Generated from the built console by cmake/EmbedConsole.cmake; do not edit.\n"
"#include \"adapters/http/console_assets.hpp\"\n\n"
"namespace vextrus::http {\nnamespace {\n\n${arrays}\n}  // namespace\n\n"
"const std::vector<ConsoleAsset>& console_assets() {\n"
"  static const std::vector<ConsoleAsset> all{\n${table}  };\n"
"  return all;\n}\n\n}  // namespace vextrus::http\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
