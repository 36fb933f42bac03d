/*
 * The follow-up sequence in memory: every customer (with its effective
 * tier and breakdown keys) and its follow-ups in time order. Intervals and
 * due items need, for each follow-up, its neighbours in the customer's
 * sequence; one sequential scan and a counting sort give them to all
 * follow-ups at once, where per-row SQL lookups cost microseconds each.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

size_t gj_mdata_intern(gj_mdata *d, const gj_value *v)
{
    size_t n, off;
    if (v->type != GJ_VTEXT) return 0;
    n = strlen(v->s) + 1;
    if (d->slen + n > d->scap) {
        size_t cap = (d->scap + n) * 2;
        char *ns = gj_realloc(d->strings, cap);
        if (!ns) return (size_t)-1;
        d->strings = ns;
        d->scap = cap;
    }
    off = d->slen;
    memcpy(d->strings + off, v->s, n);
    d->slen += n;
    return off + 1;
}

void *gj_mgrow(void *arr, size_t n, size_t *cap, size_t elem)
{
    size_t want = *cap ? *cap * 2 : 4096;
    void *p;
    if (n < *cap) return arr;
    if (!(p = gj_realloc(arr, want * elem))) return NULL;
    *cap = want;
    return p;
}

typedef struct {
    gj_mdata *d;
    size_t cap;
    int oom;
} load_ctx;

/* Columns: customers_sql. */
static int customer_row(void *ctx, gj_store_cursor *cur)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    gj_mcust *c;
    const char *tier = gj_mscan_text(cur, 2), *status;
    gj_value t;
    if (!(c = gj_mgrow(d->c, d->nc, &l->cap, sizeof *c))) { l->oom = 1; return 1; }
    d->c = c;
    c = &d->c[d->nc++];
    memset(c, 0, sizeof *c);
    c->id = gj_store_col_int(cur, 0);
    c->owner = gj_store_col_int(cur, 1); /* NULL reads 0: none */
    c->manual_tier = tier ? tier[0] : 0;
    c->tier = c->manual_tier ? c->manual_tier : 'C'; /* until the ABC tiers are known */
    t = gj_vtext(gj_mscan_text(cur, 3));
    c->channel = gj_mdata_intern(d, &t);
    t = gj_vtext(gj_mscan_text(cur, 4));
    c->source = gj_mdata_intern(d, &t);
    c->created_at = gj_store_col_int(cur, 5);
    status = gj_mscan_text(cur, 7);
    c->closed = gj_store_col_int(cur, 6) != 0 || (status && strcmp(status, "churned") == 0);
    if (c->channel == (size_t)-1 || c->source == (size_t)-1) { l->oom = 1; return 1; }
    return 0;
}

/* A sequential scan of every follow-up: the flags (GJ_MFU_*) are made in
 * C from the raw columns, where SQL expressions cost ~50 ms at 500k rows. */
static const char followups_sql[] =
    "SELECT customer_id, at, id, rep_id, next_due_at, direction, customer_replied,"
    " outcome, next_action FROM followups NOT INDEXED";

/* Whether column col holds a value other than NULL and '' (SQL's
 * coalesce(col, '') <> ''). */
static int nonempty(gj_store_cursor *cur, int col)
{
    int len;
    switch (gj_store_col_type(cur, col)) {
    case GJ_VNULL: return 0;
    case GJ_VTEXT: gj_store_col_text(cur, col, &len); return len > 0;
    default: return 1;
    }
}

/* Columns: followups_sql. */
static int followup_row(void *ctx, gj_store_cursor *cur)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    gj_mfu *f;
    int len;
    const char *dir;
    if (!(f = gj_mgrow(d->fu, d->nfu, &l->cap, sizeof *f))) { l->oom = 1; return 1; }
    d->fu = f;
    f = &d->fu[d->nfu++];
    f->cust = gj_store_col_int(cur, 0); /* the customer id for now; an index after the sort */
    f->at = gj_store_col_int(cur, 1);
    f->id = gj_store_col_int(cur, 2);
    f->rep = gj_store_col_int(cur, 3); /* NULL reads 0: none */
    f->due = gj_store_col_type(cur, 4) == GJ_VNULL ? INT64_MIN : gj_mscan_int(cur, 4);
    dir = gj_store_col_text(cur, 5, &len);
    f->flags = (unsigned char)((dir && len == 8 && memcmp(dir, "outbound", 8) == 0 ? GJ_MFU_OUTBOUND : 0) |
                               (gj_store_col_int(cur, 6) ? GJ_MFU_REPLIED : 0) |
                               (nonempty(cur, 7) && (nonempty(cur, 8) || f->due != INT64_MIN)
                                    ? GJ_MFU_COMPLETE : 0));
    return 0;
}

