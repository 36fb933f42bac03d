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
    uint32_t *slot; /* open addressing: kind id + 1, 0 = empty */
    size_t nslot;
    int oom;
} ev_ctx;

/* The id of kind text s, added when new; (uint32_t)-1 on OOM. */
static uint32_t kind_id(ev_ctx *e, const char *s)
{
    gj_mdata *d = e->d;
    uint64_t h = gj_mdata_hash(s);
    size_t i;
    if ((d->nkinds + 1) * 2 > e->nslot) { /* keep the table at most half full */
        size_t n = e->nslot ? e->nslot * 2 : 64, k;
        uint32_t *ns = calloc(n, sizeof *ns);
        if (!ns) return (uint32_t)-1;
        for (k = 0; k < d->nkinds; k++) {
            size_t j = gj_mdata_hash(gj_mdata_str(d, d->kinds[k])) & (n - 1);
            while (ns[j]) j = (j + 1) & (n - 1);
            ns[j] = (uint32_t)k + 1;
        }
        free(e->slot);
        e->slot = ns;
        e->nslot = n;
    }
    for (i = h & (e->nslot - 1); e->slot[i]; i = (i + 1) & (e->nslot - 1))
        if (strcmp(gj_mdata_str(d, d->kinds[e->slot[i] - 1]), s) == 0) return e->slot[i] - 1;
    {
        size_t *nk = realloc(d->kinds, (d->nkinds + 1) * sizeof *nk);
        gj_value v = gj_vtext(s);
        size_t ref;
        if (!nk) return (uint32_t)-1;
        d->kinds = nk;
        if ((ref = gj_mdata_intern(d, &v)) == (size_t)-1) return (uint32_t)-1;
        d->kinds[d->nkinds] = ref;
        e->slot[i] = (uint32_t)++d->nkinds;
        return (uint32_t)(d->nkinds - 1);
    }
}

/* Columns: customer, kind, at. */
static int event_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    ev_ctx *e = ctx;
    gj_mdata *d = e->d;
    gj_mevent *ev;
    uint32_t k;
    int64_t ci = gj_mdata_customer(d, gj_mi(&v[0]));
    (void)n; (void)names;
    if (ci < 0 || v[1].type != GJ_VTEXT) return 0; /* scores 0 anyway */
    if ((k = kind_id(e, v[1].s)) == (uint32_t)-1) { e->oom = 1; return 1; }
    if (!(ev = gj_mgrow(d->ev, d->nev, &e->cap, sizeof *ev))) { e->oom = 1; return 1; }
    d->ev = ev;
    ev = &d->ev[d->nev++];
    ev->cust = (int32_t)ci;
    ev->kind = k;
    ev->at = gj_mi(&v[2]);
    return 0;
}

int gj_mdata_events(gj_db *db, gj_mdata *d)
{
    ev_ctx e;
    int rc;
    if (d->ev_loaded) return GJ_OK;
    memset(&e, 0, sizeof e);
    e.d = d;
    GJ_MPROF("load events", rc = gj_store_run(gj_db_store(db), "SELECT customer_id, kind, at FROM events NOT INDEXED",
                                              NULL, 0, event_row, &e, NULL, NULL));
    free(e.slot);
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
    double *pts = calloc(d->nkinds ? d->nkinds : 1, sizeof *pts);
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
