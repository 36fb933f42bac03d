/*
 * The follow-up sequence in memory: every customer (with its effective
 * tier and breakdown keys) and its follow-ups in time order. Intervals and
 * due items need, for each follow-up, its neighbours in the customer's
 * sequence; one sequential scan and a counting sort give them to all
 * follow-ups at once, where per-row SQL lookups cost microseconds each.
 */
#include <stdio.h>
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
        char *ns = realloc(d->strings, cap);
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
    if (!(p = realloc(arr, want * elem))) return NULL;
    *cap = want;
    return p;
}

typedef struct {
    gj_mdata *d;
    size_t cap;
    int oom;
} load_ctx;

static int customer_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    gj_mcust *c;
    (void)n; (void)names;
    if (!(c = gj_mgrow(d->c, d->nc, &l->cap, sizeof *c))) { l->oom = 1; return 1; }
    d->c = c;
    c = &d->c[d->nc++];
    memset(c, 0, sizeof *c);
    c->id = gj_mi(&v[0]);
    c->owner = gj_mi(&v[1]);
    c->manual_tier = v[2].type == GJ_VTEXT ? v[2].s[0] : 0;
    c->tier = c->manual_tier ? c->manual_tier : 'C'; /* until the ABC tiers are known */
    c->channel = gj_mdata_intern(d, &v[3]);
    c->source = gj_mdata_intern(d, &v[4]);
    c->created_at = gj_mi(&v[5]);
    c->closed = gj_mi(&v[6]) != 0;
    if (c->channel == (size_t)-1 || c->source == (size_t)-1) { l->oom = 1; return 1; }
    return 0;
}

static int followup_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    gj_mfu *f;
    (void)n; (void)names;
    if (!(f = gj_mgrow(d->fu, d->nfu, &l->cap, sizeof *f))) { l->oom = 1; return 1; }
    d->fu = f;
    f = &d->fu[d->nfu++];
    f->cust = gj_mi(&v[0]); /* the customer id for now; an index after the sort */
    f->at = gj_mi(&v[1]);
    f->id = gj_mi(&v[2]);
    f->rep = gj_mi(&v[3]);
    f->due = v[4].type == GJ_VNULL ? INT64_MIN : gj_mi(&v[4]);
    f->flags = (unsigned char)gj_mi(&v[5]);
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

/* Orders and won deals keep the customer id until every row is read. */
static int order_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    gj_morder *o;
    (void)n; (void)names;
    if (!(o = gj_mgrow(d->orders, d->norders, &l->cap, sizeof *o))) { l->oom = 1; return 1; }
    d->orders = o;
    o = &d->orders[d->norders++];
    o->cust = gj_mi(&v[0]);
    o->at = gj_mi(&v[1]);
    o->amount = gj_md(&v[2]);
    o->category = v[3].type == GJ_VTEXT ? gj_mdata_hash(v[3].s) : 0;
    return 0;
}

static int won_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    load_ctx *l = ctx;
    gj_mdata *d = l->d;
    (void)n; (void)names;
    gj_mwon *w = gj_mgrow(d->won, d->nwon, &l->cap, sizeof *w);
    if (!w) { l->oom = 1; return 1; }
    d->won = w;
    d->won[d->nwon].cust = gj_mi(&v[0]);
    d->won[d->nwon++].closed_at = gj_mi(&v[1]);
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
 * and orders each customer's by (at, id). */
