/*
 * Teams at the JSON boundary: the `team` argument every metrics op takes
 * (a team's name, resolved to its reps by the metrics layer, or a list of
 * rep ids), and reps.teams, the teams the page's pickers list.
 */
#include <math.h>
#include <stdlib.h>

#include "api_internal.h"
#include "metrics/metrics.h"

/* At most this many rep ids in one `team` list. */
#define MAX_TEAM_IDS 10000

int gj_api_rep_exists(gj_db *db, const char *field, int64_t id)
{
    gj_record rec;
    if (gj_record_get(db, gj_entity_find("reps"), id, &rec) == GJ_OK) return GJ_OK;
    if (gj_db_errcode(db) != GJ_NOTFOUND) return gj_db_errcode(db);
    gj_db_fail_reason(db, GJ_INVALID, field, "not_found", "%s: no rep with id %lld", field, (long long)id);
    gj_db_error_param(db, "entity", "reps");
    return gj_db_error_param_num(db, "id", (double)id);
}

/* `team` as a list of rep ids: each a positive integer naming a rep. */
static int team_of_list(gj_db *db, const cJSON *list, gj_metrics_team **out)
{
    int64_t *ids = NULL;
    const cJSON *it;
    size_t n = 0;
    int rc, count = cJSON_GetArraySize(list);
    if (count < 1) {
        gj_db_fail_reason(db, GJ_INVALID, "team", "too_few", "team: a list needs at least 1 rep id");
        return gj_db_error_param_num(db, "min", 1);
    }
    if (count > MAX_TEAM_IDS) {
        gj_db_fail_reason(db, GJ_INVALID, "team", "too_many", "team: at most %d rep ids", MAX_TEAM_IDS);
        return gj_db_error_param_num(db, "limit", MAX_TEAM_IDS);
    }
    if (!(ids = gj_malloc((size_t)count * sizeof *ids))) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    cJSON_ArrayForEach(it, list) {
        double v = cJSON_IsNumber(it) ? it->valuedouble : NAN;
        if (!isfinite(v) || v != floor(v) || fabs(v) > 9e15) {
            char *s = cJSON_PrintUnformatted(it);
            gj_db_fail_reason(db, GJ_INVALID, "team", "not_an_integer",
                              "team: item %zu is not a rep id (an integer)", n);
            rc = gj_db_error_param(db, "value", s ? s : "");
            cJSON_free(s);
            goto fail;
        }
        if (v < 1) {
            gj_db_fail_reason(db, GJ_INVALID, "team", "bad_id", "team: item %zu is not a positive rep id", n);
            rc = gj_db_error_param_num(db, "value", v);
            goto fail;
        }
        if ((rc = gj_api_rep_exists(db, "team", (int64_t)v)) != GJ_OK) goto fail;
        ids[n++] = (int64_t)v;
    }
    rc = gj_metrics_team_of_ids(db, ids, n, out);
fail:
    free(ids);
    return rc;
}

int gj_api_team_arg(gj_db *db, const cJSON *args, gj_metrics_team **out)
{
    const cJSON *it = args ? cJSON_GetObjectItemCaseSensitive(args, "team") : NULL;
    *out = NULL;
    if (!it || cJSON_IsNull(it)) return GJ_OK;
    if (cJSON_IsString(it)) return gj_metrics_team_find(db, it->valuestring, "team", out);
    if (cJSON_IsArray(it)) return team_of_list(db, it, out);
    gj_db_fail_reason(db, GJ_INVALID, "team", "wrong_type", "team must be a team's name or a list of rep ids");
    return gj_db_error_param(db, "expected", "array");
}

int gj_api_with_team(gj_db *db, const cJSON *args, gj_api_team_fn fn, cJSON **data)
{
    gj_metrics_team *team = NULL;
    int rc = gj_api_team_arg(db, args, &team);
    if (rc == GJ_OK) rc = fn(db, args, team, data);
    gj_metrics_team_free(team);
    return rc;
}

int gj_api_reps_teams(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {NULL};
    gj_metrics_team *teams = NULL;
    cJSON *o, *items;
    size_t n = 0, i, k;
    int rc;
    (void)e;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_metrics_teams(db, &teams, &n)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    items = cJSON_AddArrayToObject(o, "items");
    for (i = 0; i < n && items; i++) {
        cJSON *t = cJSON_CreateObject(), *ids = cJSON_AddArrayToObject(t, "rep_ids");
        cJSON_AddStringToObject(t, "name", teams[i].name);
        for (k = 0; k < teams[i].n; k++) gj_api_push(ids, cJSON_CreateNumber((double)teams[i].ids[k]));
        gj_api_push(items, t);
    }
    cJSON_AddNumberToObject(o, "total", (double)n);
    gj_metrics_teams_free(teams, n);
    if (!o || !items) {
        cJSON_Delete(o);
        return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    }
    *data = o;
    return GJ_OK;
}
