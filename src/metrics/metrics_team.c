/*
 * Teams: a set of reps the metrics, the due list, the churn warnings and
 * the weekly report can be limited to. A team is every rep whose `team`
 * is its name (exactly, as stored); a set can also be a list of rep ids.
 * A customer or record belongs to a set when the rep it is attributed to
 * is in it, so a set filter keeps exactly what the rep filters of its
 * members keep, together.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

typedef struct {
    gj_metrics_team *t; /* the last team read into */
    gj_metrics_team *all;
    size_t n, cap;      /* teams read (list) */
    size_t idcap;
    int list;           /* rows carry the team's name first */
    int oom;
} team_ctx;

static int add_id(gj_metrics_team *t, size_t *cap, int64_t id)
{
    int64_t *ids;
    if (t->n == *cap) {
        size_t nc = *cap ? *cap * 2 : 8;
        if (!(ids = gj_realloc(t->ids, nc * sizeof *ids))) return -1;
        t->ids = ids;
        *cap = nc;
    }
    t->ids[t->n++] = id;
    return 0;
}

/* Rows: (id) for one team, (team, id) by team for the list. */
static int team_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    team_ctx *c = ctx;
    (void)n; (void)names;
    if (c->list && (!c->t || strcmp(c->t->name, v[0].s) != 0)) {
        if (c->n == c->cap) {
            size_t nc = c->cap ? c->cap * 2 : 8;
            gj_metrics_team *all = gj_realloc(c->all, nc * sizeof *all);
            if (!all) goto oom;
            c->all = all;
            c->cap = nc;
        }
        c->t = &c->all[c->n++];
        memset(c->t, 0, sizeof *c->t);
        c->idcap = 0;
        if (!(c->t->name = gj_metrics_strdup(v[0].s))) goto oom;
    }
    if (add_id(c->t, &c->idcap, gj_mi(&v[c->list])) == 0) return 0;
oom:
    c->oom = 1;
    return 1;
}

int gj_metrics_team_find(gj_db *db, const char *name, const char *field, gj_metrics_team **out)
{
    gj_metrics_team *t = NULL;
    team_ctx c;
    gj_value p;
    int rc;
    *out = NULL;
    memset(&c, 0, sizeof c);
    if (!(t = gj_calloc(1, sizeof *t)) || !(t->name = gj_metrics_strdup(name ? name : ""))) {
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        goto fail;
    }
    c.t = t;
    p = gj_vtext(t->name);
    rc = gj_store_run(gj_db_store(db), "SELECT id FROM reps WHERE team = ?1 AND team <> '' ORDER BY id", &p, 1,
                      team_row, &c, NULL, NULL);
    if (rc != GJ_OK) {
        rc = c.oom ? gj_db_fail(db, GJ_NOMEM, NULL, "out of memory") : gj_db_fail_store(db, rc);
        goto fail;
    }
    if (c.oom) {
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        goto fail;
    }
    if (t->n == 0) {
        gj_db_fail_reason(db, GJ_INVALID, field, "unknown_team", "%s: no rep is in a team named '%.80s'",
                          field, t->name);
        rc = gj_db_error_param(db, "value", t->name);
        goto fail;
    }
    *out = t;
    return GJ_OK;
fail:
    gj_metrics_team_free(t);
    return rc;
}

static int cmp_id(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return x < y ? -1 : x > y;
}

int gj_metrics_team_of_ids(gj_db *db, const int64_t *ids, size_t n, gj_metrics_team **out)
{
    gj_metrics_team *t = gj_calloc(1, sizeof *t);
    size_t i, k = 0;
    *out = NULL;
    if (!t || (n && !(t->ids = gj_malloc(n * sizeof *t->ids)))) {
        gj_metrics_team_free(t);
        return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    }
    if (n) memcpy(t->ids, ids, n * sizeof *ids);
    if (n) qsort(t->ids, n, sizeof *t->ids, cmp_id);
    for (i = 0; i < n; i++) /* distinct */
        if (k == 0 || t->ids[k - 1] != t->ids[i]) t->ids[k++] = t->ids[i];
    t->n = k;
    *out = t;
    return GJ_OK;
}

void gj_metrics_team_free(gj_metrics_team *t)
{
    if (!t) return;
    free(t->name);
    free(t->ids);
    free(t);
}

int gj_metrics_team_has(const gj_metrics_team *t, int64_t rep)
{
    size_t lo = 0, hi;
    if (!t) return 1;
    hi = t->n;
    while (lo < hi) { /* ids are sorted */
        size_t mid = lo + (hi - lo) / 2;
        if (t->ids[mid] == rep) return 1;
        if (t->ids[mid] < rep) lo = mid + 1;
        else hi = mid;
    }
    return 0;
}

int gj_metrics_rep_in(int64_t rep_id, const gj_metrics_team *team, int64_t rep)
{
    return (!rep_id || rep == rep_id) && gj_metrics_team_has(team, rep);
}

int gj_metrics_teams(gj_db *db, gj_metrics_team **out, size_t *n)
{
    team_ctx c;
    int rc;
    *out = NULL;
    *n = 0;
    memset(&c, 0, sizeof c);
    c.list = 1;
    rc = gj_store_run(gj_db_store(db),
                      "SELECT team, id FROM reps WHERE typeof(team) = 'text' AND team <> ''"
                      " ORDER BY team, id", NULL, 0, team_row, &c, NULL, NULL);
    if (rc != GJ_OK || c.oom) {
        gj_metrics_teams_free(c.all, c.n);
        return c.oom ? gj_db_fail(db, GJ_NOMEM, NULL, "out of memory") : gj_db_fail_store(db, rc);
    }
    *out = c.all;
    *n = c.n;
    return GJ_OK;
}

void gj_metrics_teams_free(gj_metrics_team *teams, size_t n)
{
    size_t i;
    if (!teams) return;
    for (i = 0; i < n; i++) {
        free(teams[i].name);
        free(teams[i].ids);
    }
    free(teams);
}
