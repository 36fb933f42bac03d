/*
 * gj_call: the one boundary. Parses the request, runs the op inside one
 * transaction (so a failing request writes nothing), and wraps the result
 * or the handle's error in the response envelope.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"

typedef struct {
    const char *op;
    gj_api_fn fn;
    int report_on_error; /* a failing run's data is sent as error.report */
} op_entry;

static const op_entry ops[] = {
    {"settings.get", gj_api_settings_get, 0},
    {"settings.set", gj_api_settings_set, 0},
    {"db.info", gj_api_db_info, 0},
    {"schema.describe", gj_api_schema_describe, 0},
    {"demo.generate", gj_api_demo_generate, 0},
    {"metrics.compute", gj_api_metrics_compute, 0},
    {"metrics.report", gj_api_metrics_report, 0},
    {"metrics.scorecard", gj_api_metrics_scorecard, 0},
    {"metrics.trend", gj_api_metrics_trend, 0},
    {"metrics.rfm", gj_api_metrics_rfm, 0},
    {"alerts.churn", gj_api_alerts_churn, 0},
    {"followups.due", gj_api_followups_due, 0},
    {"metrics.explain", gj_api_metrics_explain, 0},
    {"metrics.weekly", gj_api_metrics_weekly, 0},
    {"reps.teams", gj_api_reps_teams, 0},
    /* import/export (api_io.c) */
    {"import.csv", gj_api_import_csv, 1},
    {"import.preview", gj_api_import_preview, 0},
    {"export.csv", gj_api_export_csv, 0},
    {"export.json", gj_api_export_json, 0},
    /* customer operations and the shared pool (api_customers.c) */
    {"customers.get", gj_api_customers_get, 0},
    {"customers.create", gj_api_customers_create, 0},
    {"customers.update", gj_api_customers_update, 0},
    {"customers.list", gj_api_customers_list, 0},
    {"customers.duplicates", gj_api_customers_duplicates, 0},
    {"customers.merge", gj_api_customers_merge, 0},
    {"customers.bulk_update", gj_api_customers_bulk_update, 0},
    {"customers.claim", gj_api_customers_claim, 0},
    {"pool.apply", gj_api_pool_apply, 0},
    {"demo.remove", gj_api_demo_remove, 0},
    /* team sync (api_sync.c, docs/sync.md) */
    {"sync.status", gj_api_sync_status, 0},
    {"sync.enable", gj_api_sync_enable, 0},
    {"sync.outbox", gj_api_sync_outbox, 0},
    {"sync.pushed", gj_api_sync_pushed, 0},
    {"sync.apply", gj_api_sync_apply, 0},
    {"sync.export", gj_api_sync_export, 0},
    {"sync.import", gj_api_sync_import, 0},
    {"sync.conflicts", gj_api_sync_conflicts, 0},
    {"sync.restore", gj_api_sync_restore, 0},
    {"sync.new_device", gj_api_sync_new_device, 0},
};

static const char *code_name(int code)
{
    switch (code) {
    case GJ_NOMEM: return "nomem";
    case GJ_INVALID: return "invalid";
    case GJ_NOTFOUND: return "not_found";
    case GJ_CONSTRAINT: return "conflict";
    case GJ_BADREQUEST: return "bad_request";
    case GJ_IO: return "io";
    default: return "error";
    }
}

void gj_api_init(void)
{
    static int done;
    cJSON_Hooks hooks;
    if (done) return;
    done = 1;
    hooks.malloc_fn = gj_malloc;
    hooks.free_fn = free;
    cJSON_InitHooks(&hooks);
}

/* Items that could not be added, chained through their `next` (they are
 * in no list): alive until the entry point ends, so a caller that goes on
 * filling one neither leaks it nor writes freed memory. */
static cJSON *orphans;

static int orphan(cJSON *item)
{
    if (item) {
        item->next = orphans;
        orphans = item;
    }
    return 0;
}

void gj_api_free_orphans(void)
{
    cJSON_Delete(orphans); /* deletes the whole chain */
    orphans = NULL;
}

int gj_api_add(cJSON *obj, const char *key, cJSON *item)
{
    if (obj && item && cJSON_AddItemToObject(obj, key, item)) return 1;
    return orphan(item);
}

int gj_api_push(cJSON *arr, cJSON *item)
{
    if (arr && item && cJSON_AddItemToArray(arr, item)) return 1;
    return orphan(item);
}

