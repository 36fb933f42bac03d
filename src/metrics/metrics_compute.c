/*
 * gj_metrics_compute: reads each source once, counting every row into the
 * groups of each requested breakdown (or one totals group); the totals
 * are the merge of the first breakdown's groups, which is exact because
 * each record falls in one group of it.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

/* Reads every source once, counting into all sets. Tickets come before the
 * customers because they mark customers served. */
static int run_sources(gj_mpass *pass)
{
    int rc;
    if ((rc = gj_metrics_facts(pass)) != GJ_OK) return rc;
    if ((rc = gj_metrics_service(pass)) != GJ_OK) return rc;
    if (!GJ_SAME_CUSTOMERS(pass) && (rc = gj_metrics_customers(pass)) != GJ_OK) return rc;
    if ((rc = gj_metrics_deals(pass)) != GJ_OK) return rc;
    if (pass->sources & GJ_MSRC_FOLLOWUPS) GJ_MPROF("follow-ups", rc = gj_metrics_followup(pass));
    return rc;
}

/* Adds the rows a breakdown always shows, so that a tier or an active rep
 * with nothing in P still appears with its zeros, and names the reps. */
typedef struct {
    gj_metrics_groups *gs;
    const gj_metrics_query *q; /* its rep and team filters */
    int oom;
} name_ctx;

/* Columns: id, name, active. Rows with data get the name; an active rep
 * without data gets an empty row (unless the query is for another rep or
 * team). */
static int name_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    name_ctx *nc = ctx;
    gj_metrics_group *g = NULL;
    int i;
    (void)n; (void)names;
    for (i = 0; i < nc->gs->n && !g; i++)
        if (!nc->gs->g[i].key_null && nc->gs->g[i].rep_id == v[0].i) g = &nc->gs->g[i];
    if (!g && gj_mi(&v[2]) && gj_metrics_rep_in(nc->q->rep_id, nc->q->team, v[0].i) &&
        !(g = gj_metrics_group_key(nc->gs, &v[0]))) {
        nc->oom = 1;
        return 1;
    }
    if (g) {
        char *name = gj_metrics_strdup(v[1].type == GJ_VTEXT ? v[1].s : "");
        if (!name) {
            nc->oom = 1;
            return 1;
        }
        free(g->key);
        g->key = name;
    }
    return 0;
}

static int fixed_rows(gj_mpass *pass, gj_metrics_groups *gs)
{
    static const char *const tiers[] = {"A", "B", "C"};
    name_ctx nc;
    gj_value v;
    int i, rc;
    if (gs->dim == GJ_METRICS_BY_TIER) {
        for (i = 0; i < 3; i++) {
            if (pass->q->tier && strcmp(pass->q->tier, tiers[i]) != 0) continue;
            v = gj_vtext(tiers[i]);
            if (!gj_metrics_group_key(gs, &v)) return gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
        }
    }
    if (gs->dim != GJ_METRICS_BY_REP) return GJ_OK;
    nc.gs = gs;
    nc.q = pass->q;
    nc.oom = 0;
    rc = gj_store_run(gj_db_store(pass->db), "SELECT id, name, active FROM reps", NULL, 0,
                      name_row, &nc, NULL, NULL);
    if (rc != GJ_OK) return gj_db_fail_store(pass->db, rc);
    return nc.oom ? gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory") : GJ_OK;
}

static int cmp_group(const void *a, const void *b)
{
    const gj_metrics_group *x = a, *y = b;
    if (x->key_null != y->key_null) return x->key_null - y->key_null; /* unknown last */
    if (x->key_null) return 0;
    return strcmp(x->key, y->key);
}

static int compute(gj_mpass *pass, gj_metrics_result *r)
{
    gj_metrics_groups single;
    gj_metrics_groups *first;
    int i, j, rc = GJ_OK;
    memset(&single, 0, sizeof single);
    if (r->nby == 0) {
        pass->sets[pass->nsets++] = &single;
    } else {
        for (i = 0; i < r->nby; i++) pass->sets[pass->nsets++] = &r->by[i];
    }
    rc = run_sources(pass);
    for (i = 0; i < r->nby && rc == GJ_OK; i++) rc = fixed_rows(pass, &r->by[i]);
    first = pass->sets[0];
    for (j = 0; j < first->n && rc == GJ_OK; j++)
        if (gj_metrics_group_merge(&r->total, &first->g[j]) != 0)
            rc = gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
    for (j = 0; j < single.n; j++) gj_metrics_group_clear(&single.g[j]);
    free(single.g);
    if (rc != GJ_OK) return rc;
    gj_metrics_group_finish(&r->total, r->nstages);
    for (i = 0; i < r->nby; i++) {
        for (j = 0; j < r->by[i].n; j++) gj_metrics_group_finish(&r->by[i].g[j], r->nstages);
        if (r->by[i].n > 1) qsort(r->by[i].g, (size_t)r->by[i].n, sizeof(gj_metrics_group), cmp_group);
        if (r->by[i].dim == GJ_METRICS_BY_REP) {
            gj_metrics_scorecard *sc = NULL; /* fills the rows' score */
            if ((rc = gj_metrics_scorecard_of(pass->db, r, &sc)) != GJ_OK) return rc;
            gj_metrics_scorecard_free(sc);
        }
    }
    return GJ_OK;
}

