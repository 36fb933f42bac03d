/*
 * The weekly report (周报) as text or Markdown, in the workspace's
 * language: what the report page shows, for a manager who reads it in a
 * terminal or pastes it into a chat. Every figure comes from the metrics
 * layer's public functions (compute for the week and the week before, the
 * scorecard, the due list, the churn warnings); the words are the page's
 * catalogue (metrics_weekly_text.c).
 *
 * The overdue list and the churn warnings are taken as of the end of the
 * week (next Monday 00:00 local), or as of today while the week is not
 * over, so a past week's report reads the same whenever it is printed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "metrics_weekly.h"

/* Day number of the Monday of ISO week 1 of year y (the week of 4 January). */
static int64_t week1_monday(int64_t y)
{
    int64_t jan4 = gj_days_from_civil(y, 1, 4);
    return jan4 - ((jan4 + 3) % 7 + 7) % 7; /* 1970-01-01 was a Thursday */
}

int gj_metrics_week_bounds(gj_db *db, const char *week, int64_t *from, int64_t *to)
{
    const gj_settings *s = gj_settings_get(db);
    int64_t y = 0, w = 0, off;
    int i, ok = week && strlen(week) == 8 && week[4] == '-' && week[5] == 'W';
    if (!s) return gj_db_errcode(db);
    for (i = 0; ok && i < 8; i++) {
        if (i == 4 || i == 5) continue;
        ok = week[i] >= '0' && week[i] <= '9';
        if (i < 4) y = y * 10 + (week[i] - '0');
        else w = w * 10 + (week[i] - '0');
    }
    /* a year has 52 or 53 ISO weeks */
    if (!ok || y < 1 || y > 9998 || w < 1 || w > (week1_monday(y + 1) - week1_monday(y)) / 7) {
        gj_db_fail_reason(db, GJ_INVALID, "week", "bad_week",
                          "week must be an ISO week such as 2025-W22, got '%.40s'", week ? week : "");
        return gj_db_error_param(db, "value", week ? week : "");
    }
    off = (int64_t)llround(s->tz_offset_minutes * 60);
    *from = (week1_monday(y) + 7 * (w - 1)) * GJ_DAY - off;
    *to = *from + 7 * GJ_DAY;
    return GJ_OK;
}

/* The reps of a list of ids by name, "A, B, C" (cut at a whole name). */
static const char *team_names(gj_wk *c, const gj_metrics_team *team, char *buf, size_t size)
{
    char idb[32];
    size_t i, len = 0;
    buf[0] = 0;
    for (i = 0; i < team->n; i++) {
        const char *name = gj_weekly_name_of(c, "reps", team->ids[i], idb);
        size_t need = strlen(name) + (i ? 2 : 0);
        if (len + need >= size) break;
        snprintf(buf + len, size - len, "%s%s", i ? ", " : "", name);
        len += need;
    }
    return buf;
}

static void title(gj_wk *c, const gj_metrics_weekly_query *q, int64_t from, int64_t to)
{
    char line[1024], f[16], t[16], idb[32], names[256];
    const char *who = q->rep_id  ? gj_weekly_name_of(c, "reps", q->rep_id, idb)
                      : !q->team ? W(c, GJ_W_TEAM)
                      : q->team->name ? q->team->name
                                      : team_names(c, q->team, names, sizeof names);
    gj_weekly_heading(&c->b, gj_weekly_fill(line, sizeof line, W(c, GJ_W_TITLE),
                                            (const char *[]){"week", q->week, NULL}), 1, c->md);
    gj_weekly_fill(line, sizeof line, W(c, GJ_W_META),
                   (const char *[]){"from", gj_date_format(from + c->off, f), "to",
                                    gj_date_format(to - GJ_DAY + c->off, t), "who", who, NULL});
    gj_mbuf_put(&c->b, "%s\n", line);
}

/* The page's summaryLines: follow-ups against last week, first response,
 * deals won, CSAT and missed follow-ups when they have data. */
