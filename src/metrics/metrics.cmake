# The metrics layer and its API ops (included by the top-level
# CMakeLists.txt after gj_api is defined). The layer sees the store and
# domain headers only: no sqlite3.h, no cJSON.h.
file(GLOB GJ_METRICS_SOURCES CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/src/metrics/*.c)
add_library(gj_metrics STATIC ${GJ_METRICS_SOURCES})
target_link_libraries(gj_metrics PUBLIC gj_domain)
target_compile_options(gj_metrics PRIVATE ${GJ_WARN})
if(NOT EMSCRIPTEN)
  target_link_libraries(gj_metrics PUBLIC m)
endif()

target_sources(gj_api PRIVATE ${CMAKE_SOURCE_DIR}/src/api/api_metrics.c)
target_link_libraries(gj_api PUBLIC gj_metrics)
