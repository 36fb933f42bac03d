/* customers.claim, pool.apply (the shared pool), demo.remove and db.info's
 * demo flags. */
#include <string.h>

#include "api_internal.h"
#include "domain/customer_ops.h"
#include "domain/timeutil.h"

int gj_api_customers_claim(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"id", "rep_id", NULL};
    int64_t id, rep;
    int rc;
    (void)e;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_api_need_id(db, args, "id", &id)) != GJ_OK) return rc;
    if ((rc = gj_api_need_id(db, args, "rep_id", &rep)) != GJ_OK) return rc;
    if ((rc = gj_customer_claim(db, id, rep)) != GJ_OK) return rc;
    return gj_api_customer_json(db, id, data);
}

static void add_id(void *ctx, int64_t id)
{
    gj_api_push((cJSON *)ctx, cJSON_CreateNumber((double)id));
}

int gj_api_pool_apply_now(gj_db *db, int64_t now, cJSON **data)
{
    cJSON *o = cJSON_CreateObject(), *ids = cJSON_CreateArray();
    int64_t n = 0;
    int rc = gj_pool_apply(db, now, add_id, ids, &n);
    if (rc != GJ_OK) {
        cJSON_Delete(o);
        cJSON_Delete(ids);
        return rc;
    }
    cJSON_AddNumberToObject(o, "returned", (double)n);
    gj_api_add(o, "ids", ids);
    if (data) *data = o;
    else cJSON_Delete(o);
    return GJ_OK;
}

int gj_api_pool_apply(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"now", NULL};
    const gj_settings *s = gj_settings_get(db);
    const char *now_text;
    int64_t now = gj_db_now(db);
    int rc;
    (void)e;
    if (!s) return gj_db_errcode(db);
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_api_text_arg(db, args, "now", &now_text)) != GJ_OK) return rc;
    /* a time without an offset is the workspace's local time */
    if (now_text && gj_time_parse_local(now_text, (int)s->tz_offset_minutes, &now) != 0)
        return gj_db_fail_reason(db, GJ_INVALID, "now", "bad_time",
                                 "now must be an ISO 8601 time, got '%s'", now_text);
    return gj_api_pool_apply_now(db, now, data);
}

int gj_api_demo_remove(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {NULL};
    int64_t removed[GJ_DR_N];
    cJSON *o, *r;
    int i, rc;
    (void)e;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_demo_remove(db, removed)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    r = cJSON_AddObjectToObject(o, "removed");
    for (i = 0; i < GJ_DR_N; i++)
        cJSON_AddNumberToObject(r, gj_demo_removed_names[i], (double)removed[i]);
    *data = o;
    return GJ_OK;
}

/* db.info's demo and has_real_data. */
int gj_api_demo_info(gj_db *db, cJSON *info)
{
    int demo = 0, real = 0;
    int rc = gj_demo_state(db, &demo, &real);
    if (rc != GJ_OK) return rc;
    cJSON_AddBoolToObject(info, "demo", demo);
    cJSON_AddBoolToObject(info, "has_real_data", real);
    return GJ_OK;
}
