/* Period parsing, query checks and the pipeline as a temp table. */
#include <math.h>
#include <string.h>

#include "domain/timeutil.h"
#include "metrics_int.h"

int gj_metrics_parse_time(gj_db *db, const char *text, const char *field, int64_t *out)
{
    const gj_settings *s = gj_settings_get(db);
    if (!s) return gj_db_errcode(db);
    if (!text || gj_time_parse_local(text, (int)llround(s->tz_offset_minutes), out) != 0) {
        gj_db_fail_reason(db, GJ_INVALID, field, "bad_time",
                          "%s must be an ISO 8601 date or time (2025-06-01), got '%s'", field,
                          text ? text : "");
        return gj_db_error_param(db, "value", text ? text : "");
    }
    return GJ_OK;
}

int gj_metrics_query_check(gj_db *db, const gj_metrics_query *q)
{
    int i, j;
    if (q->from >= q->to) {
        gj_db_fail_reason(db, GJ_INVALID, "to", "time_order", "to must be after from");
        return gj_db_error_param(db, "other", "from");
    }
    if (q->tier && (strlen(q->tier) != 1 || !strchr("ABC", q->tier[0]))) {
        gj_db_fail_reason(db, GJ_INVALID, "tier", "not_in_choices", "tier must be A, B or C");
        gj_db_error_param(db, "value", q->tier);
        return gj_db_error_param(db, "choices", "A, B, C");
    }
    if (q->rep_id < 0)
        return gj_db_fail_reason(db, GJ_INVALID, "rep_id", "bad_id", "rep_id must be positive");
    if (q->nby < 0 || q->nby >= GJ_METRICS_NDIMS) {
        gj_db_fail_reason(db, GJ_INVALID, "by", "too_many", "by names at most %d dimensions",
                          GJ_METRICS_NDIMS - 1);
        return gj_db_error_param_num(db, "limit", GJ_METRICS_NDIMS - 1);
    }
    for (i = 0; i < q->nby; i++) {
        if (!gj_metrics_dim_name(q->by[i])) {
            gj_db_fail_reason(db, GJ_INVALID, "by", "not_in_choices",
                              "by must be rep, tier, channel or source");
            return gj_db_error_param(db, "choices", "rep, tier, channel, source");
        }
        for (j = 0; j < i; j++)
            if (q->by[j] == q->by[i]) {
                gj_db_fail_reason(db, GJ_INVALID, "by", "duplicate", "by names %s twice",
                                  gj_metrics_dim_name(q->by[i]));
                return gj_db_error_param(db, "value", gj_metrics_dim_name(q->by[i]));
            }
    }
    return GJ_OK;
}

/* The pipeline as a table, for the deal queries: position, deadline and
 * the running sum of deadlines (a skipped stage adds its deadline). It is
 * rewritten only when the pipeline changed: a write would make the shared
 * customer data look stale (gj_mdata_shared). */
int gj_metrics_prepare(gj_db *db, const gj_settings *s)
{
    gj_store *st = gj_db_store(db);
    gj_value p[4];
    double cum = 0;
    int64_t same = 0;
    int i, rc;
    rc = gj_store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS gj_mstage (name TEXT PRIMARY KEY,"
                           " pos INTEGER, deadline REAL, cum REAL) WITHOUT ROWID;");
    if (rc == GJ_OK)
        rc = gj_store_int(st, "SELECT count(*) FROM temp.gj_mstage", NULL, 0, &same);
    same = rc == GJ_OK && same == s->nstages;
    for (i = 0; i < s->nstages && rc == GJ_OK && same; i++) {
        int64_t hit = 0;
        p[0] = gj_vtext(s->stage[i]);
        p[1] = gj_vint(i);
        p[2] = gj_vreal(s->deadline_days[i]);
        rc = gj_store_int(st, "SELECT count(*) FROM temp.gj_mstage WHERE name = ?1 AND pos = ?2"
                              " AND deadline = ?3", p, 3, &hit);
        same = hit == 1;
    }
    if (rc == GJ_OK && !same) rc = gj_store_exec(st, "DELETE FROM temp.gj_mstage");
    for (i = 0; i < s->nstages && rc == GJ_OK && !same; i++) {
        if (i > 0) cum += s->deadline_days[i];
        p[0] = gj_vtext(s->stage[i]);
        p[1] = gj_vint(i);
        p[2] = gj_vreal(s->deadline_days[i]);
        p[3] = gj_vreal(cum);
        rc = gj_store_run(st, "INSERT OR REPLACE INTO temp.gj_mstage VALUES (?1, ?2, ?3, ?4)", p,
                          4, NULL, NULL, NULL, NULL);
    }
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}
