/* Internals of the weekly report: its words and layout (metrics_weekly_text.c)
 * and its list sections (metrics_weekly_lists.c). */
#ifndef GJ_METRICS_WEEKLY_H
#define GJ_METRICS_WEEKLY_H

#include "metrics_int.h"

/* The report's words, as the catalogue keys report.*, score.*, dash.* name them. */
enum {
    GJ_W_TITLE, GJ_W_META, GJ_W_TEAM, GJ_W_SUMMARY, GJ_W_SEP, GJ_W_SUM_FOLLOWUPS,
    GJ_W_SUM_FOLLOWUPS_PLAIN, GJ_W_SUM_FIRST_RESPONSE, GJ_W_SUM_DEALS, GJ_W_SUM_CSAT,
    GJ_W_SUM_MISSED, GJ_W_HEADLINE, GJ_W_METRIC, GJ_W_THIS_WEEK, GJ_W_LAST_WEEK, GJ_W_CHANGE,
    GJ_W_POINTS, GJ_W_SCORECARD, GJ_W_RANK, GJ_W_REP, GJ_W_TOTAL, GJ_W_GOAL_WON,
    GJ_W_GOAL_FOLLOWUPS, GJ_W_OVERDUE, GJ_W_CUSTOMER, GJ_W_OWNER, GJ_W_REASON, GJ_W_DUE,
    GJ_W_OVERDUE_DAYS, GJ_W_OVERDUE_TOTAL, GJ_W_CHURN, GJ_W_VALUE, GJ_W_RULE, GJ_W_NONE,
    GJ_W_CHURN_NONE, GJ_W_UNASSIGNED, GJ_W_HOURS, GJ_W_DAYS, GJ_W_COUNT
};

/* Word w in Chinese (english 0) or English. Static. */
const char *gj_weekly_word(int english, int w);
/* The name of a metric ("conversion.win_rate") or of a churn rule or due
 * reason ("no_reply"); the key itself when unknown. Static. */
const char *gj_weekly_name(int english, const char *key);

/* Replaces each {name} of pattern by its value from kv (name, value, ...,
 * NULL) into buf (cap bytes, truncated to fit). Returns buf. */
const char *gj_weekly_fill(char *buf, size_t cap, const char *pattern, const char *const *kv);

/* Numbers as the page shows them: grouped thousands, at most `digits`
 * decimals. Each writes into buf (64 bytes) and returns it. */
const char *gj_weekly_num(double v, int digits, char *buf);
const char *gj_weekly_pct(double ratio, int digits, char *buf);
/* Whole units with the currency's symbol (¥ for CNY), else its code. */
const char *gj_weekly_money(double v, const char *currency, char *buf);

/* A heading: level 1 is the title. Markdown "#"/"##", else underlined. */
void gj_weekly_heading(gj_mbuf *b, const char *title, int level, int md);

#define GJ_WTABLE_MAXCOLS 8

/* A table of text cells; row 0 is the heading row. Cells are copies
 * owned by the table. After an allocation failure `oom` is set, later
 * rows are dropped and rendering sets the buffer's oom. */
typedef struct {
    int ncols, nrows, cap;
    unsigned right; /* bit k: column k is right-aligned (numbers) */
    char **cell;    /* nrows * ncols */
    int oom;
} gj_wtable;

void gj_wtable_init(gj_wtable *t, int ncols, unsigned right);
/* Adds a row of ncols cells (NULL is empty); line breaks become spaces. */
void gj_wtable_add(gj_wtable *t, const char *const *cells);
/* Appends t to b: columns aligned by display width (a CJK character takes
 * two columns), or with md a Markdown pipe table. */
void gj_wtable_render(gj_mbuf *b, const gj_wtable *t, int md);
/* Frees the cells. Accepts NULL. */
void gj_wtable_free(gj_wtable *t);

/* What the report's sections share while it is written. */
typedef struct {
    gj_db *db;
    gj_mbuf b;
    int en, md;
    int64_t off; /* tz_offset_minutes in seconds */
    char currency[16];
} gj_wk;

#define W(c, k) gj_weekly_word((c)->en, (k))

/* The name of rep or customer `id` (in the handle's arena, valid until
 * the end of the API call), "#id" in buf (32 bytes) when it cannot be
 * read, or the word for no owner when id is 0. */
const char *gj_weekly_name_of(gj_wk *c, const char *entity, int64_t id, char *buf);

/* The sections after the headline metrics (metrics_weekly_lists.c). */
void gj_weekly_scorecard(gj_wk *c, const gj_metrics_scorecard *sc);
void gj_weekly_overdue(gj_wk *c, const gj_metrics_due *d);
void gj_weekly_churn(gj_wk *c, const gj_metrics_alerts *a);

#endif
