/* Internals of the JSON API layer (the only layer that uses cJSON). */
#ifndef GJ_API_INTERNAL_H
#define GJ_API_INTERNAL_H

#include "cJSON.h"
#include "domain/domain.h"

/* Makes cJSON allocate through the core's allocator (store/mem.h), so its
 * refusals count as every other's. Each entry point of the layer calls
 * it first; later calls do nothing. */
void gj_api_init(void);

/* cJSON_AddItemToObject and cJSON_AddItemToArray for which an item that
 * cannot be added (the key's copy failed, or the container is NULL because
 * its own creation failed) is kept aside and freed when the entry point
 * ends (gj_api_free_orphans), so no caller leaks it or must stop using
 * it. 1 when added, else 0; the request then fails with nomem anyway
 * (gj_call sees the refusal). Every entry point of the layer calls
 * gj_api_free_orphans before it returns. */
int gj_api_add(cJSON *obj, const char *key, cJSON *item);
int gj_api_push(cJSON *arr, cJSON *item);
void gj_api_free_orphans(void);

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
/* reps.teams and the `team` argument (api_teams.c) */
int gj_api_reps_teams(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data);
/* The optional `team` argument of the metrics ops: GJ_OK and *out NULL
 * when absent or null, else the set of reps (new; free with
 * gj_metrics_team_free). `team` is a team's name (reason unknown_team
 * when no rep has it) or a list of rep ids (too_few, too_many,
 * not_an_integer, bad_id, not_found); anything else is wrong_type. Errors
 * name the field `team` and leave *out NULL. */
struct gj_metrics_team;
int gj_api_team_arg(gj_db *db, const cJSON *args, struct gj_metrics_team **out);
/* Runs fn with the `team` of args (NULL when absent) and frees it after:
 * fn's result, or gj_api_team_arg's error. */
typedef int (*gj_api_team_fn)(gj_db *db, const cJSON *args, const struct gj_metrics_team *team, cJSON **data);
int gj_api_with_team(gj_db *db, const cJSON *args, gj_api_team_fn fn, cJSON **data);
/* Rep `id` exists: GJ_OK, else GJ_INVALID reason not_found naming field
 * (or the store's error). */
int gj_api_rep_exists(gj_db *db, const char *field, int64_t id);

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
int gj_api_check_nul(gj_db *db, const char *json, cJSON *req, int text_may_hold_nul);
/* With text_may_hold_nul (import.csv, import.preview), a NUL in args.text
 * is let through: that item's valuestring becomes the whole decoded text,
 * its length read with gj_api_str. */
/* A string item's text and length (the whole of an import's text even
 * when it holds NUL bytes). Borrowed from item. */
const char *gj_api_str(const cJSON *item, size_t *len);
/* The deepest nesting of arrays and objects in json (text that need not
 * parse): what tells a too deep request from a malformed one. */
int gj_api_json_depth(const char *json);
int gj_api_check_utf8(gj_db *db, const cJSON *item, const char *field);

#endif
