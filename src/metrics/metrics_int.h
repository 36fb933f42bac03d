/*
 * Internals shared by the metrics sources.
 *
 * How a compute runs: every source table is read once, by a range or
 * sequential scan, and each row is counted into the groups of every
 * requested breakdown at once (or into the one totals group). SQLite does
 * the filtering by period and rep; the keys (the customer's owner, its
 * effective tier, channel, source) come from the customers held in memory,
 * so no query joins customers or evaluates a tier per row. Each customer or
 * record falls in exactly one group per breakdown, so the totals are the
 * merge of the groups of any one breakdown.
 *
 * Record queries bind ?1 rep id or NULL, ?2 from, ?3 to, then their own.
 * ?1 only narrows the scan: every row callback applies the rep and team
 * filters itself (gj_mcounts), so a team needs no SQL of its own.
 */
#ifndef GJ_METRICS_INT_H
#define GJ_METRICS_INT_H

#include "metrics.h"

#define GJ_DAY 86400
#define GJ_M_NPARAMS 3

/* Build with -DGJ_METRICS_PROFILE to time each step on stderr. */
#ifdef GJ_METRICS_PROFILE
#include <stdio.h>
double gj_mprof_ms(void);
#define GJ_MPROF(label, stmt) do { double t0_ = gj_mprof_ms(); stmt; \
    fprintf(stderr, "%8.2f ms  %.90s\n", gj_mprof_ms() - t0_, label); } while (0)
#else
#define GJ_MPROF(label, stmt) do { stmt; } while (0)
#endif

/* ---- customers and follow-ups in memory (metrics_data.c) ---- */

typedef struct {
    int64_t id, owner, created_at; /* owner 0: none */
    size_t channel, source;        /* gj_mdata_str references (0 = NULL) */
    char manual_tier;              /* 'A', 'B', 'C' or 0 */
    unsigned char closed;          /* archived, or status churned */
    char tier;                     /* effective tier: manual, else ABC */
    unsigned char ok;              /* passes the tier, channel and source filters */
    /* facts of P and before `to` (metrics_facts.c), from score to
     * last_order: reset as one block for each period */
    double score;                  /* activity score in P */
    unsigned char fu_p, won_p, ever_won, ticket_p, complaint_p;
    int64_t orders, orders_p;      /* before `to`, in P */
    double amount;                 /* order total before `to` */
    uint64_t category_p;           /* hash of the first category ordered in P, 0: none */
    unsigned char cross_p, active_from, active_to;
    char abc_tier;                 /* computed from revenue before `to` */
    int64_t last_order;            /* before `to`; 0 when none */
    size_t fu_start, fu_end;       /* its follow-ups: gj_mdata.fu[fu_start..fu_end) */
} gj_mcust;

typedef struct {
    int64_t cust;    /* index into gj_mdata.c */
    int64_t at, id;
    int64_t rep;     /* 0: none */
    int64_t due;     /* next_due_at, INT64_MIN: none */
    unsigned char flags;
} gj_mfu;

#define GJ_MFU_OUTBOUND 1u
#define GJ_MFU_REPLIED 2u
#define GJ_MFU_COMPLETE 4u /* has an outcome and a next step (action or date) */

/* An order, for the facts (the customer's index, not its id). */
typedef struct {
    int64_t cust, at;
    double amount;
    uint64_t category; /* hash of the category text, 0: none */
} gj_morder;

/* A won deal, for the facts. */
typedef struct {
    int64_t cust, closed_at;
} gj_mwon;

typedef struct gj_mrows gj_mrows; /* rows of period queries (metrics_rows.c) */

/* An event: its customer's index, kind (gj_mdata.kinds) and time. */
typedef struct {
    int32_t cust;
    uint32_t kind;
    int64_t at;
} gj_mevent;

/* A deal, with its stage entries gj_mdata.hist[h_start..h_end). */
typedef struct {
    int64_t id, cust_id, owner, created_at; /* owner 0: none */
    int64_t closed_at;                       /* INT64_MIN: open */
    double amount;
    uint32_t stage;                          /* gj_mdata.stage_names */
    unsigned char status;                    /* 0 open, 1 won, 2 lost */
    size_t h_start, h_end;
} gj_mdeal;

/* A stage entry (deal_stages row). */
typedef struct {
    int64_t id, at;
    uint32_t stage;
} gj_mhist;

