/*
 * metrics.* ops: arguments -> gj_metrics_query, and metric structs -> the
 * JSON shape of section 9 of the metric spec. The only place that turns
 * metric structs into JSON.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"
#include "metrics/metrics.h"

/* ---- JSON of numbers and times ---- */

static void add_num(cJSON *o, const char *key, gj_metrics_num n)
{
    if (n.has && isfinite(n.v)) cJSON_AddNumberToObject(o, key, n.v);
    else cJSON_AddNullToObject(o, key);
}

static void add_int(cJSON *o, const char *key, int64_t v)
{
    cJSON_AddNumberToObject(o, key, (double)v);
}

static cJSON *stats_json(const gj_metrics_stats *s, int with_mean)
{
    cJSON *o = cJSON_CreateObject();
    add_num(o, "median", s->median);
    add_num(o, "p90", s->p90);
    if (with_mean) add_num(o, "mean", s->mean);
    return o;
}

/* The first-response times of the group as counts per bin of hours:
 * [0,1) [1,2) [2,4) [4,8) [8,24) [24,48) [48,72) [72,∞) — the dashboard's
 * histogram, from the same samples as the median and p90. */
static cJSON *hours_hist_json(const gj_metrics_samples *s)
{
    static const double upper[] = {1, 2, 4, 8, 24, 48, 72};
    enum { NBINS = sizeof upper / sizeof upper[0] + 1 };
    int64_t count[NBINS] = {0};
    cJSON *o = cJSON_CreateObject(), *edges = cJSON_AddArrayToObject(o, "upper_hours"),
          *counts = cJSON_AddArrayToObject(o, "counts");
    size_t i;
    int b;
    for (i = 0; i < s->n; i++) {
        for (b = 0; b < NBINS - 1 && s->v[i] >= upper[b]; b++) {}
        count[b]++;
    }
    for (b = 0; b < NBINS - 1; b++) gj_api_push(edges, cJSON_CreateNumber(upper[b]));
    for (b = 0; b < NBINS; b++) gj_api_push(counts, cJSON_CreateNumber((double)count[b]));
    return o;
}

/* A local-midnight bound prints as its date, anything else as UTC time. */
static cJSON *time_json(int64_t t, double tz_minutes)
{
    char buf[32];
    int64_t local = t + (int64_t)llround(tz_minutes * 60);
    if (((local % 86400) + 86400) % 86400 == 0) return cJSON_CreateString(gj_date_format(local, buf));
    return cJSON_CreateString(gj_time_format(t, buf));
}

/* ---- arguments ---- */

static int text_arg(gj_db *db, const cJSON *args, const char *name, const char **out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(args, name);
    *out = NULL;
    if (!it || cJSON_IsNull(it)) return GJ_OK;
    if (!cJSON_IsString(it) || !*it->valuestring) {
        gj_db_fail_reason(db, GJ_INVALID, name, "wrong_type", "%s must be non-empty text", name);
        return gj_db_error_param(db, "expected", "text");
    }
    *out = it->valuestring;
    return GJ_OK;
}

static int bad_dim(gj_db *db, const char *value)
{
    gj_db_fail_reason(db, GJ_INVALID, "by", "not_in_choices", "by must be rep, tier, channel or source");
    if (value) gj_db_error_param(db, "value", value);
    return gj_db_error_param(db, "choices", "rep, tier, channel, source");
}

static int by_arg(gj_db *db, const cJSON *by, gj_metrics_query *q)
{
    const cJSON *it;
    if (!by || cJSON_IsNull(by)) return GJ_OK;
    if (cJSON_IsString(by)) {
        int d = gj_metrics_dim_find(by->valuestring);
        if (d < 0) return bad_dim(db, by->valuestring);
        q->by[q->nby++] = (gj_metrics_dim)d;
        return GJ_OK;
    }
    if (!cJSON_IsArray(by)) return bad_dim(db, NULL);
    cJSON_ArrayForEach(it, by) {
        int d = cJSON_IsString(it) ? gj_metrics_dim_find(it->valuestring) : -1;
        if (d < 0) return bad_dim(db, cJSON_IsString(it) ? it->valuestring : NULL);
        if (q->nby >= GJ_METRICS_NDIMS - 1)
            return gj_db_fail_reason(db, GJ_INVALID, "by", "duplicate", "by names a dimension twice");
        q->by[q->nby++] = (gj_metrics_dim)d;
    }
    return GJ_OK;
}

