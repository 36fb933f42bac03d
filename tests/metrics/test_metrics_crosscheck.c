/*
 * Independent cross-check: on generated demo data, every headline metric of
 * metrics.compute equals the same definition written here as plain SQL
 * (window functions instead of the engine's temp tables and lookups),
 * run through the store layer on the same database.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/domain.h"
#include "domain/timeutil.h"
#include "testlib.h"

#define NOW 1748736000 /* 2025-06-01, the demo's today */

static gj_db *db;
static int64_t from, to;

static int first_col(void *ctx, int n, const gj_value *v, const char *const *names)
{
    double *out = ctx;
    (void)names;
    if (n < 1 || v[0].type == GJ_VNULL) *out = NAN;
    else *out = v[0].type == GJ_VINT ? (double)v[0].i : v[0].d;
    return 1;
}

/* The first column of sql with ?1 = from, ?2 = to, ?3 = extra; NAN = null. */
static double sq(const char *sql, int64_t extra)
{
    gj_value p[3];
    double out = NAN;
    p[0] = gj_vint(from);
    p[1] = gj_vint(to);
    p[2] = gj_vint(extra);
    /* bind only the parameters the statement has */
    if (gj_store_run(gj_db_store(db), sql, p, strstr(sql, "?3") ? 3 : 2, first_col, &out, NULL,
                     NULL) != GJ_OK) {
        fprintf(stderr, "SQL failed: %s\n  %s\n", gj_store_errmsg(gj_db_store(db)), sql);
        gj_test_failures++;
    }
    return out;
}

/* Compares the engine's value at `path` with the SQL value: both null, or
 * equal within 1e-9 relative (sums taken in a different order). */
static void same(const cJSON *m, const char *path, double want, const char *what)
{
    const cJSON *v = m;
    char buf[128], *tok, *save = NULL;
    snprintf(buf, sizeof buf, "%s", path);
    for (tok = strtok_r(buf, ".", &save); tok && v; tok = strtok_r(NULL, ".", &save))
        v = cJSON_IsArray(v) ? cJSON_GetArrayItem(v, atoi(tok)) : cJSON_GetObjectItem(v, tok);
    gj_test_checks++;
    if (isnan(want) ? cJSON_IsNull(v)
                    : cJSON_IsNumber(v) && fabs(v->valuedouble - want) <= 1e-9 * fmax(1, fabs(want)))
        return;
    gj_test_failures++;
    fprintf(stderr, "%s [%s]: engine %s, SQL %.17g\n", path, what,
            cJSON_IsNumber(v) ? (snprintf(buf, sizeof buf, "%.17g", v->valuedouble), buf)
                              : (cJSON_IsNull(v) ? "null" : "missing"), want);
}

#define RATIO(num, den) "SELECT CASE WHEN (" den ") = 0 THEN NULL ELSE 1.0 * (" num ") / (" den ") END"

/* Median and nearest-rank p90 of the values of a query with column v. */
#define MEDIAN(Q)                                                                   \
    "WITH x AS (" Q "), r AS (SELECT v, row_number() OVER (ORDER BY v) AS i,"      \
    " count(*) OVER () AS n FROM x) SELECT avg(v) FROM r"                          \
    " WHERE i IN ((n + 1) / 2, (n + 2) / 2)"
#define P90(Q)                                                                      \
    "WITH x AS (" Q "), r AS (SELECT v, row_number() OVER (ORDER BY v) AS i,"      \
    " count(*) OVER () AS n FROM x) SELECT v FROM r WHERE i = (9 * n + 9) / 10"

static void check_activity(const cJSON *m)
{
#define SCORE "(SELECT coalesce(sum(w.points), 0) FROM events e JOIN activity_weights w" \
              " ON w.kind = e.kind WHERE e.customer_id = c.id AND e.at >= ?1 AND e.at < ?2)"
    same(m, "activity.customers", sq("SELECT count(*) FROM customers WHERE created_at < ?2", 0), "");
    same(m, "activity.active_customers",
         sq("SELECT count(*) FROM customers c WHERE created_at < ?2 AND " SCORE " >= "
            "(SELECT value FROM settings WHERE key = 'active_threshold')", 0), "");
    same(m, "activity.avg_score", sq("SELECT avg(" SCORE ") FROM customers c WHERE created_at < ?2", 0), "");
#undef SCORE
}

