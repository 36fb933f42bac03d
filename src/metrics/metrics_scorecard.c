/*
 * Rep scorecards: four weighted groups of indicators, each indicator
 * scored 0-100 against its target (capped at 100) or, without a target,
 * against the best rep in the period.
 */
#include <stdlib.h>
#include <string.h>

#include <stdio.h>

#include "metrics_int.h"

static const struct {
    const char *name;
    int group;
    int lower_better;
} indicators[GJ_SCI_COUNT] = {
    {"followups", GJ_SC_BEHAVIOUR, 0},
    {"first_response_median_hours", GJ_SC_BEHAVIOUR, 1},
    {"record_completeness", GJ_SC_PROCESS, 0},
    {"stage_deadline_rate", GJ_SC_PROCESS, 0},
    {"followups_not_missed_rate", GJ_SC_PROCESS, 0},
    {"won_amount", GJ_SC_RESULT, 0},
    {"win_rate", GJ_SC_RESULT, 0},
    {"collaboration", GJ_SC_COLLABORATION, 0},
};

static const char *const group_names[GJ_SC_NGROUPS] = {"behaviour", "process", "result",
                                                      "collaboration"};

const char *gj_metrics_indicator_name(int i, int *group)
{
    if (i < 0 || i >= GJ_SCI_COUNT) return NULL;
    if (group) *group = indicators[i].group;
    return indicators[i].name;
}

const char *gj_metrics_group_name(int g)
{
    return g >= 0 && g < GJ_SC_NGROUPS ? group_names[g] : NULL;
}

static gj_metrics_num num(double v)
{
    gj_metrics_num n = {1, v};
    return n;
}

/* The indicator values of one rep's metrics. */
static void values(const gj_metrics_group *g, gj_metrics_indicator *ind)
{
    gj_metrics_num none = {0, 0};
    int i;
    for (i = 0; i < GJ_SCI_COUNT; i++) ind[i].value = ind[i].target = ind[i].score = none;
    ind[GJ_SCI_FOLLOWUPS].value = num((double)g->conversion.followups);
    ind[GJ_SCI_FIRST_RESPONSE].value = g->response.first_response_hours.median;
    ind[GJ_SCI_COMPLETENESS].value = gj_metrics_ratio((double)g->scorecard.followups_complete,
                                                      (double)g->conversion.followups);
    ind[GJ_SCI_STAGE_DEADLINES].value = g->response.stage_deadline_rate;
    if (g->response.missed_followup_rate.has)
        ind[GJ_SCI_NOT_MISSED].value = num(1.0 - g->response.missed_followup_rate.v);
    ind[GJ_SCI_WON_AMOUNT].value = num(g->conversion.won_amount);
    ind[GJ_SCI_WIN_RATE].value = g->conversion.win_rate;
    ind[GJ_SCI_COLLABORATION].value =
        num((double)(g->scorecard.collab_followups + g->scorecard.collab_tickets));
}

/* Columns: id, goal_won_amount, goal_followups. */
static int goals_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_metrics_scorecard *sc = ctx;
    int i;
    (void)n; (void)names;
    for (i = 0; i < sc->n; i++) {
        gj_metrics_scorecard_row *row = &sc->rows[i];
        if (row->rep_id != v[0].i) continue;
        if (v[1].type != GJ_VNULL) row->ind[GJ_SCI_WON_AMOUNT].target = num(gj_md(&v[1]));
        if (v[2].type != GJ_VNULL) row->ind[GJ_SCI_FOLLOWUPS].target = num(gj_md(&v[2]));
    }
    return 0;
}

static double clamp100(double x) { return x < 0 ? 0 : x > 100 ? 100 : x; }

/* Scores indicator i of every row: against the target when it is > 0,
 * else against the best value among the rows that have one. */
static void score_indicator(gj_metrics_scorecard *sc, int i)
{
    int lower = indicators[i].lower_better, r, have = 0;
    double best = 0;
    for (r = 0; r < sc->n; r++) {
        gj_metrics_num v = sc->rows[r].ind[i].value;
        if (!v.has) continue;
        if (!have || (lower ? v.v < best : v.v > best)) best = v.v;
        have = 1;
    }
    for (r = 0; r < sc->n; r++) {
        gj_metrics_indicator *ind = &sc->rows[r].ind[i];
        if (!ind->value.has) continue;
        if (ind->target.has && ind->target.v > 0)
            ind->score = num(clamp100(100.0 * ind->value.v / ind->target.v));
        else if (lower)
            ind->score = num(ind->value.v <= 0 ? 100.0 : clamp100(100.0 * best / ind->value.v));
        else if (best > 0)
            ind->score = num(clamp100(100.0 * ind->value.v / best));
        /* best <= 0: nobody did anything to compare with; not scored */
    }
}

