/*
 * Follow-up discipline: follow-up counts and intervals, and the missed
 * follow-up rate over the due items of P.
 *
 * A due item has a start, a due time and a window [start, due + grace]; it
 * is met when a follow-up of the customer (other than the one that set it)
 * falls in the window. Items:
 *   - a follow-up's next_due_at (start: the follow-up), by its rep;
 *   - tier cadence: a follow-up without next_due_at is due again after the
 *     customer's cadence (by its rep); a new customer is due for a first
 *     contact within the cadence of its creation (by its owner);
 *   - stage deadlines: entering a stage makes the deal due for its next
 *     stage's deadline (by the deal owner), unless it closed before then.
 * An item is in P when its due time is; an item not yet met whose window
 * is still open at `now` is pending and left out.
 */
#include <math.h>

#include "metrics_int.h"

static const char intervals_sql[] =
    "SELECT " GJ_M_KEY("f.rep_id") ","
    " (f.at - (SELECT f2.at FROM followups f2 WHERE f2.customer_id = f.customer_id"
    "  AND f2.at <= f.at AND (f2.at < f.at OR f2.id < f.id)"
    "  ORDER BY f2.at DESC, f2.id DESC LIMIT 1)) / 86400.0"
    " FROM followups f JOIN customers c ON c.id = f.customer_id"
    " WHERE f.at >= ?6 AND f.at < ?7 AND " GJ_M_FILTER("f.rep_id");

static int intervals_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    gj_metrics_group *g = gj_metrics_group_for(pass, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    g->conversion.followups++;
    if (v[1].type != GJ_VNULL && gj_metrics_sample_add(g, GJ_MS_INTERVAL, gj_md(&v[1])) != 0) {
        pass->rc = GJ_NOMEM;
        return 1;
    }
    return 0;
}

/* ?8 grace (s), ?9 now, ?10-?12 cadence of tiers A, B, C (s), ?13/?14 the
 * range of starts whose cadence can fall in P, ?15 the earliest stage entry
 * whose deadline can. Columns of each item: key, met, window end. */
#define CADENCE "CASE " GJ_M_TIER " WHEN 'A' THEN ?10 WHEN 'B' THEN ?11 ELSE ?12 END"
#define MET(CID, T0, DUE, SELF)                                                  \
    "EXISTS (SELECT 1 FROM followups f2 WHERE f2.customer_id = " CID            \
    " AND f2.at >= " T0 " AND f2.at <= " DUE " + ?8" SELF ")"

static const char missed_sql[] =
    "SELECT k, sum(met OR wend < ?9), sum(NOT met AND wend < ?9) FROM ("
    " SELECT " GJ_M_KEY("f.rep_id") " AS k,"
    "  " MET("f.customer_id", "f.at", "f.next_due_at", " AND f2.id <> f.id") " AS met,"
    "  f.next_due_at + ?8 AS wend"
    "  FROM followups f JOIN customers c ON c.id = f.customer_id"
    "  WHERE f.next_due_at >= ?6 AND f.next_due_at < ?7 AND " GJ_M_FILTER("f.rep_id")
    " UNION ALL"
    " SELECT x.k, " MET("x.cid", "x.t0", "x.due", " AND f2.id <> x.fid") ", x.due + ?8 FROM"
    " (SELECT " GJ_M_KEY("f.rep_id") " AS k, f.id AS fid, f.customer_id AS cid, f.at AS t0,"
    "  f.at + " CADENCE " AS due FROM followups f JOIN customers c ON c.id = f.customer_id"
    "  WHERE f.next_due_at IS NULL AND f.at >= ?13 AND f.at < ?14"
    "  AND " GJ_M_FILTER("f.rep_id") ") x WHERE x.due >= ?6 AND x.due < ?7"
    " UNION ALL"
    " SELECT x.k, " MET("x.cid", "x.t0", "x.due", "") ", x.due + ?8 FROM"
    " (SELECT " GJ_M_KEY("c.owner_id") " AS k, c.id AS cid, c.created_at AS t0,"
    "  c.created_at + " CADENCE " AS due FROM customers c"
    "  WHERE c.created_at >= ?13 AND c.created_at < ?14 AND " GJ_M_FILTER("c.owner_id") ") x"
    "  WHERE x.due >= ?6 AND x.due < ?7"
    " UNION ALL"
    " SELECT x.k, " MET("x.cid", "x.t0", "x.due", "") ", x.due + ?8 FROM"
    " (SELECT " GJ_M_KEY("d.owner_id") " AS k, d.customer_id AS cid, h.entered_at AS t0,"
    "  h.entered_at + CAST(round(nx.deadline * 86400) AS INTEGER) AS due, d.closed_at AS closed"
    "  FROM deal_stages h JOIN temp.gj_mstage s ON s.name = h.stage"
    "  JOIN temp.gj_mstage nx ON nx.pos = s.pos + 1"
    "  JOIN deals d ON d.id = h.deal_id JOIN customers c ON c.id = d.customer_id"
    "  WHERE h.entered_at >= ?15 AND h.entered_at < ?7 AND " GJ_M_FILTER("d.owner_id") ") x"
    "  WHERE x.due >= ?6 AND x.due < ?7 AND (x.closed IS NULL OR x.closed > x.due)"
    ") GROUP BY k";

static int missed_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_metrics_group *g = gj_metrics_group_for(ctx, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    g->response.due_items += gj_mi(&v[1]);
    g->response.missed_items += gj_mi(&v[2]);
    return 0;
}

static int64_t secs(double days) { return (int64_t)llround(days * GJ_DAY); }

int gj_metrics_followup(gj_mpass *pass)
{
    const gj_settings *s = pass->s;
    const gj_metrics_query *q = pass->q;
    gj_value x[8];
    double kmin = s->cadence_days[0], kmax = s->cadence_days[0], dmax = 0;
    int i, rc;
    for (i = 1; i < 3; i++) {
        if (s->cadence_days[i] < kmin) kmin = s->cadence_days[i];
        if (s->cadence_days[i] > kmax) kmax = s->cadence_days[i];
    }
    for (i = 1; i < s->nstages; i++)
        if (s->deadline_days[i] > dmax) dmax = s->deadline_days[i];
    rc = gj_metrics_run(pass, intervals_sql, NULL, 0, intervals_row);
    if (rc != GJ_OK) return rc;
    x[0] = gj_vint(secs(s->grace_days));
    x[1] = gj_vint(pass->now);
    x[2] = gj_vint(secs(s->cadence_days[0]));
    x[3] = gj_vint(secs(s->cadence_days[1]));
    x[4] = gj_vint(secs(s->cadence_days[2]));
    x[5] = gj_vint(q->from - secs(kmax));
    x[6] = gj_vint(q->to - secs(kmin));
    x[7] = gj_vint(q->from - secs(dmax));
    return gj_metrics_run(pass, missed_sql, x, 8, missed_row);
}
