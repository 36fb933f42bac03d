/*
 * import.* ops, and gj_import_begin (genjin.h), which parses
 * its JSON options here because this is the layer that sees cJSON; the
 * importer itself is src/io.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"
#include "io/io.h"

/* Reads the import options from a JSON object into *o. Strings point into
 * `args`; map arrays are malloc'd (free with free_options). */
static int read_options(gj_db *db, const cJSON *args, gj_import_options *o)
{
    static const char *const known[] = {"kind", "map", "create_missing_customers", "dry_run",
                                        "date_format", "custom_fields", "encoding", "max_errors",
                                        "actor", "text", "create_missing_reps", "duplicates", NULL};
    static const char *const dates[] = {"auto", "ymd", "mdy", "dmy", NULL};
    const cJSON *it, *m;
    int64_t max_errors;
    int rc, k;
    gj_import_options_init(o);
    cJSON_ArrayForEach(it, args) {
        for (k = 0; known[k] && strcmp(known[k], it->string) != 0; k++) {}
        if (!known[k])
            return gj_db_fail(db, GJ_INVALID, it->string, "unknown import option '%s'", it->string);
    }
    it = cJSON_GetObjectItemCaseSensitive(args, "kind");
    if (!cJSON_IsString(it)) return gj_db_fail(db, GJ_INVALID, "kind", "kind is required");
    o->kind = it->valuestring;
#define FLAG(name, dst) do { it = cJSON_GetObjectItemCaseSensitive(args, name); \
    if (it && !cJSON_IsBool(it) && !cJSON_IsNull(it)) \
        return gj_db_fail(db, GJ_INVALID, name, "%s must be true or false", name); \
    dst = cJSON_IsTrue(it); } while (0)
    FLAG("create_missing_customers", o->create_missing_customers);
    FLAG("create_missing_reps", o->create_missing_reps);
    FLAG("dry_run", o->dry_run);
    FLAG("custom_fields", o->custom_fields);
#undef FLAG
    it = cJSON_GetObjectItemCaseSensitive(args, "date_format");
    if (it && !cJSON_IsNull(it)) {
        for (k = 0; dates[k] && !(cJSON_IsString(it) && strcmp(it->valuestring, dates[k]) == 0); k++) {}
        if (!dates[k])
            return gj_db_fail(db, GJ_INVALID, "date_format", "date_format must be auto, ymd, mdy or dmy");
        o->date_format = k;
    }
    it = cJSON_GetObjectItemCaseSensitive(args, "duplicates");
    if (it && !cJSON_IsNull(it)) {
        if (!cJSON_IsString(it) || (strcmp(it->valuestring, "refuse") != 0 &&
                                    strcmp(it->valuestring, "later") != 0)) {
            rc = gj_db_fail_reason(db, GJ_INVALID, "duplicates", "not_in_choices",
                                   "duplicates must be refuse or later");
            gj_db_error_param(db, "choices", "refuse, later");
            if (cJSON_IsString(it)) gj_db_error_param(db, "value", it->valuestring);
            return rc;
        }
        o->duplicates_later = strcmp(it->valuestring, "later") == 0;
    }
    it = cJSON_GetObjectItemCaseSensitive(args, "encoding");
    if (it && !cJSON_IsNull(it)) {
        const char *s = cJSON_IsString(it) ? it->valuestring : "";
        if (strcmp(s, "auto") == 0) o->encoding = GJ_ENC_AUTO;
        else if (strcmp(s, "utf-8") == 0 || strcmp(s, "utf8") == 0) o->encoding = GJ_ENC_UTF8;
        else if (strcmp(s, "gb18030") == 0 || strcmp(s, "gbk") == 0 || strcmp(s, "gb2312") == 0)
            o->encoding = GJ_ENC_GB18030;
        else return gj_db_fail(db, GJ_INVALID, "encoding", "encoding must be auto, utf-8 or gb18030");
    }
    if ((rc = gj_api_int_arg(db, args, "max_errors", 100, 0, 100000, &max_errors)) != GJ_OK) return rc;
    o->max_errors = (int)max_errors;
    it = cJSON_GetObjectItemCaseSensitive(args, "actor");
    if (cJSON_IsString(it)) o->actor = it->valuestring;
    m = cJSON_GetObjectItemCaseSensitive(args, "map");
    if (m && !cJSON_IsNull(m)) {
        int n = cJSON_GetArraySize(m), i = 0;
        if (!cJSON_IsObject(m))
            return gj_db_fail(db, GJ_INVALID, "map", "map must be an object {\"source header\": \"field\"}");
        o->map_from = gj_calloc((size_t)n + 1, sizeof *o->map_from);
        o->map_to = gj_calloc((size_t)n + 1, sizeof *o->map_to);
        if (!o->map_from || !o->map_to) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        cJSON_ArrayForEach(it, m) {
            if (!cJSON_IsString(it) && !cJSON_IsNull(it))
                return gj_db_fail(db, GJ_INVALID, "map", "map: the field for '%s' must be text "
                                  "(\"\" or null ignores the column)", it->string);
            ((const char **)o->map_from)[i] = it->string;
            ((const char **)o->map_to)[i] = cJSON_IsString(it) ? it->valuestring : "";
            i++;
        }
        o->nmap = i;
    }
    return GJ_OK;
}