/* Reads the arguments every metrics op shares; `known` lists the op's
 * other argument names (NULL-terminated) so unknown ones are errors.
 * q->team is `team`, read by gj_api_with_team. */
static int query_args(gj_db *db, const cJSON *args, const char *const *known, const gj_metrics_team *team,
                      gj_metrics_query *q)
{
    static const char *const common[] = {"from", "to", "by", "rep_id", "team", "tier", "channel", "source", NULL};
    const cJSON *it, *from, *to;
    int64_t rep;
    int rc, k;
    memset(q, 0, sizeof *q);
    cJSON_ArrayForEach(it, args) {
        int ok = 0;
        for (k = 0; common[k] && !ok; k++) ok = strcmp(common[k], it->string) == 0;
        for (k = 0; known && known[k] && !ok; k++) ok = strcmp(known[k], it->string) == 0;
        if (!ok)
            return gj_db_fail_reason(db, GJ_INVALID, it->string, "unknown_field",
                                     "unknown argument '%s'", it->string);
    }
    from = cJSON_GetObjectItemCaseSensitive(args, "from");
    to = cJSON_GetObjectItemCaseSensitive(args, "to");
    if (!cJSON_IsString(from))
        return gj_db_fail_reason(db, GJ_INVALID, "from", "required", "from is required (a date)");
    if (!cJSON_IsString(to))
        return gj_db_fail_reason(db, GJ_INVALID, "to", "required", "to is required (a date)");
    if ((rc = gj_metrics_parse_time(db, from->valuestring, "from", &q->from)) != GJ_OK) return rc;
    if ((rc = gj_metrics_parse_time(db, to->valuestring, "to", &q->to)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "rep_id", 0, 1, INT64_MAX / 2, &rep)) != GJ_OK) return rc;
    q->rep_id = rep;
    q->team = team;
    if ((rc = text_arg(db, args, "tier", &q->tier)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "channel", &q->channel)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "source", &q->source)) != GJ_OK) return rc;
    if ((rc = by_arg(db, cJSON_GetObjectItemCaseSensitive(args, "by"), q)) != GJ_OK) return rc;
    return gj_metrics_query_check(db, q);
}

/* ---- metrics.compute ---- */

static cJSON *funnel_json(const gj_metrics_result *r, const gj_metrics_group *g)
{
    cJSON *a = cJSON_CreateArray();
    int i;
    for (i = 0; i < r->nstages; i++) {
        cJSON *s = cJSON_CreateObject();
        cJSON_AddStringToObject(s, "stage", r->stage[i]);
        add_int(s, "reached", g->conversion.funnel[i].reached);
        add_num(s, "next_step_rate", g->conversion.funnel[i].next_step_rate);
        add_num(s, "cumulative_rate", g->conversion.funnel[i].cumulative_rate);
        gj_api_push(a, s);
    }
    return a;
}

