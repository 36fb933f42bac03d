# Native unit tests (included from the top-level CMakeLists.txt).
add_library(gj_testlib STATIC ${CMAKE_SOURCE_DIR}/tests/unit/testlib.c)
target_link_libraries(gj_testlib PUBLIC gj_api gj_cjson)
# Tests reach into the layers they test: they see all of src/.
target_include_directories(gj_testlib PUBLIC ${CMAKE_SOURCE_DIR}/tests/unit ${CMAKE_SOURCE_DIR}/src)
target_compile_options(gj_testlib PRIVATE ${GJ_WARN})
foreach(t test_time test_store test_store_cursor test_records test_lists test_settings test_demo test_audit
    test_input test_customer_ops test_sync)
  add_executable(${t} ${CMAKE_SOURCE_DIR}/tests/unit/${t}.c)
  target_link_libraries(${t} PRIVATE gj_testlib)
  target_compile_options(${t} PRIVATE ${GJ_WARN})
  add_test(NAME ${t} COMMAND ${t})
endforeach()
add_executable(test_api_cases ${CMAKE_SOURCE_DIR}/tests/unit/test_api_cases.c)
target_link_libraries(test_api_cases PRIVATE gj_testlib)
target_compile_options(test_api_cases PRIVATE ${GJ_WARN})
add_test(NAME test_api_cases COMMAND test_api_cases ${CMAKE_SOURCE_DIR}/tests/api)
add_test(NAME test_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/test_cli.sh $<TARGET_FILE:genjin>)
add_test(NAME test_sync_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/test_sync_cli.sh $<TARGET_FILE:genjin>)
# The memvfs page store (src/store/memvfs.c).
add_executable(test_memvfs ${CMAKE_SOURCE_DIR}/tests/unit/test_memvfs.c)
target_link_libraries(test_memvfs PRIVATE gj_testlib)
add_test(NAME test_memvfs COMMAND test_memvfs)
include(${CMAKE_SOURCE_DIR}/tests/metrics/metrics_tests.cmake OPTIONAL)
# The raw SQL API behind the sql.js-compatible classes (src/store/sqlapi*.c).
add_executable(test_sqlapi ${CMAKE_SOURCE_DIR}/tests/unit/test_sqlapi.c)
target_link_libraries(test_sqlapi PRIVATE gj_testlib)
target_compile_options(test_sqlapi PRIVATE ${GJ_WARN})
add_test(NAME test_sqlapi COMMAND test_sqlapi)
# Import/export: tests/io.
include(${CMAKE_SOURCE_DIR}/tests/io/io_tests.cmake)
# Timings of list requests on a given database (not a test: docs/bench.md).
add_executable(bench_lists ${CMAKE_SOURCE_DIR}/tests/unit/bench_lists.c)
target_link_libraries(bench_lists PRIVATE gj_api)
target_compile_options(bench_lists PRIVATE ${GJ_WARN})
# Out of memory at every allocation of a set of requests (store/mem.h's hook).
add_executable(test_nomem ${CMAKE_SOURCE_DIR}/tests/unit/test_nomem.c)
target_link_libraries(test_nomem PRIVATE gj_testlib)
target_compile_options(test_nomem PRIVATE ${GJ_WARN})
add_test(NAME test_nomem COMMAND test_nomem)
# Replays of the fuzz corpus: every input that once crashed stays a test.
include(${CMAKE_SOURCE_DIR}/tests/fuzz/fuzz.cmake)
