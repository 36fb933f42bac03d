/* settings.get|set, db.info and demo.generate. */
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"
#include "store/store.h"

static cJSON *settings_json(const gj_settings *s)
{
    cJSON *o = cJSON_CreateObject(), *pipe = cJSON_CreateArray(), *w = cJSON_CreateObject();
    int i, n = gj_settings_scalar_count();
    for (i = 0; i < n; i++) {
        int kind;
        const char *key = gj_settings_scalar_key(i, &kind);
        gj_value v;
        gj_settings_scalar_get(s, i, &v);
        if (kind == GJ_SETTING_TEXT) cJSON_AddStringToObject(o, key, v.s);
        else if (kind == GJ_SETTING_FLAG) cJSON_AddBoolToObject(o, key, v.d != 0);
        else cJSON_AddNumberToObject(o, key, v.d);
    }
    for (i = 0; i < s->nstages; i++) {
        cJSON *st = cJSON_CreateObject();
        cJSON_AddStringToObject(st, "name", s->stage[i]);
        cJSON_AddNumberToObject(st, "deadline_days", s->deadline_days[i]);
        gj_api_push(pipe, st);
    }
    for (i = 0; i < s->nkinds; i++) cJSON_AddNumberToObject(w, s->kind[i], s->points[i]);
    gj_api_add(o, "pipeline", pipe);
    gj_api_add(o, "activity_weights", w);
    return o;
}

int gj_api_settings_get(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const none[] = {NULL};
    const gj_settings *s;
    (void)e;
    if (gj_api_only_args(db, args, none) != GJ_OK) return GJ_INVALID;
    if (!(s = gj_settings_get(db))) return gj_db_errcode(db);
    *data = settings_json(s);
    return GJ_OK;
}

static int set_pipeline(gj_db *db, gj_settings *s, const cJSON *pipe)
{
    const cJSON *st;
    int n = 0;
    if (!cJSON_IsArray(pipe)) {
        gj_db_fail_reason(db, GJ_INVALID, "pipeline", "wrong_type",
                          "pipeline must be an array of {\"name\", \"deadline_days\"}");
        return gj_db_error_param(db, "expected", "array");
    }
    if (cJSON_GetArraySize(pipe) > GJ_MAX_STAGES) {
        gj_db_fail_reason(db, GJ_INVALID, "pipeline", "too_many", "at most %d stages", GJ_MAX_STAGES);
        return gj_db_error_param_num(db, "limit", GJ_MAX_STAGES);
    }
    cJSON_ArrayForEach(st, pipe) {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(st, "name");
        const cJSON *dd = cJSON_GetObjectItemCaseSensitive(st, "deadline_days");
        const cJSON *key;
        cJSON_ArrayForEach(key, st) /* a misspelt deadline would silently become 0 */
            if (strcmp(key->string, "name") != 0 && strcmp(key->string, "deadline_days") != 0) {
                gj_db_fail_reason(db, GJ_INVALID, "pipeline", "unknown_field",
                                  "stage %d: unknown key '%s' (a stage has name and deadline_days)",
                                  n + 1, key->string);
                return gj_db_error_param(db, "value", key->string);
            }
        if (!cJSON_IsString(name)) {
            gj_db_fail_reason(db, GJ_INVALID, "pipeline", "stage_unnamed",
                              "stage %d needs a name (text)", n + 1);
            return gj_db_error_param_num(db, "position", n + 1);
        }
        if (strlen(name->valuestring) >= GJ_NAME_LEN) {
            gj_db_fail_reason(db, GJ_INVALID, "pipeline", "too_long",
                              "stage %d: the name must be shorter than %d bytes", n + 1, GJ_NAME_LEN);
            gj_db_error_param_num(db, "max", GJ_NAME_LEN - 1);
            return gj_db_error_param(db, "value", name->valuestring);
        }
        if (dd && !cJSON_IsNumber(dd)) {
            gj_db_fail_reason(db, GJ_INVALID, "pipeline", "not_a_number",
                              "stage '%s': deadline_days must be a number", name->valuestring);
            return gj_db_error_param(db, "stage", name->valuestring);
        }
        snprintf(s->stage[n], GJ_NAME_LEN, "%s", name->valuestring);
        s->deadline_days[n++] = dd ? dd->valuedouble : 0;
    }
    s->nstages = n;
    return GJ_OK;
}

static int set_weights(gj_db *db, gj_settings *s, const cJSON *w)
{
    const cJSON *k;
    int n = 0;
    if (!cJSON_IsObject(w)) {
        gj_db_fail_reason(db, GJ_INVALID, "activity_weights", "wrong_type",
                          "activity_weights must be an object {kind: points}");
        return gj_db_error_param(db, "expected", "object");
    }
    if (cJSON_GetArraySize(w) > GJ_MAX_KINDS) {
        gj_db_fail_reason(db, GJ_INVALID, "activity_weights", "too_many", "at most %d kinds",
                          GJ_MAX_KINDS);
        return gj_db_error_param_num(db, "limit", GJ_MAX_KINDS);
    }
    cJSON_ArrayForEach(k, w) {
        if (strlen(k->string) >= GJ_NAME_LEN) {
            gj_db_fail_reason(db, GJ_INVALID, "activity_weights", "too_long",
                              "the event kind '%s' must be shorter than %d bytes", k->string,
                              GJ_NAME_LEN);
            gj_db_error_param_num(db, "max", GJ_NAME_LEN - 1);
            return gj_db_error_param(db, "value", k->string);
        }
        if (!cJSON_IsNumber(k)) {
            gj_db_fail_reason(db, GJ_INVALID, "activity_weights", "not_a_number",
                              "weight of '%s' must be a number", k->string);
            return gj_db_error_param(db, "kind", k->string);
        }
        snprintf(s->kind[n], GJ_NAME_LEN, "%s", k->string);
        s->points[n++] = k->valuedouble;
    }
    s->nkinds = n;
    return GJ_OK;
}

