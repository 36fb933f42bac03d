/*
 * Per-customer facts, read once per compute into the customers in memory:
 * activity scores of P, order totals (before `to` and in P), the churn
 * window flags, ABC tiers and won deals. Each is a loop over the rows held
 * in memory (gj_mdata: read once, shared by the ops and the periods of a
 * series), which needs no SQL, no sort and no per-row join.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

typedef struct {
    gj_mpass *pass;
    int64_t window; /* churn window, seconds */
} facts_ctx;

/* Adds the points of the events of [from, to) to the customers' scores. */
static int score_events(gj_mpass *pass, int64_t from, int64_t to)
{
    gj_mdata *d = pass->data;
    double *pts;
    size_t i;
    int rc = gj_mdata_events(pass->db, d);
    if (rc != GJ_OK) return rc;
    if (!(pts = gj_mdata_kind_points(d, pass->s))) return gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
    for (i = 0; i < d->nev; i++)
        if (d->ev[i].at >= from && d->ev[i].at < to) d->c[d->ev[i].cust].score += pts[d->ev[i].kind];
    free(pts);
    return GJ_OK;
}

static void order_fact(facts_ctx *f, const gj_morder *o)
{
    const gj_metrics_query *q = f->pass->q;
    gj_mcust *c;
    if (o->cust < 0 || o->at >= q->to) return;
    c = &f->pass->data->c[o->cust];
    c->orders++;
    c->amount += o->amount;
    if (o->at > c->last_order) c->last_order = o->at;
    if (o->at >= q->from - f->window && o->at < q->from) c->active_from = 1;
    if (o->at >= q->to - f->window) c->active_to = 1;
    if (o->at < q->from) return;
    c->orders_p++;
    if (!o->category || c->cross_p) return; /* no category: not a category */
    /* categories are compared by a 64-bit hash: nothing to store per order */
    if (!c->category_p) c->category_p = o->category;
    else if (c->category_p != o->category) c->cross_p = 1;
}

/* ABC by revenue before `to`: descending (ties by id), A while the running
 * share is <= 80 %, B while <= 95 %, C after; no orders or no revenue is C.
 * A manual tier wins. The radix order is stable and the customers are by
 * id, so equal revenues stay in id order. */
static int abc_tiers(gj_mdata *d)
{
    double *key = gj_malloc((d->nc ? d->nc : 1) * sizeof *key), total = 0, run = 0;
    size_t *ci = gj_malloc((d->nc ? d->nc : 1) * sizeof *ci), *order = gj_malloc((d->nc ? d->nc : 1) * sizeof *order);
    size_t i, n = 0;
    int rc = -1;
    if (!key || !ci || !order) goto done;
    for (i = 0; i < d->nc; i++) {
        d->c[i].abc_tier = 'C';
        if (d->c[i].orders > 0) {
            key[n] = -d->c[i].amount;
            ci[n++] = i;
            total += d->c[i].amount;
        }
    }
    if (gj_metrics_order(key, n, order) != 0) goto done;
    for (i = 0; i < n; i++) {
        gj_mcust *c = &d->c[ci[order[i]]];
        char t;
        run += c->amount;
        t = !(total > 0) ? 'C' : run <= 0.80 * total ? 'A' : run <= 0.95 * total ? 'B' : 'C';
        c->abc_tier = t;
        if (!c->manual_tier) c->tier = t;
    }
    rc = 0;
done:
    free(key);
    free(ci);
    free(order);
    return rc;
}

static int text_is(const gj_mdata *d, size_t ref, const char *want)
{
    const char *s = gj_mdata_str(d, ref);
    return !want || (s && strcmp(s, want) == 0);
}

int gj_metrics_facts(gj_mpass *pass)
{
    gj_mdata *d = pass->data;
    const gj_metrics_query *q = pass->q;
    facts_ctx f;
    size_t i;
    int rc;
    f.pass = pass;
    f.window = (int64_t)llround(pass->s->churn_window_days * GJ_DAY);
    /* a trend of deals or surveys: the customers' flags and filters are
     * those of the first period (the tier filter alone follows the period) */
    if (GJ_SAME_CUSTOMERS(pass)) return GJ_OK;
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
        GJ_MPROF("facts: events", rc = score_events(pass, q->from, q->to));
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_ORDERS))
        for (i = 0; i < d->norders; i++) order_fact(&f, &d->orders[i]);
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_WON))
        for (i = 0; i < d->nwon; i++) {
            const gj_mwon *w = &d->won[i];
            if (w->cust < 0 || w->closed_at >= q->to) continue;
            d->c[w->cust].ever_won = 1;
            if (w->closed_at >= q->from) d->c[w->cust].won_p = 1;
        }
    if (rc != GJ_OK) return rc;
    if (pass->rc != GJ_OK) return gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
    /* tiers matter to a tier filter or breakdown and to cadences (follow-up
     * due items); a trend of another metric skips the sort per period */
    if ((q->tier || q->nby > 0 || (pass->sources & (GJ_MSRC_FOLLOWUPS | GJ_MSRC_STAGES)) || !pass->bounds) &&
        abc_tiers(d) != 0)
        return gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
    for (i = 0; i < d->nc; i++) {
        gj_mcust *c = &d->c[i];
        c->ok = (!q->tier || c->tier == q->tier[0]) && text_is(d, c->channel, q->channel) &&
                text_is(d, c->source, q->source);
        /* only the metrics that read follow-ups use fu_p: a trend of
         * another metric skips touching every follow-up per period */
        if (pass->sources & GJ_MSRC_FOLLOWUPS)
            c->fu_p = (unsigned char)gj_mdata_met(d, (int64_t)i, q->from, q->to - 1, INT64_MIN);
    }
    return GJ_OK;
}

int gj_metrics_series_scores(gj_mpass *pass, const int64_t *bounds, int n)
{
    gj_mdata *d = pass->data;
    double *pts;
    size_t i;
    int rc;
    pass->scores = NULL;
    pass->nperiods = n;
    if (n < 2 || !(pass->sources & GJ_MSRC_EVENTS) || d->nc * (size_t)n > 8000000)
        return GJ_OK; /* one period, or too large a table: score per period */
    if ((rc = gj_mdata_events(pass->db, d)) != GJ_OK) return rc;
    pts = gj_mdata_kind_points(d, pass->s);
    if (!pts || !(pass->scores = gj_calloc(d->nc * (size_t)n, sizeof *pass->scores))) {
        free(pts);
        return GJ_OK; /* per period then */
    }
    for (i = 0; i < d->nev; i++) {
        const gj_mevent *e = &d->ev[i];
        int lo = 0, hi = n;
        if (e->at < bounds[0] || e->at >= bounds[n]) continue;
        while (hi - lo > 1) { /* the period: bounds[lo] <= at < bounds[lo + 1] */
            int mid = (lo + hi) / 2;
            if (bounds[mid] <= e->at) lo = mid;
            else hi = mid;
        }
        pass->scores[(size_t)e->cust * (size_t)n + (size_t)lo] += pts[e->kind];
    }
    free(pts);
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
