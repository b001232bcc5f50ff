# vextrus_library(NAME SOURCES ... DEPS ...)
# Makes the static library vextrus_<NAME> with the alias vextrus::<NAME>, includes rooted at the
# repository (so headers are included as "domain/money.hpp"), and the project options.
function(vextrus_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(vextrus_${name} STATIC ${ARG_SOURCES})
  add_library(vextrus::${name} ALIAS vextrus_${name})
  target_include_directories(vextrus_${name} PUBLIC ${PROJECT_SOURCE_DIR})
  target_link_libraries(vextrus_${name} PUBLIC ${ARG_DEPS} PRIVATE vextrus::options)
endfunction()

# vextrus_test(NAME LABEL SOURCES ... DEPS ...)
# A GoogleTest executable registered with ctest under LABEL (unit, actor or integration).
function(vextrus_test name)
  cmake_parse_arguments(ARG "" "LABEL" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main vextrus::options)
  gtest_discover_tests(${name} PROPERTIES LABELS ${ARG_LABEL} DISCOVERY_TIMEOUT 60)
endfunction()