static void totals(gj_metrics_scorecard *sc)
{
    int r, i, g;
    for (r = 0; r < sc->n; r++) {
        gj_metrics_scorecard_row *row = &sc->rows[r];
        double sum[GJ_SC_NGROUPS] = {0}, wsum = 0, total = 0;
        int cnt[GJ_SC_NGROUPS] = {0};
        for (i = 0; i < GJ_SCI_COUNT; i++)
            if (row->ind[i].score.has) {
                sum[indicators[i].group] += row->ind[i].score.v;
                cnt[indicators[i].group]++;
            }
        for (g = 0; g < GJ_SC_NGROUPS; g++) {
            if (!cnt[g]) continue;
            row->group[g] = num(sum[g] / cnt[g]);
            total += sc->weight[g] * row->group[g].v;
            wsum += sc->weight[g];
        }
        row->total = gj_metrics_ratio(total, wsum); /* groups without a score drop out */
        if (row->ind[GJ_SCI_WON_AMOUNT].target.has && row->ind[GJ_SCI_WON_AMOUNT].target.v > 0)
            row->goal_won_amount = gj_metrics_ratio(row->ind[GJ_SCI_WON_AMOUNT].value.v,
                                                    row->ind[GJ_SCI_WON_AMOUNT].target.v);
        if (row->ind[GJ_SCI_FOLLOWUPS].target.has && row->ind[GJ_SCI_FOLLOWUPS].target.v > 0)
            row->goal_followups = gj_metrics_ratio(row->ind[GJ_SCI_FOLLOWUPS].value.v,
                                                   row->ind[GJ_SCI_FOLLOWUPS].target.v);
    }
}

static int by_total(const void *a, const void *b)
{
    const gj_metrics_scorecard_row *x = a, *y = b;
    if (x->total.has != y->total.has) return y->total.has - x->total.has;
    if (x->total.has && x->total.v != y->total.v) return x->total.v > y->total.v ? -1 : 1;
    return strcmp(x->name, y->name);
}

int gj_metrics_scorecard_of(gj_db *db, gj_metrics_result *r, gj_metrics_scorecard **out)
{
    const gj_settings *s = gj_settings_get(db);
    gj_metrics_groups *gs = NULL;
    gj_metrics_scorecard *sc = NULL;
    int i, j, rc;
    *out = NULL;
    if (!s) return gj_db_errcode(db);
    for (i = 0; i < r->nby; i++)
        if (r->by[i].dim == GJ_METRICS_BY_REP) gs = &r->by[i];
    if (!gs) return gj_db_fail(db, GJ_INVALID, "by", "a scorecard needs the rep breakdown");
    if (!(sc = gj_calloc(1, sizeof *sc)) || !(sc->rows = gj_calloc((size_t)gs->n + 1, sizeof *sc->rows))) {
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        goto fail;
    }
    sc->weight[GJ_SC_BEHAVIOUR] = s->weight_behaviour;
    sc->weight[GJ_SC_PROCESS] = s->weight_process;
    sc->weight[GJ_SC_RESULT] = s->weight_result;
    sc->weight[GJ_SC_COLLABORATION] = s->weight_collaboration;
    for (i = 0; i < gs->n; i++) {
        gj_metrics_scorecard_row *row = &sc->rows[sc->n];
        if (gs->g[i].key_null) continue;
        row->rep_id = gs->g[i].rep_id;
        snprintf(row->name, sizeof row->name, "%s", gs->g[i].key ? gs->g[i].key : "");
        values(&gs->g[i], row->ind);
        sc->n++;
    }
    rc = gj_store_run(gj_db_store(db), "SELECT id, goal_won_amount, goal_followups FROM reps",
                      NULL, 0, goals_row, sc, NULL, NULL);
    if (rc != GJ_OK) {
        rc = gj_db_fail_store(db, rc);
        goto fail;
    }
    for (i = 0; i < GJ_SCI_COUNT; i++) score_indicator(sc, i);
    totals(sc);
    qsort(sc->rows, (size_t)sc->n, sizeof *sc->rows, by_total);
    for (i = 0; i < sc->n; i++) {
        const gj_metrics_scorecard_row *prev = i ? &sc->rows[i - 1] : NULL;
        sc->rows[i].rank = prev && prev->total.has == sc->rows[i].total.has &&
                           prev->total.v == sc->rows[i].total.v ? prev->rank : i + 1;
        for (j = 0; j < gs->n; j++)
            if (!gs->g[j].key_null && gs->g[j].rep_id == sc->rows[i].rep_id)
                gs->g[j].score = sc->rows[i].total;
    }
    *out = sc;
    return GJ_OK;
fail:
    gj_metrics_scorecard_free(sc);
    return rc;
}

void gj_metrics_scorecard_free(gj_metrics_scorecard *sc)
{
    if (!sc) return;
    free(sc->rows);
    free(sc);
}
