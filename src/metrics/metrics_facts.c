/*
 * Per-customer facts, read once per compute into the customers in memory:
 * activity scores of P, order totals (before `to` and in P), the churn
 * window flags, ABC tiers and won deals. Each is one scan whose rows are
 * added up in C, which needs no sort and no per-row join.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

typedef struct {
    gj_mpass *pass;
    int64_t last_id, last_ci; /* rows come clustered by customer */
    int64_t window;           /* churn window, seconds */
} facts_ctx;

static int64_t customer_of(facts_ctx *f, const gj_value *v)
{
    int64_t id = gj_mi(v);
    if (id != f->last_id) {
        f->last_id = id;
        f->last_ci = gj_mdata_customer(f->pass->data, id);
    }
    return f->last_ci;
}

int gj_metrics_scan_events(gj_db *db, int64_t from, int64_t to, int *scan)
{
    gj_store *st = gj_db_store(db);
    gj_value p[2];
    int64_t in_range = 0, size = 0;
    int rc;
    p[0] = gj_vint(from);
    p[1] = gj_vint(to);
    rc = gj_store_int(st, "SELECT count(*) FROM events WHERE at >= ?1 AND at < ?2", p, 2, &in_range);
    if (rc == GJ_OK) rc = gj_store_int(st, "SELECT count(*) FROM events", NULL, 0, &size);
    if (rc != GJ_OK) return gj_db_fail_store(db, rc);
    *scan = in_range * 16 >= size;
    return GJ_OK;
}

/* Events of P, by the plan gj_metrics_scan_events picks. */
static const char events_range_sql[] =
    "SELECT customer_id, kind FROM events WHERE at >= ?1 AND at < ?2";
static const char events_scan_sql[] =
    "SELECT customer_id, kind FROM events NOT INDEXED WHERE at >= ?1 AND at < ?2";

static int event_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    facts_ctx *f = ctx;
    const gj_settings *s = f->pass->s;
    int64_t ci = customer_of(f, &v[0]);
    int i;
    (void)n; (void)names;
    if (ci < 0 || v[1].type != GJ_VTEXT) return 0;
    for (i = 0; i < s->nkinds; i++) /* unknown kinds score 0 */
        if (strcmp(s->kind[i], v[1].s) == 0) {
            f->pass->data->c[ci].score += s->points[i];
            break;
        }
    return 0;
}

/* FNV-1a, never 0 (0 means no category). */
static uint64_t text_hash(const char *s)
{
    uint64_t h = 14695981039346656037ULL;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h ? h : 1;
}

static int orders_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    facts_ctx *f = ctx;
    const gj_metrics_query *q = f->pass->q;
    int64_t ci = customer_of(f, &v[0]), at = gj_mi(&v[1]);
    gj_mcust *c;
    uint64_t h;
    (void)n; (void)names;
    if (ci < 0) return 0;
    c = &f->pass->data->c[ci];
    c->orders++;
    c->amount += gj_md(&v[2]);
    if (at > c->last_order) c->last_order = at;
    if (at >= q->from - f->window && at < q->from) c->active_from = 1;
    if (at >= q->to - f->window) c->active_to = 1;
    if (at < q->from) return 0;
    c->orders_p++;
    if (v[3].type != GJ_VTEXT || c->cross_p) return 0; /* no category: not a category */
    /* categories are compared by a 64-bit hash: nothing to store per order */
    h = text_hash(v[3].s);
    if (!c->category_p) c->category_p = h;
    else if (c->category_p != h) c->cross_p = 1;
    return 0;
}

static int won_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    facts_ctx *f = ctx;
    int64_t ci = customer_of(f, &v[0]);
    (void)n; (void)names;
    if (ci < 0) return 0;
    f->pass->data->c[ci].ever_won = 1;
    if (gj_mi(&v[1]) >= f->pass->q->from) f->pass->data->c[ci].won_p = 1;
    return 0;
}

typedef struct {
    double amount;
    int64_t id;
    size_t ci;
} revenue;

static int by_revenue(const void *a, const void *b)
{
    const revenue *x = a, *y = b;
    if (x->amount != y->amount) return x->amount > y->amount ? -1 : 1;
    return (x->id > y->id) - (x->id < y->id);
}

/* ABC by revenue before `to`: descending (ties by id), A while the running
 * share is <= 80 %, B while <= 95 %, C after; no orders or no revenue is C.
 * A manual tier wins. */
static int abc_tiers(gj_mdata *d)
{
    revenue *r = malloc((d->nc ? d->nc : 1) * sizeof *r);
    size_t i, n = 0;
    double total = 0, run = 0;
    if (!r) return -1;
    for (i = 0; i < d->nc; i++) {
        d->c[i].abc_tier = 'C';
        if (d->c[i].orders > 0) {
            r[n].amount = d->c[i].amount;
            r[n].id = d->c[i].id;
            r[n++].ci = i;
            total += d->c[i].amount;
        }
    }
    qsort(r, n, sizeof *r, by_revenue);
    for (i = 0; i < n; i++) {
        gj_mcust *c = &d->c[r[i].ci];
        char t;
        run += c->amount;
        t = !(total > 0) ? 'C' : run <= 0.80 * total ? 'A' : run <= 0.95 * total ? 'B' : 'C';
        c->abc_tier = t;
        if (!c->manual_tier) c->tier = t;
    }
    free(r);
    return 0;
}

static int text_is(const gj_mdata *d, size_t ref, const char *want)
{
    const char *s = gj_mdata_str(d, ref);
    return !want || (s && strcmp(s, want) == 0);
}

