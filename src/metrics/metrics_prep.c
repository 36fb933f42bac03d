/*
 * Period parsing, query checks and the temp tables a compute reads: the
 * settings the SQL needs as tables (weights, stages) and per-customer order
 * totals, from which the ABC tiers and the retention counts come without
 * scanning the orders twice.
 */
#include <math.h>
#include <string.h>
#include <stdlib.h>

#include "domain/timeutil.h"
#include "metrics_int.h"

int gj_metrics_parse_time(gj_db *db, const char *text, const char *field, int64_t *out)
{
    const gj_settings *s;
    size_t n;
    int zoned = 0;
    if (!text || gj_time_parse(text, out) != 0)
        return gj_db_fail(db, GJ_INVALID, field,
                          "%s must be an ISO 8601 date or time (2025-06-01), got '%s'", field,
                          text ? text : "");
    /* the date part has '-' in it; a zone can only follow the time */
    for (n = 10; text[n] && !zoned; n++)
        zoned = strchr("Zz+-", text[n]) != NULL;
    if (zoned) return GJ_OK;
    if (!(s = gj_settings_get(db))) return gj_db_errcode(db);
    *out -= (int64_t)llround(s->tz_offset_minutes * 60);
    return GJ_OK;
}

int gj_metrics_query_check(gj_db *db, const gj_metrics_query *q)
{
    int i, j;
    if (q->from >= q->to) return gj_db_fail(db, GJ_INVALID, "to", "to must be after from");
    if (q->tier && (strlen(q->tier) != 1 || !strchr("ABC", q->tier[0])))
        return gj_db_fail(db, GJ_INVALID, "tier", "tier must be A, B or C");
    if (q->rep_id < 0) return gj_db_fail(db, GJ_INVALID, "rep_id", "rep_id must be positive");
    if (q->nby < 0 || q->nby >= GJ_METRICS_NDIMS)
        return gj_db_fail(db, GJ_INVALID, "by", "by names at most %d dimensions", GJ_METRICS_NDIMS - 1);
    for (i = 0; i < q->nby; i++) {
        if (!gj_metrics_dim_name(q->by[i]))
            return gj_db_fail(db, GJ_INVALID, "by", "by must be rep, tier, channel or source");
        for (j = 0; j < i; j++)
            if (q->by[j] == q->by[i])
                return gj_db_fail(db, GJ_INVALID, "by", "by names %s twice",
                                  gj_metrics_dim_name(q->by[i]));
    }
    return GJ_OK;
}

static const char tables_sql[] =
    "CREATE TEMP TABLE IF NOT EXISTS gj_mw (kind TEXT PRIMARY KEY, points REAL) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS gj_mstage (name TEXT PRIMARY KEY, pos INTEGER,"
    " deadline REAL, cum REAL) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS gj_mo (cid INTEGER PRIMARY KEY, n_all INTEGER,"
    " amt_all REAL, n_p INTEGER, ncat_p INTEGER, act_from INTEGER, act_to INTEGER,"
    " first_at INTEGER, last_at INTEGER);"
    "CREATE TEMP TABLE IF NOT EXISTS gj_abc (id INTEGER PRIMARY KEY, tier TEXT, m REAL);"
    "CREATE TEMP TABLE IF NOT EXISTS gj_mcf (cid INTEGER PRIMARY KEY, sc REAL, fu INTEGER,"
    " won INTEGER, tk INTEGER, comp INTEGER);"
    "DELETE FROM temp.gj_mw; DELETE FROM temp.gj_mstage; DELETE FROM temp.gj_mo;"
    "DELETE FROM temp.gj_abc; DELETE FROM temp.gj_mcf;";

/* Per customer, over orders before `to`: lifetime count and amount, orders
 * and distinct categories in P, and whether the customer was active (an
 * order in the churn window) at `from` and at `to`. */
static const char orders_sql[] =
    "INSERT INTO temp.gj_mo SELECT customer_id, count(*), total(amount), sum(at >= ?1),"
    " count(DISTINCT CASE WHEN at >= ?1 THEN category END),"
    " max(at >= ?1 - ?3 AND at < ?1), max(at >= ?2 - ?3), min(at), max(at)"
    " FROM orders WHERE at < ?2 GROUP BY customer_id";