static void check_conversion(const cJSON *m)
{
    /* furthest stage position: the deal's stage or any in its history; won = all */
    static const char reached[] =
        "SELECT count(*) FROM deals d WHERE d.created_at >= ?1 AND d.created_at < ?2 AND"
        " (d.status = 'won' OR (SELECT max(p.position) FROM pipeline_stages p WHERE p.name = d.stage"
        "  OR p.name IN (SELECT stage FROM deal_stages h WHERE h.deal_id = d.id)) >= ?3)";
    static const char fu[] = "EXISTS (SELECT 1 FROM followups f WHERE f.customer_id = c.id AND f.at >= ?1 AND f.at < ?2)";
    static const char won[] = "EXISTS (SELECT 1 FROM deals d WHERE d.customer_id = c.id AND d.status = 'won' AND d.closed_at >= ?1 AND d.closed_at < ?2)";
    char sql[1024], path[64];
    int s;
    for (s = 0; s < 4; s++) {
        snprintf(path, sizeof path, "conversion.funnel.%d.reached", s);
        same(m, path, sq(reached, s), "");
    }
    same(m, "conversion.won", sq("SELECT count(*) FROM deals WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2", 0), "");
    same(m, "conversion.lost", sq("SELECT count(*) FROM deals WHERE status = 'lost' AND closed_at >= ?1 AND closed_at < ?2", 0), "");
    same(m, "conversion.win_rate", sq("SELECT avg(status = 'won') FROM deals WHERE closed_at >= ?1 AND closed_at < ?2", 0), "");
    same(m, "conversion.won_amount", sq("SELECT total(amount) FROM deals WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2", 0), "");
    snprintf(sql, sizeof sql, "SELECT avg(%s) FROM customers c WHERE %s", won, fu);
    same(m, "conversion.followup_conversion_rate", sq(sql, 0), "");
    snprintf(sql, sizeof sql, "SELECT avg(%s) FROM customers c WHERE c.created_at < ?2 AND NOT %s", won, fu);
    same(m, "conversion.no_followup_conversion_rate", sq(sql, 0), "");
#define CYCLE "SELECT (closed_at - created_at) / 86400.0 AS v FROM deals WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2"
    same(m, "cycle.won_deals", sq("SELECT count(*) FROM (" CYCLE ")", 0), "");
    same(m, "cycle.median_days", sq(MEDIAN(CYCLE), 0), "");
    same(m, "cycle.mean_days", sq("SELECT avg(v) FROM (" CYCLE ")", 0), "");
#undef CYCLE
}

static void check_satisfaction(const cJSON *m)
{
#define SV "FROM surveys WHERE at >= ?1 AND at < ?2"
    same(m, "satisfaction.csat_responses", sq("SELECT count(*) " SV " AND kind = 'csat'", 0), "");
    same(m, "satisfaction.csat_avg", sq("SELECT avg(score) " SV " AND kind = 'csat'", 0), "");
    same(m, "satisfaction.csat_pct", sq("SELECT avg(score >= 4) " SV " AND kind = 'csat'", 0), "");
    same(m, "satisfaction.nps", sq("SELECT 100.0 * (sum(score >= 9) - sum(score <= 6)) / count(*) " SV " AND kind = 'nps'", 0), "");
#undef SV
    same(m, "satisfaction.complaint_rate",
         sq(RATIO("SELECT count(DISTINCT customer_id) FROM tickets WHERE category = 'complaint' AND created_at >= ?1 AND created_at < ?2",
                  "SELECT count(*) FROM (SELECT customer_id FROM orders WHERE at >= ?1 AND at < ?2"
                  " UNION SELECT customer_id FROM tickets WHERE created_at >= ?1 AND created_at < ?2"
                  " UNION SELECT customer_id FROM followups WHERE at >= ?1 AND at < ?2)"), 0), "");
}