typedef struct {
    gj_mdeal *deals;   /* every deal by id, once gj_mdata_deals has read them */
    size_t ndeals;
    gj_mhist *hist;    /* stage entries grouped by deal, each by (entered_at, id) */
    size_t nhist;
    size_t *stage_names; /* string references of the stage names seen */
    size_t nstage_names;
    int deals_loaded;
    gj_mrows *rows;    /* period queries read so far (gj_metrics_run_period) */
    gj_mevent *ev;     /* every event, once gj_mdata_events has read them */
    size_t nev;
    int ev_loaded;
    size_t *kinds;     /* string references of the distinct event kinds */
    size_t nkinds;
    gj_morder *orders; /* every order, by customer index then time */
    size_t norders;
    gj_mwon *won;      /* every won deal */
    size_t nwon;
    gj_mcust *c;     /* every customer, by id */
    size_t nc;
    gj_mfu *fu;      /* follow-ups grouped by customer, each group by (at, id) */
    size_t nfu;
    char *strings;
    size_t slen, scap;
    int32_t *dense;  /* customer id -> index + 1 when ids are dense, else NULL */
    int64_t dense_n;
} gj_mdata;

/* FNV-1a of s, never 0 (0 means no text). */
uint64_t gj_mdata_hash(const char *s);

/* All customers, orders, won deals and (when `followups`) all follow-ups, read once and
 * shared while the database does not change (metrics_data.c). Valid until
 * the next call; not to be freed. NULL on error (on the handle). Callers
 * bound every use by time themselves. */
gj_mdata *gj_mdata_shared(gj_db *db, int followups);
/* Reads customers, orders, won deals and (when `followups`) follow-ups
 * into d (zeroed first; metrics_data.c). GJ_OK, or the handle's error with
 * d freed. */
int gj_mdata_load(gj_db *db, int followups, gj_mdata *d);
/* Reads every event into d (once; metrics_events.c). GJ_OK or the
 * handle's error. */
int gj_mdata_events(gj_db *db, gj_mdata *d);
/* The points of each kind of d->kinds by the settings' weights (unknown
 * kinds 0). The caller frees; NULL when out of memory. */
double *gj_mdata_kind_points(const gj_mdata *d, const gj_settings *s);
/* Reads every deal and stage entry into d (once; metrics_dealdata.c).
 * GJ_OK or the handle's error. */
int gj_mdata_deals(gj_db *db, gj_mdata *d);
/* The pipeline position of each name of d->stage_names (-1: not in the
 * pipeline). The caller frees; NULL when out of memory. */
int *gj_mdata_stage_pos(const gj_mdata *d, const gj_settings *s);
/* Frees what d owns (not d). Accepts NULL. */
void gj_mdata_free(gj_mdata *d);
/* Room for element n of arr (cap allocated, growing by doubling): arr or
 * its new address, updating *cap; NULL when out of memory (arr is kept). */
void *gj_mgrow(void *arr, size_t n, size_t *cap, size_t elem);
/* Reads every row of sql (parameters p[0..np)) with a store cursor
 * (metrics_scan.c):
 * row(ctx, cur) per row, non-zero to stop (it records why in ctx). Whole
 * tables are read this way: typed columns in place, without a gj_value
 * array per row. GJ_OK or the store's code (message on the store). */
int gj_mscan(gj_store *st, const char *sql, const gj_value *p, int np,
             int (*row)(void *ctx, gj_store_cursor *cur), void *ctx);
/* Column col of the current row as gj_mi reads a value: text is 0 (where
 * SQLite would parse a number out of it). For the time columns whose
 * CHECK lets text in (next_due_at, closed_at); the others have typeof or
 * foreign key checks and are read with gj_store_col_int. */
int64_t gj_mscan_int(gj_store_cursor *cur, int col);
/* Column col of the current row as text when it is text, else NULL. */
const char *gj_mscan_text(gj_store_cursor *cur, int col);
/* Names (text held as small numbers): a hash table over the string
 * references refs[0..*n) of d (metrics_scan.c). Zero it to start. */
typedef struct {
    uint32_t *slot; /* open addressing: index + 1, 0 = empty */
    size_t nslot;
} gj_mnames;
/* The index of name s in (*refs)[0..*n), appended (interned in d) when
 * new; (uint32_t)-1 when out of memory. */
uint32_t gj_mnames_id(gj_mnames *t, gj_mdata *d, size_t **refs, size_t *n, const char *s);
/* Frees the table (not the names). Accepts NULL. */
void gj_mnames_free(gj_mnames *t);
/* Copies text into d's string arena: a reference (0 for NULL), or
 * (size_t)-1 when out of memory. */