/* The error response when even the error cannot be built. */
static char *out_of_memory(void)
{
    return gj_strdup("{\"ok\":false,\"error\":{\"code\":\"nomem\",\"message\":\"out of memory\"}}");
}

/* `detail` (may be NULL; taken over) is what a failing op left in its data:
 * import.csv's report of the bad rows, sent as error.report. */
static char *respond_error(gj_db *db, cJSON *detail)
{
    uint64_t failed = gj_mem_failures();
    cJSON *resp = cJSON_CreateObject(), *err = cJSON_CreateObject();
    char *out;
    int code = gj_db_errcode(db);
    cJSON_AddBoolToObject(resp, "ok", 0);
    cJSON_AddStringToObject(err, "code", code_name(code ? code : GJ_ERROR));
    cJSON_AddStringToObject(err, "message", gj_errmsg(db));
    if (*gj_db_errfield(db)) cJSON_AddStringToObject(err, "field", gj_db_errfield(db));
    if (*gj_db_errreason(db)) {
        const char *name, *value;
        int i, is_num;
        cJSON *params = cJSON_AddObjectToObject(err, "params");
        cJSON_AddStringToObject(err, "reason", gj_db_errreason(db));
        if (*gj_db_errfield(db)) cJSON_AddStringToObject(params, "field", gj_db_errfield(db));
        for (i = 0; gj_db_errparam(db, i, &name, &value, &is_num); i++) {
            if (is_num) cJSON_AddNumberToObject(params, name, atof(value));
            else cJSON_AddStringToObject(params, name, value);
        }
    }
    if (detail) gj_api_add(err, "report", detail);
    gj_api_add(resp, "error", err);
    out = cJSON_PrintUnformatted(resp);
    cJSON_Delete(resp);
    if (gj_mem_failures() != failed) { /* a part is missing: say only what matters */
        free(out);
        out = out_of_memory();
    }
    return out;
}

/* Splits "customers.list" into entity and verb and runs it. *report_on_error
 * says whether a failure's data goes out as error.report. */
static int dispatch(gj_db *db, const char *op, const cJSON *args, cJSON **data,
                    int *report_on_error)
{
    const char *dot = strchr(op, '.');
    char name[64];
    size_t i;
    const gj_entity *e;
    *report_on_error = 0;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(ops[i].op, op) == 0) {
            *report_on_error = ops[i].report_on_error;
            return ops[i].fn(db, NULL, args, data);
        }
    if (dot && (size_t)(dot - op) < sizeof name) {
        memcpy(name, op, (size_t)(dot - op));
        name[dot - op] = 0;
        e = gj_entity_find(name);
        if (e) return gj_api_record_op(db, e, dot + 1, args, data);
    }
    gj_db_fail_reason(db, GJ_BADREQUEST, "op", "unknown_op", "unknown op '%s'", op);
    return gj_db_error_param(db, "value", op);
}