static void check_response(const cJSON *m, int64_t tz_seconds)
{
#define TK "FROM tickets WHERE created_at >= ?1 AND created_at < ?2"
#define FR "SELECT (first_response_at - created_at) / 3600.0 AS v " TK " AND first_response_at IS NOT NULL"
#define RS "SELECT (resolved_at - created_at) / 3600.0 AS v " TK " AND resolved_at IS NOT NULL"
#define GAPS "SELECT v FROM (SELECT at, (at - lag(at) OVER (PARTITION BY customer_id ORDER BY at, id)) / 86400.0 AS v FROM followups) WHERE at >= ?1 AND at < ?2 AND v IS NOT NULL"
    same(m, "response.tickets", sq("SELECT count(*) " TK, 0), "");
    same(m, "response.unanswered", sq("SELECT count(*) " TK " AND first_response_at IS NULL", 0), "");
    same(m, "response.first_response_hours.median", sq(MEDIAN(FR), 0), "");
    same(m, "response.first_response_hours.p90", sq(P90(FR), 0), "");
    same(m, "response.first_response_hours.mean", sq("SELECT avg(v) FROM (" FR ")", 0), "");
    same(m, "response.resolution_hours.median", sq(MEDIAN(RS), 0), "");
    same(m, "response.resolution_hours.p90", sq(P90(RS), 0), "");
    same(m, "response.resolution_hours.mean", sq("SELECT avg(v) FROM (" RS ")", 0), "");
    same(m, "response.same_day_rate",
         sq("SELECT avg(coalesce(date(first_response_at + ?3, 'unixepoch') = date(created_at + ?3, 'unixepoch'), 0)) " TK,
            tz_seconds), "local calendar dates via date()");
    same(m, "response.followup_interval_days.median", sq(MEDIAN(GAPS), 0), "lag() over all follow-ups");
    same(m, "response.followup_interval_days.p90", sq(P90(GAPS), 0), "");
#undef TK
#undef FR
#undef RS
#undef GAPS
    /* stage entries after the first stage, against the previous entry by lag() */
    same(m, "response.stage_deadline_rate",
         sq("WITH h AS (SELECT entered_at, stage, lag(entered_at) OVER w AS pt, lag(stage) OVER w AS ps"
            " FROM deal_stages WINDOW w AS (PARTITION BY deal_id ORDER BY entered_at, id)),"
            " j AS (SELECT h.entered_at - h.pt AS took, (SELECT sum(deadline_days) FROM pipeline_stages q"
            "  WHERE q.position > p0.position AND q.position <= p1.position) AS allowed"
            " FROM h JOIN pipeline_stages p1 ON p1.name = h.stage JOIN pipeline_stages p0 ON p0.name = h.ps"
            " WHERE h.entered_at >= ?1 AND h.entered_at < ?2 AND p1.position > p0.position)"
            " SELECT avg(took <= round(allowed * 86400)) FROM j", 0), "lag() over deal_stages");
}

static void check_retention(const cJSON *m)
{
#define PER "SELECT customer_id, count(*) AS n, count(DISTINCT category) AS k FROM orders WHERE at >= ?1 AND at < ?2 GROUP BY customer_id"
#define LIFE "SELECT customer_id, count(*) AS n, sum(amount) AS a FROM orders WHERE at < ?2 GROUP BY customer_id"
#define ACTIVE(T) "SELECT DISTINCT customer_id FROM orders WHERE at >= " T " - (SELECT value FROM settings WHERE key = 'churn_window_days') * 86400 AND at < " T
    same(m, "retention.ordering_customers", sq("SELECT count(*) FROM (" PER ")", 0), "");
    same(m, "retention.repurchase_rate", sq("SELECT avg(n >= 2) FROM (" PER ")", 0), "");
    same(m, "retention.cross_purchase_rate", sq("SELECT avg(k >= 2) FROM (" PER ")", 0), "");
    same(m, "retention.repurchase_rate_lifetime", sq("SELECT avg(n >= 2) FROM (" LIFE ")", 0), "");
    same(m, "retention.clv_historical", sq("SELECT avg(a) FROM (" LIFE ")", 0), "");
    same(m, "retention.churn_rate",
         sq(RATIO("SELECT count(*) FROM (" ACTIVE("?1") " EXCEPT " ACTIVE("?2") ")",
                  "SELECT count(*) FROM (" ACTIVE("?1") ")"), 0), "set difference");
#undef PER
#undef LIFE
#undef ACTIVE
}

/* Missed follow-ups: the due items rebuilt with lead() over the follow-up
 * sequence and the ABC tiers from a running sum; ?3 = now. */