static void free_options(gj_import_options *o)
{
    free((void *)o->map_from);
    free((void *)o->map_to);
}

int gj_import_begin(gj_db *db, const char *options_json, gj_import **out)
{
    cJSON *args;
    gj_import_options o;
    int rc;
    uint64_t failed = gj_mem_failures();
    *out = NULL;
    gj_api_init();
    gj_db_clear_error(db);
    args = cJSON_Parse(options_json ? options_json : "{}");
    if (!args && gj_mem_failures() != failed) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    if (!cJSON_IsObject(args)) {
        cJSON_Delete(args);
        return gj_db_fail(db, GJ_INVALID, NULL, "import options are not a JSON object");
    }
    rc = read_options(db, args, &o);
    if (rc == GJ_OK) rc = gj_io_import_begin(db, &o, out);
    free_options(&o);
    cJSON_Delete(args);
    gj_api_free_orphans();
    return rc;
}

/* ---- the import report as JSON ---- */

static cJSON *str_or_null(const char *s) { return s ? cJSON_CreateString(s) : cJSON_CreateNull(); }

/* A param's value: a number's text stays a number. */
static cJSON *param_value(const gj_import_param *p)
{
    char *end;
    if (p->is_number && *p->value) {
        strtod(p->value, &end);
        if (!*end) return cJSON_CreateRaw(p->value);
    }
    return cJSON_CreateString(p->value);
}

/* "params": the field, the column and the value (unless the row's own
 * params give a value: a number stays a number), then the rest. */
static cJSON *error_params(const gj_import_row_error *e)
{
    cJSON *o = cJSON_CreateObject();
    int i, own_value = 0;
    for (i = 0; i < e->nparams; i++) own_value |= strcmp(e->params[i].name, "value") == 0;
    if (e->field) cJSON_AddStringToObject(o, "field", e->field);
    if (e->column) cJSON_AddStringToObject(o, "column", e->column);
    if (e->value && !own_value) cJSON_AddStringToObject(o, "value", e->value);
    for (i = 0; i < e->nparams; i++) gj_api_add(o, e->params[i].name, param_value(&e->params[i]));
    return o;
}