static gj_metrics_result *new_result(const gj_metrics_query *q, const gj_settings *s)
{
    gj_metrics_result *r = gj_calloc(1, sizeof *r);
    int i;
    if (!r) return NULL;
    r->query = *q;
    r->tz_offset_minutes = s->tz_offset_minutes;
    r->nstages = s->nstages;
    for (i = 0; i < s->nstages; i++) memcpy(r->stage[i], s->stage[i], GJ_NAME_LEN);
    r->nby = q->nby;
    for (i = 0; i < q->nby; i++) r->by[i].dim = q->by[i];
    return r;
}

/* The sources q needs: the tier filter and breakdown need the ABC tiers,
 * stage due items need the follow-ups to tell whether they were met. */
static unsigned sources_of(const gj_metrics_query *q)
{
    unsigned src = q->sources ? q->sources : GJ_MSRC_ALL;
    int i;
    if (q->tier) src |= GJ_MSRC_ORDERS;
    for (i = 0; i < q->nby; i++)
        if (q->by[i] == GJ_METRICS_BY_TIER) src |= GJ_MSRC_ORDERS;
    if (src & GJ_MSRC_FOLLOWUPS) src |= GJ_MSRC_ORDERS; /* cadence depends on the tier */
    return src;
}

int gj_metrics_compute_series(gj_db *db, const gj_metrics_query *q, const int64_t *bounds, int n,
                              gj_metrics_result **out)
{
    return gj_metrics_compute_into(db, q, bounds, n, out, NULL);
}

int gj_metrics_compute_into(gj_db *db, const gj_metrics_query *q, const int64_t *bounds, int n,
                            gj_metrics_result **out, gj_metrics_explain *ex)
{
    const gj_settings *s;
    gj_metrics_query qi = *q;
    gj_mpass pass;
    int i, rc;
    for (i = 0; i < n; i++) out[i] = NULL;
    if (n < 1) return gj_db_fail(db, GJ_INVALID, "to", "no periods");
    qi.from = bounds[0];
    qi.to = bounds[n];
    if ((rc = gj_metrics_query_check(db, &qi)) != GJ_OK) return rc;
    if (!(s = gj_settings_get(db))) return gj_db_errcode(db);
    memset(&pass, 0, sizeof pass);
    pass.db = db;
    pass.s = s;
    pass.now = gj_db_now(db);
    pass.sources = sources_of(q);
    pass.ex = ex;
    if ((rc = gj_db_begin(db)) != GJ_OK) return rc;
    rc = gj_metrics_prepare(db, s);
    if (rc == GJ_OK &&
        !(pass.data = gj_mdata_shared(db, (pass.sources & (GJ_MSRC_FOLLOWUPS | GJ_MSRC_STAGES)) != 0)))
        rc = gj_db_errcode(db);
    pass.bounds = bounds;
    if (rc == GJ_OK) rc = gj_metrics_series_scores(&pass, bounds, n);
    for (i = 0; i < n && rc == GJ_OK; i++) {
        gj_metrics_query *qp = &qi;
        qi.from = bounds[i];
        qi.to = bounds[i + 1];
        if (qi.from >= qi.to) {
            rc = gj_db_fail(db, GJ_INVALID, "to", "periods must not be empty");
            break;
        }
        if (!(out[i] = new_result(qp, s))) {
            rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
            break;
        }
        pass.q = qp;
        pass.p[0] = q->rep_id > 0 ? gj_vint(q->rep_id) : gj_vnull();
        pass.p[1] = gj_vint(qi.from);
        pass.p[2] = gj_vint(qi.to);
        pass.nsets = 0;
        pass.period = i;
        memset(pass.last, 0, sizeof pass.last);
        rc = compute(&pass, out[i]);
    }
    free(pass.scores);
    if (rc == GJ_OK) rc = gj_db_commit(db);
    else gj_db_rollback(db);
    if (rc != GJ_OK)
        for (i = 0; i < n; i++) {
            gj_metrics_result_free(out[i]);
            out[i] = NULL;
        }
    return rc;
}

int gj_metrics_compute(gj_db *db, const gj_metrics_query *q, gj_metrics_result **out)
{
    int64_t bounds[2];
    bounds[0] = q->from;
    bounds[1] = q->to;
    return gj_metrics_compute_series(db, q, bounds, 1, out);
}