char *gj_call(gj_db *db, const char *request_json)
{
    cJSON *req = NULL, *data = NULL, *resp;
    const cJSON *op, *args, *actor, *key;
    char *out = NULL;
    int rc, report_on_error = 0;
    /* Any allocation refused during the request, checked or not, makes it
     * fail with nomem and write nothing: no truncated list with ok:true. */
    uint64_t failed = gj_mem_failures();
    if (!db) return NULL;
    gj_api_init();
    gj_db_clear_error(db);
    if (!request_json) request_json = "";
    /* checked before parsing: the parse tree of a huge request would need
     * several times its size (in WASM a heap that never shrinks) */
    if (strlen(request_json) > GJ_MAX_REQUEST_BYTES) {
        gj_db_fail_reason(db, GJ_BADREQUEST, NULL, "request_too_large",
                          "the request is larger than %d bytes", GJ_MAX_REQUEST_BYTES);
        gj_db_error_param_num(db, "max", GJ_MAX_REQUEST_BYTES);
        goto fail;
    }
    /* require_null_terminated: trailing text after the object is malformed too */
    req = cJSON_ParseWithOpts(request_json, NULL, 1);
    if (!req && gj_mem_failures() != failed) goto fail; /* out of memory, not bad JSON */
    if (!req || !cJSON_IsObject(req)) {
        if (!req && gj_api_json_depth(request_json) > CJSON_NESTING_LIMIT) {
            gj_db_fail_reason(db, GJ_BADREQUEST, NULL, "too_deep",
                              "the request nests arrays and objects deeper than %d levels",
                              CJSON_NESTING_LIMIT);
            gj_db_error_param_num(db, "max", CJSON_NESTING_LIMIT);
        } else {
            gj_db_fail_reason(db, GJ_BADREQUEST, NULL, "bad_json",
                              "request is not a JSON object {\"op\": ..., \"args\": {...}}");
        }
        goto fail;
    }
    op = cJSON_GetObjectItemCaseSensitive(req, "op");
    /* the scan only when an escape of NUL may be there: import.csv sends MBs */
    if (strstr(request_json, "u0000") &&
        gj_api_check_nul(db, request_json, req,
                         cJSON_IsString(op) && strncmp(op->valuestring, "import.", 7) == 0) != GJ_OK)
        goto fail;
    if (gj_api_check_utf8(db, req, NULL) != GJ_OK) goto fail;
    args = cJSON_GetObjectItemCaseSensitive(req, "args");
    actor = cJSON_GetObjectItemCaseSensitive(req, "actor");
    cJSON_ArrayForEach(key, req) /* a misspelt "args" would otherwise run the op without them */
        if (strcmp(key->string, "op") != 0 && strcmp(key->string, "args") != 0 &&
            strcmp(key->string, "actor") != 0) {
            gj_db_fail_reason(db, GJ_BADREQUEST, key->string, "unknown_field",
                              "unknown request key '%s' (a request has op, args and actor)",
                              key->string);
            goto fail;
        }
    if (actor && !cJSON_IsNull(actor) && !cJSON_IsString(actor)) {
        gj_db_fail_reason(db, GJ_BADREQUEST, "actor", "wrong_type", "\"actor\" must be text");
        gj_db_error_param(db, "expected", "text");
        goto fail;
    }
    if (cJSON_IsString(actor) && strlen(actor->valuestring) > GJ_MAX_TEXT_BYTES) {
        gj_db_fail_reason(db, GJ_BADREQUEST, "actor", "too_long", "actor is longer than %d bytes",
                          GJ_MAX_TEXT_BYTES);
        gj_db_error_param_num(db, "max", GJ_MAX_TEXT_BYTES);
        goto fail;
    }
    if (!cJSON_IsString(op)) {
        gj_db_fail_reason(db, GJ_BADREQUEST, "op", "required", "request has no \"op\" string");
        goto fail;
    }
    if (args && !cJSON_IsObject(args) && !cJSON_IsNull(args)) {
        gj_db_fail_reason(db, GJ_BADREQUEST, "args", "wrong_type", "\"args\" must be an object");
        gj_db_error_param(db, "expected", "object");
        goto fail;
    }
    if (gj_db_set_actor(db, cJSON_IsString(actor) ? actor->valuestring : NULL, 1) != GJ_OK)
        goto fail;
    if ((rc = gj_db_begin(db)) != GJ_OK) goto fail;
    rc = dispatch(db, op->valuestring, cJSON_IsObject(args) ? args : NULL, &data, &report_on_error);
    /* The answer is printed before the commit: a write that cannot be
     * answered is not made. */
    if (rc == GJ_OK && gj_mem_failures() == failed && (resp = cJSON_CreateObject()) != NULL) {
        if (!data) data = cJSON_CreateNull();
        if (!cJSON_AddBoolToObject(resp, "ok", 1)) gj_api_push(NULL, data); /* kept aside: freed below */
        else gj_api_add(resp, "data", data);
        data = NULL;
        out = cJSON_PrintUnformatted(resp);
        cJSON_Delete(resp);
    }
    if (rc == GJ_OK && (!out || gj_mem_failures() != failed))
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    if (rc == GJ_OK) rc = gj_db_commit(db);
    else gj_db_rollback(db);
    if (rc != GJ_OK) {
        free(out);
        out = NULL;
        goto fail;
    }
    cJSON_Delete(req);
    gj_api_free_orphans();
    gj_db_arena_reset(db);
    return out;
fail:
    if (gj_db_errcode(db) == GJ_OK || gj_mem_failures() != failed) gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    if (!report_on_error || gj_db_errcode(db) == GJ_NOMEM) { /* partial data stays behind */
        cJSON_Delete(data);
        data = NULL;
    }
    out = respond_error(db, data);
    cJSON_Delete(req);
    gj_api_free_orphans();
    gj_db_arena_reset(db);
    return out;
}