int gj_metrics_facts(gj_mpass *pass)
{
    gj_store *st = gj_db_store(pass->db);
    gj_mdata *d = pass->data;
    const gj_metrics_query *q = pass->q;
    facts_ctx f;
    gj_value p[2];
    size_t i, j;
    int rc, scan = 0;
    memset(&f, 0, sizeof f);
    f.pass = pass;
    f.last_id = -1;
    f.window = (int64_t)llround(pass->s->churn_window_days * GJ_DAY);
    p[0] = gj_vint(q->from);
    p[1] = gj_vint(q->to);
    for (i = 0; i < d->nc; i++) { /* a series reuses the customers: start clean */
        gj_mcust *c = &d->c[i];
        memset(&c->score, 0, offsetof(gj_mcust, fu_start) - offsetof(gj_mcust, score));
        c->tier = c->manual_tier ? c->manual_tier : 'C';
        c->abc_tier = 'C';
    }
    rc = GJ_OK;
    if (pass->scores) /* a series read the events of every period at once */
        for (i = 0; i < d->nc; i++)
            d->c[i].score = pass->scores[i * (size_t)pass->nperiods + (size_t)pass->period];
    else if (pass->sources & GJ_MSRC_EVENTS)
        rc = gj_metrics_scan_events(pass->db, q->from, q->to, &scan);
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_EVENTS) && !pass->scores)
        GJ_MPROF("facts: events", rc = gj_store_run(st, scan ? events_scan_sql : events_range_sql,
                                                    p, 2, event_row, &f, NULL, NULL));
    f.last_id = -1;
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_ORDERS))
        GJ_MPROF("facts: orders", rc = gj_store_run(st,
            "SELECT customer_id, at, amount, category FROM orders NOT INDEXED WHERE at < ?2",
            p, 2, orders_row, &f, NULL, NULL));
    f.last_id = -1;
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_WON))
        GJ_MPROF("facts: won", rc = gj_store_run(st,
            "SELECT customer_id, closed_at FROM deals NOT INDEXED"
            " WHERE status = 'won' AND closed_at < ?2", p, 2, won_row, &f, NULL, NULL));
    if (rc != GJ_OK) return gj_db_fail_store(pass->db, rc);
    if (pass->rc != GJ_OK || abc_tiers(d) != 0) return gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
    for (i = 0; i < d->nc; i++) {
        gj_mcust *c = &d->c[i];
        c->ok = (!q->tier || c->tier == q->tier[0]) && text_is(d, c->channel, q->channel) &&
                text_is(d, c->source, q->source);
        for (j = c->fu_start; j < c->fu_end && !c->fu_p; j++)
            c->fu_p = d->fu[j].at >= q->from && d->fu[j].at < q->to;
    }
    return GJ_OK;
}

typedef struct {
    gj_mpass *pass;
    const int64_t *bounds;
    int n;
} series_ctx;

/* Columns: customer, kind, at. */
static int series_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    series_ctx *sc = ctx;
    gj_mpass *pass = sc->pass;
    int64_t ci = gj_mdata_customer(pass->data, gj_mi(&v[0])), at = gj_mi(&v[2]);
    int lo = 0, hi = sc->n, i;
    (void)n; (void)names;
    if (ci < 0 || v[1].type != GJ_VTEXT) return 0;
    while (hi - lo > 1) { /* the period: bounds[lo] <= at < bounds[lo + 1] */
        int mid = (lo + hi) / 2;
        if (sc->bounds[mid] <= at) lo = mid;
        else hi = mid;
    }
    for (i = 0; i < pass->s->nkinds; i++)
        if (strcmp(pass->s->kind[i], v[1].s) == 0) {
            pass->scores[(size_t)ci * (size_t)sc->n + (size_t)lo] += pass->s->points[i];
            break;
        }
    return 0;
}

int gj_metrics_series_scores(gj_mpass *pass, const int64_t *bounds, int n)
{
    series_ctx sc;
    gj_value p[2];
    int rc, scan = 0;
    pass->scores = NULL;
    pass->nperiods = n;
    if (n < 2 || !(pass->sources & GJ_MSRC_EVENTS) || pass->data->nc * (size_t)n > 8000000)
        return GJ_OK; /* one period, or too large a table: scan per period */
    if (!(pass->scores = calloc(pass->data->nc * (size_t)n, sizeof *pass->scores)))
        return GJ_OK;
    sc.pass = pass;
    sc.bounds = bounds;
    sc.n = n;
    p[0] = gj_vint(bounds[0]);
    p[1] = gj_vint(bounds[n]);
    rc = gj_metrics_scan_events(pass->db, bounds[0], bounds[n], &scan);
    if (rc == GJ_OK)
        rc = gj_store_run(gj_db_store(pass->db),
                          scan ? "SELECT customer_id, kind, at FROM events NOT INDEXED WHERE at >= ?1 AND at < ?2"
                               : "SELECT customer_id, kind, at FROM events WHERE at >= ?1 AND at < ?2",
                          p, 2, series_row, &sc, NULL, NULL);
    if (rc != GJ_OK) {
        free(pass->scores);
        pass->scores = NULL;
        return gj_db_fail_store(pass->db, rc);
    }
    return GJ_OK;
}

int gj_metrics_snapshot(gj_db *db, int64_t from, int64_t to, int followups, gj_mdata **d)
{
    gj_metrics_query q;
    gj_mpass pass;
    memset(&q, 0, sizeof q);
    memset(&pass, 0, sizeof pass);
    q.from = from;
    q.to = to;
    pass.db = db;
    pass.q = &q;
    if (!(pass.s = gj_settings_get(db))) return gj_db_errcode(db);
    pass.now = gj_db_now(db);
    pass.sources = GJ_MSRC_ORDERS | GJ_MSRC_WON;
    if (!(pass.data = *d = gj_mdata_shared(db, followups))) return gj_db_errcode(db);
    return gj_metrics_facts(&pass);
}
