/*
 * Deals and their stage history in memory. The funnel (a deal's furthest
 * stage over its history), stage deadline compliance (each entry against
 * the deal's previous one) and the due list's stage items are per-deal
 * walks over the history; in SQL they are correlated subqueries, several
 * B-tree lookups per deal (~100 ms each at 100k deals). Held as arrays —
 * deals by id, each with its entries in (entered_at, id) order — the
 * walks are loops. Read on first use and kept with the customers
 * (gj_mdata_shared: the connection's change count tells when they change).
 * Stage names are kept as small numbers; their pipeline positions come
 * from the settings per op (gj_mdata_stage_pos).
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

typedef struct {
    gj_mdata *d;
    size_t cap, cap2;
    int64_t *deal_of; /* history rows: the deal id, until grouped */
    gj_mnames names;  /* stage name -> d->stage_names index */
    int oom;
} deal_ctx;

/* The number of stage name column col (NULL: ""), added when new;
 * (uint32_t)-1 on OOM. Few names exist (the pipeline's, and old ones in
 * the history). */
static uint32_t stage_id(deal_ctx *c, gj_store_cursor *cur, int col)
{
    const char *s = gj_mscan_text(cur, col);
    return gj_mnames_id(&c->names, c->d, &c->d->stage_names, &c->d->nstage_names, s ? s : "");
}

/* Columns: id, customer, owner, created, closed, amount, stage, status. */
static int deal_row(void *ctx, gj_store_cursor *cur)
{
    deal_ctx *c = ctx;
    gj_mdata *d = c->d;
    gj_mdeal *x;
    const char *status = gj_mscan_text(cur, 7);
    if (!(x = gj_mgrow(d->deals, d->ndeals, &c->cap, sizeof *x))) { c->oom = 1; return 1; }
    d->deals = x;
    x = &d->deals[d->ndeals++];
    memset(x, 0, sizeof *x);
    x->id = gj_store_col_int(cur, 0);
    x->cust_id = gj_store_col_int(cur, 1);
    x->owner = gj_store_col_int(cur, 2); /* NULL reads 0: none */
    x->created_at = gj_store_col_int(cur, 3);
    x->closed_at = gj_store_col_type(cur, 4) == GJ_VNULL ? INT64_MIN : gj_mscan_int(cur, 4);
    x->amount = gj_store_col_type(cur, 5) == GJ_VTEXT ? 0 : gj_store_col_real(cur, 5); /* as gj_md */
    x->status = status ? (strcmp(status, "won") == 0 ? 1 : strcmp(status, "lost") == 0 ? 2 : 0) : 0;
    if ((x->stage = stage_id(c, cur, 6)) == (uint32_t)-1) { c->oom = 1; return 1; }
    return 0;
}

/* Columns: deal, id, entered, stage. */
static int hist_row(void *ctx, gj_store_cursor *cur)
{
    deal_ctx *c = ctx;
    gj_mdata *d = c->d;
    gj_mhist *h = gj_mgrow(d->hist, d->nhist, &c->cap, sizeof *h);
    int64_t *k = h ? gj_mgrow(c->deal_of, d->nhist, &c->cap2, sizeof *k) : NULL;
    if (h) d->hist = h;
    if (!h || !k) { c->oom = 1; return 1; }
    c->deal_of = k;
    c->deal_of[d->nhist] = gj_store_col_int(cur, 0);
    d->hist[d->nhist].id = gj_store_col_int(cur, 1);
    d->hist[d->nhist].at = gj_store_col_int(cur, 2);
    if ((d->hist[d->nhist].stage = stage_id(c, cur, 3)) == (uint32_t)-1) { c->oom = 1; return 1; }
    d->nhist++;
    return 0;
}

static int hist_cmp(const void *a, const void *b)
{
    const gj_mhist *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Index of deal `id` (deals are by id), or -1. */
static int64_t deal_index(const gj_mdata *d, int64_t id)
{
    size_t lo = 0, hi = d->ndeals;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->deals[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < d->ndeals && d->deals[lo].id == id ? (int64_t)lo : -1;
}

/* Groups the history by deal (counting sort), each deal's by (at, id). */
static int group_history(gj_mdata *d, const int64_t *deal_of)
{
    gj_mhist *out = gj_malloc((d->nhist ? d->nhist : 1) * sizeof *out);
    int64_t *k = gj_malloc((d->nhist ? d->nhist : 1) * sizeof *k);
    size_t i, *pos = gj_calloc(d->ndeals + 1, sizeof *pos), n = 0;
    if (!out || !k || !pos) {
        free(out);
        free(k);
        free(pos);
        return -1;
    }
    for (i = 0; i < d->nhist; i++)
        if ((k[i] = deal_index(d, deal_of[i])) >= 0) d->deals[k[i]].h_end++;
    for (i = 0; i < d->ndeals; i++) {
        d->deals[i].h_start = n;
        n += d->deals[i].h_end;
        d->deals[i].h_end = n;
        pos[i] = d->deals[i].h_start;
    }
    for (i = 0; i < d->nhist; i++)
        if (k[i] >= 0) out[pos[k[i]]++] = d->hist[i];
    for (i = 0; i < d->ndeals; i++) {
        size_t j, a = d->deals[i].h_start, b = d->deals[i].h_end;
        for (j = a + 1; j < b && hist_cmp(&out[j - 1], &out[j]) < 0; j++) {}
        if (j < b) qsort(out + a, b - a, sizeof *out, hist_cmp); /* usually in order already */
    }
    free(d->hist);
    free(k);
    free(pos);
    d->hist = out;
    d->nhist = n;
    return 0;
}

int gj_mdata_deals(gj_db *db, gj_mdata *d)
{
    gj_store *st = gj_db_store(db);
    deal_ctx c;
    int rc;
    if (d->deals_loaded) return GJ_OK;
    memset(&c, 0, sizeof c);
    c.d = d;
    GJ_MPROF("load deals", rc = gj_mscan(st, "SELECT id, customer_id, owner_id, created_at,"
                                             " closed_at, amount, stage, status FROM deals NOT INDEXED",
                                         NULL, 0, deal_row, &c));
    c.cap = 0;
    if (rc == GJ_OK && !c.oom)
        GJ_MPROF("load stage history", rc = gj_mscan(st, "SELECT deal_id, id, entered_at, stage"
                                                         " FROM deal_stages NOT INDEXED",
                                                     NULL, 0, hist_row, &c));
    if (rc == GJ_OK && !c.oom && group_history(d, c.deal_of) != 0) c.oom = 1;
    free(c.deal_of);
    gj_mnames_free(&c.names);
    if (rc != GJ_OK || c.oom) {
        free(d->deals);
        free(d->hist);
        d->deals = NULL;
        d->hist = NULL;
        d->ndeals = d->nhist = 0;
        return rc != GJ_OK ? gj_db_fail_store(db, rc) : gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    }
    d->deals_loaded = 1;
    return GJ_OK;
}

int *gj_mdata_stage_pos(const gj_mdata *d, const gj_settings *s)
{
    int *pos = gj_malloc((d->nstage_names ? d->nstage_names : 1) * sizeof *pos);
    size_t k;
    if (!pos) return NULL;
    for (k = 0; k < d->nstage_names; k++)
        pos[k] = gj_settings_stage_index(s, gj_mdata_str(d, d->stage_names[k]));
    return pos;
}