uint64_t gj_mdata_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ? h : 1;
}

static int order_cmp(const void *a, const void *b)
{
    const gj_morder *x = a, *y = b;
    if (x->cust != y->cust) return x->cust < y->cust ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

/* Orders and won deals keep the customer id until every row is read.
 * Columns: customer, at, amount, category. */
static int order_row(void *ctx, gj_store_cursor *cur)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    gj_morder *o;
    const char *cat = gj_mscan_text(cur, 3);
    if (!(o = gj_mgrow(d->orders, d->norders, &l->cap, sizeof *o))) { l->oom = 1; return 1; }
    d->orders = o;
    o = &d->orders[d->norders++];
    o->cust = gj_store_col_int(cur, 0);
    o->at = gj_store_col_int(cur, 1);
    o->amount = gj_store_col_type(cur, 2) == GJ_VTEXT ? 0 : gj_store_col_real(cur, 2); /* as gj_md */
    o->category = cat ? gj_mdata_hash(cat) : 0;
    return 0;
}

/* Columns: customer, closed_at. */
static int won_row(void *ctx, gj_store_cursor *cur)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    gj_mwon *w = gj_mgrow(d->won, d->nwon, &l->cap, sizeof *w);
    if (!w) { l->oom = 1; return 1; }
    d->won = w;
    d->won[d->nwon].cust = gj_store_col_int(cur, 0);
    d->won[d->nwon++].closed_at = gj_mscan_int(cur, 1);
    return 0;
}

/* Index of customer `id` in d->c (sorted by id), or -1. */
static int64_t cust_index(const gj_mdata *d, int64_t id)
{
    size_t lo = 0, hi = d->nc;
    if (d->dense) return id >= 0 && id < d->dense_n ? (int64_t)d->dense[id] - 1 : -1;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (d->c[mid].id < id) lo = mid + 1;
        else hi = mid;
    }
    return lo < d->nc && d->c[lo].id == id ? (int64_t)lo : -1;
}

static int fu_cmp(const void *a, const void *b)
{
    const gj_mfu *x = a, *y = b;
    if (x->at != y->at) return x->at < y->at ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* Groups the follow-ups by customer (counting sort on the customer index)
 * and orders each customer's by (at, id). Rows already in that order (a
 * table filled customer by customer, as the demo and bench data are) are
 * only counted: the scatter of 500k rows cost ~15 ms. */
static int group_followups(gj_mdata *d)
{
    gj_mfu *out = NULL;
    size_t i, *pos = NULL;
    int grouped = 1;
    if (d->nfu == 0) return 0;
    for (i = 0; i < d->nfu; i++) {
        int64_t k = cust_index(d, d->fu[i].cust);
        d->fu[i].cust = k; /* follow-ups always have a customer (foreign key) */
        if (k >= 0) d->c[k].fu_end++;
        if (grouped && (k < 0 || (i > 0 && (k < d->fu[i - 1].cust ||
                                            (k == d->fu[i - 1].cust && fu_cmp(&d->fu[i - 1], &d->fu[i]) >= 0)))))
            grouped = 0;
    }
    for (i = 0; i < d->nc; i++)
        d->c[i].fu_start = i ? d->c[i - 1].fu_start + d->c[i - 1].fu_end : 0;
    if (grouped) {
        for (i = 0; i < d->nc; i++) d->c[i].fu_end += d->c[i].fu_start;
        return 0;
    }
    out = gj_malloc(d->nfu * sizeof *out);
    pos = gj_calloc(d->nc + 1, sizeof *pos);
    if (!out || !pos) goto fail;
    for (i = 0; i < d->nc; i++) {
        pos[i] = d->c[i].fu_start;
        d->c[i].fu_end += d->c[i].fu_start;
    }
    for (i = 0; i < d->nfu; i++)
        if (d->fu[i].cust >= 0) out[pos[d->fu[i].cust]++] = d->fu[i];
    for (i = 0; i < d->nc; i++) {
        size_t j, a = d->c[i].fu_start, b = d->c[i].fu_end;
        for (j = a + 1; j < b && fu_cmp(&out[j - 1], &out[j]) < 0; j++) {}
        if (j < b) qsort(out + a, b - a, sizeof *out, fu_cmp); /* usually already in order */
    }
    free(d->fu);
    free(pos);
    d->fu = out;
    d->nfu = d->nc ? d->c[d->nc - 1].fu_end : 0;
    return 0;
fail:
    free(out);
    free(pos);
    return -1;
}

