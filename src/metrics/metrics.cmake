# The metrics layer and its API ops (included by the top-level
# CMakeLists.txt after gj_api is defined). The layer sees the store and
# domain headers only: no sqlite3.h, no cJSON.h.
set(GJ_METRICS_DIR ${CMAKE_SOURCE_DIR}/src/metrics)
add_library(gj_metrics STATIC
  ${GJ_METRICS_DIR}/metrics_core.c ${GJ_METRICS_DIR}/metrics_prep.c
  ${GJ_METRICS_DIR}/metrics_data.c ${GJ_METRICS_DIR}/metrics_facts.c
  ${GJ_METRICS_DIR}/metrics_customers.c ${GJ_METRICS_DIR}/metrics_deals.c
  ${GJ_METRICS_DIR}/metrics_service.c ${GJ_METRICS_DIR}/metrics_followup.c
  ${GJ_METRICS_DIR}/metrics_compute.c ${GJ_METRICS_DIR}/metrics_scorecard.c
  ${GJ_METRICS_DIR}/metrics_rfm.c ${GJ_METRICS_DIR}/metrics_alerts.c
  ${GJ_METRICS_DIR}/metrics_due.c ${GJ_METRICS_DIR}/metrics_explain.c
  ${GJ_METRICS_DIR}/metrics_report.c ${GJ_METRICS_DIR}/metrics_rows.c
  ${GJ_METRICS_DIR}/metrics_events.c ${GJ_METRICS_DIR}/metrics_dealdata.c
  ${GJ_METRICS_DIR}/metrics_sort.c ${GJ_METRICS_DIR}/metrics_scan.c
  ${GJ_METRICS_DIR}/metrics_cache.c ${GJ_METRICS_DIR}/metrics_weekly.c
  ${GJ_METRICS_DIR}/metrics_weekly_text.c ${GJ_METRICS_DIR}/metrics_weekly_lists.c
  ${GJ_METRICS_DIR}/metrics_team.c)
target_link_libraries(gj_metrics PUBLIC gj_domain)
target_compile_options(gj_metrics PRIVATE ${GJ_WARN})
if(NOT EMSCRIPTEN)
  target_link_libraries(gj_metrics PUBLIC m)
endif()

target_sources(gj_api PRIVATE ${CMAKE_SOURCE_DIR}/src/api/api_metrics.c
                              ${CMAKE_SOURCE_DIR}/src/api/api_metrics_lists.c
                              ${CMAKE_SOURCE_DIR}/src/api/api_weekly.c
                              ${CMAKE_SOURCE_DIR}/src/api/api_teams.c)
target_link_libraries(gj_api PUBLIC gj_metrics)
