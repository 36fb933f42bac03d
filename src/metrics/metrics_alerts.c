/*
 * Churn early warnings. Every rule reads one source once (follow-ups,
 * orders and events in memory, complaint tickets by range) and
 * records, per customer, which rule fired and with which numbers.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

static const struct {
    const char *name;
    const char *field[3];
} rules[GJ_ALERT_NRULES] = {
    {"no_reply", {"unanswered", "days_since_first", NULL}},
    {"purchase_gap", {"days_since_last_order", "median_gap_days", "factor"}},
    {"activity_drop", {"recent_score", "baseline_score", "ratio"}},
    {"cadence", {"days_since_contact", "cadence_days", NULL}},
    {"open_complaint", {"open_hours", "limit_hours", NULL}},
};

const char *gj_metrics_alert_rule(int rule)
{
    return rule >= 0 && rule < GJ_ALERT_NRULES ? rules[rule].name : NULL;
}

const char *gj_metrics_alert_field(int rule, int i)
{
    return rule >= 0 && rule < GJ_ALERT_NRULES && i >= 0 && i < 3 ? rules[rule].field[i] : NULL;
}

typedef struct {
    gj_db *db;
    gj_mdata *d;
    const gj_settings *s;
    int64_t as_of, rep;
    const gj_metrics_team *team;
    gj_metrics_warning *w; /* warnings by customer index: up to NRULES each */
    unsigned char *nw;     /* warnings per customer */
    /* per-customer scratch of the row scans */
    int64_t last_ci;
    double *times;
    size_t ntimes, cap;
    double *recent, *base;
    int oom;
} alert_ctx;

static int watched(const alert_ctx *a, int64_t ci)
{
    const gj_mcust *c;
    if (ci < 0) return 0;
    c = &a->d->c[ci];
    return !c->closed && c->created_at < a->as_of && gj_metrics_rep_in(a->rep, a->team, c->owner);
}

static void fire(alert_ctx *a, int64_t ci, int rule, double x0, double x1, double x2, int64_t ref)
{
    gj_metrics_warning *w = &a->w[(size_t)ci * GJ_ALERT_NRULES + a->nw[ci]++];
    w->rule = rule;
    w->x[0] = x0;
    w->x[1] = x1;
    w->x[2] = x2;
    w->ref_id = ref;
}

/* no_reply and cadence, from the follow-up sequence. no_reply: the last N
 * outbound follow-ups have no reply and the customer has not reached out
 * (an inbound follow-up) since the first of them. cadence: no follow-up
 * for longer than the tier's cadence (counted from creation when none). */
static void followup_rules(alert_ctx *a, int64_t ci)
{
    const gj_mcust *c = &a->d->c[ci];
    const gj_settings *s = a->s;
    int64_t n = (int64_t)s->rule_no_reply_n, seen = 0, last = c->created_at;
    size_t j, end = c->fu_start;
    double k = s->cadence_days[c->tier == 'A' ? 0 : c->tier == 'B' ? 1 : 2];
    while (end < c->fu_end && a->d->fu[end].at < a->as_of) end++;
    if (end > c->fu_start) last = a->d->fu[end - 1].at;
    if (s->rule_no_reply) {
        for (j = end; j > c->fu_start && seen < n; j--) {
            const gj_mfu *f = &a->d->fu[j - 1];
            if (!(f->flags & GJ_MFU_OUTBOUND) || (f->flags & GJ_MFU_REPLIED)) break;
            seen++;
        }
        if (seen == n)
            fire(a, ci, GJ_ALERT_NO_REPLY, (double)n,
                 (double)(a->as_of - a->d->fu[end - (size_t)n].at) / GJ_DAY, 0,
                 a->d->fu[end - 1].id);
    }
    if (s->rule_cadence && (double)(a->as_of - last) > k * GJ_DAY)
        fire(a, ci, GJ_ALERT_CADENCE, (double)(a->as_of - last) / GJ_DAY, k, 0, 0);
}

static int cmp_double(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return a < b ? -1 : a > b;
}

