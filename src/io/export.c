/*
 * Rows -> CSV. Columns are the API field names (or, styled, the labels of
 * a language with reps by name), so an exported file imports back
 * unchanged. Only text cells are guarded against formula
 * injection: a number such as -5 is data and stays a number for the
 * spreadsheet; a text cell "-5" or "=SUM()" gets a leading '.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "io.h"

void gj_export_header(gj_buf *b, const gj_entity *e, const gj_export_style *s)
{
    int i;
    for (i = 0; i < e->nfields; i++) {
        const char *name = e->fields[i].name;
        if (i) gj_buf_add(b, ",", 1);
        if (s && s->lang != GJ_LABELS_NONE) {
            const char *l = gj_io_label(e, gj_io_export_target(e, i), s->lang);
            name = l ? l : i == 0 ? "ID" : name; /* "ID" matches no target: ignored on import */
        }
        gj_csv_cell(b, name, 0);
    }
    gj_buf_add(b, "\r\n", 2);
}

void gj_export_row(gj_buf *b, const gj_entity *e, const gj_value *vals,
                          const gj_export_style *s)
{
    char tmp[40];
    int i;
    for (i = 0; i < e->nfields; i++) {
        const gj_value *v = &vals[i];
        gj_ftype t = e->fields[i].type;
        if (i) gj_buf_add(b, ",", 1);
        if (v->type == GJ_VNULL) continue;
        if (s && s->rep_name && t == GJ_FT_REF && v->type == GJ_VINT &&
            strcmp(e->fields[i].ref, "reps") == 0) {
            /* the name the import looks the rep up by */
            const char *name = v->i > 0 && v->i < s->nreps ? s->rep_name[v->i] : NULL;
            if (name) gj_csv_cell(b, name, 1);
            else gj_buf_addf(b, "%lld", (long long)v->i);
        } else if (t == GJ_FT_TIME && v->type == GJ_VINT) {
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

typedef struct {
    gj_export_style *s;
    int64_t max;
    int oom;
} reps_ctx;

static int rep_max(void *ctx, const gj_entity *e, const gj_value *vals)
{
    reps_ctx *c = ctx;
    (void)e;
    if (vals[0].i > c->max) c->max = vals[0].i;
    return 0;
}

static int rep_row(void *ctx, const gj_entity *e, const gj_value *vals)
{
    reps_ctx *c = ctx;
    int f = gj_entity_field(e, "name");
    int64_t id = vals[0].i;
    if (id <= 0 || id >= c->s->nreps || vals[f].type != GJ_VTEXT) return 0;
    if (!(c->s->rep_name[id] = gj_strdup(vals[f].s))) c->oom = 1;
    return c->oom;
}

int gj_export_style_init(gj_db *db, int lang, gj_export_style *s)
{
    const gj_entity *reps = gj_entity_find("reps");
    gj_list_query q;
    reps_ctx c;
    int rc;
    memset(s, 0, sizeof *s);
    memset(&c, 0, sizeof c);
    s->lang = lang;
    if (lang == GJ_LABELS_NONE) return GJ_OK;
    c.s = s;
    gj_list_query_init(&q);
    q.sort_desc = 1; /* the largest id first: it sizes the table (reps are few) */
    q.limit = 1;
    if ((rc = gj_record_list(db, reps, &q, rep_max, &c, NULL)) != GJ_OK) return rc;
    s->nreps = c.max + 1;
    if (!(s->rep_name = gj_calloc((size_t)s->nreps, sizeof *s->rep_name)))
        return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    gj_list_query_init(&q);
    rc = gj_record_list(db, reps, &q, rep_row, &c, NULL);
    if (rc == GJ_OK && c.oom) rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    return rc;
}

void gj_export_style_free(gj_export_style *s)
{
    int64_t i;
    for (i = 0; s->rep_name && i < s->nreps; i++) free(s->rep_name[i]);
    free(s->rep_name);
    memset(s, 0, sizeof *s);
}
