/* Groups, samples and the arithmetic shared by every metric. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

static const char *const dim_names[] = {"", "rep", "tier", "channel", "source"};

const char *gj_metrics_dim_name(gj_metrics_dim d)
{
    return d > GJ_METRICS_BY_NONE && d < GJ_METRICS_NDIMS ? dim_names[d] : NULL;
}

int gj_metrics_dim_find(const char *name)
{
    int i;
    for (i = 1; i < GJ_METRICS_NDIMS; i++)
        if (name && strcmp(dim_names[i], name) == 0) return i;
    return -1;
}

int64_t gj_mi(const gj_value *v)
{
    return v->type == GJ_VINT ? v->i : v->type == GJ_VREAL ? (int64_t)v->d : 0;
}

double gj_md(const gj_value *v)
{
    return v->type == GJ_VINT ? (double)v->i : v->type == GJ_VREAL ? v->d : 0.0;
}

gj_metrics_num gj_metrics_ratio(double num, double den)
{
    gj_metrics_num r = {0, 0.0};
    if (den != 0 && isfinite(num / den)) {
        r.has = 1;
        r.v = num / den;
    }
    return r;
}

static gj_metrics_num num_of(double v)
{
    gj_metrics_num r = {1, v};
    return r;
}

gj_metrics_stats gj_metrics_stats_of(const double *x, size_t n)
{
    gj_metrics_stats st;
    double sum = 0;
    size_t i, rank;
    memset(&st, 0, sizeof st);
    if (n == 0) return st;
    for (i = 0; i < n; i++) sum += x[i];
    st.mean = num_of(sum / (double)n);
    st.median = num_of(n % 2 ? x[n / 2] : (x[n / 2 - 1] + x[n / 2]) / 2);
    /* nearest rank: 1-based ceil(0.9 n), in integers to avoid 0.9 * 10 = 9.000001 */
    rank = (9 * n + 9) / 10;
    st.p90 = num_of(x[rank - 1]);
    return st;
}

static int key_matches(const gj_metrics_group *g, const gj_value *v)
{
    if (v->type == GJ_VNULL) return g->key_null;
    if (g->key_null) return 0;
    if (v->type == GJ_VINT) return g->rep_id == v->i;
    return v->type == GJ_VTEXT && g->key && strcmp(g->key, v->s) == 0;
}

gj_metrics_group *gj_metrics_group_key(gj_metrics_groups *gs, const gj_value *v)
{
    gj_metrics_group *g;
    int i;
    for (i = 0; i < gs->n; i++)
        if (key_matches(&gs->g[i], v)) return &gs->g[i];
    if (gs->n == gs->cap) {
        int cap = gs->cap ? gs->cap * 2 : 16;
        gj_metrics_group *ng = gj_realloc(gs->g, (size_t)cap * sizeof *ng);
        if (!ng) return NULL;
        gs->g = ng;
        gs->cap = cap;
    }
    g = &gs->g[gs->n];
    memset(g, 0, sizeof *g);
    if (v->type == GJ_VNULL) {
        g->key_null = 1;
    } else {
        char num[32];
        const char *text = num;
        if (v->type == GJ_VINT) {
            g->rep_id = v->i;
            snprintf(num, sizeof num, "%lld", (long long)v->i); /* named later */
        } else if (v->type == GJ_VTEXT) {
            text = v->s; /* whole: a prefix would split one key into rows */
        } else {
            snprintf(num, sizeof num, "%g", v->d);
        }
        if (!(g->key = gj_metrics_strdup(text))) return NULL;
    }
    gs->n++;
    return g;
}

static const char *const tier_names[] = {"A", "B", "C"};

