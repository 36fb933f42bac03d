/*
 * Demo data with exact counts per entity (benchmark sizes such as 50k
 * customers, 100k deals, 1M events). The usual generator (demo.c) lets
 * each customer's story decide how many rows it gets, so its totals follow
 * the customer count; here every total is given. Two passes:
 *
 *   1. plan each customer (type, owner, creation day, habits) from a
 *      PRNG stream of its own, and weigh it per entity by its type and
 *      lifetime (a repeat buyer of a year orders more than a lead of a
 *      week, who orders nothing);
 *   2. give each entity's total out by those weights with cumulative
 *      rounding (quota_i = N·S_i/W − N·S_{i-1}/W for prefix sums S, which
 *      adds up to exactly N), and write each customer's rows spread over
 *      its active life, through the same record functions as demo.c.
 *
 * Deterministic: same options, same rows (native and WASM alike).
 */
#include <stdlib.h>
#include <string.h>

#include "demo_int.h"

const char *const gj_demo_count_names[GJ_DEMO_NCOUNTS] = {"deals",  "followups", "tickets",
                                                          "surveys", "orders",   "events"};

/* Rows per customer of a count left at 0 (the ratios of the L size). */
static const int default_per_customer[GJ_DEMO_NCOUNTS] = {2, 10, 2, 1, 4, 20};

typedef struct {
    int64_t owner, created; /* created: a day start (the time of day comes later) */
    unsigned char type, dropping, silent, per_week, lapsing;
} plan;

static int64_t active_days(const demo *d, const plan *p)
{
    int64_t days = (d->today - p->created) / DAY;
    return p->type == CHURNED ? days / 2 : days;
}

/* How much of entity k customer p gets, relative to the others. */
static int64_t weight(const demo *d, const plan *p, int k)
{
    static const int deals[] = {0, 2, 2, 3, 2}, fus[] = {2, 3, 3, 5, 2}, tickets[] = {0, 1, 2, 4, 2},
                     surveys[] = {0, 1, 1, 2, 1}, orders[] = {0, 0, 1, 8, 4};
    int64_t days = active_days(d, p);
    switch (k) {
    case GJ_DEMO_DEALS: return deals[p->type];
    case GJ_DEMO_FOLLOWUPS: return fus[p->type] * (1 + days / 15);
    case GJ_DEMO_TICKETS: return tickets[p->type];
    case GJ_DEMO_SURVEYS: return surveys[p->type];
    case GJ_DEMO_ORDERS: return orders[p->type] * (p->type == REPEAT ? 1 + days / 60 : 1);
    default: return p->type == LEAD ? 0 : p->per_week * days;
    }
}

/* Times of n rows spread over [a, b): one in each of n equal slots. */
static int64_t slot(demo *d, int64_t a, int64_t b, int k, int n)
{
    double u = unif(&d->r);
    return a + (int64_t)(((double)k + u) * (double)(b - a) / n);
}

static int make_survey(demo *d, int64_t cust, int64_t created, int type, int won)
{
    const gj_entity *e = gj_entity_find("surveys");
    gj_record rec;
    int64_t at = range(&d->r, created, d->today - 1);
    int csat = d->last_ticket && d->last_ticket_at + 3600 < d->today && chance(&d->r, 0.6);
    gj_record_init(&rec);
    gj_demo_setv(e, &rec, "customer_id", gj_vint(cust));
    if (csat) {
        int score = (int)range(&d->r, 1, 5);
        if (at <= d->last_ticket_at) at = d->last_ticket_at + 3600;
        gj_demo_setv(e, &rec, "ticket_id", gj_vint(d->last_ticket));
        gj_demo_setv(e, &rec, "kind", gj_vtext("csat"));
        gj_demo_setv(e, &rec, "score", gj_vint(score < 4 && chance(&d->r, 0.6) ? 4 : score));
        gj_demo_setv(e, &rec, "touchpoint", gj_vtext("after_service"));
    } else {
        int64_t score = type == CHURNED ? range(&d->r, 0, 7) : range(&d->r, 5, 10);
        gj_demo_setv(e, &rec, "kind", gj_vtext("nps"));
        gj_demo_setv(e, &rec, "score", gj_vint(score));
        gj_demo_setv(e, &rec, "touchpoint", gj_vtext(won ? "after_deal" : "after_followup"));
    }
    gj_demo_setv(e, &rec, "at", gj_vint(at));
    return gj_demo_create(d, "surveys", &rec, NULL);
}