static const char customers_sql[] =
    "SELECT id, owner_id, tier, channel, source, created_at, archived, status"
    " FROM customers ORDER BY id";



int gj_mdata_load(gj_db *db, int followups, gj_mdata *d)
{
    gj_store *st = gj_db_store(db);
    load_ctx l;
    int rc;
    memset(d, 0, sizeof *d);
    memset(&l, 0, sizeof l);
    l.d = d;
    GJ_MPROF("load customers", rc = gj_mscan(st, customers_sql, NULL, 0, customer_row, &l));
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    l.cap = 0;
    if (followups)
        GJ_MPROF("load follow-ups", rc = gj_mscan(st, followups_sql, NULL, 0, followup_row, &l));
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    /* ids are usually dense: a direct map beats a binary search per row */
    if (d->nc && d->nc < INT32_MAX && d->c[0].id >= 0 &&
        d->c[d->nc - 1].id < (int64_t)d->nc * 4 + 1024 &&
        (d->dense = gj_calloc((size_t)d->c[d->nc - 1].id + 1, sizeof *d->dense)) != NULL) {
        size_t i;
        d->dense_n = d->c[d->nc - 1].id + 1;
        for (i = 0; i < d->nc; i++)
            d->dense[d->c[i].id] = (int32_t)(i + 1);
    }
    GJ_MPROF("group follow-ups", rc = group_followups(d));
    if (rc != 0) goto oom;
    /* orders and won deals: every op's facts (tiers, retention, won) read
     * them, a trend once per period; from memory that is a loop */
    l.cap = 0;
    GJ_MPROF("load orders", rc = gj_mscan(st, "SELECT customer_id, at, amount, category FROM orders NOT INDEXED",
                                          NULL, 0, order_row, &l));
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    l.cap = 0;
    rc = gj_mscan(st, "SELECT customer_id, closed_at FROM deals NOT INDEXED WHERE status = 'won'", NULL, 0,
                  won_row, &l);
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    {
        size_t i;
        for (i = 0; i < d->norders; i++) d->orders[i].cust = cust_index(d, d->orders[i].cust);
        for (i = 0; i < d->nwon; i++) d->won[i].cust = cust_index(d, d->won[i].cust);
        /* by customer, then time: the purchase-gap rule walks each customer's */
        for (i = 1; i < d->norders && order_cmp(&d->orders[i - 1], &d->orders[i]) <= 0; i++) {}
        if (i < d->norders) /* not in order already (qsort(NULL, 0) is undefined) */
            qsort(d->orders, d->norders, sizeof *d->orders, order_cmp);
    }
    return GJ_OK;
store_fail:
    gj_mdata_free(d);
    return gj_db_fail_store(db, rc);
oom:
    gj_mdata_free(d);
    return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

void gj_mdata_free(gj_mdata *d)
{
    if (!d) return;
    free(d->c);
    free(d->fu);
    free(d->strings);
    free(d->dense);
    free(d->orders);
    free(d->won);
    free(d->ev);
    free(d->kinds);
    free(d->deals);
    free(d->hist);
    free(d->stage_names);

    gj_metrics_rows_free(d->rows);
    memset(d, 0, sizeof *d);
}

const char *gj_mdata_str(const gj_mdata *d, size_t ref)
{
    return ref ? d->strings + ref - 1 : NULL;
}

int64_t gj_mdata_customer(const gj_mdata *d, int64_t id) { return cust_index(d, id); }

int gj_mdata_met(const gj_mdata *d, int64_t ci, int64_t from, int64_t until, int64_t skip_id)
{
    const gj_mcust *c = &d->c[ci];
    size_t lo = c->fu_start, hi = c->fu_end;
    while (lo < hi) { /* first follow-up at or after `from` */
        size_t mid = lo + (hi - lo) / 2;
        if (d->fu[mid].at < from) lo = mid + 1;
        else hi = mid;
    }
    for (; lo < c->fu_end && d->fu[lo].at <= until; lo++)
        if (d->fu[lo].id != skip_id) return 1;
    return 0;
}
