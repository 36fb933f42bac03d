/*
 * The customer-level metrics, from the facts in memory: activity,
 * follow-up conversion, complaint rate and retention. Each customer counts
 * once, in the group of its owner (or tier, channel, source).
 */
#include "metrics_int.h"

static void count_customer(gj_metrics_group *g, const gj_mcust *c, const gj_mpass *pass)
{
    int exists = c->created_at < pass->q->to;
    int active = exists && c->score >= pass->s->active_threshold;
    if (exists) {
        g->activity.customers++;
        g->activity.score_sum += c->score;
        g->activity.active_customers += active;
        g->activity.active_unconverted += active && !c->ever_won && c->orders == 0;
    }
    if (c->fu_p) {
        g->conversion.fu_customers++;
        g->conversion.fu_converted += c->won_p;
    } else if (exists) {
        g->conversion.nofu_customers++;
        g->conversion.nofu_converted += c->won_p;
    }
    /* served: an order, a ticket or a follow-up in P */
    g->satisfaction.served_customers += c->fu_p || c->ticket_p || c->orders_p > 0;
    g->satisfaction.complaint_customers += c->complaint_p;
    g->retention.ordering_customers += c->orders_p >= 1;
    g->retention.repeat_customers += c->orders_p >= 2;
    g->retention.cross_customers += c->cross_p;
    g->retention.lifetime_customers += c->orders >= 1;
    g->retention.lifetime_repeat += c->orders >= 2;
    g->retention.lifetime_amount += c->amount;
    g->retention.active_from += c->active_from;
    g->retention.retained += c->active_from && c->active_to;
}

/* The customer-level families of the drill-down. */
static void explain_customer(gj_mpass *pass, const gj_mcust *c)
{
    int exists = c->created_at < pass->q->to;
    int active = exists && c->score >= pass->s->active_threshold;
    double x[3] = {0, 0, 0};
    switch (pass->ex->family) {
    case GJ_EX_ACTIVITY: /* numerator: active; tag: active but unconverted */
        x[0] = c->score;
        if (exists)
            gj_mexplain_add(pass, c->id, c->owner, active, active && !c->ever_won && c->orders == 0, 1, x);
        break;
    case GJ_EX_FOLLOWUP_CONVERSION: /* numerator: won a deal in P; tag: followed up */
        if (c->fu_p || exists) gj_mexplain_add(pass, c->id, c->owner, c->won_p, c->fu_p, 0, x);
        break;
    case GJ_EX_COMPLAINTS: /* served customers; numerator: complained */
        if (c->fu_p || c->ticket_p || c->orders_p > 0)
            gj_mexplain_add(pass, c->id, c->owner, c->complaint_p, 0, 0, x);
        break;
    case GJ_EX_RETENTION: /* customers with orders before `to`; numerator: repurchased in P */
        x[0] = (double)c->orders_p;
        x[1] = (double)c->orders;
        x[2] = c->amount;
        if (c->orders > 0)
            gj_mexplain_add(pass, c->id, c->owner, c->orders_p >= 2,
                            (c->active_from ? 1 : 0) | (c->active_to ? 2 : 0) | (c->cross_p ? 4 : 0), 3, x);
        break;
    default:
        break;
    }
}

int gj_metrics_customers(gj_mpass *pass)
{
    size_t i;
    for (i = 0; i < pass->data->nc; i++) {
        const gj_mcust *c = &pass->data->c[i];
        gj_metrics_group *g;
        if (!gj_mcounts(pass, (int64_t)i, c->owner)) continue;
        if (pass->ex) explain_customer(pass, c);
        GJ_EACH_GROUP(pass, (int64_t)i, c->owner, g) count_customer(g, c, pass);
        if (pass->rc != GJ_OK) return gj_db_fail(pass->db, pass->rc, NULL, "out of memory");
    }
    return GJ_OK;
}
