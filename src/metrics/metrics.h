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

/* The dimension's JSON name ("rep", ...; NULL for none), and back (-1). */
const char *gj_metrics_dim_name(gj_metrics_dim d);
int gj_metrics_dim_find(const char *name);

/* Sources a compute reads (gj_metrics_query.sources): leaving one out
 * leaves the metrics that need it at zero/null, for callers that want a
 * few metrics fast (trends). 0 = all. */
#define GJ_MSRC_EVENTS    0x01u /* activity scores */
#define GJ_MSRC_ORDERS    0x02u /* retention, ABC tiers, served customers */
#define GJ_MSRC_WON       0x04u /* follow-up conversion, active-but-unconverted */
#define GJ_MSRC_SURVEYS   0x08u
#define GJ_MSRC_TICKETS   0x10u /* response, complaints */
#define GJ_MSRC_FUNNEL    0x20u /* deals created in P */
#define GJ_MSRC_STAGES    0x40u /* stage deadlines (entries and due items) */
#define GJ_MSRC_FOLLOWUPS 0x80u /* counts, intervals, due items, conversion */
#define GJ_MSRC_CLOSED    0x100u /* deals closed in P: win rate, cycle */
#define GJ_MSRC_ALL       0x1ffu

/* A set of reps: a team (every rep whose `team` is its name) or a list
 * of rep ids. A customer or record belongs to the set when the rep it is
 * attributed to (docs/metrics.md, "Attribution") is in it: a record
 * without a rep belongs to no set. */
typedef struct gj_metrics_team {
    char *name;    /* the team's name (owned); NULL for a list of ids */
    int64_t *ids;  /* the reps, ascending and distinct (owned) */
    size_t n;      /* may be 0: a set no record belongs to */
} gj_metrics_team;

/*
 * The team named exactly `name`. On success *out is new (free with
 * gj_metrics_team_free); GJ_INVALID with reason unknown_team naming
 * `field` when no rep has that team or name is empty (param value: the
 * name), GJ_NOMEM; errors are on the handle and *out is NULL.
 */
int gj_metrics_team_find(gj_db *db, const char *name, const char *field, gj_metrics_team **out);
/* The set of reps ids[0..n) (duplicates dropped; n may be 0). *out as
 * gj_metrics_team_find's; GJ_NOMEM on the handle. */
int gj_metrics_team_of_ids(gj_db *db, const int64_t *ids, size_t n, gj_metrics_team **out);
/* Frees a set. Accepts NULL. */
void gj_metrics_team_free(gj_metrics_team *t);
/* Whether rep (0: none) is in t; a NULL t holds every rep and none. */
int gj_metrics_team_has(const gj_metrics_team *t, int64_t rep);
/* The rep filter of every metrics op: rep (0: none) is rep_id (0: any)
 * and in team (NULL: any). Both together keep the rep when it is in the
 * team, else nothing. */
int gj_metrics_rep_in(int64_t rep_id, const gj_metrics_team *team, int64_t rep);
/*
 * Every team (the distinct non-empty `team` texts of the reps, by name,
 * each with its reps). On success *out is a new array of *n teams (free
 * with gj_metrics_teams_free; NULL when there are none); errors are on
 * the handle.
 */
int gj_metrics_teams(gj_db *db, gj_metrics_team **out, size_t *n);
/* Frees what gj_metrics_teams made. Accepts NULL. */
void gj_metrics_teams_free(gj_metrics_team *teams, size_t n);