static void summary(gj_wk *c, const gj_metrics_group *g, const gj_metrics_group *p)
{
    char line[5][256], n[64], v[64], m[64], rel[80];
    int k = 0, i;
    gj_weekly_num((double)g->conversion.followups, 0, n);
    if (p->conversion.followups) {
        double r = (double)(g->conversion.followups - p->conversion.followups) / (double)p->conversion.followups;
        snprintf(rel, sizeof rel, "%s%s", r >= 0 ? "+" : "\xe2\x88\x92", gj_weekly_pct(fabs(r), 0, v));
        gj_weekly_fill(line[k++], 256, W(c, GJ_W_SUM_FOLLOWUPS), (const char *[]){"n", n, "change", rel, NULL});
    } else {
        gj_weekly_fill(line[k++], 256, W(c, GJ_W_SUM_FOLLOWUPS_PLAIN), (const char *[]){"n", n, NULL});
    }
    if (g->response.first_response_hours.median.has) {
        gj_weekly_fill(rel, sizeof rel, W(c, GJ_W_HOURS),
                       (const char *[]){"n", gj_weekly_num(g->response.first_response_hours.median.v, 1, v), NULL});
        gj_weekly_fill(line[k++], 256, W(c, GJ_W_SUM_FIRST_RESPONSE), (const char *[]){"v", rel, NULL});
    }
    gj_weekly_fill(line[k++], 256, W(c, GJ_W_SUM_DEALS), (const char *[]){
        "won", gj_weekly_num((double)g->conversion.won, 0, n), "amount",
        gj_weekly_money(g->conversion.won_amount, c->currency, m), "rate",
        g->conversion.win_rate.has ? gj_weekly_pct(g->conversion.win_rate.v, 1, v) : "\xe2\x80\x94", NULL});
    if (g->satisfaction.csat_pct.has)
        gj_weekly_fill(line[k++], 256, W(c, GJ_W_SUM_CSAT), (const char *[]){
            "v", gj_weekly_pct(g->satisfaction.csat_pct.v, 1, v), "n",
            gj_weekly_num((double)g->satisfaction.csat_responses, 0, n), NULL});
    if (g->response.missed_followup_rate.has)
        gj_weekly_fill(line[k++], 256, W(c, GJ_W_SUM_MISSED), (const char *[]){
            "v", gj_weekly_pct(g->response.missed_followup_rate.v, 1, v), NULL});
    gj_weekly_heading(&c->b, W(c, GJ_W_SUMMARY), 2, c->md);
    for (i = 0; i < k; i++) gj_mbuf_put(&c->b, "%s%s", i ? W(c, GJ_W_SEP) : "", line[i]);
    gj_mbuf_put(&c->b, "\n");
}

/* The dashboard's cards (web/app/pages/dashboard/cards.js), in order. */
enum { K_PCT, K_NPS, K_HOURS, K_DAYS, K_MONEY };
static const struct { const char *key; int kind, up; } cards[] = {
    {"activity.active_rate", K_PCT, 1}, {"conversion.win_rate", K_PCT, 1},
    {"satisfaction.csat_pct", K_PCT, 1}, {"satisfaction.nps", K_NPS, 1},
    {"response.first_response_hours.median", K_HOURS, 0}, {"response.same_day_rate", K_PCT, 1},
    {"retention.repurchase_rate", K_PCT, 1}, {"retention.churn_rate", K_PCT, 0},
    {"response.missed_followup_rate", K_PCT, 0}, {"response.stage_deadline_rate", K_PCT, 1},
    {"satisfaction.complaint_rate", K_PCT, 0}, {"cycle.median_days", K_DAYS, 0},
    {"retention.clv_historical", K_MONEY, 1}, {"conversion.won_amount", K_MONEY, 1},
};

static gj_metrics_num card_value(const gj_metrics_group *g, int i)
{
    const gj_metrics_num won = {1, g->conversion.won_amount};
    const gj_metrics_num v[] = {
        g->activity.active_rate, g->conversion.win_rate, g->satisfaction.csat_pct, g->satisfaction.nps,
        g->response.first_response_hours.median, g->response.same_day_rate, g->retention.repurchase_rate,
        g->retention.churn_rate, g->response.missed_followup_rate, g->response.stage_deadline_rate,
        g->satisfaction.complaint_rate, g->cycle.median_days, g->retention.clv_historical, won};
    return v[i];
}

/* formatValue of the page: "—" for null. buf has 64 bytes. */
static const char *value_text(gj_wk *c, int kind, gj_metrics_num x, char *buf)
{
    char n[64];
    if (!x.has) return "\xe2\x80\x94";
    switch (kind) {
    case K_PCT: return gj_weekly_pct(x.v, 1, buf);
    case K_NPS: return gj_weekly_num(x.v, 1, buf);
    case K_MONEY: return gj_weekly_money(x.v, c->currency, buf);
    default:
        return gj_weekly_fill(buf, 64, W(c, kind == K_HOURS ? GJ_W_HOURS : GJ_W_DAYS),
                              (const char *[]){"n", gj_weekly_num(x.v, 1, n), NULL});
    }
}

