/*
 * metrics.weekly: the weekly report as text or Markdown (metrics_weekly.c)
 * for one ISO week, every rep, one team (`team`: its name or rep ids) or
 * one rep (by id or by name), in the
 * workspace's language unless the request names one.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"
#include "metrics/metrics.h"

/* An optional text argument that must be one of choices (NULL-ended);
 * *out is its index, or -1 when absent. GJ_OK or GJ_INVALID naming it. */
static int choice_arg(gj_db *db, const cJSON *args, const char *name, const char *const *choices,
                      const char *list, int *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(args, name);
    int k;
    *out = -1;
    if (!it || cJSON_IsNull(it)) return GJ_OK;
    for (k = 0; cJSON_IsString(it) && choices[k]; k++)
        if (strcmp(it->valuestring, choices[k]) == 0) *out = k;
    if (*out >= 0) return GJ_OK;
    gj_db_fail_reason(db, GJ_INVALID, name, "not_in_choices", "%s must be %s", name, list);
    if (cJSON_IsString(it)) gj_db_error_param(db, "value", it->valuestring);
    return gj_db_error_param(db, "choices", list);
}

typedef struct {
    int idf;    /* the id field of reps */
    int64_t id; /* 0 until a row is seen */
} first_row;

static int first_id(void *ctx, const gj_entity *e, const gj_value *vals)
{
    first_row *r = ctx;
    (void)e;
    r->id = vals[r->idf].i;
    return 1;
}

/* The id of the rep named exactly `name` (the first by id when several
 * share it). GJ_OK, or GJ_INVALID reason not_found naming `rep`. */
static int rep_by_name(gj_db *db, const char *name, int64_t *id)
{
    const gj_entity *e = gj_entity_find("reps");
    gj_list_query q;
    first_row r;
    int rc;
    r.idf = gj_entity_field(e, "id");
    r.id = 0;
    *id = 0;
    gj_list_query_init(&q);
    q.limit = 1;
    if ((rc = gj_list_query_filter(db, e, &q, "name", GJ_OP_EQ, gj_vtext(name))) != GJ_OK) return rc;
    if ((rc = gj_record_list(db, e, &q, first_id, &r, NULL)) != GJ_OK) return rc;
    if ((*id = r.id) != 0) return GJ_OK;
    gj_db_fail_reason(db, GJ_INVALID, "rep", "not_found", "rep: no rep named '%.80s'", name);
    gj_db_error_param(db, "entity", "reps");
    return gj_db_error_param(db, "value", name);
}

static int weekly(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    static const char *const known[] = {"week", "rep_id", "rep", "team", "format", "lang", NULL};
    static const char *const formats[] = {"text", "md", NULL};
    static const char *const langs[] = {"zh-CN", "en", NULL};
    const gj_settings *s = gj_settings_get(db);
    const cJSON *week = cJSON_GetObjectItemCaseSensitive(args, "week");
    const cJSON *rep = cJSON_GetObjectItemCaseSensitive(args, "rep");
    gj_metrics_weekly_query q;
    int64_t from, to, off;
    char *text = NULL, buf[16];
    cJSON *o;
    int rc, format, lang, ok;
    if (!s) return gj_db_errcode(db);
    memset(&q, 0, sizeof q);
    q.team = team;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if (!week || cJSON_IsNull(week))
        return gj_db_fail_reason(db, GJ_INVALID, "week", "required", "week is required (2025-W22)");
    if (!cJSON_IsString(week))
        return gj_db_fail_reason(db, GJ_INVALID, "week", "bad_week", "week must be an ISO week such as 2025-W22");
    q.week = week->valuestring;
    if ((rc = gj_api_int_arg(db, args, "rep_id", 0, 1, INT64_MAX / 2, &q.rep_id)) != GJ_OK) return rc;
    if (q.rep_id && rep && !cJSON_IsNull(rep))
        return gj_db_fail(db, GJ_INVALID, "rep", "give rep_id or rep, not both");
    if (rep && !cJSON_IsNull(rep) && !cJSON_IsString(rep))
        return gj_db_fail_reason(db, GJ_INVALID, "rep", "wrong_type", "rep must be a rep's name");
    if ((rc = choice_arg(db, args, "format", formats, "text, md", &format)) != GJ_OK) return rc;
    if ((rc = choice_arg(db, args, "lang", langs, "zh-CN, en", &lang)) != GJ_OK) return rc;
    if ((rc = gj_metrics_week_bounds(db, q.week, &from, &to)) != GJ_OK) return rc;
    if (cJSON_IsString(rep) && (rc = rep_by_name(db, rep->valuestring, &q.rep_id)) != GJ_OK) return rc;
    if (q.rep_id && (rc = gj_api_rep_exists(db, "rep_id", q.rep_id)) != GJ_OK) return rc;
    q.markdown = format == 1;
    /* the workspace language: settings.locale (zh-CN by default) */
    q.english = lang >= 0 ? lang == 1 : strncmp(s->locale, "en", 2) == 0;
    off = (int64_t)llround(s->tz_offset_minutes * 60);
    if ((rc = gj_metrics_weekly(db, &q, &text)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    ok = o && cJSON_AddStringToObject(o, "text", text) && cJSON_AddStringToObject(o, "week", q.week) &&
         cJSON_AddStringToObject(o, "from", gj_date_format(from + off, buf)) &&
         cJSON_AddStringToObject(o, "to", gj_date_format(to + off, buf));
    free(text);
    if (ok) {
        *data = o;
        return GJ_OK;
    }
    cJSON_Delete(o);
    return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

int gj_api_metrics_weekly(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, weekly, data);
}
