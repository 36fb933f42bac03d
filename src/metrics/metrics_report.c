/*
 * A plain-text report of a metrics result: what `genjin metrics` prints
 * without --json, and what a manager's weekly report quotes.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "metrics_int.h"

typedef gj_mbuf sbuf;

void gj_mbuf_put(gj_mbuf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    if (b->oom) return;
    for (;;) {
        size_t room = b->cap - b->len;
        va_start(ap, fmt);
        n = vsnprintf(b->s ? b->s + b->len : NULL, b->s ? room : 0, fmt, ap);
        va_end(ap);
        if (n < 0) { b->oom = 1; return; }
        if (b->s && (size_t)n < room) { b->len += (size_t)n; return; }
        {
            size_t cap = (b->cap + (size_t)n + 1) * 2;
            char *ns = gj_realloc(b->s, cap);
            if (!ns) { b->oom = 1; return; }
            b->s = ns;
            b->cap = cap;
        }
    }
}

/* "62.5%", or "-" for null. buf has 32 bytes; each argument of one put()
 * needs its own buffer. */
static const char *pct(gj_metrics_num n, char *buf)
{
    if (!n.has) return "-";
    snprintf(buf, 32, "%.1f%%", n.v * 100);
    return buf;
}

static const char *fix(gj_metrics_num n, const char *unit, char *buf)
{
    if (!n.has) return "-";
    snprintf(buf, 32, "%.1f%s", n.v, unit);
    return buf;
}

static void totals(sbuf *b, const gj_metrics_result *r, const gj_metrics_group *g)
{
    char t[6][32];
    int i;
    gj_mbuf_put(b, "Activity      %lld customers, %lld active (%s), average score %s, "
           "%lld active but not converted\n",
        (long long)g->activity.customers, (long long)g->activity.active_customers,
        pct(g->activity.active_rate, t[0]), fix(g->activity.avg_score, "", t[1]),
        (long long)g->activity.active_unconverted);
    gj_mbuf_put(b, "Funnel        %lld deals created\n", (long long)g->conversion.created);
    for (i = 0; i < r->nstages; i++)
        gj_mbuf_put(b, "  %-20s %8lld  next %-7s cumulative %s\n", r->stage[i],
            (long long)g->conversion.funnel[i].reached,
            pct(g->conversion.funnel[i].next_step_rate, t[0]),
            pct(g->conversion.funnel[i].cumulative_rate, t[1]));
    gj_mbuf_put(b, "Win rate      %s (%lld won, %lld lost; won amount %.2f)\n",
        pct(g->conversion.win_rate, t[0]), (long long)g->conversion.won,
        (long long)g->conversion.lost, g->conversion.won_amount);
    gj_mbuf_put(b, "Conversion    %s of followed-up customers, %s of the others\n",
        pct(g->conversion.followup_conversion_rate, t[0]),
        pct(g->conversion.no_followup_conversion_rate, t[1]));
    gj_mbuf_put(b, "Sales cycle   median %s, mean %s over %lld won deals\n",
        fix(g->cycle.median_days, " d", t[0]), fix(g->cycle.mean_days, " d", t[1]),
        (long long)g->cycle.won_deals);
    gj_mbuf_put(b, "Satisfaction  CSAT %s avg, %s satisfied (%lld); NPS %s (%lld); complaints %s\n",
        fix(g->satisfaction.csat_avg, "", t[0]), pct(g->satisfaction.csat_pct, t[1]),
        (long long)g->satisfaction.csat_responses, fix(g->satisfaction.nps, "", t[2]),
        (long long)g->satisfaction.nps_responses, pct(g->satisfaction.complaint_rate, t[3]));
    gj_mbuf_put(b, "Response      %lld tickets, %lld unanswered; first response median %s, p90 %s; ",
        (long long)g->response.tickets, (long long)g->response.unanswered,
        fix(g->response.first_response_hours.median, " h", t[0]),
        fix(g->response.first_response_hours.p90, " h", t[1]));
    gj_mbuf_put(b, "resolution median %s; same day %s\n",
        fix(g->response.resolution_hours.median, " h", t[0]), pct(g->response.same_day_rate, t[1]));
    gj_mbuf_put(b, "Follow-up     interval median %s, p90 %s; missed %s of %lld due; "
           "stage deadlines met %s\n",
        fix(g->response.interval_median, " d", t[0]), fix(g->response.interval_p90, " d", t[1]),
        pct(g->response.missed_followup_rate, t[2]), (long long)g->response.due_items,
        pct(g->response.stage_deadline_rate, t[3]));
    gj_mbuf_put(b, "Retention     %lld ordering; repurchase %s (lifetime %s); churn %s, retention %s; ",
        (long long)g->retention.ordering_customers, pct(g->retention.repurchase_rate, t[0]),
        pct(g->retention.repurchase_rate_lifetime, t[1]), pct(g->retention.churn_rate, t[2]),
        pct(g->retention.retention_rate, t[3]));
    gj_mbuf_put(b, "CLV %s; cross-purchase %s\n", fix(g->retention.clv_historical, "", t[0]),
        pct(g->retention.cross_purchase_rate, t[1]));
}

static void breakdown(sbuf *b, const gj_metrics_groups *gs)
{
    char t[6][32];
    int j;
    gj_mbuf_put(b, "\nBy %s\n  %-16s %9s %6s %6s %8s %14s %9s %8s %8s\n", gj_metrics_dim_name(gs->dim),
        "key", "customers", "won", "lost", "win", "won amount", "follow-ups", "CSAT", "churn");
    for (j = 0; j < gs->n; j++) {
        const gj_metrics_group *g = &gs->g[j];
        gj_mbuf_put(b, "  %-16s %9lld %6lld %6lld %8s %14.2f %9lld %8s %8s", g->key_null || !g->key ? "(none)" : g->key,
            (long long)g->activity.customers, (long long)g->conversion.won,
            (long long)g->conversion.lost, pct(g->conversion.win_rate, t[0]),
            g->conversion.won_amount, (long long)g->conversion.followups,
            fix(g->satisfaction.csat_avg, "", t[1]), pct(g->retention.churn_rate, t[2]));
        if (g->score.has) gj_mbuf_put(b, "  score %s", fix(g->score, "", t[0]));
        gj_mbuf_put(b, "\n");
    }
}

int gj_metrics_report(gj_db *db, const gj_metrics_result *r, char **out)
{
    sbuf b = {NULL, 0, 0, 0};
    char f[32], t[32];
    int i;
    *out = NULL;
    gj_mbuf_put(&b, "Genjin metrics  %s .. %s (UTC%+g min)\n\n", gj_time_format(r->query.from, f),
        gj_time_format(r->query.to, t), r->tz_offset_minutes);
    totals(&b, r, &r->total);
    for (i = 0; i < r->nby; i++) breakdown(&b, &r->by[i]);
    if (b.oom) {
        free(b.s);
        return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    }
    *out = b.s;
    return GJ_OK;
}
