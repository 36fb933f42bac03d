# Fuzz targets (tests/fuzz, docs/hardening.md). With GJ_FUZZ (clang):
# the libFuzzer binaries fuzz_<target>, run by scripts/fuzz.sh. Otherwise
# (included from tests/unit/tests.cmake): replay_<target>, which runs the
# committed corpus tests/fuzz/corpus/<target>/ as an ordinary test, so
# every input that once crashed stays a regression test in every build.
set(GJ_FUZZ_DIR ${CMAKE_SOURCE_DIR}/tests/fuzz)
set(GJ_FUZZ_TARGETS call import time memvfs)
add_library(gj_fuzzlib STATIC ${GJ_FUZZ_DIR}/fuzz_db.c)
target_link_libraries(gj_fuzzlib PUBLIC gj_api gj_cjson)
# The targets reach into the layers (and memvfs's SQLite file methods).
target_include_directories(gj_fuzzlib PUBLIC ${GJ_FUZZ_DIR} ${CMAKE_SOURCE_DIR}/src ${TP}/sqlite)
target_compile_options(gj_fuzzlib PRIVATE ${GJ_WARN} ${GJ_COVERAGE})
foreach(t ${GJ_FUZZ_TARGETS})
  if(GJ_FUZZ)
    add_executable(fuzz_${t} ${GJ_FUZZ_DIR}/fuzz_${t}.c)
    target_compile_options(fuzz_${t} PRIVATE ${GJ_WARN} -fsanitize=fuzzer)
    target_link_options(fuzz_${t} PRIVATE -fsanitize=fuzzer)
    set(bin fuzz_${t})
  else()
    add_executable(replay_${t} ${GJ_FUZZ_DIR}/fuzz_${t}.c ${GJ_FUZZ_DIR}/replay.c)
    target_compile_options(replay_${t} PRIVATE ${GJ_WARN})
    add_test(NAME fuzz_replay_${t} COMMAND replay_${t} ${GJ_FUZZ_DIR}/corpus/${t})
    set(bin replay_${t})
  endif()
  target_link_libraries(${bin} PRIVATE gj_fuzzlib gj_sqlite)
endforeach()
