/*
 * Deal metrics: the funnel of deals created in P, win rate and cycle of
 * deals closed in P, and stage deadline compliance of stage entries in P.
 * Deals are attributed to their owner.
 */
#include "metrics_int.h"

/* The furthest stage: the deal's stage or any stage in its history,
 * whichever is further (a deal moved back still reached the later stage).
 * Stages missing from the pipeline have position -1. */
static const char funnel_sql[] =
    "SELECT " GJ_M_KEY("d.owner_id") ", d.status = 'won',"
    " max(coalesce(st.pos, -1), coalesce((SELECT max(s2.pos) FROM deal_stages h"
    "  JOIN temp.gj_mstage s2 ON s2.name = h.stage WHERE h.deal_id = d.id), -1)),"
    " count(*)"
    " FROM deals d JOIN customers c ON c.id = d.customer_id"
    " LEFT JOIN temp.gj_mstage st ON st.name = d.stage"
    " WHERE d.created_at >= ?6 AND d.created_at < ?7 AND " GJ_M_FILTER("d.owner_id")
    " GROUP BY 1, 2, 3";

static int funnel_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    gj_metrics_group *g = gj_metrics_group_for(pass, &v[0]);
    int64_t pos = gj_mi(&v[2]), count = gj_mi(&v[3]);
    (void)n; (void)names;
    if (!g) return 1;
    g->conversion.created += count;
    if (gj_mi(&v[1])) g->conversion.created_won += count;
    else if (pos >= 0 && pos < GJ_MAX_STAGES) g->conversion.stage_count[pos] += count;
    return 0;
}

static const char closed_sql[] =
    "SELECT " GJ_M_KEY("d.owner_id") ", d.status = 'won', d.amount,"
    " (d.closed_at - d.created_at) / 86400.0"
    " FROM deals d JOIN customers c ON c.id = d.customer_id"
    " WHERE d.closed_at >= ?6 AND d.closed_at < ?7 AND " GJ_M_FILTER("d.owner_id");

static int closed_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    gj_metrics_group *g = gj_metrics_group_for(pass, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    if (gj_mi(&v[1])) {
        g->conversion.won++;
        g->conversion.won_amount += gj_md(&v[2]);
        if (gj_metrics_sample_add(g, GJ_MS_CYCLE, gj_md(&v[3])) != 0) {
            pass->rc = GJ_NOMEM;
            return 1;
        }
    } else {
        g->conversion.lost++;
    }
    return 0;
}

/* Stage entries in P after the first stage, against the deal's previous
 * entry (ties by id). Skipped stages add their deadlines; an entry with no
 * earlier one, or not further than it (a move back), is not a stage
 * advance and is left out. */
static const char stages_sql[] =
    "SELECT x.k, count(*),"
    " sum(x.t - p.entered_at <= round((x.cum - ps.cum) * 86400)) FROM"
    " (SELECT " GJ_M_KEY("d.owner_id") " AS k, h.entered_at AS t, s.pos AS pos, s.cum AS cum,"
    "  (SELECT h2.id FROM deal_stages h2 WHERE h2.deal_id = h.deal_id AND"
    "   (h2.entered_at < h.entered_at OR (h2.entered_at = h.entered_at AND h2.id < h.id))"
    "   ORDER BY h2.entered_at DESC, h2.id DESC LIMIT 1) AS pid"
    "  FROM deal_stages h JOIN temp.gj_mstage s ON s.name = h.stage"
    "  JOIN deals d ON d.id = h.deal_id JOIN customers c ON c.id = d.customer_id"
    "  WHERE h.entered_at >= ?6 AND h.entered_at < ?7 AND s.pos >= 1"
    "  AND " GJ_M_FILTER("d.owner_id") ") x"
    " JOIN deal_stages p ON p.id = x.pid JOIN temp.gj_mstage ps ON ps.name = p.stage"
    " WHERE ps.pos < x.pos GROUP BY 1";

static int stages_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_metrics_group *g = gj_metrics_group_for(ctx, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    g->response.stage_entries += gj_mi(&v[1]);
    g->response.stage_met += gj_mi(&v[2]);
    return 0;
}

int gj_metrics_deals(gj_mpass *pass)
{
    int rc = gj_metrics_run(pass, funnel_sql, NULL, 0, funnel_row);
    if (rc == GJ_OK) rc = gj_metrics_run(pass, closed_sql, NULL, 0, closed_row);
    if (rc == GJ_OK) rc = gj_metrics_run(pass, stages_sql, NULL, 0, stages_row);
    return rc;
}