gj_metrics_group *gj_mgroup(gj_mpass *pass, int k, int64_t ci, int64_t rep)
{
    gj_metrics_groups *gs = pass->sets[k];
    const gj_mcust *c = &pass->data->c[ci];
    gj_metrics_group *g;
    gj_value v;
    switch (gs->dim) {
    case GJ_METRICS_BY_REP: v = rep ? gj_vint(rep) : gj_vnull(); break;
    case GJ_METRICS_BY_TIER: v = gj_vtext(tier_names[c->tier == 'A' ? 0 : c->tier == 'B' ? 1 : 2]); break;
    case GJ_METRICS_BY_CHANNEL: v = gj_vtext(gj_mdata_str(pass->data, c->channel)); break;
    case GJ_METRICS_BY_SOURCE: v = gj_vtext(gj_mdata_str(pass->data, c->source)); break;
    default: v = gj_vtext(""); break;
    }
    /* rows come clustered by customer or rep: try the last hit first */
    if (pass->last[k] < gs->n && key_matches(&gs->g[pass->last[k]], &v)) return &gs->g[pass->last[k]];
    if (!(g = gj_metrics_group_key(gs, &v))) {
        pass->rc = GJ_NOMEM;
        return NULL;
    }
    pass->last[k] = (int)(g - gs->g);
    return g;
}

int gj_mcounts(const gj_mpass *pass, int64_t ci, int64_t rep)
{
    return ci >= 0 && pass->data->c[ci].ok && gj_metrics_rep_in(pass->q->rep_id, pass->q->team, rep);
}

#ifdef GJ_METRICS_PROFILE
#include <time.h>
double gj_mprof_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}
#endif

int gj_metrics_sample_add(gj_metrics_group *g, int k, double x)
{
    gj_metrics_samples *s = &g->samples[k];
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        double *nv = gj_realloc(s->v, cap * sizeof *nv);
        if (!nv) return -1;
        s->v = nv;
        s->cap = cap;
    }
    s->v[s->n++] = x;
    return 0;
}

int gj_metrics_run(gj_mpass *pass, const char *sql, const gj_value *extra, int nextra,
                   gj_row_fn fn)
{
    int i, rc;
    for (i = 0; i < nextra && GJ_M_NPARAMS + i < 8; i++) pass->p[GJ_M_NPARAMS + i] = extra[i];
    pass->rc = GJ_OK;
    GJ_MPROF(sql, rc = gj_store_run(gj_db_store(pass->db), sql, pass->p, GJ_M_NPARAMS + nextra,
                                    fn, pass, NULL, NULL));
    if (rc != GJ_OK) return gj_db_fail_store(pass->db, rc);
    if (pass->rc != GJ_OK) return gj_db_fail(pass->db, pass->rc, NULL, "out of memory");
    return GJ_OK;
}

#define ADD(f) dst->f += src->f
int gj_metrics_group_merge(gj_metrics_group *dst, const gj_metrics_group *src)
{
    int i;
    size_t j;
    ADD(activity.customers); ADD(activity.active_customers); ADD(activity.active_unconverted);
    ADD(activity.score_sum);
    for (i = 0; i < GJ_MAX_STAGES; i++) ADD(conversion.stage_count[i]);
    ADD(conversion.created); ADD(conversion.created_won); ADD(conversion.won);
    ADD(conversion.lost); ADD(conversion.won_amount); ADD(conversion.fu_customers);
    ADD(conversion.fu_converted); ADD(conversion.nofu_customers); ADD(conversion.nofu_converted);
    ADD(conversion.followups);
    ADD(satisfaction.csat_responses); ADD(satisfaction.csat_satisfied);
    ADD(satisfaction.nps_responses); ADD(satisfaction.promoters); ADD(satisfaction.detractors);
    ADD(satisfaction.csat_sum); ADD(satisfaction.served_customers);
    for (i = 0; i < 5; i++) ADD(satisfaction.csat_scores[i]);
    ADD(satisfaction.complaint_customers);
    ADD(response.tickets); ADD(response.unanswered); ADD(response.same_day);
    ADD(response.due_items); ADD(response.missed_items); ADD(response.stage_entries);
    ADD(response.stage_met);
    ADD(retention.ordering_customers); ADD(retention.repeat_customers);
    ADD(retention.cross_customers); ADD(retention.lifetime_customers);
    ADD(retention.lifetime_repeat); ADD(retention.lifetime_amount);
    ADD(retention.active_from); ADD(retention.retained);
    ADD(scorecard.followups_complete); ADD(scorecard.collab_followups);
    ADD(scorecard.collab_tickets);
    for (i = 0; i < GJ_MS_COUNT; i++)
        for (j = 0; j < src->samples[i].n; j++)
            if (gj_metrics_sample_add(dst, i, src->samples[i].v[j]) != 0) return -1;
    return 0;
}
#undef ADD