/* The six sections of one group, added to o. */
static void sections_json(cJSON *o, const gj_metrics_result *r, const gj_metrics_group *g)
{
    cJSON *a = cJSON_AddObjectToObject(o, "activity");
    cJSON *c = cJSON_AddObjectToObject(o, "conversion");
    cJSON *cy = cJSON_AddObjectToObject(o, "cycle");
    cJSON *s = cJSON_AddObjectToObject(o, "satisfaction");
    cJSON *rs = cJSON_AddObjectToObject(o, "response");
    cJSON *rt = cJSON_AddObjectToObject(o, "retention");
    cJSON *fi, *sc;
    int k;
    add_int(a, "customers", g->activity.customers);
    add_int(a, "active_customers", g->activity.active_customers);
    add_num(a, "active_rate", g->activity.active_rate);
    add_num(a, "avg_score", g->activity.avg_score);
    add_int(a, "active_unconverted", g->activity.active_unconverted);

    gj_api_add(c, "funnel", funnel_json(r, g));
    add_int(c, "deals_created", g->conversion.created);
    add_int(c, "followups", g->conversion.followups); /* follow-ups logged in P */
    add_int(c, "won", g->conversion.won);
    add_int(c, "lost", g->conversion.lost);
    add_num(c, "win_rate", g->conversion.win_rate);
    cJSON_AddNumberToObject(c, "won_amount", g->conversion.won_amount);
    add_num(c, "followup_conversion_rate", g->conversion.followup_conversion_rate);
    add_num(c, "no_followup_conversion_rate", g->conversion.no_followup_conversion_rate);
    add_int(c, "followed_up_customers", g->conversion.fu_customers);
    add_int(c, "not_followed_up_customers", g->conversion.nofu_customers);

    add_int(cy, "won_deals", g->cycle.won_deals);
    add_num(cy, "median_days", g->cycle.median_days);
    add_num(cy, "mean_days", g->cycle.mean_days);

    add_int(s, "csat_responses", g->satisfaction.csat_responses);
    add_num(s, "csat_avg", g->satisfaction.csat_avg);
    add_num(s, "csat_pct", g->satisfaction.csat_pct);
    sc = cJSON_AddArrayToObject(s, "csat_scores"); /* answers with score 1..5 */
    for (k = 0; k < 5; k++) gj_api_push(sc, cJSON_CreateNumber((double)g->satisfaction.csat_scores[k]));
    add_int(s, "nps_responses", g->satisfaction.nps_responses);
    add_int(s, "promoters", g->satisfaction.promoters);
    add_int(s, "passives", g->satisfaction.nps_responses - g->satisfaction.promoters - g->satisfaction.detractors);
    add_int(s, "detractors", g->satisfaction.detractors);
    add_num(s, "nps", g->satisfaction.nps);
    add_num(s, "complaint_rate", g->satisfaction.complaint_rate);

    add_int(rs, "tickets", g->response.tickets);
    add_int(rs, "unanswered", g->response.unanswered);
    gj_api_add(rs, "first_response_hours", stats_json(&g->response.first_response_hours, 1));
    gj_api_add(rs, "first_response_hist", hours_hist_json(&g->samples[GJ_MS_FIRST_RESPONSE]));
    gj_api_add(rs, "resolution_hours", stats_json(&g->response.resolution_hours, 1));
    add_num(rs, "same_day_rate", g->response.same_day_rate);
    fi = cJSON_AddObjectToObject(rs, "followup_interval_days");
    add_num(fi, "median", g->response.interval_median);
    add_num(fi, "p90", g->response.interval_p90);
    add_num(rs, "missed_followup_rate", g->response.missed_followup_rate);
    add_int(rs, "due_items", g->response.due_items);
    add_int(rs, "missed_items", g->response.missed_items);
    add_num(rs, "stage_deadline_rate", g->response.stage_deadline_rate);
    add_int(rs, "stage_entries", g->response.stage_entries);

    add_int(rt, "ordering_customers", g->retention.ordering_customers);
    add_num(rt, "repurchase_rate", g->retention.repurchase_rate);
    add_num(rt, "repurchase_rate_lifetime", g->retention.repurchase_rate_lifetime);
    add_num(rt, "churn_rate", g->retention.churn_rate);
    add_num(rt, "retention_rate", g->retention.retention_rate);
    add_num(rt, "clv_historical", g->retention.clv_historical);
    add_num(rt, "cross_purchase_rate", g->retention.cross_purchase_rate);
}

