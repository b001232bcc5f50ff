# One interface target carries the language standard, warnings and sanitizer flags;
# every target of the project links it PRIVATE.
add_library(vextrus_options INTERFACE)
add_library(vextrus::options ALIAS vextrus_options)
target_compile_features(vextrus_options INTERFACE cxx_std_17)
target_compile_options(vextrus_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor)
if(VEXTRUS_WERROR)
  target_compile_options(vextrus_options INTERFACE -Werror)
endif()
if(VEXTRUS_SANITIZE)
  target_compile_options(vextrus_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
  target_link_options(vextrus_options INTERFACE -fsanitize=address,undefined)
endif()
if(VEXTRUS_FUZZ)
  # Coverage for libFuzzer in every library; only the fuzz targets link its driver.
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "VEXTRUS_FUZZ needs clang (CXX=clang++); libFuzzer is part of clang")
  endif()
  target_compile_options(vextrus_options INTERFACE -fsanitize=fuzzer-no-link)
endif()
set(CMAKE_CXX_EXTENSIONS OFF)