/* The report object (NULL on OOM). */
static cJSON *report_json(const gj_import_report *r)
{
    cJSON *o = cJSON_CreateObject(), *mapping = cJSON_CreateObject(), *ignored = cJSON_CreateArray();
    cJSON *custom = cJSON_CreateArray(), *errors = cJSON_CreateArray();
    int i, ok = o && mapping && ignored && custom && errors;
    if (!ok) goto fail;
    cJSON_AddStringToObject(o, "kind", r->kind);
    cJSON_AddNumberToObject(o, "rows", (double)r->rows);
    cJSON_AddNumberToObject(o, "created", (double)r->created);
    cJSON_AddNumberToObject(o, "updated", (double)r->updated);
    cJSON_AddNumberToObject(o, "customers_created", (double)r->customers_created);
    cJSON_AddNumberToObject(o, "reps_created", (double)r->reps_created);
    cJSON_AddBoolToObject(o, "dry_run", r->dry_run);
    cJSON_AddBoolToObject(o, "committed", r->committed);
    cJSON_AddStringToObject(o, "encoding", r->encoding);
    for (i = 0; i < r->ncolumns; i++) {
        if (!r->targets[i]) gj_api_push(ignored, cJSON_CreateString(r->columns[i]));
        else if (!cJSON_GetObjectItemCaseSensitive(mapping, r->columns[i]))
            cJSON_AddStringToObject(mapping, r->columns[i], r->targets[i]);
    }
    gj_api_add(o, "mapping", mapping);
    gj_api_add(o, "ignored", ignored);
    for (i = 0; i < r->ncustom_fields; i++) gj_api_push(custom, cJSON_CreateString(r->custom_fields[i]));
    gj_api_add(o, "custom_fields", custom);
    for (i = 0; i < r->nerrors; i++) {
        const gj_import_row_error *e = &r->errors[i];
        cJSON *j = cJSON_CreateObject();
        if (!j) { ok = 0; break; }
        cJSON_AddNumberToObject(j, "row", (double)e->row);
        gj_api_add(j, "column", str_or_null(e->column));
        gj_api_add(j, "field", str_or_null(e->field));
        gj_api_add(j, "value", str_or_null(e->value));
        gj_api_add(j, "reason", str_or_null(e->reason));
        gj_api_add(j, "message", str_or_null(e->message));
        gj_api_add(j, "params", error_params(e));
        gj_api_push(errors, j);
    }
    gj_api_add(o, "errors", errors);
    cJSON_AddNumberToObject(o, "error_count", (double)r->error_count);
    gj_api_add(o, "fatal", str_or_null(r->fatal));
    if (ok) return o;
    cJSON_Delete(o);
    return NULL;
fail:
    cJSON_Delete(o);
    cJSON_Delete(mapping);
    cJSON_Delete(ignored);
    cJSON_Delete(custom);
    cJSON_Delete(errors);
    return NULL;
}

char *gj_import_report_json(const gj_import_report *r)
{
    cJSON *j = r ? report_json(r) : NULL;
    char *out = j ? cJSON_PrintUnformatted(j) : NULL;
    cJSON_Delete(j);
    return out;
}

char *gj_import_finish(gj_import *imp, int *rc)
{
    gj_import_report *r = gj_import_end(imp, rc);
    char *out = gj_import_report_json(r);
    gj_import_report_free(r);
    if (!out && rc) *rc = GJ_NOMEM;
    return out;
}

int gj_api_import_csv(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(args, "text");
    gj_import_options o;
    gj_import *imp = NULL;
    gj_import_report *report;
    int rc, frc = GJ_OK;
    (void)e;
    if (!cJSON_IsString(text)) return gj_db_fail(db, GJ_INVALID, "text", "text (the CSV) is required");
    rc = read_options(db, args, &o);
    if (rc == GJ_OK) rc = gj_io_import_begin(db, &o, &imp);
    free_options(&o);
    if (rc != GJ_OK) return rc;
    {
        size_t len;
        const char *bytes = gj_api_str(text, &len);
        rc = gj_import_feed(imp, bytes, len);
    }
    report = gj_import_end(imp, &frc);
    *data = report ? report_json(report) : NULL;
    gj_import_report_free(report);
    if (!*data) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    (void)rc; /* a fatal feed error is finish's rc too */
    return frc;
}

/* ---- import.preview ---- */

typedef struct {
    cJSON *headers, *rows;
    int nrows, max;
} preview_ctx;

static int preview_row(void *ctx, int n, char **fields, const size_t *lens)
{
    preview_ctx *p = ctx;
    cJSON *row = cJSON_CreateArray();
    int i;
    if (!row) return GJ_NOMEM;
    for (i = 0; i < n; i++) {
        gj_buf cell;
        gj_buf_init(&cell);
        gj_io_show_cell(&cell, fields[i], lens[i]);
        gj_api_push(row, cJSON_CreateString(cell.oom ? "" : gj_buf_str(&cell)));
        gj_buf_free(&cell);
    }
    if (!p->headers) {
        p->headers = row;
        return GJ_OK;
    }
    gj_api_push(p->rows, row);
    return ++p->nrows >= p->max ? -1 : GJ_OK; /* -1: enough rows */
}

static int csv_text(void *ctx, const char *s, size_t n) { return gj_csv_feed(ctx, s, n); }

typedef struct {
    cJSON *fields;
} fields_ctx;