size_t gj_mdata_intern(gj_mdata *d, const gj_value *v);
/* The text of a string reference (NULL for 0). Owned by d. */
const char *gj_mdata_str(const gj_mdata *d, size_t ref);
/* Index of customer `id`, or -1. */
int64_t gj_mdata_customer(const gj_mdata *d, int64_t id);
/* Whether customer ci has a follow-up other than skip_id with at in
 * [from, until]. */
int gj_mdata_met(const gj_mdata *d, int64_t ci, int64_t from, int64_t until, int64_t skip_id);

/* ---- a compute ---- */

typedef struct {
    gj_db *db;
    const gj_metrics_query *q;
    const gj_settings *s;
    int64_t now;
    gj_mdata *data;
    int nsets;                               /* breakdowns counted into */
    gj_metrics_groups *sets[GJ_METRICS_NDIMS];
    int last[GJ_METRICS_NDIMS];              /* last group hit per set */
    gj_value p[8];                           /* ?1..?3, then the query's own */
    int rc;                                  /* GJ_NOMEM from a row callback */
    unsigned sources;                        /* GJ_MSRC_* to read */
    gj_metrics_explain *ex;                  /* when set, records behind ex->family */
    double *scores;        /* series: activity score per customer and period, or NULL */
    int nperiods, period;  /* scores[ci * nperiods + period] */
    const int64_t *bounds; /* series: the nperiods + 1 period bounds */
    void *user;            /* the caller's context, for row callbacks of other ops */
} gj_mpass;

/* Whether the compute records the records behind `family`. */
#define GJ_EXPLAINING(pass, fam) ((pass)->ex && (pass)->ex->family == (fam))
/* Records one record for the drill-down (pass->rc = GJ_NOMEM on OOM).
 * nv values from v (NAN = null). */
void gj_mexplain_add(gj_mpass *pass, int64_t id, int64_t ref, int numerator, int tag,
                     int nv, const double *v);
/* The compute behind gj_metrics_compute_series, recording into ex. */
int gj_metrics_compute_into(gj_db *db, const gj_metrics_query *q, const int64_t *bounds, int n,
                            gj_metrics_result **out, gj_metrics_explain *ex);

/* The group of set k for a row of customer ci attributed to `rep`; NULL
 * on OOM (pass->rc = GJ_NOMEM). */
gj_metrics_group *gj_mgroup(gj_mpass *pass, int k, int64_t ci, int64_t rep);

/* The group keyed by v in set gs (created when new); NULL on OOM. */
gj_metrics_group *gj_metrics_group_key(gj_metrics_groups *gs, const gj_value *v);

/* Whether a row of customer ci attributed to `rep` is in the query (its
 * tier, channel and source filters, and gj_metrics_rep_in). */
int gj_mcounts(const gj_mpass *pass, int64_t ci, int64_t rep);

/* Runs the loop body with g = the group of each requested breakdown that
 * a row of customer ci by `rep` counts in. Stops early on OOM (pass->rc). */
#define GJ_EACH_GROUP(pass, ci, rep, g)                                          \
    for (int k_ = 0; k_ < (pass)->nsets && ((g) = gj_mgroup((pass), k_, (ci), (rep))) != NULL; \
         k_++)

/* Appends x to samples k of g. 0, or -1 on OOM. */
int gj_metrics_sample_add(gj_metrics_group *g, int k, double x);

/* Runs a record query: binds ?1..?3 plus `extra` and sends rows to fn
 * (ctx = pass). GJ_OK, or the error recorded on the handle. */
int gj_metrics_run(gj_mpass *pass, const char *sql, const gj_value *extra, int nextra,
                   gj_row_fn fn);

/* A period query: gj_metrics_run for a query that uses no parameter but
 * ?2 and ?3, whose rows are exactly those with column `key` in [?2, ?3)
 * and whose columns are numbers (text reads as NULL). Its rows are read
 * once into the shared data and replayed per period (metrics_rows.c);
 * the drill-down runs the SQL. GJ_OK or the handle's error. */
int gj_metrics_run_period(gj_mpass *pass, const char *sql, int key, gj_row_fn fn);
/* Frees a list of kept rows. Accepts NULL. */
void gj_metrics_rows_free(gj_mrows *r);

/* Convenience for reading numeric columns. */
int64_t gj_mi(const gj_value *v);
double gj_md(const gj_value *v);

/* Keeps temp.gj_mstage (the pipeline as a table) in step with the
 * settings. GJ_OK or the handle's error. */
