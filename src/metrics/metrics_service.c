/*
 * Service metrics: satisfaction surveys and ticket response times. Both
 * are period queries (gj_metrics_run_period): read once, in storage order,
 * kept in memory by time and replayed per period. A
 * survey belongs to the rep of its ticket, else the owner of its deal,
 * else the customer's owner; a ticket to its rep. Tickets also
 * mark their customers as served and complaining, so they are read before
 * the customer-level metrics.
 */
#include <math.h>

#include "metrics_int.h"

static const char surveys_sql[] =
    "SELECT s.customer_id, coalesce(t.rep_id, d.owner_id, 0), s.kind = 'csat', s.score, s.id, s.at"
    " FROM surveys s NOT INDEXED LEFT JOIN tickets t ON t.id = s.ticket_id"
    " LEFT JOIN deals d ON d.id = s.deal_id"
    " WHERE s.at >= ?2 AND s.at < ?3";

static int surveys_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    int64_t ci = gj_mdata_customer(pass->data, gj_mi(&v[0])), rep = gj_mi(&v[1]);
    int64_t score = gj_mi(&v[3]);
    int csat = gj_mi(&v[2]) != 0;
    gj_metrics_group *g;
    (void)n; (void)names;
    if (ci >= 0 && !rep) rep = pass->data->c[ci].owner;
    if (!gj_mcounts(pass, ci, rep)) return 0;
    if (GJ_EXPLAINING(pass, csat ? GJ_EX_CSAT : GJ_EX_NPS)) {
        double x[1];
        x[0] = (double)score;
        /* numerator: satisfied (CSAT >= 4) or promoter (NPS >= 9) */
        gj_mexplain_add(pass, gj_mi(&v[4]), gj_mi(&v[0]), csat ? score >= 4 : score >= 9,
                        csat ? 0 : score >= 9 ? 1 : score <= 6 ? -1 : 0, 1, x);
    }
    GJ_EACH_GROUP(pass, ci, rep, g) {
        if (csat) {
            g->satisfaction.csat_responses++;
            g->satisfaction.csat_satisfied += score >= 4;
            if (score >= 1 && score <= 5) g->satisfaction.csat_scores[score - 1]++;
            g->satisfaction.csat_sum += (double)score;
        } else {
            g->satisfaction.nps_responses++;
            g->satisfaction.promoters += score >= 9;
            g->satisfaction.detractors += score <= 6;
        }
    }
    return pass->rc != GJ_OK;
}

/* No rep filter here: every ticket of P marks its customer as served. The
 * same-day test needs the time zone (a setting), so the row carries the
 * first response time and the callback compares local days: kept rows
 * (gj_metrics_run_period) must not depend on settings. The hours are
 * worked out in the callback: as SQL expressions they were half the cost
 * of reading the tickets. Columns: customer, rep, complaint, first
 * response, resolved, id, created. */
static const char tickets_sql[] =
    "SELECT customer_id, coalesce(rep_id, 0), category = 'complaint',"
    " first_response_at, resolved_at, id, created_at FROM tickets NOT INDEXED"
    " WHERE created_at >= ?2 AND created_at < ?3";

/* Hours from created to at, as SQL's (at - created) / 3600.0; NAN when at
 * is NULL (or text, which kept rows read as NULL: both paths agree). */
static double hours_since(const gj_value *at, const gj_value *created)
{
    if (at->type == GJ_VNULL || at->type == GJ_VTEXT) return NAN;
    if (at->type == GJ_VINT && created->type == GJ_VINT) return (double)(at->i - created->i) / 3600.0;
    return (gj_md(at) - gj_md(created)) / 3600.0;
}

static int tickets_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    int64_t ci = gj_mdata_customer(pass->data, gj_mi(&v[0])), rep = gj_mi(&v[1]);
    int64_t tz = llround(pass->s->tz_offset_minutes * 60);
    /* local days as (t + offset) / 86400, times after 1970 */
    double first = hours_since(&v[3], &v[6]), resolved = hours_since(&v[4], &v[6]);
    int same_day = !isnan(first) && (gj_mi(&v[3]) + tz) / 86400 == (gj_mi(&v[6]) + tz) / 86400;
    gj_metrics_group *g;
    (void)n; (void)names;
    if (ci < 0) return 0;
    pass->data->c[ci].ticket_p = 1;
    if (gj_mi(&v[2])) pass->data->c[ci].complaint_p = 1;
    if (!gj_mcounts(pass, ci, rep)) return 0;
    if (GJ_EXPLAINING(pass, GJ_EX_TICKETS)) {
        double x[2];
        x[0] = first;
        x[1] = resolved;
        gj_mexplain_add(pass, gj_mi(&v[5]), gj_mi(&v[0]), same_day, 0, 2, x);
    }
    GJ_EACH_GROUP(pass, ci, rep, g) {
        g->response.tickets++;
        if (isnan(first)) g->response.unanswered++;
        else if (gj_metrics_sample_add(g, GJ_MS_FIRST_RESPONSE, first) != 0) pass->rc = GJ_NOMEM;
        if (!isnan(resolved) && gj_metrics_sample_add(g, GJ_MS_RESOLUTION, resolved) != 0)
            pass->rc = GJ_NOMEM;
        g->response.same_day += same_day;
        g->scorecard.collab_tickets += !isnan(first) && rep && rep != pass->data->c[ci].owner;
    }
    return pass->rc != GJ_OK;
}

int gj_metrics_service(gj_mpass *pass)
{
    int rc = GJ_OK;
    if (pass->sources & GJ_MSRC_SURVEYS) rc = gj_metrics_run_period(pass, surveys_sql, 5, surveys_row);
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_TICKETS))
        rc = gj_metrics_run_period(pass, tickets_sql, 6, tickets_row);
    return rc;
}
