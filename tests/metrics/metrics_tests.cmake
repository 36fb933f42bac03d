# Metrics tests (included at the end of tests/unit/tests.cmake, native only).
add_executable(test_metrics_fixture ${CMAKE_SOURCE_DIR}/tests/metrics/test_metrics_fixture.c)
target_link_libraries(test_metrics_fixture PRIVATE gj_testlib)
target_compile_options(test_metrics_fixture PRIVATE ${GJ_WARN})
add_test(NAME test_metrics_fixture COMMAND test_metrics_fixture
         ${CMAKE_SOURCE_DIR}/tests/fixtures/metrics_small.json)