void gj_metrics_group_finish(gj_metrics_group *g, int nstages)
{
    gj_metrics_stats st;
    int i;
    for (i = 0; i < GJ_MS_COUNT; i++)
        gj_metrics_sort(g->samples[i].v, g->samples[i].n);

    g->activity.active_rate = gj_metrics_ratio((double)g->activity.active_customers,
                                               (double)g->activity.customers);
    g->activity.avg_score = gj_metrics_ratio(g->activity.score_sum, (double)g->activity.customers);

    /* reached(s): furthest stage >= s, and every won deal reaches every stage */
    g->conversion.nstages = nstages;
    for (i = nstages - 1; i >= 0; i--)
        g->conversion.funnel[i].reached = g->conversion.stage_count[i] +
            (i + 1 < nstages ? g->conversion.funnel[i + 1].reached - g->conversion.created_won : 0) +
            g->conversion.created_won;
    for (i = 0; i < nstages; i++) {
        gj_metrics_step *s = &g->conversion.funnel[i];
        s->next_step_rate = i + 1 < nstages
            ? gj_metrics_ratio((double)g->conversion.funnel[i + 1].reached, (double)s->reached)
            : gj_metrics_ratio(0, 0);
        s->cumulative_rate = gj_metrics_ratio((double)s->reached,
                                              (double)g->conversion.funnel[0].reached);
    }
    g->conversion.win_rate = gj_metrics_ratio((double)g->conversion.won,
                                              (double)(g->conversion.won + g->conversion.lost));
    g->conversion.followup_conversion_rate = gj_metrics_ratio(
        (double)g->conversion.fu_converted, (double)g->conversion.fu_customers);
    g->conversion.no_followup_conversion_rate = gj_metrics_ratio(
        (double)g->conversion.nofu_converted, (double)g->conversion.nofu_customers);

    st = gj_metrics_stats_of(g->samples[GJ_MS_CYCLE].v, g->samples[GJ_MS_CYCLE].n);
    g->cycle.won_deals = (int64_t)g->samples[GJ_MS_CYCLE].n;
    g->cycle.median_days = st.median;
    g->cycle.mean_days = st.mean;

    g->satisfaction.csat_avg = gj_metrics_ratio(g->satisfaction.csat_sum,
                                                (double)g->satisfaction.csat_responses);
    g->satisfaction.csat_pct = gj_metrics_ratio((double)g->satisfaction.csat_satisfied,
                                                (double)g->satisfaction.csat_responses);
    g->satisfaction.nps = gj_metrics_ratio(
        100.0 * (double)(g->satisfaction.promoters - g->satisfaction.detractors),
        (double)g->satisfaction.nps_responses);
    g->satisfaction.complaint_rate = gj_metrics_ratio(
        (double)g->satisfaction.complaint_customers, (double)g->satisfaction.served_customers);

    g->response.first_response_hours = gj_metrics_stats_of(
        g->samples[GJ_MS_FIRST_RESPONSE].v, g->samples[GJ_MS_FIRST_RESPONSE].n);
    g->response.resolution_hours = gj_metrics_stats_of(g->samples[GJ_MS_RESOLUTION].v,
                                                       g->samples[GJ_MS_RESOLUTION].n);
    g->response.same_day_rate = gj_metrics_ratio((double)g->response.same_day,
                                                 (double)g->response.tickets);
    st = gj_metrics_stats_of(g->samples[GJ_MS_INTERVAL].v, g->samples[GJ_MS_INTERVAL].n);
    g->response.interval_median = st.median;
    g->response.interval_p90 = st.p90;
    g->response.missed_followup_rate = gj_metrics_ratio((double)g->response.missed_items,
                                                        (double)g->response.due_items);
    g->response.stage_deadline_rate = gj_metrics_ratio((double)g->response.stage_met,
                                                       (double)g->response.stage_entries);

    g->retention.repurchase_rate = gj_metrics_ratio((double)g->retention.repeat_customers,
                                                    (double)g->retention.ordering_customers);
    g->retention.repurchase_rate_lifetime = gj_metrics_ratio(
        (double)g->retention.lifetime_repeat, (double)g->retention.lifetime_customers);
    g->retention.churn_rate = gj_metrics_ratio(
        (double)(g->retention.active_from - g->retention.retained),
        (double)g->retention.active_from);
    g->retention.retention_rate = g->retention.churn_rate;
    if (g->retention.churn_rate.has)
        g->retention.retention_rate.v = 1.0 - g->retention.churn_rate.v;
    g->retention.clv_historical = gj_metrics_ratio(g->retention.lifetime_amount,
                                                   (double)g->retention.lifetime_customers);
    g->retention.cross_purchase_rate = gj_metrics_ratio((double)g->retention.cross_customers,
                                                        (double)g->retention.ordering_customers);
}

