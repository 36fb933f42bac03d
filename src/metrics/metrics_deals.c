/*
 * Deal metrics: the funnel of deals created in P, win rate and cycle of
 * deals closed in P, and stage deadline compliance of stage entries in P.
 * Deals are attributed to their owner.
 */
#include <math.h>
#include <stdlib.h>

#include "metrics_int.h"

/* The furthest stage: the deal's stage or any stage in its history,
 * whichever is further (a deal moved back still reached the later stage).
 * Stages missing from the pipeline have position -1. */
static const char funnel_sql[] =
    "SELECT d.customer_id, coalesce(d.owner_id, 0), d.status = 'won',"
    " max(coalesce(st.pos, -1), coalesce((SELECT max(s2.pos) FROM deal_stages h"
    "  JOIN temp.gj_mstage s2 ON s2.name = h.stage WHERE h.deal_id = d.id), -1)), d.id, d.created_at"
    " FROM deals d LEFT JOIN temp.gj_mstage st ON st.name = d.stage"
    " WHERE d.created_at >= ?2 AND d.created_at < ?3 AND (?1 IS NULL OR d.owner_id = ?1)";

static int funnel_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    int64_t ci = gj_mdata_customer(pass->data, gj_mi(&v[0])), rep = gj_mi(&v[1]);
    int64_t pos = gj_mi(&v[3]);
    int won = gj_mi(&v[2]) != 0;
    gj_metrics_group *g;
    (void)n; (void)names;
    if (!gj_mcounts(pass, ci, rep)) return 0;
    if (GJ_EXPLAINING(pass, GJ_EX_FUNNEL)) {
        double x[1];
        x[0] = (double)pos;
        gj_mexplain_add(pass, gj_mi(&v[4]), gj_mi(&v[0]), won, (int)pos, 1, x);
    }
    GJ_EACH_GROUP(pass, ci, rep, g) {
        g->conversion.created++;
        if (won) g->conversion.created_won++;
        else if (pos >= 0 && pos < GJ_MAX_STAGES) g->conversion.stage_count[pos]++;
    }
    return pass->rc != GJ_OK;
}

static const char closed_sql[] =
    "SELECT customer_id, coalesce(owner_id, 0), status = 'won', amount,"
    " (closed_at - created_at) / 86400.0, id, closed_at FROM deals"
    " WHERE closed_at >= ?2 AND closed_at < ?3 AND (?1 IS NULL OR owner_id = ?1)";

static int closed_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    int64_t ci = gj_mdata_customer(pass->data, gj_mi(&v[0])), rep = gj_mi(&v[1]);
    gj_metrics_group *g;
    (void)n; (void)names;
    if (!gj_mcounts(pass, ci, rep)) return 0;
    if (GJ_EXPLAINING(pass, GJ_EX_WIN_RATE) || (GJ_EXPLAINING(pass, GJ_EX_CYCLE) && gj_mi(&v[2]))) {
        double x[2];
        x[0] = gj_md(&v[3]);
        x[1] = gj_md(&v[4]);
        gj_mexplain_add(pass, gj_mi(&v[5]), gj_mi(&v[0]), gj_mi(&v[2]) != 0, 0, 2, x);
    }
    GJ_EACH_GROUP(pass, ci, rep, g) {
        if (!gj_mi(&v[2])) {
            g->conversion.lost++;
            continue;
        }
        g->conversion.won++;
        g->conversion.won_amount += gj_md(&v[3]);
        if (gj_metrics_sample_add(g, GJ_MS_CYCLE, gj_md(&v[4])) != 0) pass->rc = GJ_NOMEM;
    }
    return pass->rc != GJ_OK;
}

/*
 * Stage entries from ?4 (the earliest whose next deadline can fall in P):
 * customer, owner, entered, position, running deadline sum, the next
 * stage's deadline (NULL at the last stage), when the deal closed, and for
 * entries in P after the first stage the previous entry of the deal (ties
 * by id): its time and stage position and running sum.
 */
