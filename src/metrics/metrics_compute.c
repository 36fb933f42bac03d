/*
 * gj_metrics_compute: one pass of the section queries per breakdown
 * dimension (or one totals pass), then the totals as the merge of the
 * first pass's groups, which is exact because each record falls in one
 * group.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

static int run_pass(gj_mpass *pass, gj_metrics_dim dim, gj_metrics_groups *gs)
{
    int rc;
    gs->dim = dim;
    pass->groups = gs;
    pass->p[0] = gj_vint(dim);
    if ((rc = gj_metrics_activity(pass)) != GJ_OK) return rc;
    if ((rc = gj_metrics_deals(pass)) != GJ_OK) return rc;
    if ((rc = gj_metrics_service(pass)) != GJ_OK) return rc;
    return gj_metrics_followup(pass);
}

/* Adds an empty row for each key a breakdown always shows, so that a rep
 * or tier with nothing in P still appears with its zeros. */
static int add_fixed_keys(gj_mpass *pass, gj_metrics_groups *gs)
{
    static const char *const tiers[] = {"A", "B", "C"};
    gj_value v;
    int i, rc = GJ_OK;
    if (gs->dim == GJ_METRICS_BY_TIER) {
        for (i = 0; i < 3 && rc == GJ_OK; i++) {
            if (pass->q->tier && strcmp(pass->q->tier, tiers[i]) != 0) continue;
            v = gj_vtext(tiers[i]);
            if (!gj_metrics_group_for(pass, &v)) rc = GJ_NOMEM;
        }
    }
    return rc == GJ_OK ? GJ_OK : gj_db_fail(pass->db, rc, NULL, "out of memory");
}

static int name_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_mpass *pass = ctx;
    gj_metrics_group *g = gj_metrics_group_for(pass, &v[0]);
    (void)n; (void)names;
    if (!g) return 1;
    snprintf(g->key, sizeof g->key, "%s", v[1].type == GJ_VTEXT ? v[1].s : "");
    return 0;
}

/* Names rep rows, adding the active reps (or the filtered rep) that had
 * nothing in P. */
static int name_reps(gj_mpass *pass, gj_metrics_groups *gs)
{
    int rc;
    pass->groups = gs;
    pass->rc = GJ_OK;
    rc = gj_store_run(gj_db_store(pass->db),
                      "SELECT id, name FROM reps WHERE (?2 IS NULL AND active = 1) OR id = ?2",
                      pass->p, 2, name_row, pass, NULL, NULL);
    if (rc != GJ_OK) return gj_db_fail_store(pass->db, rc);
    if (pass->rc != GJ_OK) return gj_db_fail(pass->db, pass->rc, NULL, "out of memory");
    return GJ_OK;
}

static int cmp_group(const void *a, const void *b)
{
    const gj_metrics_group *x = a, *y = b;
    if (x->key_null != y->key_null) return x->key_null - y->key_null; /* unknown last */
    return strcmp(x->key, y->key);
}

static int compute(gj_mpass *pass, gj_metrics_result *r)
{
    gj_metrics_groups single;
    int i, j, rc;
    memset(&single, 0, sizeof single);
    for (i = 0; i < r->nby; i++) {
        if ((rc = run_pass(pass, r->by[i].dim, &r->by[i])) != GJ_OK) return rc;
        if ((rc = add_fixed_keys(pass, &r->by[i])) != GJ_OK) return rc;
        if (r->by[i].dim == GJ_METRICS_BY_REP && (rc = name_reps(pass, &r->by[i])) != GJ_OK)
            return rc;
    }
    if (r->nby == 0) {
        rc = run_pass(pass, GJ_METRICS_BY_NONE, &single);
        for (j = 0; j < single.n && rc == GJ_OK; j++)
            if (gj_metrics_group_merge(&r->total, &single.g[j]) != 0) rc = GJ_NOMEM;
        for (j = 0; j < single.n; j++) gj_metrics_group_clear(&single.g[j]);
        free(single.g);
    } else {
        rc = GJ_OK;
        for (j = 0; j < r->by[0].n && rc == GJ_OK; j++)
            if (gj_metrics_group_merge(&r->total, &r->by[0].g[j]) != 0) rc = GJ_NOMEM;
    }
    if (rc == GJ_NOMEM) return gj_db_fail(pass->db, rc, NULL, "out of memory");
    if (rc != GJ_OK) return rc;
    gj_metrics_group_finish(&r->total, r->nstages);
    for (i = 0; i < r->nby; i++) {
        for (j = 0; j < r->by[i].n; j++) gj_metrics_group_finish(&r->by[i].g[j], r->nstages);
        if (r->by[i].n > 1) qsort(r->by[i].g, (size_t)r->by[i].n, sizeof(gj_metrics_group), cmp_group);
    }
    return GJ_OK;
}

int gj_metrics_compute(gj_db *db, const gj_metrics_query *q, gj_metrics_result **out)
{
    gj_metrics_result *r = NULL;
    const gj_settings *s;
    gj_mpass pass;
    int i, rc;
    *out = NULL;
    if ((rc = gj_metrics_query_check(db, q)) != GJ_OK) return rc;
    if (!(s = gj_settings_get(db))) return gj_db_errcode(db);
    if (!(r = calloc(1, sizeof *r))) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    r->query = *q;
    r->tz_offset_minutes = s->tz_offset_minutes;
    r->nstages = s->nstages;
    for (i = 0; i < s->nstages; i++) memcpy(r->stage[i], s->stage[i], GJ_NAME_LEN);
    r->nby = q->nby;
    for (i = 0; i < q->nby; i++) r->by[i].dim = q->by[i];
    memset(&pass, 0, sizeof pass);
    pass.db = db;
    pass.q = q;
    pass.s = s;
    pass.now = gj_db_now(db);
    pass.p[1] = q->rep_id > 0 ? gj_vint(q->rep_id) : gj_vnull();
    pass.p[2] = gj_vtext(q->tier);
    pass.p[3] = gj_vtext(q->channel);
    pass.p[4] = gj_vtext(q->source);
    pass.p[5] = gj_vint(q->from);
    pass.p[6] = gj_vint(q->to);
    if ((rc = gj_db_begin(db)) != GJ_OK) goto fail;
    rc = gj_metrics_prepare(db, q, s);
    if (rc == GJ_OK) rc = compute(&pass, r);
    if (rc != GJ_OK) {
        gj_db_rollback(db);
        goto fail;
    }
    if ((rc = gj_db_commit(db)) != GJ_OK) goto fail;
    *out = r;
    return GJ_OK;
fail:
    gj_metrics_result_free(r);
    return rc;
}