static const char missed_sql[] =
    "WITH s AS (SELECT key, value FROM settings),"
    " g AS (SELECT (SELECT value FROM s WHERE key = 'grace_days') * 86400 AS grace,"
    "  (SELECT value FROM s WHERE key = 'cadence_a_days') * 86400 AS ka,"
    "  (SELECT value FROM s WHERE key = 'cadence_b_days') * 86400 AS kb,"
    "  (SELECT value FROM s WHERE key = 'cadence_c_days') * 86400 AS kc),"
    " rev AS (SELECT customer_id AS id, sum(amount) AS m FROM orders WHERE at < ?2 GROUP BY customer_id),"
    " abc AS (SELECT id, CASE WHEN tot <= 0 THEN 'C' WHEN run <= 0.8 * tot THEN 'A'"
    "  WHEN run <= 0.95 * tot THEN 'B' ELSE 'C' END AS tier FROM"
    "  (SELECT id, sum(m) OVER (ORDER BY m DESC, id) AS run, sum(m) OVER () AS tot FROM rev)),"
    " k AS (SELECT c.id, c.created_at, CASE coalesce(c.tier, abc.tier, 'C') WHEN 'A' THEN ka"
    "  WHEN 'B' THEN kb ELSE kc END AS k FROM customers c LEFT JOIN abc ON abc.id = c.id, g),"
    " seq AS (SELECT customer_id, at, next_due_at,"
    "  lead(at) OVER (PARTITION BY customer_id ORDER BY at, id) AS nxt FROM followups),"
    " items(met, wend) AS ("
    "  SELECT coalesce(nxt <= next_due_at + grace, 0), next_due_at + grace FROM seq, g"
    "   WHERE next_due_at >= ?1 AND next_due_at < ?2"
    "  UNION ALL SELECT coalesce(nxt <= s.at + k.k + grace, 0), s.at + k.k + grace"
    "   FROM seq s JOIN k ON k.id = s.customer_id, g"
    "   WHERE s.next_due_at IS NULL AND s.at + k.k >= ?1 AND s.at + k.k < ?2"
    "  UNION ALL SELECT coalesce((SELECT min(f.at) FROM followups f WHERE f.customer_id = k.id"
    "   AND f.at >= k.created_at) <= k.created_at + k.k + grace, 0), k.created_at + k.k + grace"
    "   FROM k, g WHERE k.created_at + k.k >= ?1 AND k.created_at + k.k < ?2"
    "  UNION ALL SELECT coalesce((SELECT min(f.at) FROM followups f WHERE f.customer_id = x.cid"
    "   AND f.at >= x.t0) <= x.due + grace, 0), x.due + grace FROM"
    "   (SELECT d.customer_id AS cid, h.entered_at AS t0, d.closed_at AS closed,"
    "    h.entered_at + round(nx.deadline_days * 86400) AS due FROM deal_stages h"
    "    JOIN deals d ON d.id = h.deal_id JOIN pipeline_stages p ON p.name = h.stage"
    "    JOIN pipeline_stages nx ON nx.position = p.position + 1) x, g"
    "   WHERE x.due >= ?1 AND x.due < ?2 AND (x.closed IS NULL OR x.closed > x.due))"
    " SELECT CASE WHEN sum(met OR wend < ?3) = 0 THEN NULL"
    "  ELSE 1.0 * sum(NOT met AND wend < ?3) / sum(met OR wend < ?3) END FROM items";

/* Per-rep attribution: deals by owner, follow-ups by their rep. */
static void check_by_rep(const cJSON *m)
{
    const cJSON *row;
    cJSON_ArrayForEach(row, cJSON_GetObjectItem(cJSON_GetObjectItem(m, "by"), "rep")) {
        const cJSON *id = cJSON_GetObjectItem(row, "rep_id");
        int64_t rep = cJSON_IsNumber(id) ? (int64_t)id->valuedouble : 0;
        same(row, "won", sq("SELECT count(*) FROM deals WHERE owner_id IS ?3 AND status = 'won' AND closed_at >= ?1 AND closed_at < ?2", rep), "by rep");
        same(row, "followups", sq("SELECT count(*) FROM followups WHERE rep_id IS ?3 AND at >= ?1 AND at < ?2", rep), "by rep");
        same(row, "response.tickets", sq("SELECT count(*) FROM tickets WHERE rep_id IS ?3 AND created_at >= ?1 AND created_at < ?2", rep), "by rep");
        same(row, "activity.customers", sq("SELECT count(*) FROM customers WHERE owner_id IS ?3 AND created_at < ?2", rep), "by rep");
    }
}

