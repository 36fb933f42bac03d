/*
 * Metrics layer: the definitions of shared/spec/metrics.md (restated with
 * their edge cases in docs/metrics.md) computed through the store layer.
 * Results are plain C structs; the API layer (api_metrics.c) maps them to
 * JSON. Upper layers use only this header.
 *
 * Nulls: a value whose denominator is zero has has = 0 (JSON null); a value
 * with has = 1 is always finite.
 */
#ifndef GJ_METRICS_H
#define GJ_METRICS_H

#include <stddef.h>
#include <stdint.h>

#include "domain/domain.h"

typedef struct {
    int has;  /* 0: null (zero denominator, no data) */
    double v;
} gj_metrics_num;

typedef struct {
    gj_metrics_num median, p90, mean;
} gj_metrics_stats;

/* Breakdown dimensions ("by"). NONE is the totals pass. */
typedef enum {
    GJ_METRICS_BY_NONE = 0,
    GJ_METRICS_BY_REP,
    GJ_METRICS_BY_TIER,
    GJ_METRICS_BY_CHANNEL,
    GJ_METRICS_BY_SOURCE,
    GJ_METRICS_NDIMS
} gj_metrics_dim;

/* The dimension's JSON name ("rep", ...), or NULL. Static. */
const char *gj_metrics_dim_name(gj_metrics_dim d);
/* The dimension named `name`, or -1. */
int gj_metrics_dim_find(const char *name);

typedef struct {
    int64_t from, to;   /* the period [from, to), epoch seconds */
    int64_t rep_id;     /* 0: all reps */
    const char *tier;   /* NULL: all; else A, B or C (effective tier) */
    const char *channel;
    const char *source;
    int nby;
    gj_metrics_dim by[GJ_METRICS_NDIMS];
} gj_metrics_query;

/* Samples kept per group to compute medians and percentiles. */
enum { GJ_MS_CYCLE, GJ_MS_FIRST_RESPONSE, GJ_MS_RESOLUTION, GJ_MS_INTERVAL, GJ_MS_COUNT };

typedef struct {
    double *v;
    size_t n, cap;
} gj_metrics_samples;

typedef struct {
    int64_t reached;
    gj_metrics_num next_step_rate, cumulative_rate;
} gj_metrics_step;

/* One row of a breakdown, or the totals. Counters are the numerators and
 * denominators behind the rates. */
typedef struct {
    int key_null;        /* the key is unknown (no rep, no channel, ...) */
    char key[128];       /* rep name, tier, channel or source; "" for totals */
    int64_t rep_id;      /* BY_REP: the rep's id (0 when key_null) */

    struct {
        int64_t customers, active_customers, active_unconverted;
        double score_sum;
        gj_metrics_num active_rate, avg_score;
    } activity;
    struct {
        int nstages;
        gj_metrics_step funnel[GJ_MAX_STAGES];
        int64_t stage_count[GJ_MAX_STAGES]; /* deals whose furthest stage is i */
        int64_t created, created_won;       /* deals created in P, of which won */
        int64_t won, lost;                  /* deals closed in P */
        double won_amount;
        gj_metrics_num win_rate;
        int64_t fu_customers, fu_converted, nofu_customers, nofu_converted;
        gj_metrics_num followup_conversion_rate, no_followup_conversion_rate;
        int64_t followups;                  /* follow-ups made in P */
    } conversion;
    struct {
        int64_t won_deals;
        gj_metrics_num median_days, mean_days;
    } cycle;
    struct {
        int64_t csat_responses, csat_satisfied, nps_responses, promoters, detractors;
        double csat_sum;
        gj_metrics_num csat_avg, csat_pct, nps;
        int64_t served_customers, complaint_customers;
        gj_metrics_num complaint_rate;
    } satisfaction;
    struct {
        int64_t tickets, unanswered, same_day;
        gj_metrics_stats first_response_hours, resolution_hours;
        gj_metrics_num same_day_rate;
        gj_metrics_num interval_median, interval_p90; /* followup_interval_days */
        int64_t due_items, missed_items;
        gj_metrics_num missed_followup_rate;
        int64_t stage_entries, stage_met;
        gj_metrics_num stage_deadline_rate;
    } response;
    struct {
        int64_t ordering_customers, repeat_customers, cross_customers;
        int64_t lifetime_customers, lifetime_repeat;
        double lifetime_amount;
        int64_t active_from, retained;
        gj_metrics_num repurchase_rate, repurchase_rate_lifetime, churn_rate, retention_rate,
            clv_historical, cross_purchase_rate;
    } retention;
    gj_metrics_num score; /* BY_REP: scorecard total; otherwise null */

    gj_metrics_samples samples[GJ_MS_COUNT];
} gj_metrics_group;

typedef struct {
    gj_metrics_dim dim;
    int n, cap;
    gj_metrics_group *g;
} gj_metrics_groups;

typedef struct {
    gj_metrics_query query; /* strings not kept: copy what you need */
    double tz_offset_minutes;
    int nstages;
    char stage[GJ_MAX_STAGES][GJ_NAME_LEN];
    gj_metrics_group total;
    int nby;
    gj_metrics_groups by[GJ_METRICS_NDIMS];
} gj_metrics_result;

/*
 * Parses a period bound: an ISO 8601 date or time (timeutil.h). Text
 * without a zone ("2025-06-01", "2025-06-01 09:00") is local time per the
 * tz_offset_minutes setting; "Z" or "+08:00" are absolute. Returns GJ_OK,
 * or GJ_INVALID naming `field` on the handle.
 */
int gj_metrics_parse_time(gj_db *db, const char *text, const char *field, int64_t *out);

/* Checks q (from < to, tier A/B/C, dims unique) before computing. GJ_OK
 * or GJ_INVALID naming the field. */
int gj_metrics_query_check(gj_db *db, const gj_metrics_query *q);

/*
 * Computes every section 1-6 metric for q: the totals, and a breakdown per
 * dimension in q->by (rows sorted by key). On success *out is a new result
 * the caller frees with gj_metrics_result_free; on error *out is NULL and
 * the error is on the handle (GJ_INVALID, GJ_NOMEM, GJ_ERROR).
 */
int gj_metrics_compute(gj_db *db, const gj_metrics_query *q, gj_metrics_result **out);

/*
 * Renders r as a plain-text report (totals, then one table per breakdown).
 * On success *out is a NUL-terminated string the caller frees with free();
 * on GJ_NOMEM *out is NULL and the error is on the handle.
 */
int gj_metrics_report(gj_db *db, const gj_metrics_result *r, char **out);

/* Frees a result and everything it owns. Accepts NULL. */
void gj_metrics_result_free(gj_metrics_result *r);

#endif /* GJ_METRICS_H */
