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
        if (e->first_row) gj_buf_addf(&b, ",\"first_row\":%lld", (long long)e->first_row);
        gj_buf_add(&b, "}", 1);
    }
    gj_buf_addf(&b, "],\"error_count\":%lld,\"fatal\":", (long long)imp->error_count);
    str_or_null(&b, imp->fatal ? imp->fatal_msg : NULL);
    gj_buf_add(&b, "}", 1);
    return gj_buf_take(&b);
}