int gj_api_settings_set(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    const gj_settings *cur = gj_settings_get(db);
    gj_settings s;
    const cJSON *it;
    int rc;
    (void)e;
    if (!cur) return gj_db_errcode(db);
    s = *cur;
    cJSON_ArrayForEach(it, args) {
        gj_value v;
        if (strcmp(it->string, "pipeline") == 0) rc = set_pipeline(db, &s, it);
        else if (strcmp(it->string, "activity_weights") == 0) rc = set_weights(db, &s, it);
        else if ((rc = gj_api_value(db, it, it->string, &v)) == GJ_OK)
            rc = gj_settings_scalar_set(db, &s, it->string, v);
        if (rc != GJ_OK) return rc;
    }
    if ((rc = gj_settings_save(db, &s)) != GJ_OK) return rc;
    return gj_api_settings_get(db, NULL, NULL, data);
}

int gj_api_db_info(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    const gj_entity *const *all = gj_entity_all();
    static const char *const none[] = {NULL};
    cJSON *o, *counts;
    int i, rc;
    (void)e;
    if (gj_api_only_args(db, args, none) != GJ_OK) return GJ_INVALID;
    o = cJSON_CreateObject();
    counts = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "genjin_version", GJ_VERSION);
    cJSON_AddStringToObject(o, "sqlite_version", gj_store_sqlite_version());
    cJSON_AddNumberToObject(o, "schema_version", gj_store_schema_version(gj_db_store(db)));
    cJSON_AddNumberToObject(o, "size_bytes", (double)gj_store_size(gj_db_store(db)));
    for (i = 0; all[i]; i++) {
        int64_t n = 0;
        if ((rc = gj_record_count(db, all[i], &n)) != GJ_OK) { cJSON_Delete(o); cJSON_Delete(counts); return rc; }
        cJSON_AddNumberToObject(counts, all[i]->name, (double)n);
    }
    gj_api_add(o, "counts", counts);
    if ((rc = gj_api_demo_info(db, o)) != GJ_OK) { cJSON_Delete(o); return rc; }
    *data = o;
    return GJ_OK;
}

int gj_api_demo_generate(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    const gj_entity *const *all = gj_entity_all();
    gj_demo_options opt;
    int64_t customers, seed, made[32] = {0};
    const cJSON *now = args ? cJSON_GetObjectItemCaseSensitive(args, "now") : NULL;
    cJSON *o;
    int i, rc;
    (void)e;
    cJSON_ArrayForEach(o, args) { /* customers, seed, now and the exact counts */
        int known = strcmp(o->string, "customers") == 0 || strcmp(o->string, "seed") == 0 ||
                    strcmp(o->string, "now") == 0;
        for (i = 0; i < GJ_DEMO_NCOUNTS && !known; i++) known = strcmp(o->string, gj_demo_count_names[i]) == 0;
        if (!known)
            return gj_db_fail_reason(db, GJ_INVALID, o->string, "unknown_field", "unknown argument '%s'",
                                     o->string);
    }
    if ((rc = gj_api_int_arg(db, args, "customers", 200, 1, 1000000, &customers)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "seed", 1, 0, 9007199254740991LL, &seed)) != GJ_OK) return rc;
    memset(&opt, 0, sizeof opt);
    opt.customers = (int)customers;
    opt.seed = (uint64_t)seed;
    /* exact counts per entity (benchmark sizes); absent = scaled */
    for (i = 0; i < GJ_DEMO_NCOUNTS; i++) {
        int64_t n;
        if ((rc = gj_api_int_arg(db, args, gj_demo_count_names[i], 0, 0, 10000000, &n)) != GJ_OK) return rc;
        opt.count[i] = (int)n;
    }
    if (now && !cJSON_IsNull(now)) {
        const gj_settings *s = gj_settings_get(db);
        if (!s) return gj_db_errcode(db);
        if (!cJSON_IsString(now) ||
            gj_time_parse_local(now->valuestring, (int)s->tz_offset_minutes, &opt.now) != 0)
            return gj_db_fail_reason(db, GJ_INVALID, "now", "bad_time", "now must be an ISO 8601 time");
    }
    if ((rc = gj_demo_generate(db, &opt, made)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    for (i = 0; all[i]; i++)
        if (made[i]) cJSON_AddNumberToObject(o, all[i]->name, (double)made[i]);
    *data = o;
    return GJ_OK;
}