static const char stages_sql[] =
    "SELECT x.cid, x.rep, x.t, x.pos, x.cum, x.next_deadline, x.closed,"
    " p.entered_at, ps.pos, ps.cum, x.hid, x.did FROM"
    " (SELECT d.customer_id AS cid, coalesce(d.owner_id, 0) AS rep, h.entered_at AS t,"
    "  s.pos AS pos, s.cum AS cum, nx.deadline AS next_deadline, d.closed_at AS closed,"
    "  h.id AS hid, d.id AS did,"
    "  CASE WHEN h.entered_at >= ?2 AND s.pos >= 1 THEN"
    "  (SELECT h2.id FROM deal_stages h2 WHERE h2.deal_id = h.deal_id AND"
    "   (h2.entered_at < h.entered_at OR (h2.entered_at = h.entered_at AND h2.id < h.id))"
    "   ORDER BY h2.entered_at DESC, h2.id DESC LIMIT 1) END AS pid"
    "  FROM deal_stages h JOIN temp.gj_mstage s ON s.name = h.stage"
    "  LEFT JOIN temp.gj_mstage nx ON nx.pos = s.pos + 1 JOIN deals d ON d.id = h.deal_id"
    "  WHERE h.entered_at >= ?4 AND h.entered_at < ?3 AND (?1 IS NULL OR d.owner_id = ?1)) x"
    " LEFT JOIN deal_stages p ON p.id = x.pid LEFT JOIN temp.gj_mstage ps ON ps.name = p.stage";

/* Compliance: an entry in P against the previous entry; skipped stages add
 * their deadlines; an entry with no earlier one, or not further than it (a
 * move back), is not a stage advance and is left out. Due items: entering
 * a stage makes the deal due for the next stage's deadline, unless it
 * closed by then (metrics_followup.c counts the item). */
static int stages_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    int64_t ci = gj_mdata_customer(pass->data, gj_mi(&v[0])), rep = gj_mi(&v[1]);
    int64_t t = gj_mi(&v[2]), pos = gj_mi(&v[3]);
    gj_metrics_group *g;
    (void)n; (void)names;
    if (!gj_mcounts(pass, ci, rep)) return 0;
    if (t >= pass->q->from && v[8].type != GJ_VNULL && gj_mi(&v[8]) < pos) {
        int met = t - gj_mi(&v[7]) <= llround((gj_md(&v[4]) - gj_md(&v[9])) * GJ_DAY);
        if (GJ_EXPLAINING(pass, GJ_EX_STAGE_ENTRIES)) {
            double x[2];
            x[0] = (double)(t - gj_mi(&v[7])) / GJ_DAY;
            x[1] = gj_md(&v[4]) - gj_md(&v[9]);
            gj_mexplain_add(pass, gj_mi(&v[10]), gj_mi(&v[11]), met, (int)pos, 2, x);
        }
        GJ_EACH_GROUP(pass, ci, rep, g) {
            g->response.stage_entries++;
            g->response.stage_met += met;
        }
    }
    if (v[5].type != GJ_VNULL) {
        int64_t due = t + llround(gj_md(&v[5]) * GJ_DAY);
        if (due >= pass->q->from && due < pass->q->to &&
            (v[6].type == GJ_VNULL || gj_mi(&v[6]) > due))
            gj_metrics_count_due(pass, ci, rep, t, due, 3 /* stage */, gj_mi(&v[11]));
    }
    return pass->rc != GJ_OK;
}

/*
 * The same rows from the deals in memory (gj_mdata_deals), for the same
 * callbacks: the SQL above is kept for the drill-down (whose record lists
 * come in its row order) and states what these loops compute.
 */
typedef struct {
    int *pos;        /* pipeline position of each stage name, -1: none */
    double cum[GJ_MAX_STAGES];
    int n;
} pipeline;

static int in_rep(const gj_mpass *pass, const gj_mdeal *x)
{
    return gj_metrics_rep_in(pass->q->rep_id, pass->q->team, x->owner);
}

/* Deals and entries are walked in storage order, each period anew: a
 * sequential pass over 100k deals costs less than visiting a period's
 * quarter of them in time order, whose every step misses the caches. */
static void mem_funnel(gj_mpass *pass, const pipeline *pl)
{
    const gj_mdata *d = pass->data;
    size_t i, j;
    for (i = 0; i < d->ndeals && pass->rc == GJ_OK; i++) {
        const gj_mdeal *x = &d->deals[i];
        gj_value v[6];
        int far = pl->pos[x->stage];
        if (x->created_at < pass->q->from || x->created_at >= pass->q->to || !in_rep(pass, x)) continue;
        for (j = x->h_start; j < x->h_end; j++)
            if (pl->pos[d->hist[j].stage] > far) far = pl->pos[d->hist[j].stage];
        v[0] = gj_vint(x->cust_id);
        v[1] = gj_vint(x->owner);
        v[2] = gj_vint(x->status == 1);
        v[3] = gj_vint(far);
        v[4] = gj_vint(x->id);
        v[5] = gj_vint(x->created_at);
        funnel_row(pass, 6, v, NULL);
    }
}