/* ABC: customers by revenue descending (ties by id); A while the running
 * share is <= 80 %, B while <= 95 %. Zero total revenue makes everyone C. */
static const char abc_sql[] =
    "INSERT INTO temp.gj_abc SELECT cid,"
    " CASE WHEN tot <= 0 THEN 'C' WHEN cum <= 0.80 * tot THEN 'A'"
    " WHEN cum <= 0.95 * tot THEN 'B' ELSE 'C' END, amt_all FROM"
    " (SELECT cid, amt_all, sum(amt_all) OVER (ORDER BY amt_all DESC, cid"
    "  ROWS UNBOUNDED PRECEDING) AS cum, sum(amt_all) OVER () AS tot FROM temp.gj_mo)";

/* Per customer, facts of P: activity score, whether followed up, won a
 * deal, opened a ticket or a complaint. Scores and follow-ups are looked up
 * per customer through the (customer_id, at) indexes, which needs no sort;
 * customers with none of these get no row (MATERIALIZED keeps the
 * filter from evaluating the lookups twice). */
static const char facts_sql[] =
    "WITH x AS MATERIALIZED (SELECT c.id AS cid,"
    " (SELECT total(w.points) FROM events e JOIN temp.gj_mw w ON w.kind = e.kind"
    "  WHERE e.customer_id = c.id AND e.at >= ?1 AND e.at < ?2) AS sc,"
    " EXISTS (SELECT 1 FROM followups f WHERE f.customer_id = c.id"
    "  AND f.at >= ?1 AND f.at < ?2) AS fu,"
    " w.cid IS NOT NULL AS won, t.cid IS NOT NULL AS tk, coalesce(t.comp, 0) AS comp"
    " FROM customers c"
    " LEFT JOIN (SELECT DISTINCT customer_id AS cid FROM deals WHERE status = 'won'"
    "  AND closed_at >= ?1 AND closed_at < ?2) w ON w.cid = c.id"
    " LEFT JOIN (SELECT customer_id AS cid, max(category = 'complaint') AS comp FROM tickets"
    "  WHERE created_at >= ?1 AND created_at < ?2 GROUP BY customer_id) t ON t.cid = c.id)"
    " INSERT INTO temp.gj_mcf SELECT * FROM x WHERE sc > 0 OR fu OR won OR tk";

int gj_metrics_prepare(gj_db *db, const gj_metrics_query *q, const gj_settings *s)
{
    gj_store *st = gj_db_store(db);
    gj_value p[4];
    double cum = 0;
    int i, rc;
    if (getenv("GJ_CACHE")) gj_store_exec(st, getenv("GJ_CACHE"));
    if ((rc = gj_store_exec(st, tables_sql)) != GJ_OK) goto fail;
    for (i = 0; i < s->nkinds; i++) {
        p[0] = gj_vtext(s->kind[i]);
        p[1] = gj_vreal(s->points[i]);
        rc = gj_store_run(st, "INSERT OR REPLACE INTO temp.gj_mw VALUES (?1, ?2)", p, 2, NULL,
                          NULL, NULL, NULL);
        if (rc != GJ_OK) goto fail;
    }
    for (i = 0; i < s->nstages; i++) {
        if (i > 0) cum += s->deadline_days[i];
        p[0] = gj_vtext(s->stage[i]);
        p[1] = gj_vint(i);
        p[2] = gj_vreal(s->deadline_days[i]);
        p[3] = gj_vreal(cum);
        rc = gj_store_run(st, "INSERT OR REPLACE INTO temp.gj_mstage VALUES (?1, ?2, ?3, ?4)", p,
                          4, NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) goto fail;
    }
    p[0] = gj_vint(q->from);
    p[1] = gj_vint(q->to);
    p[2] = gj_vint((int64_t)llround(s->churn_window_days * GJ_DAY));
    if ((rc = gj_store_run(st, orders_sql, p, 3, NULL, NULL, NULL, NULL)) != GJ_OK) goto fail;
    if ((rc = gj_store_run(st, abc_sql, NULL, 0, NULL, NULL, NULL, NULL)) != GJ_OK) goto fail;
    if ((rc = gj_store_run(st, facts_sql, p, 2, NULL, NULL, NULL, NULL)) != GJ_OK) goto fail;
    return GJ_OK;
fail:
    return gj_db_fail_store(db, rc);
}
