/*
 * Churn early warnings. Every rule reads one source once (follow-ups and
 * orders in memory or in customer order, events and tickets by range) and
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
    gj_metrics_warning *w; /* warnings by customer index: up to NRULES each */
    unsigned char *nw;     /* warnings per customer */
    /* per-customer scratch of the row scans */
    int64_t last_id, last_ci;
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
    return !c->closed && c->created_at < a->as_of && (!a->rep || c->owner == a->rep);
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

/* Columns: customer, at; in customer order (the orders_customer index). */
static int order_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    alert_ctx *a = ctx;
    int64_t id = gj_mi(&v[0]);
    (void)n; (void)names;
    if (id != a->last_id) {
        if (a->last_ci >= 0) gap_rule(a, a->last_ci);
        a->last_id = id;
        a->last_ci = gj_mdata_customer(a->d, id);
        a->ntimes = 0;
    }
    if (a->ntimes == a->cap) {
        size_t cap = a->cap ? a->cap * 2 : 64;
        double *t = realloc(a->times, cap * sizeof *t);
        if (!t) { a->oom = 1; return 1; }
        a->times = t;
        a->cap = cap;
    }
    a->times[a->ntimes++] = (double)gj_mi(&v[1]);
    return 0;
}

/* Columns: customer, kind, in the recent 28 days. */
static int event_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    alert_ctx *a = ctx;
    int64_t ci = gj_mdata_customer(a->d, gj_mi(&v[0]));
    int i;
    (void)n; (void)names;
    if (ci < 0 || v[1].type != GJ_VTEXT) return 0;
    for (i = 0; i < a->s->nkinds; i++)
        if (strcmp(a->s->kind[i], v[1].s) == 0) {
            if (gj_mi(&v[2])) a->recent[ci] += a->s->points[i];
            else a->base[ci] += a->s->points[i];
            break;
        }
    return 0;
}

/* Columns: customer, ticket id, created. */
static int complaint_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    alert_ctx *a = ctx;
    int64_t ci = gj_mdata_customer(a->d, gj_mi(&v[0]));
    (void)n; (void)names;
    if (watched(a, ci) && a->nw[ci] < GJ_ALERT_NRULES &&
        !(a->nw[ci] && a->w[(size_t)ci * GJ_ALERT_NRULES + a->nw[ci] - 1].rule == GJ_ALERT_OPEN_COMPLAINT))
        fire(a, ci, GJ_ALERT_OPEN_COMPLAINT, (double)(a->as_of - gj_mi(&v[2])) / 3600.0,
             a->s->rule_open_complaint_hours, 0, gj_mi(&v[1]));
    return 0;
}

static int run_sources(alert_ctx *a)
{
    gj_store *st = gj_db_store(a->db);
    gj_value p[3];
    size_t i;
    int rc = GJ_OK;
    for (i = 0; i < a->d->nc; i++)
        if (watched(a, (int64_t)i)) followup_rules(a, (int64_t)i);
    p[0] = gj_vint(a->as_of);
    if (a->s->rule_purchase_gap) {
        a->last_id = -1;
        a->last_ci = -1;
        rc = gj_store_run(st, "SELECT customer_id, at FROM orders WHERE at < ?1 ORDER BY customer_id, at",
                          p, 1, order_row, a, NULL, NULL);
        if (rc == GJ_OK && a->last_ci >= 0) gap_rule(a, a->last_ci);
    }
    if (rc == GJ_OK && a->s->rule_activity_drop) {
        int scan = 0;
        p[1] = gj_vint(a->as_of - 28 * GJ_DAY);
        p[2] = gj_vint(a->as_of - 56 * GJ_DAY);
        if ((rc = gj_metrics_scan_events(a->db, a->as_of - 56 * GJ_DAY, a->as_of, &scan)) != GJ_OK) return rc;
        rc = gj_store_run(st, scan ? "SELECT customer_id, kind, at >= ?2 FROM events NOT INDEXED"
                                     " WHERE at >= ?3 AND at < ?1"
                                   : "SELECT customer_id, kind, at >= ?2 FROM events"
                                     " WHERE at >= ?3 AND at < ?1", p, 3, event_row, a, NULL, NULL);
        for (i = 0; rc == GJ_OK && i < a->d->nc; i++)
            if (watched(a, (int64_t)i) && a->base[i] >= a->s->active_threshold && a->base[i] > 0 &&
                a->recent[i] < a->s->rule_activity_drop_ratio * a->base[i])
                fire(a, (int64_t)i, GJ_ALERT_ACTIVITY_DROP, a->recent[i], a->base[i],
                     a->s->rule_activity_drop_ratio, 0);
    }
    if (rc == GJ_OK && a->s->rule_open_complaint) {
        p[1] = gj_vint(a->as_of - llround(a->s->rule_open_complaint_hours * 3600));
        rc = gj_store_run(st, "SELECT customer_id, id, created_at FROM tickets WHERE category = 'complaint'"
                              " AND created_at <= ?2 AND (resolved_at IS NULL OR resolved_at > ?1)"
                              " ORDER BY created_at", p, 2, complaint_row, a, NULL, NULL);
    }
    if (rc != GJ_OK) return gj_db_fail_store(a->db, rc);
    return a->oom ? gj_db_fail(a->db, GJ_NOMEM, NULL, "out of memory") : GJ_OK;
}

static int by_value(const void *x, const void *y)
{
    const gj_metrics_alert *a = x, *b = y;
    if (a->value != b->value) return a->value > b->value ? -1 : 1;
    return (a->customer_id > b->customer_id) - (a->customer_id < b->customer_id);
}

/* Collects the customers with warnings into r, most valuable first. */
static int collect(alert_ctx *a, gj_metrics_alerts *r)
{
    size_t i, k, n = 0, nw = 0;
    for (i = 0; i < a->d->nc; i++) {
        n += a->nw[i] > 0;
        nw += a->nw[i];
    }
    r->alerts = calloc(n ? n : 1, sizeof *r->alerts);
    r->warnings = calloc(nw ? nw : 1, sizeof *r->warnings);
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
    qsort(r->alerts, r->n, sizeof *r->alerts, by_value);
    return 0;
}

int gj_metrics_alerts_compute(gj_db *db, int64_t as_of, int64_t rep_id, gj_metrics_alerts **out)
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
    a.w = malloc((d->nc ? d->nc : 1) * GJ_ALERT_NRULES * sizeof *a.w);
    a.nw = calloc(d->nc ? d->nc : 1, 1);
    a.recent = calloc(d->nc ? d->nc : 1, sizeof *a.recent);
    a.base = calloc(d->nc ? d->nc : 1, sizeof *a.base);
    if (!a.s) rc = gj_db_errcode(db);
    else if (!a.w || !a.nw || !a.recent || !a.base || !(r = calloc(1, sizeof *r)))
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