typedef struct {
    int64_t from, to;   /* the period [from, to), epoch seconds */
    int64_t rep_id;     /* 0: all reps */
    const gj_metrics_team *team; /* NULL: all reps; else only its reps (borrowed) */
    const char *tier;   /* NULL: all; else A, B or C (effective tier) */
    const char *channel;
    const char *source;
    int nby;
    gj_metrics_dim by[GJ_METRICS_NDIMS];
    unsigned sources;   /* GJ_MSRC_* to read; 0 = all */
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
    char *key;           /* rep name, tier, channel or source, whole (owned;
                          * NULL for the totals and when key_null) */
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
        int64_t csat_scores[5]; /* answers with score 1..5 */
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
    struct {
        int64_t followups_complete;  /* follow-ups in P with outcome and next step */
        int64_t collab_followups;    /* follow-ups in P on another rep's customer */
        int64_t collab_tickets;      /* answered tickets of P on another rep's customer */
    } scorecard;
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

/* Checks q (from < to, tier, dimensions). GJ_OK or GJ_INVALID (field). */
int gj_metrics_query_check(gj_db *db, const gj_metrics_query *q);

/*
 * Computes every section 1-6 metric for q: the totals, and a breakdown per
 * dimension in q->by (rows sorted by key). On success *out is a new result
 * the caller frees with gj_metrics_result_free; on error *out is NULL and
 * the error is on the handle (GJ_INVALID, GJ_NOMEM, GJ_ERROR).
 */
int gj_metrics_compute(gj_db *db, const gj_metrics_query *q, gj_metrics_result **out);

/* ---- drill-down (metrics_explain.c) ---- */

/* Families of metrics that share the records behind them. */
enum {
    GJ_EX_ACTIVITY, GJ_EX_FUNNEL, GJ_EX_WIN_RATE, GJ_EX_CYCLE, GJ_EX_FOLLOWUP_CONVERSION,
    GJ_EX_CSAT, GJ_EX_NPS, GJ_EX_COMPLAINTS, GJ_EX_TICKETS, GJ_EX_INTERVALS, GJ_EX_DUE_ITEMS,
    GJ_EX_STAGE_ENTRIES, GJ_EX_RETENTION, GJ_EX_NFAMILIES
};

/* One record behind a metric: every record listed is in the metric's
 * denominator (or is one of its values); `numerator` says whether it is
 * also in the numerator. Fields by family: gj_metrics_explain_field. */
typedef struct {
    int64_t id;      /* the record (customer, deal, survey, ticket, follow-up, stage entry) */
    int64_t ref;     /* a related record (the customer; for due items the source record) */
    int numerator;
    int tag;         /* a small enum: due item reason, stage position */
    double v[3];
    int has[3];      /* v[i] is a value (else null) */
} gj_metrics_record;

typedef struct {
    int family;
    size_t n, cap;
    gj_metrics_record *rec; /* in source order */
} gj_metrics_explain;

/* The family of a metrics.compute key ("conversion.win_rate"), or -1. */
int gj_metrics_explain_family(const char *metric);
/* What the records of a family are ("deal", ...) and the names of `ref`,
 * `tag` and v[0..2] (NULL when unused; field -2 is ref, -1 tag). Static. */
const char *gj_metrics_explain_kind(int family);
const char *gj_metrics_explain_field(int family, int i);

/*
 * The records behind the metrics of `family` for q (totals only; q's
 * breakdowns are ignored). On success *out is new (free with
 * gj_metrics_explain_free); errors are on the handle.
 */
int gj_metrics_explain_compute(gj_db *db, const gj_metrics_query *q, int family,
                               gj_metrics_explain **out);
/* Frees an explanation. Accepts NULL. */
void gj_metrics_explain_free(gj_metrics_explain *e);

/* ---- rep scorecards (metrics_scorecard.c) ---- */

enum { GJ_SC_BEHAVIOUR, GJ_SC_PROCESS, GJ_SC_RESULT, GJ_SC_COLLABORATION, GJ_SC_NGROUPS };
enum {
    GJ_SCI_FOLLOWUPS, GJ_SCI_FIRST_RESPONSE, GJ_SCI_COMPLETENESS, GJ_SCI_STAGE_DEADLINES,
    GJ_SCI_NOT_MISSED, GJ_SCI_WON_AMOUNT, GJ_SCI_WIN_RATE, GJ_SCI_COLLABORATION, GJ_SCI_COUNT
};

typedef struct {
    gj_metrics_num value, target, score; /* score 0-100; null: not scorable */
} gj_metrics_indicator;

typedef struct {
    int64_t rep_id;
    char name[128];
    int rank;                               /* 1 = best; ties share a rank */
    gj_metrics_indicator ind[GJ_SCI_COUNT];
    gj_metrics_num group[GJ_SC_NGROUPS];    /* mean of the group's scored indicators */
    gj_metrics_num total;
    gj_metrics_num goal_won_amount, goal_followups; /* actual / target */
} gj_metrics_scorecard_row;

typedef struct {
    double weight[GJ_SC_NGROUPS];
    int n;
    gj_metrics_scorecard_row *rows; /* by rank */
} gj_metrics_scorecard;

/* Keys of an indicator ("followups"; and its group) and of a group. Static. */
const char *gj_metrics_indicator_name(int i, int *group);
const char *gj_metrics_group_name(int g);

/*
 * Scorecards of the reps in r->by (r must have a BY_REP breakdown; rows
 * without a rep are skipped), and sets each rep row's score to its total.
 * Targets come from the reps' goals; indicators without a target score
 * against the best rep in r. On success *out is new (free with
 * gj_metrics_scorecard_free); errors are on the handle.
 */
int gj_metrics_scorecard_of(gj_db *db, gj_metrics_result *r, gj_metrics_scorecard **out);
/* Frees a scorecard. Accepts NULL. */
void gj_metrics_scorecard_free(gj_metrics_scorecard *sc);

/* ---- RFM and ABC (metrics_rfm.c) ---- */

enum { GJ_RFM_CHAMPIONS, GJ_RFM_LOYAL, GJ_RFM_AT_RISK, GJ_RFM_HIBERNATING, GJ_RFM_NEW,
       GJ_RFM_REGULAR, GJ_RFM_NSEGMENTS };

typedef struct {
    int64_t customer_id, owner_id; /* owner 0: none */
    double recency_days;           /* (to - last order) / 86400 */
    int64_t frequency;             /* orders before `to` */
    double monetary;               /* their total amount */
    int r, f, m;                   /* 1-5 */
    int segment;                   /* GJ_RFM_* */
    char abc_tier, manual_tier, tier; /* computed, manual (0: none), effective */
} gj_metrics_rfm_row;

typedef struct {
    int64_t to;
    size_t n;                      /* customers with an order before `to` */
    gj_metrics_rfm_row *rows;      /* by monetary descending, then id */
    int64_t segments[GJ_RFM_NSEGMENTS];
    int64_t customers;             /* all customers */
    int64_t tiers[3], abc[3];      /* A, B, C: effective and computed, over all customers */
} gj_metrics_rfm;

/* The segment's key ("champions", ...). Static. */
const char *gj_metrics_segment_name(int segment);

/*
 * RFM scores and segments as of `to` over the customers with an order
 * before `to`, and the ABC tiers of all customers. On success *out is new
 * (free with gj_metrics_rfm_free); errors are on the handle.
 */
int gj_metrics_rfm_compute(gj_db *db, int64_t to, gj_metrics_rfm **out);
/* Frees an RFM result. Accepts NULL. */
void gj_metrics_rfm_free(gj_metrics_rfm *r);
/* The segment named `name` (GJ_RFM_*), or -1. */
int gj_metrics_segment_find(const char *name);
/*
 * Ids of the customers whose computed ABC tier as of `to` is `abc` ('A',
 * 'B', 'C'; 0: any) and, when segment >= 0, whose RFM segment is
 * `segment` (customers without orders have none). On success
 * *ids is a new array of *n ids (free with free(); may be empty); on
 * error *ids is NULL and the error is on the handle.
 */
int gj_metrics_customers_where(gj_db *db, int64_t to, char abc, int segment, int64_t **ids,
                               size_t *n);

/* ---- churn early warnings (metrics_alerts.c) ---- */

enum { GJ_ALERT_NO_REPLY, GJ_ALERT_PURCHASE_GAP, GJ_ALERT_ACTIVITY_DROP, GJ_ALERT_CADENCE,
       GJ_ALERT_OPEN_COMPLAINT, GJ_ALERT_NRULES };

/* One rule that fired, with its numbers (named by gj_metrics_alert_field). */
typedef struct {
    int rule;
    double x[3];
    int64_t ref_id; /* the follow-up or ticket it is about; 0: none */
} gj_metrics_warning;

typedef struct {
    int64_t customer_id, owner_id;
    char tier;
    double value;          /* order total before as_of: the sort key */
    size_t first, n;       /* its warnings: warnings[first .. first + n) */
} gj_metrics_alert;

typedef struct {
    int64_t as_of;
    size_t n, nwarnings;
    gj_metrics_alert *alerts;       /* by value descending, then id */
    gj_metrics_warning *warnings;
    int64_t fired[GJ_ALERT_NRULES]; /* customers per rule */
} gj_metrics_alerts;

/* The rule's key ("no_reply", ...) and the names of its numbers x[0..2]
 * (NULL when unused). Static. */
const char *gj_metrics_alert_rule(int rule);
const char *gj_metrics_alert_field(int rule, int i);

/*
 * Churn warnings as of `as_of` for customers that are not archived or
 * churned (owner rep_id, 0 = all, and in team, NULL = all; see
 * gj_metrics_rep_in), every enabled rule of the settings.
 * On success *out is new (free with gj_metrics_alerts_free); errors are
 * on the handle.
 */
int gj_metrics_alerts_compute(gj_db *db, int64_t as_of, int64_t rep_id, const gj_metrics_team *team,
                              gj_metrics_alerts **out);
/* Frees alerts. Accepts NULL. */
void gj_metrics_alerts_free(gj_metrics_alerts *a);

/* ---- the due list (metrics_due.c) ---- */

enum { GJ_DUE_NEXT, GJ_DUE_CADENCE, GJ_DUE_FIRST_CONTACT, GJ_DUE_STAGE, GJ_DUE_NO_NEXT_STEP,
       GJ_DUE_NREASONS };
/* Where an item shows on the Today page. */
enum { GJ_DUE_OVERDUE, GJ_DUE_TODAY, GJ_DUE_WEEK, GJ_DUE_UNSCHEDULED, GJ_DUE_NGROUPS };

typedef struct {
    int64_t customer_id, rep_id; /* rep 0: none */
    int reason;                  /* GJ_DUE_* */
    int group;                   /* GJ_DUE_OVERDUE ... GJ_DUE_UNSCHEDULED */
    int64_t start, due;          /* what made it due, and when (unscheduled: due = start) */
    int64_t ref_id;              /* the follow-up (next, cadence, no next step), deal (stage,
                                    no next step on a deal: deal_id); 0: none */
    int64_t deal_id;             /* the deal the item is about; 0: none */
    char tier;
    char stage[GJ_NAME_LEN];     /* GJ_DUE_STAGE: the stage the deal should reach */
} gj_metrics_due_item;

typedef struct {
    int64_t day_start, day_end;  /* the local day asked for */
    int64_t range_end;           /* items due before this are listed (day_end or week end) */
    size_t n;
    gj_metrics_due_item *items;  /* by group, then due time, then customer id */
    int64_t count[GJ_DUE_NGROUPS]; /* items per group */
    int64_t today, overdue;      /* count[GJ_DUE_TODAY], count[GJ_DUE_OVERDUE] */
} gj_metrics_due;

/* The reason's key ("next_due", ...) and the group's ("overdue", "today",
 * "week", "no_next_step"). Static. */
const char *gj_metrics_due_reason(int reason);
const char *gj_metrics_due_group(int group);

/*
 * Follow-ups due by the end of the local day starting at day_start and not
 * yet done (no follow-up of the customer since the item started), for the
 * customers that are not archived or churned, of the items' reps that
 * pass gj_metrics_rep_in(rep_id, team, rep) (0 and NULL: all). On
 * success *out is new (free with gj_metrics_due_free); errors are on the
 * handle.
 */
int gj_metrics_due_compute(gj_db *db, int64_t day_start, int64_t rep_id, const gj_metrics_team *team,
                           gj_metrics_due **out);
/*
 * The same until range_end (> day_start; the end of the local week for
 * the Today page), and with `unscheduled` also the customers and open
 * deals with nothing scheduled (docs/metrics.md, "No next step").
 */
int gj_metrics_due_range(gj_db *db, int64_t day_start, int64_t range_end, int64_t rep_id,
                         const gj_metrics_team *team, int unscheduled, gj_metrics_due **out);
/* Frees a due list. Accepts NULL. */
void gj_metrics_due_free(gj_metrics_due *d);

/* ---- the weekly report (metrics_weekly.c) ---- */

typedef struct {
    const char *week;  /* ISO week "2025-W22" (borrowed) */
    int64_t rep_id;    /* 0: every rep */
    const gj_metrics_team *team; /* NULL: every rep; else its reps (borrowed; the title names it) */
    int markdown;      /* 0: text with aligned columns; 1: Markdown */
    int english;       /* 0: Chinese (zh-CN); 1: English */
} gj_metrics_weekly_query;

/*
 * The local week [Monday 00:00, next Monday) of ISO week `week`
 * ("2025-W22") per the tz_offset_minutes setting. Returns GJ_OK, or
 * GJ_INVALID with reason bad_week naming field `week` when it is not such
 * a week (W53 only in years that have one).
 */
int gj_metrics_week_bounds(gj_db *db, const char *week, int64_t *from, int64_t *to);

/*
 * The weekly report of q: title, summary, headline metrics against the
 * week before, the scorecard, the top overdue follow-ups and the top churn
 * warnings (both as of the end of the week, or now while it lasts). On
 * success *out is a NUL-terminated UTF-8 string the caller frees with
 * free(); on error *out is NULL and the error is on the handle (GJ_INVALID
 * bad_week, GJ_NOMEM, GJ_ERROR).
 */
int gj_metrics_weekly(gj_db *db, const gj_metrics_weekly_query *q, char **out);

/*
 * Renders r as a plain-text report (totals, then one table per breakdown).
 * On success *out is a NUL-terminated string the caller frees with free();
 * on GJ_NOMEM *out is NULL and the error is on the handle.
 */
int gj_metrics_report(gj_db *db, const gj_metrics_result *r, char **out);

/*
 * The same for n consecutive periods [bounds[i], bounds[i+1]) (q's from
 * and to are ignored), reading customers and follow-ups once: out[0..n)
 * receive new results (free each with gj_metrics_result_free). On error
 * every out[i] is NULL and the error is on the handle.
 */
int gj_metrics_compute_series(gj_db *db, const gj_metrics_query *q, const int64_t *bounds, int n,
                              gj_metrics_result **out);

/* The sources a metric (a dotted key of the metrics JSON, "retention.
 * churn_rate") needs; GJ_MSRC_ALL for keys it does not know. */
unsigned gj_metrics_sources_for(const char *metric);

/* Frees a result and everything it owns. Accepts NULL. */
void gj_metrics_result_free(gj_metrics_result *r);

#endif /* GJ_METRICS_H */
