/*
 * Service metrics: satisfaction surveys and ticket response times. A
 * survey belongs to the rep of its ticket, else the owner of its deal,
 * else the customer's owner; a ticket to its rep.
 */
#include <math.h>

#include "metrics_int.h"

#define SURVEY_REP "coalesce(t.rep_id, d.owner_id, c.owner_id)"

static const char surveys_sql[] =
    "SELECT " GJ_M_KEY(SURVEY_REP) ","
    " sum(s.kind = 'csat'), sum(s.kind = 'csat' AND s.score >= 4),"
    " total(CASE WHEN s.kind = 'csat' THEN s.score END),"
    " sum(s.kind = 'nps'), sum(s.kind = 'nps' AND s.score >= 9),"
    " sum(s.kind = 'nps' AND s.score <= 6)"
    " FROM surveys s JOIN customers c ON c.id = s.customer_id"
    " LEFT JOIN tickets t ON t.id = s.ticket_id LEFT JOIN deals d ON d.id = s.deal_id"
    " WHERE s.at >= ?6 AND s.at < ?7 AND " GJ_M_FILTER(SURVEY_REP) " GROUP BY 1";

static int surveys_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_metrics_group *g = gj_metrics_group_for(ctx, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    g->satisfaction.csat_responses += gj_mi(&v[1]);
    g->satisfaction.csat_satisfied += gj_mi(&v[2]);
    g->satisfaction.csat_sum += gj_md(&v[3]);
    g->satisfaction.nps_responses += gj_mi(&v[4]);
    g->satisfaction.promoters += gj_mi(&v[5]);
    g->satisfaction.detractors += gj_mi(&v[6]);
    return 0;
}

/* ?8 tz offset in seconds: local day = (t + offset) / 86400 (times after
 * 1970, where integer division is the floor). */
static const char tickets_sql[] =
    "SELECT " GJ_M_KEY("t.rep_id") ","
    " (t.first_response_at - t.created_at) / 3600.0,"
    " (t.resolved_at - t.created_at) / 3600.0,"
    " t.first_response_at IS NOT NULL AND"
    "  (t.first_response_at + ?8) / 86400 = (t.created_at + ?8) / 86400"
    " FROM tickets t JOIN customers c ON c.id = t.customer_id"
    " WHERE t.created_at >= ?6 AND t.created_at < ?7 AND " GJ_M_FILTER("t.rep_id");

static int tickets_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    gj_metrics_group *g = gj_metrics_group_for(pass, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    g->response.tickets++;
    if (v[1].type == GJ_VNULL) g->response.unanswered++;
    else if (gj_metrics_sample_add(g, GJ_MS_FIRST_RESPONSE, gj_md(&v[1])) != 0) goto oom;
    if (v[2].type != GJ_VNULL && gj_metrics_sample_add(g, GJ_MS_RESOLUTION, gj_md(&v[2])) != 0)
        goto oom;
    g->response.same_day += gj_mi(&v[3]);
    return 0;
oom:
    pass->rc = GJ_NOMEM;
    return 1;
}

int gj_metrics_service(gj_mpass *pass)
{
    gj_value tz = gj_vint((int64_t)llround(pass->s->tz_offset_minutes * 60));
    int rc = gj_metrics_run(pass, surveys_sql, NULL, 0, surveys_row);
    if (rc == GJ_OK) rc = gj_metrics_run(pass, tickets_sql, &tz, 1, tickets_row);
    return rc;
}
