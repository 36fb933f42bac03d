/*
 * The overdue follow-ups, churn warnings and scorecard of the weekly
 * report (metrics_weekly.c): customers and reps by name, the most urgent
 * first.
 */
#include <stdio.h>
#include <string.h>

#include "domain/timeutil.h"
#include "metrics_weekly.h"

#define TOP 10 /* rows of the overdue and churn lists */

const char *gj_weekly_name_of(gj_wk *c, const char *entity, int64_t id, char *buf)
{
    const gj_entity *e = gj_entity_find(entity);
    gj_record rec;
    int f = gj_entity_field(e, "name");
    const char *name = NULL;
    if (!id) return W(c, GJ_W_UNASSIGNED);
    if (gj_record_get(c->db, e, id, &rec) == GJ_OK && rec.v[f].type == GJ_VTEXT) name = rec.v[f].s;
    gj_db_clear_error(c->db);
    if (name) return name;
    snprintf(buf, 32, "#%lld", (long long)id);
    return buf;
}

/* A paragraph after a table or heading (Markdown needs the blank line). */
static void para(gj_wk *c, const char *text) { gj_mbuf_put(&c->b, "%s%s\n", c->md ? "\n" : "", text); }

void gj_weekly_scorecard(gj_wk *c, const gj_metrics_scorecard *sc)
{
    gj_wtable t;
    int i;
    gj_weekly_heading(&c->b, W(c, GJ_W_SCORECARD), 2, c->md);
    if (!sc->n) {
        gj_mbuf_put(&c->b, "%s\n", W(c, GJ_W_NONE));
        return;
    }
    gj_wtable_init(&t, 5, 0x1d);
    gj_wtable_add(&t, (const char *[]){W(c, GJ_W_RANK), W(c, GJ_W_REP), W(c, GJ_W_TOTAL), W(c, GJ_W_GOAL_WON),
                                       W(c, GJ_W_GOAL_FOLLOWUPS)});
    for (i = 0; i < sc->n; i++) {
        const gj_metrics_scorecard_row *r = &sc->rows[i];
        char rank[64], total[64], won[64], fu[64];
        gj_wtable_add(&t, (const char *[]){
            gj_weekly_num(r->rank, 0, rank), r->name,
            r->total.has ? gj_weekly_num(r->total.v, 1, total) : "\xe2\x80\x94",
            r->goal_won_amount.has ? gj_weekly_pct(r->goal_won_amount.v, 0, won) : "\xe2\x80\x94",
            r->goal_followups.has ? gj_weekly_pct(r->goal_followups.v, 0, fu) : "\xe2\x80\x94"});
    }
    gj_wtable_render(&c->b, &t, c->md);
    gj_wtable_free(&t);
}

void gj_weekly_overdue(gj_wk *c, const gj_metrics_due *d)
{
    gj_wtable t;
    size_t i;
    int shown = 0;
    char total[128], n[64];
    gj_weekly_heading(&c->b, W(c, GJ_W_OVERDUE), 2, c->md);
    gj_wtable_init(&t, 5, 0x10);
    gj_wtable_add(&t, (const char *[]){W(c, GJ_W_CUSTOMER), W(c, GJ_W_OWNER), W(c, GJ_W_REASON), W(c, GJ_W_DUE),
                                       W(c, GJ_W_OVERDUE_DAYS)});
    /* the list is by due time: the most overdue come first */
    for (i = 0; i < d->n && shown < TOP; i++) {
        const gj_metrics_due_item *it = &d->items[i];
        char cb[32], rb[32], day[16], days[64];
        double late = (double)(d->day_start - it->due) / GJ_DAY;
        if (it->due >= d->day_start) continue;
        gj_wtable_add(&t, (const char *[]){
            gj_weekly_name_of(c, "customers", it->customer_id, cb), gj_weekly_name_of(c, "reps", it->rep_id, rb),
            gj_weekly_name(c->en, gj_metrics_due_reason(it->reason)), gj_date_format(it->due + c->off, day),
            gj_weekly_fill(days, sizeof days, W(c, GJ_W_DAYS), (const char *[]){"n", gj_weekly_num(late, 1, n), NULL})});
        shown++;
    }
    if (shown) gj_wtable_render(&c->b, &t, c->md);
    else gj_mbuf_put(&c->b, "%s\n", W(c, GJ_W_NONE));
    gj_wtable_free(&t);
    para(c, gj_weekly_fill(total, sizeof total, W(c, GJ_W_OVERDUE_TOTAL),
                           (const char *[]){"n", gj_weekly_num((double)d->overdue, 0, n), NULL}));
}

void gj_weekly_churn(gj_wk *c, const gj_metrics_alerts *a)
{
    gj_wtable t;
    size_t i, k;
    gj_weekly_heading(&c->b, W(c, GJ_W_CHURN), 2, c->md);
    if (!a->n) {
        gj_mbuf_put(&c->b, "%s\n", W(c, GJ_W_CHURN_NONE));
        return;
    }
    gj_wtable_init(&t, 4, 0x2);
    gj_wtable_add(&t, (const char *[]){W(c, GJ_W_CUSTOMER), W(c, GJ_W_VALUE), W(c, GJ_W_RULE), W(c, GJ_W_OWNER)});
    for (i = 0; i < a->n && i < TOP; i++) { /* by value, largest first */
        const gj_metrics_alert *al = &a->alerts[i];
        char cb[32], rb[32], value[64], rules[512];
        size_t len = 0;
        rules[0] = 0;
        for (k = 0; k < al->n; k++)
            len += (size_t)snprintf(rules + len, len < sizeof rules ? sizeof rules - len : 0, "%s%s",
                                    k ? W(c, GJ_W_SEP) : "",
                                    gj_weekly_name(c->en, gj_metrics_alert_rule(a->warnings[al->first + k].rule)));
        gj_wtable_add(&t, (const char *[]){gj_weekly_name_of(c, "customers", al->customer_id, cb),
                                           gj_weekly_money(al->value, c->currency, value), rules,
                                           gj_weekly_name_of(c, "reps", al->owner_id, rb)});
    }
    gj_wtable_render(&c->b, &t, c->md);
    gj_wtable_free(&t);
}

