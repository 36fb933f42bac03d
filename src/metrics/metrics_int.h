/*
 * Internals shared by the metrics sources: the pass context, group lookup
 * and the SQL fragments every query repeats.
 *
 * Every per-pass query binds the same first parameters:
 *   ?1 dimension (gj_metrics_dim), ?2 rep id or NULL, ?3 tier or NULL,
 *   ?4 channel or NULL, ?5 source or NULL, ?6 from, ?7 to,
 * and returns the group key as its first column. Each customer or record
 * belongs to exactly one group, so totals are the merge of the groups of
 * any one breakdown.
 */
#ifndef GJ_METRICS_INT_H
#define GJ_METRICS_INT_H

#include "metrics.h"

#define GJ_DAY 86400

/* The effective tier: a manual tier wins over the computed ABC tier
 * (temp.gj_abc, filled by gj_metrics_prepare); no orders means C. */
#define GJ_M_TIER \
    "coalesce(c.tier, (SELECT a.tier FROM temp.gj_abc a WHERE a.id = c.id), 'C')"

/* Group key; REPCOL is the rep the row is attributed to. */
#define GJ_M_KEY(REPCOL)                                                        \
    "CASE ?1 WHEN 1 THEN " REPCOL " WHEN 2 THEN " GJ_M_TIER                     \
    " WHEN 3 THEN c.channel WHEN 4 THEN c.source ELSE '' END"

/* The query's filters; `c` is the customer of the row. */
#define GJ_M_FILTER(REPCOL)                                                     \
    "(?2 IS NULL OR " REPCOL " = ?2) AND (?3 IS NULL OR " GJ_M_TIER " = ?3)"    \
    " AND (?4 IS NULL OR c.channel = ?4) AND (?5 IS NULL OR c.source = ?5)"

#define GJ_M_NPARAMS 7

typedef struct {
    gj_db *db;
    const gj_metrics_query *q;
    const gj_settings *s;
    int64_t now;
    gj_metrics_groups *groups; /* of the current pass */
    gj_value p[16];            /* ?1..?7, then the query's own */
    int rc;                    /* GJ_NOMEM from a row callback */
} gj_mpass;

/* The group for the key in v (column 0 of a row); NULL on OOM (pass->rc
 * is then GJ_NOMEM). */
gj_metrics_group *gj_metrics_group_for(gj_mpass *pass, const gj_value *v);

/* Appends x to samples k of g. 0, or -1 on OOM. */
int gj_metrics_sample_add(gj_metrics_group *g, int k, double x);

/* Runs one per-pass query: binds ?1..?7 plus `extra` (n of them) and sends
 * rows to fn. GJ_OK, or the error recorded on the handle. */
int gj_metrics_run(gj_mpass *pass, const char *sql, const gj_value *extra, int nextra,
                   gj_row_fn fn);

/* Convenience for reading numeric columns. */
int64_t gj_mi(const gj_value *v);
double gj_md(const gj_value *v);

/* Fills the temp tables the passes read (weights, stages, per-customer
 * order totals before `to`, ABC tiers). GJ_OK or the handle's error. */
int gj_metrics_prepare(gj_db *db, const gj_metrics_query *q, const gj_settings *s);

/* The section queries, each adding its counters to pass->groups. */
int gj_metrics_activity(gj_mpass *pass);  /* + follow-up conversion, complaints, retention */
int gj_metrics_deals(gj_mpass *pass);     /* funnel, win rate, cycle, stage deadlines */
int gj_metrics_service(gj_mpass *pass);   /* surveys, tickets */
int gj_metrics_followup(gj_mpass *pass);  /* follow-ups, intervals, missed items */

/* Adds the counters and samples of src into dst. 0, or -1 on OOM. */
int gj_metrics_group_merge(gj_metrics_group *dst, const gj_metrics_group *src);
/* Turns counters into rates and statistics (sorts the samples). */
void gj_metrics_group_finish(gj_metrics_group *g, int nstages);
/* Frees the samples of g (not g itself). */
void gj_metrics_group_clear(gj_metrics_group *g);

/* Median, nearest-rank p90 and mean of sorted values (null when n = 0). */
gj_metrics_stats gj_metrics_stats_of(const double *sorted, size_t n);
/* num / den, null when den is 0. */
gj_metrics_num gj_metrics_ratio(double num, double den);

#endif