static void mem_closed(gj_mpass *pass)
{
    const gj_mdata *d = pass->data;
    size_t i;
    for (i = 0; i < d->ndeals && pass->rc == GJ_OK; i++) {
        const gj_mdeal *x = &d->deals[i];
        gj_value v[7];
        if (x->closed_at == INT64_MIN || x->closed_at < pass->q->from || x->closed_at >= pass->q->to ||
            !in_rep(pass, x))
            continue;
        v[0] = gj_vint(x->cust_id);
        v[1] = gj_vint(x->owner);
        v[2] = gj_vint(x->status == 1);
        v[3] = gj_vreal(x->amount);
        v[4] = gj_vreal((double)(x->closed_at - x->created_at) / 86400.0);
        v[5] = gj_vint(x->id);
        v[6] = gj_vint(x->closed_at);
        closed_row(pass, 7, v, NULL);
    }
}

/* Entries from `since` (see stages_sql) of stages in the pipeline. */
static void mem_stages(gj_mpass *pass, const pipeline *pl, int64_t since)
{
    const gj_mdata *d = pass->data;
    size_t i, j;
    for (i = 0; i < d->ndeals && pass->rc == GJ_OK; i++) {
        const gj_mdeal *x = &d->deals[i];
        if (!in_rep(pass, x)) continue;
        for (j = x->h_start; j < x->h_end && pass->rc == GJ_OK; j++) {
            const gj_mhist *h = &d->hist[j];
            int p = pl->pos[h->stage];
            gj_value v[12];
            if (h->at < since || h->at >= pass->q->to || p < 0) continue;
            v[0] = gj_vint(x->cust_id);
            v[1] = gj_vint(x->owner);
            v[2] = gj_vint(h->at);
            v[3] = gj_vint(p);
            v[4] = gj_vreal(pl->cum[p]);
            v[5] = p + 1 < pl->n ? gj_vreal(pass->s->deadline_days[p + 1]) : gj_vnull();
            v[6] = x->closed_at == INT64_MIN ? gj_vnull() : gj_vint(x->closed_at);
            v[7] = v[8] = v[9] = gj_vnull();
            if (h->at >= pass->q->from && p >= 1 && j > x->h_start) { /* the previous entry */
                const gj_mhist *prev = &d->hist[j - 1];
                int pp = pl->pos[prev->stage];
                v[7] = gj_vint(prev->at);
                if (pp >= 0) {
                    v[8] = gj_vint(pp);
                    v[9] = gj_vreal(pl->cum[pp]);
                }
            }
            v[10] = gj_vint(h->id);
            v[11] = gj_vint(x->id);
            stages_row(pass, 12, v, NULL);
        }
    }
}

static int deals_in_memory(gj_mpass *pass, int64_t since)
{
    pipeline pl;
    int i, rc = gj_mdata_deals(pass->db, pass->data);
    if (rc != GJ_OK) return rc;
    if (!(pl.pos = gj_mdata_stage_pos(pass->data, pass->s)))
        return gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
    pl.n = pass->s->nstages;
    for (i = 0; i < pl.n && i < GJ_MAX_STAGES; i++) /* as gj_metrics_prepare's running sum */
        pl.cum[i] = (i ? pl.cum[i - 1] + pass->s->deadline_days[i] : 0);
    pass->rc = GJ_OK;
    if (pass->sources & GJ_MSRC_FUNNEL) mem_funnel(pass, &pl);
    if (pass->sources & GJ_MSRC_CLOSED) mem_closed(pass);
    if (pass->sources & GJ_MSRC_STAGES) mem_stages(pass, &pl, since);
    free(pl.pos);
    return pass->rc == GJ_OK ? GJ_OK : gj_db_fail(pass->db, pass->rc, NULL, "out of memory");
}

int gj_metrics_deals(gj_mpass *pass)
{
    int rc = GJ_OK;
    int64_t dmax = 0;
    int i;
    for (i = 1; i < pass->s->nstages; i++)
        if (llround(pass->s->deadline_days[i] * GJ_DAY) > dmax) dmax = llround(pass->s->deadline_days[i] * GJ_DAY);
    if (!(pass->sources & (GJ_MSRC_FUNNEL | GJ_MSRC_CLOSED | GJ_MSRC_STAGES))) return GJ_OK;
    if (!pass->ex) return deals_in_memory(pass, pass->q->from - dmax);
    if (pass->sources & GJ_MSRC_FUNNEL)
        rc = gj_metrics_run(pass, funnel_sql, NULL, 0, funnel_row);
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_CLOSED))
        rc = gj_metrics_run(pass, closed_sql, NULL, 0, closed_row);
    if (rc == GJ_OK && (pass->sources & GJ_MSRC_STAGES)) {
        gj_value x = gj_vint(pass->q->from - dmax);
        rc = gj_metrics_run(pass, stages_sql, &x, 1, stages_row);
    }
    return rc;
}
