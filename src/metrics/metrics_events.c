/*
 * Events in memory. Activity scores are sums of kind weights over a time
 * window, and one dashboard asks for many windows: the period, every
 * period of an activity trend, the two 4-week windows of the churn rule.
 * Read through SQLite, each window costs a pass over the events table
 * (1M rows: ~50-100 ms); held as 16-byte records, a pass is a loop of a
 * few milliseconds. The events are read on first use and kept with the
 * customers (gj_mdata_shared, with a trigger telling when they change).
 * Kinds are free text: each distinct kind gets a small number, and the
 * weights (settings, which change without touching events) are looked up
 * per op, not per event.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

typedef struct {
    gj_mdata *d;
    size_t cap;
    gj_mnames names; /* kind text -> d->kinds index */
    int oom;
} ev_ctx;

/* Columns: customer, kind, at. */
static int event_row(void *ctx, gj_store_cursor *cur)
{
    ev_ctx *e = ctx;
    gj_mdata *d = e->d;
    gj_mevent *ev;
    uint32_t k;
    int64_t ci = gj_mdata_customer(d, gj_store_col_int(cur, 0));
    const char *kind;
    if (ci < 0 || !(kind = gj_mscan_text(cur, 1))) return 0; /* scores 0 anyway */
    if ((k = gj_mnames_id(&e->names, d, &d->kinds, &d->nkinds, kind)) == (uint32_t)-1) { e->oom = 1; return 1; }
    if (!(ev = gj_mgrow(d->ev, d->nev, &e->cap, sizeof *ev))) { e->oom = 1; return 1; }
    d->ev = ev;
    ev = &d->ev[d->nev++];
    ev->cust = (int32_t)ci;
    ev->kind = k;
    ev->at = gj_store_col_int(cur, 2);
    return 0;
}

int gj_mdata_events(gj_db *db, gj_mdata *d)
{
    ev_ctx e;
    int rc;
    if (d->ev_loaded) return GJ_OK;
    memset(&e, 0, sizeof e);
    e.d = d;
    GJ_MPROF("load events", rc = gj_mscan(gj_db_store(db), "SELECT customer_id, kind, at FROM events NOT INDEXED",
                                          NULL, 0, event_row, &e));
    gj_mnames_free(&e.names);
    if (rc != GJ_OK || e.oom) {
        free(d->ev);
        d->ev = NULL;
        d->nev = 0;
        return rc != GJ_OK ? gj_db_fail_store(db, rc) : gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    }
    d->ev_loaded = 1;
    return GJ_OK;
}

double *gj_mdata_kind_points(const gj_mdata *d, const gj_settings *s)
{
    double *pts = gj_calloc(d->nkinds ? d->nkinds : 1, sizeof *pts);
    size_t k;
    int i;
    if (!pts) return NULL;
    for (k = 0; k < d->nkinds; k++) /* unknown kinds score 0 */
        for (i = 0; i < s->nkinds; i++)
            if (strcmp(s->kind[i], gj_mdata_str(d, d->kinds[k])) == 0) {
                pts[k] = s->points[i];
                break;
            }
    return pts;
}
