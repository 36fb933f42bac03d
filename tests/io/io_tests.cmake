# Tests of the io layer (import/export); included from tests/unit/tests.cmake.
foreach(t test_csv test_import test_import_labels test_import_hostile test_export_stream)
  add_executable(${t} ${CMAKE_SOURCE_DIR}/tests/io/${t}.c)
  target_link_libraries(${t} PRIVATE gj_testlib gj_io)
  target_compile_options(${t} PRIVATE ${GJ_WARN})
endforeach()
add_test(NAME test_csv COMMAND test_csv)
add_test(NAME test_import_labels COMMAND test_import_labels)
add_test(NAME test_import_hostile COMMAND test_import_hostile)
add_test(NAME test_export_stream COMMAND test_export_stream)
add_test(NAME test_import COMMAND test_import ${CMAKE_SOURCE_DIR}/tests/fixtures/import)
add_test(NAME test_import_cli COMMAND sh ${CMAKE_SOURCE_DIR}/tests/cli/test_import_cli.sh
         $<TARGET_FILE:genjin> ${CMAKE_SOURCE_DIR}/tests/fixtures/import)
