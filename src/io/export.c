/*
 * Rows -> CSV. Columns are the API field names, so an exported file
 * imports back unchanged. Only text cells are guarded against formula
 * injection: a number such as -5 is data and stays a number for the
 * spreadsheet; a text cell "-5" or "=SUM()" gets a leading '.
 */
#include <stdio.h>

#include "domain/timeutil.h"
#include "io.h"

void gj_export_header(gj_buf *b, const gj_entity *e)
{
    int i;
    for (i = 0; i < e->nfields; i++) {
        if (i) gj_buf_add(b, ",", 1);
        gj_csv_cell(b, e->fields[i].name, 0);
    }
    gj_buf_add(b, "\r\n", 2);
}

void gj_export_row(gj_buf *b, const gj_entity *e, const gj_value *vals)
{
    char tmp[40];
    int i;
    for (i = 0; i < e->nfields; i++) {
        const gj_value *v = &vals[i];
        gj_ftype t = e->fields[i].type;
        if (i) gj_buf_add(b, ",", 1);
        if (v->type == GJ_VNULL) continue;
        if (t == GJ_FT_TIME && v->type == GJ_VINT) {
            gj_buf_adds(b, gj_time_format(v->i, tmp));
        } else if (t == GJ_FT_BOOL && v->type == GJ_VINT) {
            gj_buf_adds(b, v->i ? "true" : "false");
        } else if (v->type == GJ_VINT) {
            gj_buf_addf(b, "%lld", (long long)v->i);
        } else if (v->type == GJ_VREAL) {
            gj_buf_addf(b, "%.15g", v->d);
        } else {
            gj_csv_cell(b, v->s, 1);
        }
    }
    gj_buf_add(b, "\r\n", 2);
}