/* purchase_gap for the customer whose order times are in a->times. */
static void gap_rule(alert_ctx *a, int64_t ci)
{
    size_t i, n = a->ntimes;
    double median, since, factor = a->s->rule_purchase_gap_factor;
    if (n < 3 || !watched(a, ci)) return;
    for (i = 0; i + 1 < n; i++) a->times[i] = a->times[i + 1] - a->times[i]; /* gaps */
    qsort(a->times, n - 1, sizeof *a->times, cmp_double);
    median = (n - 1) % 2 ? a->times[(n - 1) / 2] : (a->times[(n - 1) / 2 - 1] + a->times[(n - 1) / 2]) / 2;
    since = (double)a->as_of / GJ_DAY - a->d->c[ci].last_order / (double)GJ_DAY;
    if (since > factor * median / GJ_DAY)
        fire(a, ci, GJ_ALERT_PURCHASE_GAP, since, median / GJ_DAY, factor, 0);
}

/* Adds an order of customer ci at `at`; orders come by customer, then time. */
static int order_time(alert_ctx *a, int64_t ci, int64_t at)
{
    if (ci != a->last_ci) {
        if (a->last_ci >= 0) gap_rule(a, a->last_ci);
        a->last_ci = ci;
        a->ntimes = 0;
    }
    if (a->ntimes == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        double *t = gj_realloc(a->times, cap * sizeof *t);
        if (!t) { a->oom = 1; return 1; }
        a->times = t;
        a->cap = cap;
    }
    a->times[a->ntimes++] = (double)at;
    return 0;
}

/* Complaint tickets of a period. Columns: customer, ticket id, created,
 * resolved. */
static const char complaints_sql[] =
    "SELECT customer_id, id, created_at, resolved_at FROM tickets NOT INDEXED"
    " WHERE category = 'complaint' AND created_at >= ?2 AND created_at < ?3";

/* Columns: customer, ticket id, created, resolved; by creation time. Only
 * complaints still open at as_of count. */
static int complaint_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    alert_ctx *a = ((gj_mpass *)ctx)->user;
    int64_t ci = gj_mdata_customer(a->d, gj_mi(&v[0]));
    (void)n; (void)names;
    if (v[3].type != GJ_VNULL && gj_mi(&v[3]) <= a->as_of) return 0; /* resolved by as_of */
    if (watched(a, ci) && a->nw[ci] < GJ_ALERT_NRULES &&
        !(a->nw[ci] && a->w[(size_t)ci * GJ_ALERT_NRULES + a->nw[ci] - 1].rule == GJ_ALERT_OPEN_COMPLAINT))
        fire(a, ci, GJ_ALERT_OPEN_COMPLAINT, (double)(a->as_of - gj_mi(&v[2])) / 3600.0,
             a->s->rule_open_complaint_hours, 0, gj_mi(&v[1]));
    return 0;
}

static int run_sources(alert_ctx *a)
{
    size_t i;
    int rc = GJ_OK;
    for (i = 0; i < a->d->nc; i++)
        if (watched(a, (int64_t)i)) followup_rules(a, (int64_t)i);
    if (a->s->rule_purchase_gap) {
        a->last_ci = -1;
        for (i = 0; i < a->d->norders && !a->oom; i++) /* in memory, by customer and time */
            if (a->d->orders[i].cust >= 0 && a->d->orders[i].at < a->as_of)
                order_time(a, a->d->orders[i].cust, a->d->orders[i].at);
        if (!a->oom && a->last_ci >= 0) gap_rule(a, a->last_ci);
    }
    if (rc == GJ_OK && a->s->rule_activity_drop) {
        /* the events in memory: [as_of - 56 d, as_of - 28 d) is the baseline */
        int64_t mid = a->as_of - 28 * GJ_DAY, start = a->as_of - 56 * GJ_DAY;
        double *pts = NULL;
        if ((rc = gj_mdata_events(a->db, a->d)) != GJ_OK) return rc;
        if (!(pts = gj_mdata_kind_points(a->d, a->s))) return gj_db_fail(a->db, GJ_NOMEM, NULL, "out of memory");
        for (i = 0; i < a->d->nev; i++) {
            const gj_mevent *e = &a->d->ev[i];
            if (e->at >= mid && e->at < a->as_of) a->recent[e->cust] += pts[e->kind];
            else if (e->at >= start && e->at < mid) a->base[e->cust] += pts[e->kind];
        }
        free(pts);
        for (i = 0; rc == GJ_OK && i < a->d->nc; i++)
            if (watched(a, (int64_t)i) && a->base[i] >= a->s->active_threshold && a->base[i] > 0 &&
                a->recent[i] < a->s->rule_activity_drop_ratio * a->base[i])
                fire(a, (int64_t)i, GJ_ALERT_ACTIVITY_DROP, a->recent[i], a->base[i],
                     a->s->rule_activity_drop_ratio, 0);
    }
    if (rc == GJ_OK && !a->oom && a->s->rule_open_complaint) {
        /* complaints created up to as_of - limit, oldest first (a period
         * query: the tickets are kept in memory by creation time) */
        gj_metrics_query q;
        gj_mpass pass;
        memset(&q, 0, sizeof q);
        memset(&pass, 0, sizeof pass);
        q.from = INT64_MIN;
        q.to = a->as_of - llround(a->s->rule_open_complaint_hours * 3600) + 1;
        pass.db = a->db;
        pass.q = &q;
        pass.s = a->s;
        pass.data = a->d;
        pass.user = a;
        return gj_metrics_run_period(&pass, complaints_sql, 2, complaint_row) != GJ_OK
                   ? gj_db_errcode(a->db)
                   : a->oom ? gj_db_fail(a->db, GJ_NOMEM, NULL, "out of memory") : GJ_OK;
    }
    return a->oom ? gj_db_fail(a->db, GJ_NOMEM, NULL, "out of memory") : GJ_OK;
}