static int custom_name(void *ctx, const gj_entity *cf, const gj_value *v)
{
    char name[GJ_NAME_LEN + 8];
    snprintf(name, sizeof name, "custom.%s", v[gj_entity_field(cf, "key")].s);
    gj_api_push(((fields_ctx *)ctx)->fields, cJSON_CreateString(name));
    return 0;
}

int gj_api_import_preview(gj_db *db, const gj_entity *unused, const cJSON *args, cJSON **data)
{
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(args, "kind");
    const cJSON *text = cJSON_GetObjectItemCaseSensitive(args, "text");
    const cJSON *map = cJSON_GetObjectItemCaseSensitive(args, "map");
    const gj_entity *e = cJSON_IsString(kind) ? gj_entity_find(kind->valuestring) : NULL;
    preview_ctx p = {NULL, NULL, 0, 20};
    gj_decoder *dec = NULL;
    gj_csv *csv = NULL;
    cJSON *sugg = NULL, *h;
    const char *names[GJ_MAX_FIELDS + 8];
    fields_ctx fc;
    int rc, i, n;
    (void)unused;
    if (!e || e->readonly || strcmp(e->name, "customfields") == 0)
        return gj_db_fail(db, GJ_INVALID, "kind", "kind must be one of reps, customers, deals, "
                          "followups, tickets, surveys, orders, events");
    if (!cJSON_IsString(text)) return gj_db_fail(db, GJ_INVALID, "text", "text (the CSV) is required");
    p.rows = cJSON_CreateArray();
    dec = gj_decoder_new(GJ_ENC_AUTO);
    csv = gj_csv_new(preview_row, &p);
    if (!p.rows || !dec || !csv) { rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory"); goto fail; }
    {
        size_t len;
        const char *bytes = gj_api_str(text, &len);
        rc = gj_decoder_feed(dec, bytes, len, csv_text, csv);
    }
    if (rc == GJ_OK) rc = gj_decoder_finish(dec, csv_text, csv);
    if (rc == GJ_OK) rc = gj_csv_finish(csv);
    if (rc == GJ_INVALID && p.headers) rc = GJ_OK; /* the preview text is cut off anywhere */
    if (rc != GJ_OK && rc != -1) {
        rc = gj_db_fail(db, rc, "text", "%s", *gj_decoder_error(dec) ? gj_decoder_error(dec)
                        : *gj_csv_error(csv) ? gj_csv_error(csv) : "out of memory");
        goto fail;
    }
    *data = cJSON_CreateObject();
    sugg = cJSON_CreateObject();
    cJSON_ArrayForEach(h, p.headers) {
        const cJSON *m = cJSON_IsObject(map) ? cJSON_GetObjectItemCaseSensitive(map, h->valuestring) : NULL;
        const char *s = cJSON_IsString(m) ? m->valuestring : gj_header_suggest(e, h->valuestring);
        if (!cJSON_GetObjectItemCaseSensitive(sugg, h->valuestring))
            gj_api_add(sugg, h->valuestring, s && *s ? cJSON_CreateString(s) : cJSON_CreateNull());
    }
    gj_api_add(*data, "headers", p.headers ? p.headers : cJSON_CreateArray());
    gj_api_add(*data, "rows", p.rows);
    gj_api_add(*data, "suggestions", sugg);
    fc.fields = cJSON_CreateArray();
    n = gj_target_names(e, names, (int)(sizeof names / sizeof names[0]));
    for (i = 0; i < n; i++) gj_api_push(fc.fields, cJSON_CreateString(names[i]));
    if (gj_entity_field(e, "custom") >= 0) {
        const gj_entity *cf = gj_entity_find("customfields");
        gj_list_query q;
        gj_list_query_init(&q);
        rc = gj_list_query_filter(db, cf, &q, "entity", GJ_OP_EQ, gj_vtext(e->name));
        if (rc == GJ_OK) rc = gj_record_list(db, cf, &q, custom_name, &fc, NULL);
    }
    gj_api_add(*data, "fields", fc.fields);
    cJSON_AddStringToObject(*data, "encoding", gj_encoding_name(gj_decoder_encoding(dec)));
    gj_decoder_free(dec);
    gj_csv_free(csv);
    return rc == -1 ? GJ_OK : rc;
fail:
    cJSON_Delete(p.headers);
    cJSON_Delete(p.rows);
    gj_decoder_free(dec);
    gj_csv_free(csv);
    return rc;
}
