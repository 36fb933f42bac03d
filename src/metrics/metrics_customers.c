/*
 * The customer-level metrics in one scan of the customers: activity,
 * follow-up conversion, complaint rate and retention. Each customer counts
 * once, in the group of its owner (or tier, channel, source).
 */
#include "metrics_int.h"

/* ?8 active threshold. temp.gj_mcf holds the customer's facts of P,
 * temp.gj_mo its order totals before `to` (metrics_prep.c). */
static const char customers_sql[] =
    "SELECT " GJ_M_KEY("c.owner_id") ","
    " sum(c.created_at < ?7),"
    " sum(c.created_at < ?7 AND coalesce(m.sc, 0) >= ?8),"
    " total(CASE WHEN c.created_at < ?7 THEN m.sc END),"
    " sum(c.created_at < ?7 AND coalesce(m.sc, 0) >= ?8 AND mo.cid IS NULL AND NOT EXISTS"
    "  (SELECT 1 FROM deals d WHERE d.customer_id = c.id AND d.status = 'won'"
    "   AND d.closed_at < ?7)),"
    " sum(coalesce(m.fu, 0)), sum(coalesce(m.fu AND m.won, 0)),"
    " sum(NOT coalesce(m.fu, 0) AND c.created_at < ?7),"
    " sum(NOT coalesce(m.fu, 0) AND c.created_at < ?7 AND coalesce(m.won, 0)),"
    " sum(coalesce(m.fu OR m.tk, 0) OR coalesce(mo.n_p, 0) > 0),"
    " sum(coalesce(m.comp, 0)),"
    " sum(coalesce(mo.n_p, 0) >= 1), sum(coalesce(mo.n_p, 0) >= 2),"
    " sum(coalesce(mo.ncat_p, 0) >= 2), count(mo.cid), sum(coalesce(mo.n_all, 0) >= 2),"
    " total(mo.amt_all), sum(coalesce(mo.act_from, 0)),"
    " sum(coalesce(mo.act_from, 0) AND coalesce(mo.act_to, 0))"
    " FROM customers c LEFT JOIN temp.gj_mcf m ON m.cid = c.id"
    " LEFT JOIN temp.gj_mo mo ON mo.cid = c.id"
    " WHERE " GJ_M_FILTER("c.owner_id") " GROUP BY 1";

static int customers_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_metrics_group *g = gj_metrics_group_for(ctx, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    g->activity.customers += gj_mi(&v[1]);
    g->activity.active_customers += gj_mi(&v[2]);
    g->activity.score_sum += gj_md(&v[3]);
    g->activity.active_unconverted += gj_mi(&v[4]);
    g->conversion.fu_customers += gj_mi(&v[5]);
    g->conversion.fu_converted += gj_mi(&v[6]);
    g->conversion.nofu_customers += gj_mi(&v[7]);
    g->conversion.nofu_converted += gj_mi(&v[8]);
    g->satisfaction.served_customers += gj_mi(&v[9]);
    g->satisfaction.complaint_customers += gj_mi(&v[10]);
    g->retention.ordering_customers += gj_mi(&v[11]);
    g->retention.repeat_customers += gj_mi(&v[12]);
    g->retention.cross_customers += gj_mi(&v[13]);
    g->retention.lifetime_customers += gj_mi(&v[14]);
    g->retention.lifetime_repeat += gj_mi(&v[15]);
    g->retention.lifetime_amount += gj_md(&v[16]);
    g->retention.active_from += gj_mi(&v[17]);
    g->retention.retained += gj_mi(&v[18]);
    return 0;
}

int gj_metrics_activity(gj_mpass *pass)
{
    gj_value extra[1];
    extra[0] = gj_vreal(pass->s->active_threshold);
    return gj_metrics_run(pass, customers_sql, extra, 1, customers_row);
}