char *gj_metrics_strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = gj_malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

void gj_metrics_group_clear(gj_metrics_group *g)
{
    int i;
    free(g->key);
    g->key = NULL;
    for (i = 0; i < GJ_MS_COUNT; i++) {
        free(g->samples[i].v);
        g->samples[i].v = NULL;
        g->samples[i].n = g->samples[i].cap = 0;
    }
}

void gj_metrics_result_free(gj_metrics_result *r)
{
    int i, j;
    if (!r) return;
    gj_metrics_group_clear(&r->total);
    for (i = 0; i < r->nby; i++) {
        for (j = 0; j < r->by[i].n; j++) gj_metrics_group_clear(&r->by[i].g[j]);
        free(r->by[i].g);
    }
    free(r);
}

/* Longest prefix first where prefixes overlap. */
static const struct {
    const char *prefix;
    unsigned sources;
} metric_sources[] = {
    {"activity.active_unconverted", GJ_MSRC_EVENTS | GJ_MSRC_ORDERS | GJ_MSRC_WON},
    {"activity.", GJ_MSRC_EVENTS},
    {"conversion.followup_conversion_rate", GJ_MSRC_FOLLOWUPS | GJ_MSRC_WON},
    {"conversion.no_followup_conversion_rate", GJ_MSRC_FOLLOWUPS | GJ_MSRC_WON},
    {"conversion.followed_up_customers", GJ_MSRC_FOLLOWUPS},
    {"conversion.not_followed_up_customers", GJ_MSRC_FOLLOWUPS},
    {"conversion.funnel", GJ_MSRC_FUNNEL},
    {"conversion.deals_created", GJ_MSRC_FUNNEL},
    {"conversion.", GJ_MSRC_CLOSED},
    {"cycle.", GJ_MSRC_CLOSED},
    {"satisfaction.complaint_rate", GJ_MSRC_TICKETS | GJ_MSRC_ORDERS | GJ_MSRC_FOLLOWUPS},
    {"satisfaction.", GJ_MSRC_SURVEYS},
    {"response.followup_interval_days", GJ_MSRC_FOLLOWUPS},
    {"response.missed_followup_rate", GJ_MSRC_FOLLOWUPS | GJ_MSRC_STAGES},
    {"response.due_items", GJ_MSRC_FOLLOWUPS | GJ_MSRC_STAGES},
    {"response.missed_items", GJ_MSRC_FOLLOWUPS | GJ_MSRC_STAGES},
    {"response.stage_", GJ_MSRC_STAGES},
    {"response.", GJ_MSRC_TICKETS},
    {"retention.", GJ_MSRC_ORDERS},
};

unsigned gj_metrics_sources_for(const char *metric)
{
    size_t i;
    for (i = 0; metric && i < sizeof metric_sources / sizeof metric_sources[0]; i++)
        if (strncmp(metric, metric_sources[i].prefix, strlen(metric_sources[i].prefix)) == 0)
            return metric_sources[i].sources;
    return GJ_MSRC_ALL;
}
