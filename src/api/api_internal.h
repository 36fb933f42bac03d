/* Internals of the JSON API layer (the only layer that uses cJSON). */
#ifndef GJ_API_INTERNAL_H
#define GJ_API_INTERNAL_H

#include "cJSON.h"
#include "domain/domain.h"

/* An op handler: reads args, puts its result in *data (owned by caller).
 * Returns GJ_OK or a GJ_* code with the error recorded on the handle. */
typedef int (*gj_api_fn)(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);

int gj_api_record_op(gj_db *db, const gj_entity *e, const char *verb, const cJSON *args,
                     cJSON **data);
int gj_api_settings_get(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_settings_set(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
/* schema.describe (api_schema.c) */
int gj_api_schema_describe(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_db_info(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_demo_generate(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
/* metrics.* ops (api_metrics.c) */
int gj_api_metrics_compute(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_metrics_report(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_metrics_scorecard(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_metrics_trend(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
/* api_metrics_lists.c */
int gj_api_metrics_rfm(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_alerts_churn(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_followups_due(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_metrics_explain(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
/* metrics.weekly (api_weekly.c) */
int gj_api_metrics_weekly(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);

/* JSON value -> gj_value for field `name` of entity e (objects and arrays
 * are serialised into the arena). */
int gj_api_value(gj_db *db, const cJSON *item, const char *name, gj_value *out);
/* gj_value of a field -> JSON (time as ISO 8601 UTC, bool as true/false). */
cJSON *gj_api_field_json(const gj_field *f, gj_value v);
/* A whole row -> JSON object. NULL on OOM. */
cJSON *gj_api_row_json(const gj_entity *e, const gj_value *vals);

/* The list arguments of args (filter, q, sort, limit, offset; `extra` is
 * a NULL-terminated list of more keys allowed, may be NULL) into *q, as
 * <entity>.list reads them. GJ_OK or GJ_INVALID naming the argument. */
int gj_api_list_args(gj_db *db, const gj_entity *e, const cJSON *args,
                     const char *const *extra, int64_t dflt_limit, gj_list_query *q);
/* Customer filters that are not plain fields (api_lists.c): tags,
 * custom.<key>, no_followup_days, abc_tier, rfm_segment go into q; *rest
 * is the filter without them (a new object the caller deletes when it is
 * not `filter`). GJ_OK or GJ_INVALID naming the filter. */
int gj_api_customer_filter(gj_db *db, const gj_entity *e, const cJSON *filter,
                           gj_list_query *q, const cJSON **rest);
/* Adds a list row's derived values to row: the computed columns (when
 * `computed`), a deal's stage clock, a ticket's SLA clocks. GJ_OK or the
 * settings' error. */
int gj_api_list_extras(gj_db *db, const gj_entity *e, const gj_value *vals, int computed,
                       cJSON *row);
/* import.* and export.* ops (api_io.c) */
int gj_api_import_csv(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_import_preview(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_export_csv(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_export_json(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);

/* customers.* beyond the record ops (api_customers.c), customers.claim,
 * pool.apply, demo.remove (api_pool.c) */
int gj_api_customers_get(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_customers_create(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_customers_update(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_customers_list(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_customers_duplicates(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_customers_merge(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_customers_bulk_update(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_customers_claim(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_pool_apply(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_demo_remove(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
/* sync.* ops (api_sync.c) */
int gj_api_sync_status(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_enable(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_outbox(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_pushed(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_apply(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_export(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_import(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_conflicts(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_restore(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
int gj_api_sync_new_device(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);

/* Argument readers (api_customers.c), GJ_OK or GJ_INVALID naming the
 * argument: only_args refuses keys not in `known` (NULL-terminated);
 * need_id reads a required positive integer; text_arg an optional text
 * (*out NULL when absent or null, borrowed from args). */
int gj_api_only_args(gj_db *db, const cJSON *args, const char *const *known);
int gj_api_need_id(gj_db *db, const cJSON *args, const char *name, int64_t *out);
int gj_api_text_arg(gj_db *db, const cJSON *args, const char *name, const char **out);
/* customers.get's answer for id in *data. */
int gj_api_customer_json(gj_db *db, int64_t id, cJSON **data);
/* Applies the pool rule at `now`; *data (may be NULL: dropped) gets
 * {returned, ids}. GJ_OK or the handle's error. */
int gj_api_pool_apply_now(gj_db *db, int64_t now, cJSON **data);
/* Adds db.info's demo and has_real_data to info. */
int gj_api_demo_info(gj_db *db, cJSON *info);

/* Optional integer argument: GJ_OK and *out (default when absent). */
int gj_api_int_arg(gj_db *db, const cJSON *args, const char *name, int64_t dflt,
                   int64_t lo, int64_t hi, int64_t *out);

/* Request checks (api_input.c): GJ_OK, or GJ_INVALID naming the field
 * whose string holds a \u0000 escape (reason nul_byte) or bytes that are
 * not UTF-8 (bad_utf8). `field` is the name to report for item itself
 * (NULL at the top). */
int gj_api_check_nul(gj_db *db, const char *json);
/* Every key of args must be in known (NULL-ended): GJ_OK, or GJ_INVALID
 * reason unknown_field naming the first other key. */
int gj_api_known_args(gj_db *db, const cJSON *args, const char *const *known);
int gj_api_check_utf8(gj_db *db, const cJSON *item, const char *field);

#endif