static int group_followups(gj_mdata *d)
{
    gj_mfu *out = NULL;
    size_t i, *pos = NULL;
    if (d->nfu == 0) return 0;
    out = malloc(d->nfu * sizeof *out);
    pos = calloc(d->nc + 1, sizeof *pos);
    if (!out || !pos) goto fail;
    for (i = 0; i < d->nfu; i++) {
        int64_t k = cust_index(d, d->fu[i].cust);
        d->fu[i].cust = k; /* follow-ups always have a customer (foreign key) */
        if (k >= 0) d->c[k].fu_end++;
    }
    for (i = 0; i < d->nc; i++) {
        d->c[i].fu_start = i ? d->c[i - 1].fu_start + d->c[i - 1].fu_end : 0;
        pos[i] = d->c[i].fu_start;
    }
    for (i = 0; i < d->nc; i++) d->c[i].fu_end += d->c[i].fu_start;
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
    "SELECT id, coalesce(owner_id, 0), tier, channel, source, created_at,"
    " archived OR status = 'churned' FROM customers ORDER BY id";

/* A sequential scan of every follow-up. */
static const char followups_sql[] =
    "SELECT customer_id, at, id, coalesce(rep_id, 0), next_due_at,"
    " (direction = 'outbound') | (customer_replied << 1) |"
    " ((coalesce(outcome, '') <> '' AND (coalesce(next_action, '') <> ''"
    "   OR next_due_at IS NOT NULL)) << 2)"
    " FROM followups NOT INDEXED";

static int load(gj_db *db, int followups, gj_mdata *d)
{
    gj_store *st = gj_db_store(db);
    load_ctx l;
    int rc;
    memset(d, 0, sizeof *d);
    memset(&l, 0, sizeof l);
    l.d = d;
    GJ_MPROF("load customers", rc = gj_store_run(st, customers_sql, NULL, 0, customer_row, &l, NULL, NULL));
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    l.cap = 0;
    if (followups)
        GJ_MPROF("load follow-ups", rc = gj_store_run(st, followups_sql, NULL, 0, followup_row, &l, NULL, NULL));
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    /* ids are usually dense: a direct map beats a binary search per row */
    if (d->nc && d->nc < INT32_MAX && d->c[0].id >= 0 &&
        d->c[d->nc - 1].id < (int64_t)d->nc * 4 + 1024 &&
        (d->dense = calloc((size_t)d->c[d->nc - 1].id + 1, sizeof *d->dense)) != NULL) {
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
    GJ_MPROF("load orders", rc = gj_store_run(st, "SELECT customer_id, at, amount, category FROM orders NOT INDEXED",
                                              NULL, 0, order_row, &l, NULL, NULL));
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    l.cap = 0;
    rc = gj_store_run(st, "SELECT customer_id, closed_at FROM deals NOT INDEXED WHERE status = 'won'", NULL, 0,
                      won_row, &l, NULL, NULL);
    if (rc != GJ_OK) goto store_fail;
    if (l.oom) goto oom;
    {
        size_t i;
        for (i = 0; i < d->norders; i++) d->orders[i].cust = cust_index(d, d->orders[i].cust);
        for (i = 0; i < d->nwon; i++) d->won[i].cust = cust_index(d, d->won[i].cust);
        /* by customer, then time: the purchase-gap rule walks each customer's */
        if (d->norders > 1) /* qsort(NULL, 0) is undefined */
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

/*
 * The shared copy. Reading customers, follow-ups, orders and won deals is
 * the largest fixed cost of every metrics op, and the data rarely changes
 * between the ops of one dashboard, so the last copy is kept while it is
 * current: temp triggers of this connection count every write to
 * the tables they come from (whatever path it takes, and
 * undone with it on rollback), and
 * PRAGMA data_version tells commits by other connections. A token in the
 * same temp table ties the copy to its connection: a new connection, even
 * at the same address, has no token. One copy per process, for one
 * connection at a time (the core is single-threaded).
 */
static struct {
    gj_mdata d;
    int valid, followups;
    int64_t token, gen, version;
} shared;
static int64_t last_token;

/* The tables the shared copy holds: a trigger per table and change. */
static const char *const watched[] = {"customers", "followups", "orders", "deals",
                                      "deal_stages", "tickets", "surveys", "events"};
static const char *const changes[] = {"INSERT", "UPDATE", "DELETE"};
#define LAST_TRIGGER "gj_mcache_events_2" /* made last: its presence means all are */

/* Makes the watch of this connection: the temp table and the triggers. */
static int watch(gj_store *st)
{
    char sql[256];
    size_t t, k;
    int rc = gj_store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS gj_mcache (token INTEGER, gen INTEGER);"
                               "INSERT INTO temp.gj_mcache SELECT 0, 0"
                               " WHERE NOT EXISTS (SELECT 1 FROM temp.gj_mcache);");
    for (t = 0; t < sizeof watched / sizeof *watched && rc == GJ_OK; t++)
        for (k = 0; k < 3 && rc == GJ_OK; k++) {
            snprintf(sql, sizeof sql, "CREATE TEMP TRIGGER IF NOT EXISTS gj_mcache_%s_%u AFTER %s ON main.%s"
                                      " BEGIN UPDATE gj_mcache SET gen = gen + 1; END;",
                     watched[t], (unsigned)k, changes[k], watched[t]);
            rc = gj_store_exec(st, sql);
        }
    return rc;
}

static int stamp(gj_store *st, int64_t *token, int64_t *gen, int64_t *version)
{
    /* the watch is made once per connection: parsing its 26 statements on
     * every op cost more than some ops (a cached one-row query says) */
    int64_t made = 0;
    int rc = gj_store_int(st, "SELECT count(*) FROM temp.sqlite_schema WHERE name = '" LAST_TRIGGER "'", NULL, 0,
                          &made);
    if (rc == GJ_OK && !made) rc = watch(st);
    if (rc == GJ_OK) rc = gj_store_int(st, "SELECT token FROM temp.gj_mcache", NULL, 0, token);
    if (rc == GJ_OK) rc = gj_store_int(st, "SELECT gen FROM temp.gj_mcache", NULL, 0, gen);
    if (rc == GJ_OK) rc = gj_store_int(st, "PRAGMA data_version", NULL, 0, version);
    return rc;
}

gj_mdata *gj_mdata_shared(gj_db *db, int followups)
{
    gj_store *st = gj_db_store(db);
    int64_t token, gen, version;
    gj_value p;
    int rc = stamp(st, &token, &gen, &version);
    if (rc != GJ_OK) {
        gj_db_fail_store(db, rc);
        return NULL;
    }
    if (shared.valid && token == shared.token && gen == shared.gen && version == shared.version &&
        (shared.followups || !followups))
        return &shared.d;
    gj_mdata_free(&shared.d);
    shared.valid = 0;
    p = gj_vint(++last_token);
    rc = gj_store_run(st, "UPDATE temp.gj_mcache SET token = ?1", &p, 1, NULL, NULL, NULL, NULL);
    if (rc != GJ_OK) {
        gj_db_fail_store(db, rc);
        return NULL;
    }
    if (load(db, followups, &shared.d) != GJ_OK) return NULL;
    if ((rc = stamp(st, &shared.token, &shared.gen, &shared.version)) != GJ_OK) {
        gj_db_fail_store(db, rc);
        return NULL;
    }
    shared.valid = 1;
    shared.followups = followups;
    return &shared.d;
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