static cJSON *row_json(const gj_metrics_result *r, gj_metrics_dim dim, const gj_metrics_group *g)
{
    cJSON *o = cJSON_CreateObject();
    if (g->key_null) cJSON_AddNullToObject(o, "key");
    else cJSON_AddStringToObject(o, "key", g->key);
    if (dim == GJ_METRICS_BY_REP) {
        if (g->key_null) cJSON_AddNullToObject(o, "rep_id");
        else add_int(o, "rep_id", g->rep_id);
    }
    add_int(o, "won", g->conversion.won);
    add_int(o, "lost", g->conversion.lost);
    add_num(o, "win_rate", g->conversion.win_rate);
    cJSON_AddNumberToObject(o, "won_amount", g->conversion.won_amount);
    add_int(o, "followups", g->conversion.followups);
    add_num(o, "score", g->score);
    sections_json(o, r, g);
    return o;
}

static cJSON *period_json(const gj_metrics_result *r)
{
    cJSON *p = cJSON_CreateObject();
    gj_api_add(p, "from", time_json(r->query.from, r->tz_offset_minutes));
    gj_api_add(p, "to", time_json(r->query.to, r->tz_offset_minutes));
    cJSON_AddNumberToObject(p, "tz_offset_minutes", r->tz_offset_minutes);
    return p;
}

static cJSON *metrics_json(const gj_metrics_result *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *by;
    int i, j;
    gj_api_add(o, "period", period_json(r));
    sections_json(o, r, &r->total);
    by = cJSON_AddObjectToObject(o, "by");
    for (i = 0; i < r->nby; i++) {
        cJSON *rows = cJSON_AddArrayToObject(by, gj_metrics_dim_name(r->by[i].dim));
        for (j = 0; j < r->by[i].n; j++)
            gj_api_push(rows, row_json(r, r->by[i].dim, &r->by[i].g[j]));
    }
    return o;
}