/* Customer i with q[k] rows of each entity k. */
static int make_customer(demo *d, int i, const plan *p, const int *q)
{
    int64_t id, created = p->created, until, won_at = 0, first;
    double won_amount = 0;
    int k, rc;
    if ((rc = gj_demo_customer_record(d, i, p->type, p->owner, &created, &id)) != GJ_OK) return rc;
    until = p->type == CHURNED ? created + (d->today - created) / 2 : d->today;
    for (k = 0; k < q[GJ_DEMO_DEALS]; k++) {
        int64_t start = slot(d, created + 3600, d->today - 3600, k, q[GJ_DEMO_DEALS]), at = 0;
        double amount = 0;
        int buys = p->type != LEAD && p->type != PROSPECT && (k == 0 || chance(&d->r, 0.3));
        if ((rc = gj_demo_deal(d, id, p->owner, start, buys, &at, &amount)) != GJ_OK) return rc;
        if (at && !won_at) { won_at = at; won_amount = amount; }
    }
    first = won_at ? won_at : created;
    for (k = 0; k < q[GJ_DEMO_ORDERS]; k++) {
        /* a lapsing repeat buyer's orders stop at 60 % of its life (purchase-gap rule) */
        int64_t end = p->type == REPEAT && p->lapsing ? first + (d->today - first) * 3 / 5 : until;
        int64_t at = k == 0 ? first : slot(d, first, end > first ? end : d->today, k, q[GJ_DEMO_ORDERS]);
        if (at >= d->today) at = d->today - 60;
        if ((rc = gj_demo_order(d, id, p->owner, at, k == 0 ? won_amount : 0)) != GJ_OK) return rc;
    }
    for (k = 0; k < q[GJ_DEMO_FOLLOWUPS]; k++) {
        int64_t at = slot(d, created, until, k, q[GJ_DEMO_FOLLOWUPS]);
        int unanswered = p->silent && k >= q[GJ_DEMO_FOLLOWUPS] - 3; /* fires the no-reply rule */
        rc = gj_demo_followup(d, id, p->owner, at, p->type == CHURNED ? 0.2 : 0.65, unanswered);
        if (rc != GJ_OK) return rc;
    }
    d->last_ticket = d->last_ticket_at = 0;
    if ((rc = gj_demo_tickets(d, id, created, q[GJ_DEMO_TICKETS], 0)) != GJ_OK) return rc;
    for (k = 0; k < q[GJ_DEMO_SURVEYS]; k++)
        if ((rc = make_survey(d, id, created, p->type, won_at != 0)) != GJ_OK) return rc;
    {
        /* a dropping customer has 1/20 of its events in the last 4 weeks */
        int64_t drop = d->today - 28 * DAY, end = p->type == CHURNED ? until : d->today;
        int n = q[GJ_DEMO_EVENTS], early = n;
        if (p->dropping && created < drop && end > drop) early = n - n / 20;
        else drop = end;
        for (k = 0; k < early; k++)
            if ((rc = gj_demo_event(d, id, slot(d, created, drop, k, early))) != GJ_OK) return rc;
        for (k = early; k < n; k++)
            if ((rc = gj_demo_event(d, id, slot(d, drop, end, k - early, n - early))) != GJ_OK) return rc;
    }
    return GJ_OK;
}

int gj_demo_sized(demo *d, const gj_demo_options *opt)
{
    int n = opt->customers, i, k, rc = GJ_OK;
    int64_t total[GJ_DEMO_NCOUNTS], wsum[GJ_DEMO_NCOUNTS] = {0}, sofar[GJ_DEMO_NCOUNTS] = {0};
    int uniform[GJ_DEMO_NCOUNTS] = {0};
    plan *p = gj_malloc((size_t)n * sizeof *p);
    rng r = {opt->seed * 0x9E3779B97F4A7C15ULL + 7}; /* the plan's own stream */
    if (!p) return gj_db_fail(d->db, GJ_NOMEM, NULL, "out of memory");
    for (i = 0; i < n; i++) {
        double u;
        p[i].owner = d->sales[pick(&r, d->nsales)];
        p[i].created = d->today - range(&r, 7, 365) * DAY;
        u = unif(&r);
        p[i].type = (unsigned char)(u < 0.2 ? LEAD : u < 0.4 ? PROSPECT : u < 0.65 ? ONE_OFF : u < 0.9 ? REPEAT
                                                                                                : CHURNED);
        p[i].dropping = (unsigned char)chance(&r, 0.15);
        p[i].silent = (unsigned char)chance(&r, 0.1);
        p[i].per_week = (unsigned char)range(&r, 1, 7);
        p[i].lapsing = (unsigned char)chance(&r, 0.2); /* a repeat buyer who stopped ordering */
        for (k = 0; k < GJ_DEMO_NCOUNTS; k++) wsum[k] += weight(d, &p[i], k);
    }
    for (k = 0; k < GJ_DEMO_NCOUNTS; k++) {
        total[k] = opt->count[k] > 0 ? opt->count[k] : (int64_t)default_per_customer[k] * n;
        if (wsum[k] == 0) { uniform[k] = 1; wsum[k] = n; } /* e.g. only leads: share alike */
    }
    {
        int64_t s[GJ_DEMO_NCOUNTS] = {0};
        for (i = 0; i < n && rc == GJ_OK; i++) {
            int q[GJ_DEMO_NCOUNTS];
            for (k = 0; k < GJ_DEMO_NCOUNTS; k++) {
                int64_t upto;
                s[k] += uniform[k] ? 1 : weight(d, &p[i], k);
                upto = total[k] * s[k] / wsum[k]; /* <= 1e7 * 2.6e9: fits */
                q[k] = (int)(upto - sofar[k]);
                sofar[k] = upto;
            }
            gj_set_now(d->db, d->today);
            rc = make_customer(d, i, &p[i], q);
        }
    }
    free(p);
    return rc;
}