/* The drill-down lists exactly what the numbers count. */
static void check_explain(const cJSON *m, const char *f, const char *t)
{
    static const struct { const char *metric, *den, *num; } cases[] = {
        {"conversion.win_rate", NULL, "conversion.won"},
        {"response.missed_followup_rate", "response.due_items", "response.missed_items"},
        {"activity.active_rate", "activity.customers", "activity.active_customers"},
        {"response.same_day_rate", "response.tickets", NULL},
        {"satisfaction.csat_pct", "satisfaction.csat_responses", NULL},
        {"response.stage_deadline_rate", "response.stage_entries", NULL},
        {"cycle.median_days", "cycle.won_deals", NULL},
        {"conversion.deals_created", "conversion.deals_created", NULL},
    };
    size_t i;
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cJSON *x = t_ok(db, "{\"op\":\"metrics.explain\",\"args\":{\"metric\":\"%s\",\"from\":\"%s\","
                            "\"to\":\"%s\",\"limit\":1}}", cases[i].metric, f, t);
        if (!x) continue;
        if (cases[i].den) same(m, cases[i].den, t_num(x, "denominator_count"), cases[i].metric);
        if (cases[i].num) same(m, cases[i].num, t_num(x, "numerator_count"), cases[i].metric);
        cJSON_Delete(x);
    }
}

static void period(const char *f, const char *t, int tz_minutes)
{
    cJSON *m;
    if (gj_time_parse(f, &from) || gj_time_parse(t, &to)) exit(2);
    from -= tz_minutes * 60;
    to -= tz_minutes * 60;
    cJSON_Delete(t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"tz_offset_minutes\":%d}}", tz_minutes));
    m = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"%s\",\"to\":\"%s\",\"by\":[\"rep\"]}}", f, t);
    if (!m) return;
    check_activity(m);
    check_conversion(m);
    check_satisfaction(m);
    check_response(m, tz_minutes * 60);
    check_retention(m);
    check_by_rep(m);
    same(m, "response.missed_followup_rate", sq(missed_sql, NOW), "lead() and a running-sum ABC");
    check_explain(m, f, t);
    cJSON_Delete(m);
}

/* A trend (one read for all months) equals a compute per month. */
static void check_trend(const char *metric)
{
    static const char *const months[] = {"2024-12-01", "2025-01-01", "2025-02-01", "2025-03-01",
                                         "2025-04-01", "2025-05-01", "2025-06-01"};
    cJSON *t = t_ok(db, "{\"op\":\"metrics.trend\",\"args\":{\"metric\":\"%s\",\"from\":\"2024-12-01\","
                        "\"to\":\"2025-06-01\"}}", metric);
    int i;
    char path[64];
    for (i = 0; t && i < 6; i++) {
        cJSON *m = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"%s\",\"to\":\"%s\"}}",
                        months[i], months[i + 1]);
        const cJSON *v;
        snprintf(path, sizeof path, "points.%d.value", i);
        v = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(t, "points"), i), "value");
        same(m, metric, cJSON_IsNumber(v) ? v->valuedouble : NAN, "trend point");
        cJSON_Delete(m);
    }
    cJSON_Delete(t);
}

int main(void)
{
    db = t_open();
    cJSON_Delete(t_ok(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":600,\"seed\":11,\"now\":\"2025-06-01\"}}"));
    gj_set_now(db, NOW); /* items whose window is open at NOW are pending */
    period("2025-05-01", "2025-06-01", 0);
    period("2024-06-01", "2025-06-01", 0);
    period("2025-03-01", "2025-04-01", 480);
    period("2025-04-07", "2025-04-14", -300);
    cJSON_Delete(t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"tz_offset_minutes\":0}}"));
    check_trend("activity.active_rate");
    check_trend("activity.avg_score");
    check_trend("retention.churn_rate");
    check_trend("response.missed_followup_rate");
    check_trend("conversion.win_rate");
    check_trend("satisfaction.complaint_rate");
    /* the metrics read from rows kept in memory per period */
    check_trend("satisfaction.csat_avg");
    check_trend("response.first_response_hours.median");
    check_trend("conversion.funnel.2.cumulative_rate");
    check_trend("response.stage_deadline_rate");
    check_trend("retention.repurchase_rate");
    cJSON_Delete(t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"tz_offset_minutes\":480}}"));
    check_trend("response.same_day_rate"); /* the local day of a kept row follows the setting */
    gj_close(db);
    return t_done("test_metrics_crosscheck");
}