static int metrics_compute(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    gj_metrics_query q;
    gj_metrics_result *r = NULL;
    int rc;
    if ((rc = query_args(db, args, NULL, team, &q)) != GJ_OK) return rc;
    if ((rc = gj_metrics_compute(db, &q, &r)) != GJ_OK) return rc;
    *data = metrics_json(r);
    gj_metrics_result_free(r);
    return *data ? GJ_OK : gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

static int metrics_report(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    gj_metrics_query q;
    gj_metrics_result *r = NULL;
    char *text = NULL;
    int rc;
    if ((rc = query_args(db, args, NULL, team, &q)) != GJ_OK) return rc;
    if ((rc = gj_metrics_compute(db, &q, &r)) != GJ_OK) return rc;
    rc = gj_metrics_report(db, r, &text);
    gj_metrics_result_free(r);
    if (rc != GJ_OK) return rc;
    *data = cJSON_CreateObject();
    if (*data) cJSON_AddStringToObject(*data, "text", text);
    free(text);
    return *data ? GJ_OK : gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

static cJSON *scorecard_json(const gj_metrics_result *r, const gj_metrics_scorecard *sc)
{
    cJSON *o = cJSON_CreateObject(), *w = cJSON_AddObjectToObject(o, "weights");
    cJSON *reps = cJSON_AddArrayToObject(o, "reps");
    int i, k;
    gj_api_add(o, "period", period_json(r));
    for (k = 0; k < GJ_SC_NGROUPS; k++) cJSON_AddNumberToObject(w, gj_metrics_group_name(k), sc->weight[k]);
    for (i = 0; i < sc->n; i++) {
        const gj_metrics_scorecard_row *row = &sc->rows[i];
        cJSON *x = cJSON_CreateObject(), *g, *ind, *goal;
        add_int(x, "rep_id", row->rep_id);
        cJSON_AddStringToObject(x, "name", row->name);
        add_int(x, "rank", row->rank);
        add_num(x, "total", row->total);
        g = cJSON_AddObjectToObject(x, "groups");
        for (k = 0; k < GJ_SC_NGROUPS; k++) add_num(g, gj_metrics_group_name(k), row->group[k]);
        ind = cJSON_AddObjectToObject(x, "indicators");
        for (k = 0; k < GJ_SCI_COUNT; k++) {
            int grp;
            const char *name = gj_metrics_indicator_name(k, &grp);
            cJSON *it = cJSON_AddObjectToObject(ind, name);
            cJSON_AddStringToObject(it, "group", gj_metrics_group_name(grp));
            add_num(it, "value", row->ind[k].value);
            add_num(it, "target", row->ind[k].target);
            add_num(it, "score", row->ind[k].score);
        }
        goal = cJSON_AddObjectToObject(x, "goal_attainment");
        add_num(goal, "won_amount", row->goal_won_amount);
        add_num(goal, "followups", row->goal_followups);
        gj_api_push(reps, x);
    }
    return o;
}

static int metrics_scorecard(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    gj_metrics_query q;
    gj_metrics_result *r = NULL;
    gj_metrics_scorecard *sc = NULL;
    int rc;
    if ((rc = query_args(db, args, NULL, team, &q)) != GJ_OK) return rc;
    q.nby = 1; /* scorecards are per rep, whatever else was asked */
    q.by[0] = GJ_METRICS_BY_REP;
    if ((rc = gj_metrics_compute(db, &q, &r)) == GJ_OK && (rc = gj_metrics_scorecard_of(db, r, &sc)) == GJ_OK)
        *data = scorecard_json(r, sc);
    gj_metrics_scorecard_free(sc);
    gj_metrics_result_free(r);
    if (rc != GJ_OK) return rc;
    return *data ? GJ_OK : gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

/* ---- metrics.trend ---- */

#define MAX_BUCKETS 400

/* Bucket boundaries in [from, to): local month starts or local Mondays. */
static int buckets(int64_t from, int64_t to, int64_t tz, int weekly, int64_t *b, int *n)
{
    int64_t t, day, y;
    int m, d;
    *n = 0;
    b[0] = from;
    day = (from + tz - (((from + tz) % 86400) + 86400) % 86400) / 86400; /* local day number */
    for (;;) {
        if (weekly) {
            day += 7 - ((day + 3) % 7 + 7) % 7; /* next Monday (1970-01-01 was a Thursday) */
        } else {
            gj_civil_from_days(day, &y, &m, &d);
            day = gj_days_from_civil(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1);
        }
        t = day * 86400 - tz;
        if (t >= to) break;
        if (*n + 1 >= MAX_BUCKETS) return -1;
        b[++*n] = t;
    }
    b[++*n] = to;
    return 0;
}

#define MAX_TREND_METRICS 8

/* The number at dotted `key` of a metrics JSON object, or NULL when the
 * key names no number (or null) there. */
static const cJSON *value_at(const cJSON *all, const char *key)
{
    const cJSON *v = all;
    char path[128], *tok, *save = NULL;
    snprintf(path, sizeof path, "%s", key);
    for (tok = strtok_r(path, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save))
        v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(tok)) : cJSON_GetObjectItemCaseSensitive(v, tok);
    return v && (cJSON_IsNumber(v) || cJSON_IsNull(v)) ? v : NULL;
}

/* metric: one key; metrics: up to MAX_TREND_METRICS keys computed from the
 * same buckets in one pass (each point then has `values`, in the order of
 * `metrics`). */
static int metrics_trend(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    static const char *const known[] = {"metric", "metrics", "bucket", NULL};
    const cJSON *metric = cJSON_GetObjectItemCaseSensitive(args, "metric");
    const cJSON *many = cJSON_GetObjectItemCaseSensitive(args, "metrics");
    const cJSON *bucket = cJSON_GetObjectItemCaseSensitive(args, "bucket");
    const gj_settings *s = gj_settings_get(db);
    const char *keys[MAX_TREND_METRICS];
    gj_metrics_query q;
    gj_metrics_result *r[MAX_BUCKETS];
    int64_t b[MAX_BUCKETS + 1];
    cJSON *o = NULL, *points;
    int rc, n, i, k, nkeys = 0, weekly;
    if (!s) return gj_db_errcode(db);
    if ((rc = query_args(db, args, known, team, &q)) != GJ_OK) return rc;
    if (many && !cJSON_IsNull(many)) {
        const cJSON *it;
        if (!cJSON_IsArray(many) || cJSON_GetArraySize(many) < 1 || cJSON_GetArraySize(many) > MAX_TREND_METRICS) {
            gj_db_fail_reason(db, GJ_INVALID, "metrics", "wrong_type",
                              "metrics must be a list of 1 to %d metric keys", MAX_TREND_METRICS);
            return gj_db_error_param_num(db, "limit", MAX_TREND_METRICS);
        }
        cJSON_ArrayForEach(it, many) {
            if (!cJSON_IsString(it))
                return gj_db_fail_reason(db, GJ_INVALID, "metrics", "wrong_type", "metrics must be a list of metric keys");
            keys[nkeys++] = it->valuestring;
        }
    } else if (cJSON_IsString(metric)) {
        keys[nkeys++] = metric->valuestring;
    } else {
        return gj_db_fail_reason(db, GJ_INVALID, "metric", "required",
                                 "metric is required (a key such as retention.churn_rate)");
    }
    weekly = cJSON_IsString(bucket) && strcmp(bucket->valuestring, "week") == 0;
    if (bucket && !weekly && !(cJSON_IsString(bucket) && strcmp(bucket->valuestring, "month") == 0)) {
        gj_db_fail_reason(db, GJ_INVALID, "bucket", "not_in_choices", "bucket must be week or month");
        return gj_db_error_param(db, "choices", "week, month");
    }
    q.nby = 0; /* a trend is of the totals */
    /* the union of what the metrics read; one that needs every source
     * (0) makes the whole trend read every source */
    q.sources = 0;
    for (k = 0; k < nkeys; k++) {
        unsigned need = gj_metrics_sources_for(keys[k]);
        if (!need) {
            q.sources = 0;
            break;
        }
        q.sources |= need;
    }
    if (buckets(q.from, q.to, (int64_t)llround(s->tz_offset_minutes * 60), weekly, b, &n)) {
        gj_db_fail_reason(db, GJ_INVALID, "to", "too_many", "at most %d buckets", MAX_BUCKETS);
        return gj_db_error_param_num(db, "limit", MAX_BUCKETS);
    }
    if ((rc = gj_metrics_compute_series(db, &q, b, n, r)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    if (many && !cJSON_IsNull(many)) gj_api_add(o, "metrics", cJSON_Duplicate(many, 1));
    else cJSON_AddStringToObject(o, "metric", keys[0]);
    cJSON_AddStringToObject(o, "bucket", weekly ? "week" : "month");
    points = cJSON_AddArrayToObject(o, "points");
    for (i = 0; i < n && rc == GJ_OK; i++) {
        cJSON *all = metrics_json(r[i]), *p = cJSON_CreateObject();
        cJSON *values = many && !cJSON_IsNull(many) ? cJSON_CreateArray() : NULL;
        gj_api_add(p, "from", time_json(r[i]->query.from, r[i]->tz_offset_minutes));
        gj_api_add(p, "to", time_json(r[i]->query.to, r[i]->tz_offset_minutes));
        for (k = 0; k < nkeys && rc == GJ_OK; k++) {
            const cJSON *v = value_at(all, keys[k]);
            if (!v) {
                rc = gj_db_fail_reason(db, GJ_INVALID, values ? "metrics" : "metric", "unknown_field",
                                       "'%s' is not a number of metrics.compute", keys[k]);
                gj_db_error_param(db, "value", keys[k]);
            } else if (values) {
                gj_api_push(values, cJSON_Duplicate(v, 1));
            } else {
                gj_api_add(p, "value", cJSON_Duplicate(v, 1));
            }
        }
        if (values) gj_api_add(p, "values", values);
        gj_api_push(points, p);
        cJSON_Delete(all);
    }
    for (i = 0; i < n; i++) gj_metrics_result_free(r[i]);
    if (rc != GJ_OK) cJSON_Delete(o);
    else *data = o;
    return rc;
}

int gj_api_metrics_compute(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, metrics_compute, data);
}

int gj_api_metrics_report(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, metrics_report, data);
}

int gj_api_metrics_scorecard(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, metrics_scorecard, data);
}

int gj_api_metrics_trend(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, metrics_trend, data);
}
