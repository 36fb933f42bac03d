# Metrics tests (included at the end of tests/unit/tests.cmake, native only).
foreach(t test_metrics_fixture test_metrics_crosscheck test_metrics_cache test_demo_sized
    test_metrics_weekly test_metrics_team)
  add_executable(${t} ${CMAKE_SOURCE_DIR}/tests/metrics/${t}.c)
  target_link_libraries(${t} PRIVATE gj_testlib)
  target_compile_options(${t} PRIVATE ${GJ_WARN})
endforeach()
add_test(NAME test_metrics_fixture COMMAND test_metrics_fixture
         ${CMAKE_SOURCE_DIR}/tests/fixtures/metrics_small.json
         ${CMAKE_SOURCE_DIR}/tests/fixtures/metrics_rfm_ties.json
         ${CMAKE_SOURCE_DIR}/tests/fixtures/metrics_alerts.json)
add_test(NAME test_metrics_crosscheck COMMAND test_metrics_crosscheck)
add_test(NAME test_metrics_cache COMMAND test_metrics_cache)
add_test(NAME test_demo_sized COMMAND test_demo_sized)
add_test(NAME test_metrics_weekly COMMAND test_metrics_weekly)
add_test(NAME test_metrics_team COMMAND test_metrics_team)
add_test(NAME test_metrics_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/metrics/test_metrics_cli.sh
         $<TARGET_FILE:genjin>)
add_test(NAME test_report_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/test_report_cli.sh
         $<TARGET_FILE:genjin>)
# Not a test: runs one request N times on a database, for profiling (see its header).
add_executable(bench_dashboard ${CMAKE_SOURCE_DIR}/tests/metrics/bench_dashboard.c)
target_link_libraries(bench_dashboard PRIVATE gj_api)
target_compile_options(bench_dashboard PRIVATE ${GJ_WARN})
