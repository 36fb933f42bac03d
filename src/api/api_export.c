/*
 * Exports: the streaming export behind gj_export_* (genjin.h), and the
 * export.csv / export.json ops. The stream writes one chunk at a time from
 * a row cursor, so memory stays at about one chunk and one row whatever
 * the size of the database; export.csv is the same stream collected into
 * one string, and the JSON stream writes the same bytes as export.json's
 * data printed by gj_call.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"
#include "io/io.h"

/* A chunk is returned once it holds this much (plus the row that passed it). */
#define EXPORT_CHUNK (64 * 1024)

struct gj_export {
    gj_db *db;
    cJSON *options;         /* owned by a stream: q's strings point into it */
    int json;               /* the whole database as JSON, else one kind as CSV */
    int in_transaction;     /* begun by gj_export_begin: finish rolls it back */
    const gj_entity *e;     /* CSV: the kind */
    int entity;             /* JSON: index in gj_entity_all() of the next table */
    int nrows;              /* JSON: rows written of the current table */
    int done;
    int handed;             /* b was handed out: the next call starts a new chunk */
    gj_list_query q;
    gj_export_style style;
    gj_record_cursor *cur;
    gj_buf b;
    int rc;                 /* the error that stopped the export, else GJ_OK */
};

static int nomem(gj_db *db) { return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory"); }

/* CSV options (kind, labels and the list arguments) into x. */
static int csv_options(gj_export *x, const cJSON *args)
{
    static const char *const extra[] = {"kind", "labels", "format", NULL};
    gj_db *db = x->db;
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(args, "kind");
    const cJSON *labels = cJSON_GetObjectItemCaseSensitive(args, "labels");
    int rc, lang = GJ_LABELS_NONE;
    x->e = cJSON_IsString(kind) ? gj_entity_find(kind->valuestring) : NULL;
    if (!x->e) return gj_db_fail(db, GJ_INVALID, "kind", "kind must name an entity (customers, deals, ...)");
    if (labels && !cJSON_IsNull(labels) &&
        (!cJSON_IsString(labels) || (lang = gj_io_label_lang(labels->valuestring)) < 0)) {
        rc = gj_db_fail_reason(db, GJ_INVALID, "labels", "not_in_choices",
                               "labels must be zh-CN or en");
        gj_db_error_param(db, "choices", "zh-CN, en");
        if (cJSON_IsString(labels)) gj_db_error_param(db, "value", labels->valuestring);
        return rc;
    }
    if ((rc = gj_api_list_args(db, x->e, args, extra, 0, &x->q)) != GJ_OK) return rc;
    if ((rc = gj_export_style_init(db, lang, &x->style)) != GJ_OK) return rc;
    gj_buf_adds(&x->b, "\xEF\xBB\xBF"); /* BOM: Excel then reads the file as UTF-8 */
    gj_export_header(&x->b, x->e, &x->style);
    if (x->b.oom) return nomem(db);
    return gj_record_cursor_open(db, x->e, &x->q, &x->cur);
}

/* The JSON head: {"version":...,"exported_at":...,"settings":{...} without
 * its closing brace; the tables follow. */
static int json_head(gj_export *x)
{
    cJSON *head = cJSON_CreateObject(), *settings = NULL;
    char now[32], *text = NULL;
    int rc;
    if (!head) return nomem(x->db);
    if ((rc = gj_api_settings_get(x->db, NULL, NULL, &settings)) != GJ_OK) goto fail;
    if (!cJSON_AddStringToObject(head, "version", GJ_VERSION) ||
        !cJSON_AddStringToObject(head, "exported_at", gj_time_format(gj_db_now(x->db), now))) {
        cJSON_Delete(settings);
        rc = nomem(x->db);
        goto fail;
    }
    if (!gj_api_add(head, "settings", settings)) { rc = nomem(x->db); goto fail; }
    if (!(text = cJSON_PrintUnformatted(head))) { rc = nomem(x->db); goto fail; }
    gj_buf_add(&x->b, text, strlen(text) - 1);
    rc = x->b.oom ? nomem(x->db) : GJ_OK;
fail:
    cJSON_free(text);
    cJSON_Delete(head);
    return rc;
}

/* Reads the options and writes the head into x->b. GJ_OK or the error
 * (on the handle). */
static int export_open(gj_export *x, gj_db *db, const cJSON *args, int json)
{
    memset(x, 0, sizeof *x);
    x->db = db;
    x->json = json;
    gj_buf_init(&x->b);
    if (!json) return csv_options(x, args);
    if (args) {
        const cJSON *it;
        cJSON_ArrayForEach(it, args)
            if (strcmp(it->string, "format") != 0)
                return gj_db_fail(db, GJ_INVALID, it->string, "the JSON export takes no arguments");
    }
    return json_head(x);
}

/* Appends one row to the chunk. */
static int write_row(gj_export *x, const gj_entity *e, const gj_value *vals)
{
    cJSON *row;
    char *text;
    if (!x->json) {
        gj_export_row(&x->b, e, vals, &x->style);
        return x->b.oom ? nomem(x->db) : GJ_OK;
    }
    if (!(row = gj_api_row_json(e, vals))) return nomem(x->db);
    text = cJSON_PrintUnformatted(row);
    cJSON_Delete(row);
    if (!text) return nomem(x->db);
    if (x->nrows++) gj_buf_add(&x->b, ",", 1);
    gj_buf_adds(&x->b, text);
    cJSON_free(text);
    return x->b.oom ? nomem(x->db) : GJ_OK;
}

/* JSON: opens the next table's cursor and writes its key, or closes the
 * object after the last one. */
static int next_table(gj_export *x)
{
    const gj_entity *e = gj_entity_all()[x->entity];
    if (!e) {
        gj_buf_add(&x->b, "}", 1);
        x->done = 1;
        return x->b.oom ? nomem(x->db) : GJ_OK;
    }
    gj_buf_add(&x->b, ",", 1);
    gj_buf_json_str(&x->b, e->name);
    gj_buf_add(&x->b, ":[", 2);
    if (x->b.oom) return nomem(x->db);
    x->nrows = 0;
    gj_list_query_init(&x->q);
    return gj_record_cursor_open(x->db, e, &x->q, &x->cur);
}

/* Fills x->b with rows until it holds `limit` bytes or the export is done. */
static int fill(gj_export *x, size_t limit)
{
    while (!x->done && x->b.len < limit) {
        const gj_value *vals;
        int r, rc;
        if (!x->cur) {
            if ((rc = next_table(x)) != GJ_OK) return rc;
            continue;
        }
        r = gj_record_cursor_next(x->cur, &vals);
        if (r < 0) return gj_db_errcode(x->db) ? gj_db_errcode(x->db) : GJ_ERROR;
        if (r == 1) {
            if ((rc = write_row(x, x->json ? gj_entity_all()[x->entity] : x->e, vals)) != GJ_OK)
                return rc;
            continue;
        }
        gj_record_cursor_close(x->cur);
        x->cur = NULL;
        if (!x->json) {
            x->done = 1;
        } else {
            gj_buf_add(&x->b, "]", 1);
            x->entity++;
            if (x->b.oom) return nomem(x->db);
        }
    }
    return GJ_OK;
}

static void export_close(gj_export *x)
{
    gj_record_cursor_close(x->cur);
    x->cur = NULL;
    gj_export_style_free(&x->style);
    gj_buf_free(&x->b);
}

int gj_export_begin(gj_db *db, const char *options_json, gj_export **out)
{
    gj_export *x = NULL;
    cJSON *options;
    const cJSON *format;
    int rc, json;
    uint64_t failed = gj_mem_failures();
    *out = NULL;
    gj_api_init();
    gj_db_clear_error(db);
    options = cJSON_Parse(options_json ? options_json : "{}");
    if (!options && gj_mem_failures() != failed) return nomem(db);
    if (!cJSON_IsObject(options)) {
        rc = options || !options_json ? gj_db_fail(db, GJ_INVALID, NULL, "export options are not a JSON object")
                                      : gj_db_fail_reason(db, GJ_BADREQUEST, NULL, "bad_json",
                                                          "export options are not a JSON object");
        cJSON_Delete(options);
        return rc;
    }
    if ((rc = gj_api_check_utf8(db, options, NULL)) != GJ_OK) goto fail;
    format = cJSON_GetObjectItemCaseSensitive(options, "format");
    if (!cJSON_IsString(format) || (strcmp(format->valuestring, "csv") != 0 &&
                                    strcmp(format->valuestring, "json") != 0)) {
        rc = gj_db_fail_reason(db, GJ_INVALID, "format", "not_in_choices", "format must be csv or json");
        gj_db_error_param(db, "choices", "csv, json");
        goto fail;
    }
    json = strcmp(format->valuestring, "json") == 0;
    if (!(x = gj_malloc(sizeof *x))) { rc = nomem(db); goto fail; }
    /* One read transaction from begin to finish: every chunk sees the same
     * database. */
    if ((rc = gj_db_begin(db)) != GJ_OK) { free(x); x = NULL; goto fail; }
    rc = export_open(x, db, options, json);
    gj_api_free_orphans();
    x->options = options;
    x->in_transaction = 1;
    if (rc != GJ_OK) {
        gj_export_finish(x);
        return rc;
    }
    *out = x;
    return GJ_OK;
fail:
    cJSON_Delete(options);
    return rc;
}

int gj_export_next(gj_export *x, const char **data, size_t *n)
{
    *data = "";
    *n = 0;
    if (x->rc != GJ_OK) return x->rc;
    if (x->handed) x->b.len = 0; /* the first chunk starts with begin's head */
    x->rc = fill(x, EXPORT_CHUNK);
    gj_api_free_orphans();
    if (x->rc != GJ_OK) return x->rc;
    x->handed = 1;
    if (x->b.len) *data = x->b.p;
    *n = x->b.len;
    return GJ_OK;
}

int gj_export_finish(gj_export *x)
{
    int rc;
    if (!x) return GJ_OK;
    rc = x->rc;
    export_close(x);
    if (x->in_transaction) gj_db_rollback(x->db); /* it only read */
    cJSON_Delete(x->options);
    free(x);
    return rc;
}

/* ---- the ops: the stream collected in memory ---- */

int gj_api_export_csv(gj_db *db, const gj_entity *unused, const cJSON *args, cJSON **data)
{
    gj_export x;
    int rc;
    (void)unused;
    if ((rc = export_open(&x, db, args, 0)) == GJ_OK) rc = fill(&x, (size_t)-1);
    if (rc == GJ_OK) {
        *data = cJSON_CreateObject();
        if (!*data || !cJSON_AddStringToObject(*data, "csv", gj_buf_str(&x.b))) rc = nomem(db);
    }
    export_close(&x);
    return rc;
}

typedef struct {
    cJSON *rows;
    int oom;
} rows_ctx;

static int json_row(void *ctx, const gj_entity *e, const gj_value *vals)
{
    rows_ctx *c = ctx;
    cJSON *row = gj_api_row_json(e, vals);
    if (!gj_api_push(c->rows, row)) c->oom = 1;
    return c->oom;
}

int gj_api_export_json(gj_db *db, const gj_entity *unused, const cJSON *args, cJSON **data)
{
    const gj_entity *const *all = gj_entity_all();
    cJSON *settings = NULL;
    char now[32];
    int rc, i;
    (void)unused;
    if (args && cJSON_GetArraySize(args) > 0)
        return gj_db_fail(db, GJ_INVALID, args->child->string, "export.json takes no arguments");
    if ((rc = gj_api_settings_get(db, NULL, NULL, &settings)) != GJ_OK) return rc;
    *data = cJSON_CreateObject();
    if (!*data || !cJSON_AddStringToObject(*data, "version", GJ_VERSION) ||
        !cJSON_AddStringToObject(*data, "exported_at", gj_time_format(gj_db_now(db), now))) {
        cJSON_Delete(settings);
        return nomem(db);
    }
    if (!gj_api_add(*data, "settings", settings)) return nomem(db);
    for (i = 0; all[i]; i++) {
        gj_list_query q;
        rows_ctx c = {cJSON_CreateArray(), 0};
        if (!gj_api_add(*data, all[i]->name, c.rows)) return nomem(db);
        gj_list_query_init(&q);
        if ((rc = gj_record_list(db, all[i], &q, json_row, &c, NULL)) != GJ_OK) return rc;
        if (c.oom) return nomem(db);
    }
    return GJ_OK;
}