static void headline(gj_wk *c, const gj_metrics_group *g, const gj_metrics_group *p)
{
    gj_wtable t;
    int i;
    gj_wtable_init(&t, 4, 0xe);
    gj_wtable_add(&t, (const char *[]){W(c, GJ_W_METRIC), W(c, GJ_W_THIS_WEEK), W(c, GJ_W_LAST_WEEK),
                                       W(c, GJ_W_CHANGE)});
    for (i = 0; i < (int)(sizeof cards / sizeof cards[0]); i++) {
        gj_metrics_num v = card_value(g, i), b = card_value(p, i), d = {v.has && b.has, v.v - b.v};
        char vt[64], bt[64], dt[96], n[64];
        const char *change = "\xe2\x80\x94";
        if (d.has && fabs(d.v) < 1e-12) change = "=";
        else if (d.has) {
            gj_metrics_num a = {1, fabs(d.v)};
            const char *amount = cards[i].kind == K_PCT
                ? gj_weekly_fill(n, sizeof n, W(c, GJ_W_POINTS), (const char *[]){"n", gj_weekly_num(a.v * 100, 1, bt), NULL})
                : value_text(c, cards[i].kind, a, n);
            snprintf(dt, sizeof dt, "%s %s", d.v > 0 ? "\xe2\x96\xb2" : "\xe2\x96\xbc", amount);
            change = dt;
        }
        gj_wtable_add(&t, (const char *[]){gj_weekly_name(c->en, cards[i].key), value_text(c, cards[i].kind, v, vt),
                                           value_text(c, cards[i].kind, b, bt), change});
    }
    gj_weekly_heading(&c->b, W(c, GJ_W_HEADLINE), 2, c->md);
    gj_wtable_render(&c->b, &t, c->md);
    gj_wtable_free(&t);
}

int gj_metrics_weekly(gj_db *db, const gj_metrics_weekly_query *q, char **out)
{
    const gj_settings *s;
    gj_metrics_query mq;
    gj_metrics_result *now = NULL, *before = NULL;
    gj_metrics_scorecard *sc = NULL;
    gj_metrics_due *due = NULL;
    gj_metrics_alerts *al = NULL;
    int64_t from, to, clock = gj_db_now(db), today;
    gj_wk c;
    int rc;
    *out = NULL;
    memset(&c, 0, sizeof c);
    if ((rc = gj_metrics_week_bounds(db, q->week, &from, &to)) != GJ_OK) return rc;
    if (!(s = gj_settings_get(db))) return gj_db_errcode(db);
    c.db = db;
    c.en = q->english;
    c.md = q->markdown;
    c.off = (int64_t)llround(s->tz_offset_minutes * 60);
    snprintf(c.currency, sizeof c.currency, "%s", s->currency);
    today = clock + c.off - (((clock + c.off) % GJ_DAY) + GJ_DAY) % GJ_DAY - c.off;
    memset(&mq, 0, sizeof mq);
    mq.from = from;
    mq.to = to;
    mq.rep_id = q->rep_id;
    mq.team = q->team;
    mq.nby = 1; /* the scorecard needs the breakdown by rep */
    mq.by[0] = GJ_METRICS_BY_REP;
    if ((rc = gj_metrics_compute(db, &mq, &now)) != GJ_OK) goto fail;
    if ((rc = gj_metrics_scorecard_of(db, now, &sc)) != GJ_OK) goto fail;
    mq.nby = 0;
    mq.from = from - 7 * GJ_DAY;
    mq.to = from;
    if ((rc = gj_metrics_compute(db, &mq, &before)) != GJ_OK) goto fail;
    if ((rc = gj_metrics_due_compute(db, to < today ? to : today, q->rep_id, q->team, &due)) != GJ_OK) goto fail;
    if ((rc = gj_metrics_alerts_compute(db, to < clock ? to : clock, q->rep_id, q->team, &al)) != GJ_OK) goto fail;
    title(&c, q, from, to);
    summary(&c, &now->total, &before->total);
    headline(&c, &now->total, &before->total);
    gj_weekly_scorecard(&c, sc);
    gj_weekly_overdue(&c, due);
    gj_weekly_churn(&c, al);
    if (c.b.oom) {
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        goto fail;
    }
    *out = c.b.s;
    c.b.s = NULL;
fail:
    free(c.b.s);
    gj_metrics_alerts_free(al);
    gj_metrics_due_free(due);
    gj_metrics_scorecard_free(sc);
    gj_metrics_result_free(before);
    gj_metrics_result_free(now);
    return rc;
}