/* Collects the customers with warnings into r, most valuable first. */
static int collect(alert_ctx *a, gj_metrics_alerts *r)
{
    size_t i, k, n = 0, nw = 0;
    for (i = 0; i < a->d->nc; i++) {
        n += a->nw[i] > 0;
        nw += a->nw[i];
    }
    r->alerts = gj_calloc(n ? n : 1, sizeof *r->alerts);
    r->warnings = gj_calloc(nw ? nw : 1, sizeof *r->warnings);
    if (!r->alerts || !r->warnings) return -1;
    for (i = 0; i < a->d->nc; i++) {
        gj_metrics_alert *al;
        if (!a->nw[i]) continue;
        al = &r->alerts[r->n++];
        al->customer_id = a->d->c[i].id;
        al->owner_id = a->d->c[i].owner;
        al->tier = a->d->c[i].tier;
        al->value = a->d->c[i].amount;
        al->first = r->nwarnings;
        al->n = a->nw[i];
        for (k = 0; k < a->nw[i]; k++) {
            r->warnings[r->nwarnings++] = a->w[i * GJ_ALERT_NRULES + k];
            r->fired[a->w[i * GJ_ALERT_NRULES + k].rule]++;
        }
    }
    { /* by value descending; customers came by id, and the sort is stable */
        double *key = gj_malloc((r->n ? r->n : 1) * sizeof *key);
        int rc;
        if (!key) return -1;
        for (i = 0; i < r->n; i++) key[i] = -r->alerts[i].value;
        rc = gj_metrics_sort_by(r->alerts, r->n, sizeof *r->alerts, key);
        free(key);
        return rc;
    }
}

int gj_metrics_alerts_compute(gj_db *db, int64_t as_of, int64_t rep_id, const gj_metrics_team *team,
                              gj_metrics_alerts **out)
{
    gj_metrics_alerts *r = NULL;
    gj_mdata *d = NULL;
    alert_ctx a;
    int rc;
    *out = NULL;
    memset(&a, 0, sizeof a);
    if ((rc = gj_metrics_snapshot(db, as_of, as_of, 1, &d)) != GJ_OK) return rc;
    a.db = db;
    a.d = d;
    a.s = gj_settings_get(db);
    a.as_of = as_of;
    a.rep = rep_id;
    a.team = team;
    a.w = gj_malloc((d->nc ? d->nc : 1) * GJ_ALERT_NRULES * sizeof *a.w);
    a.nw = gj_calloc(d->nc ? d->nc : 1, 1);
    a.recent = gj_calloc(d->nc ? d->nc : 1, sizeof *a.recent);
    a.base = gj_calloc(d->nc ? d->nc : 1, sizeof *a.base);
    if (!a.s) rc = gj_db_errcode(db);
    else if (!a.w || !a.nw || !a.recent || !a.base || !(r = gj_calloc(1, sizeof *r)))
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    else if ((rc = run_sources(&a)) == GJ_OK && collect(&a, r) != 0)
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    if (r) r->as_of = as_of;
    free(a.w);
    free(a.nw);
    free(a.recent);
    free(a.base);
    free(a.times);
    if (rc != GJ_OK) {
        gj_metrics_alerts_free(r);
        return rc;
    }
    *out = r;
    return GJ_OK;
}

void gj_metrics_alerts_free(gj_metrics_alerts *a)
{
    if (!a) return;
    free(a->alerts);
    free(a->warnings);
    free(a);
}