int gj_metrics_prepare(gj_db *db, const gj_settings *s);

/* The sources whose facts are per customer (scores, orders, won deals,
 * follow-ups, tickets): without them, the periods of a series after the
 * first leave the customers as they are (gj_metrics_facts) and skip the
 * customer-level metrics (gj_metrics_customers). */
#define GJ_MSRC_CUSTOMER_FACTS (GJ_MSRC_EVENTS | GJ_MSRC_ORDERS | GJ_MSRC_WON | GJ_MSRC_FOLLOWUPS | GJ_MSRC_TICKETS)
/* Whether a compute may reuse the customers of the period before. */
#define GJ_SAME_CUSTOMERS(pass) \
    ((pass)->bounds && (pass)->period > 0 && !((pass)->sources & GJ_MSRC_CUSTOMER_FACTS) && !(pass)->q->tier)

/* Customer facts of pass->q: activity scores, orders, ABC tiers, won
 * deals, follow-ups in P, the filter flag (metrics_facts.c). Tickets mark
 * theirs in gj_metrics_service. GJ_OK or the handle's error. */
int gj_metrics_facts(gj_mpass *pass);

/* For a series: adds up the events of [bounds[0], bounds[n]) once into
 * pass->scores (per customer and period), so facts need no event pass per
 * period. Leaves pass->scores NULL (and facts score per period) for one
 * period or when the table would be too large. GJ_OK or the handle's
 * error. The caller frees pass->scores. */
int gj_metrics_series_scores(gj_mpass *pass, const int64_t *bounds, int n);

/* The shared customers (and follow-ups when asked) with their facts for
 * [from, to) (orders, ABC tiers, won deals; no events), for the ops that
 * need no breakdown. GJ_OK and *d (see gj_mdata_shared), or the handle's
 * error. */
int gj_metrics_snapshot(gj_db *db, int64_t from, int64_t to, int followups, gj_mdata **d);

/* The sources, each counting its rows into every set. */
int gj_metrics_customers(gj_mpass *pass); /* activity, follow-up conversion, complaints, retention */
int gj_metrics_deals(gj_mpass *pass);     /* funnel, win rate, cycle, stage deadlines */
int gj_metrics_service(gj_mpass *pass);   /* surveys, tickets */
int gj_metrics_followup(gj_mpass *pass);  /* follow-ups, intervals, missed items */
/* Counts a due item of customer ci by `rep` that starts at `start`: met
 * when another follow-up falls in [start, due + grace]. reason: 0 next
 * due, 1 cadence (source: the follow-up), 2 first contact (the customer),
 * 3 stage deadline (the deal). */
void gj_metrics_count_due(gj_mpass *pass, int64_t ci, int64_t rep, int64_t start, int64_t due,
                          int reason, int64_t source);

/* Adds the counters and samples of src into dst. 0, or -1 on OOM. */
int gj_metrics_group_merge(gj_metrics_group *dst, const gj_metrics_group *src);
/* Turns counters into rates and statistics (sorts the samples). */
void gj_metrics_group_finish(gj_metrics_group *g, int nstages);
/* Frees the samples of g (not g itself). */
void gj_metrics_group_clear(gj_metrics_group *g);
/* A copy of s the caller frees; NULL when out of memory. */
char *gj_metrics_strdup(const char *s);

/* Sorts n numbers (no NaN) ascending (metrics_sort.c). */
void gj_metrics_sort(double *v, size_t n);
/* The stable ascending order of n keys (no NaN) into order[n]: 0, or -1
 * when out of memory. */
int gj_metrics_order(const double *key, size_t n, size_t *order);
/* Sorts n elements of `size` bytes at base by key[i] (ascending, stable).
 * 0, or -1 when out of memory (base unchanged). */
int gj_metrics_sort_by(void *base, size_t n, size_t size, const double *key);
/* Median, nearest-rank p90 and mean of sorted values (null when n = 0). */
gj_metrics_stats gj_metrics_stats_of(const double *sorted, size_t n);
/* num / den, null when den is 0. */
gj_metrics_num gj_metrics_ratio(double num, double den);

/* A growing text buffer (metrics_report.c). After an allocation failure
 * `oom` is set and later puts do nothing; the owner frees s with free(). */
typedef struct {
    char *s;
    size_t len, cap;
    int oom;
} gj_mbuf;
/* Appends printf-formatted text to b (sets b->oom when out of memory). */
void gj_mbuf_put(gj_mbuf *b, const char *fmt, ...);

#endif
