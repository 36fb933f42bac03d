/* The import report as JSON text (the io layer writes JSON by hand: it
 * does not see cJSON). */
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

static void str_or_null(gj_buf *b, const char *s)
{
    if (s) gj_buf_json_str(b, s);
    else gj_buf_adds(b, "null");
}

/* "params": the field, the column and the value (unless the domain's
 * params already give a value: a number stays a number), then the rest. */
static void params(gj_buf *b, const gj_import_error *e)
{
    int comma = 0;
    gj_buf_adds(b, ",\"params\":{");
    if (e->field) {
        gj_buf_adds(b, "\"field\":");
        gj_buf_json_str(b, e->field);
        comma = 1;
    }
    if (e->column) {
        gj_buf_adds(b, comma ? ",\"column\":" : "\"column\":");
        gj_buf_json_str(b, e->column);
        comma = 1;
    }
    if (e->value && !(e->params && strstr(e->params, "\"value\":"))) {
        gj_buf_adds(b, comma ? ",\"value\":" : "\"value\":");
        gj_buf_json_str(b, e->value);
        comma = 1;
    }
    if (e->params) {
        if (comma) gj_buf_add(b, ",", 1);
        gj_buf_adds(b, e->params);
    }
    gj_buf_add(b, "}", 1);
}

char *gj_import_report(gj_import *imp, int committed)
{
    gj_buf b;
    int i, first;
    gj_buf_init(&b);
    gj_buf_adds(&b, "{\"kind\":");
    gj_buf_json_str(&b, imp->e->name);
    gj_buf_addf(&b, ",\"rows\":%lld,\"created\":%lld,\"updated\":%lld,\"customers_created\":%lld"
                ",\"reps_created\":%lld", (long long)imp->data_rows, (long long)imp->created,
                (long long)imp->updated, (long long)imp->customers_created,
                (long long)imp->reps_created);
    gj_buf_addf(&b, ",\"dry_run\":%s,\"committed\":%s,\"encoding\":",
                imp->dry_run ? "true" : "false", committed ? "true" : "false");
    gj_buf_json_str(&b, gj_encoding_name(gj_decoder_encoding(imp->dec)));
    gj_buf_adds(&b, ",\"mapping\":{");
    for (i = 0, first = 1; i < imp->ncols; i++) {
        if (imp->targets[i].kind == GJ_T_IGNORE) continue;
        if (!first) gj_buf_add(&b, ",", 1);
        first = 0;
        gj_buf_json_str(&b, imp->headers[i]);
        gj_buf_add(&b, ":", 1);
        gj_buf_json_str(&b, imp->targets[i].name);
    }
    gj_buf_adds(&b, "},\"ignored\":[");
    for (i = 0, first = 1; i < imp->ncols; i++) {
        if (imp->targets[i].kind != GJ_T_IGNORE) continue;
        if (!first) gj_buf_add(&b, ",", 1);
        first = 0;
        gj_buf_json_str(&b, imp->headers[i]);
    }
    gj_buf_adds(&b, "],\"custom_fields\":[");
    for (i = 0; i < imp->ncreated_defs; i++) {
        if (i) gj_buf_add(&b, ",", 1);
        gj_buf_json_str(&b, imp->created_defs[i]);
    }
    gj_buf_adds(&b, "],\"errors\":[");
    for (i = 0; i < imp->nerrors; i++) {
        const gj_import_error *e = &imp->errors[i];
        gj_buf_addf(&b, "%s{\"row\":%lld,\"column\":", i ? "," : "", (long long)e->row);
        str_or_null(&b, e->column);
        gj_buf_adds(&b, ",\"field\":");
        str_or_null(&b, e->field);
        gj_buf_adds(&b, ",\"value\":");
        str_or_null(&b, e->value);
        gj_buf_adds(&b, ",\"reason\":");
        str_or_null(&b, e->reason);
        gj_buf_adds(&b, ",\"message\":");
        str_or_null(&b, e->message);
        params(&b, e);
        gj_buf_add(&b, "}", 1);
    }
    gj_buf_addf(&b, "],\"error_count\":%lld,\"fatal\":", (long long)imp->error_count);
    str_or_null(&b, imp->fatal ? imp->fatal_msg : NULL);
    gj_buf_add(&b, "}", 1);
    return gj_buf_take(&b);
}
