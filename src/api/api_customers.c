/* customers.duplicates|merge|bulk_update and the pool_return_at of
 * customers.get|list|create|update. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "domain/customer_ops.h"
#include "domain/timeutil.h"

/* The argument readers: see api_internal.h. */
int gj_api_only_args(gj_db *db, const cJSON *args, const char *const *known)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, args) {
        int k;
        for (k = 0; known[k] && strcmp(known[k], it->string) != 0; k++) {}
        if (!known[k])
            return gj_db_fail_reason(db, GJ_INVALID, it->string, "unknown_field",
                                     "unknown argument '%s'", it->string);
    }
    return GJ_OK;
}

int gj_api_need_id(gj_db *db, const cJSON *args, const char *name, int64_t *out)
{
    if (!args || !cJSON_GetObjectItemCaseSensitive(args, name))
        return gj_db_fail_reason(db, GJ_INVALID, name, "required", "%s is required", name);
    return gj_api_int_arg(db, args, name, 0, 1, INT64_MAX / 2, out);
}

int gj_api_text_arg(gj_db *db, const cJSON *args, const char *name, const char **out)
{
    const cJSON *it = args ? cJSON_GetObjectItemCaseSensitive(args, name) : NULL;
    *out = NULL;
    if (!it || cJSON_IsNull(it)) return GJ_OK;
    if (!cJSON_IsString(it))
        return gj_db_fail_reason(db, GJ_INVALID, name, "wrong_type", "%s must be text", name);
    *out = it->valuestring;
    return GJ_OK;
}

/* Adds pool_return_at (ISO time or null) to a customer object. */
static int add_pool_return(gj_db *db, cJSON *row)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(row, "id");
    int64_t at = 0;
    char buf[32];
    int rc = cJSON_IsNumber(id) ? gj_pool_return_at(db, (int64_t)id->valuedouble, &at) : GJ_OK;
    if (rc != GJ_OK) return rc;
    if (at) cJSON_AddStringToObject(row, "pool_return_at", gj_time_format(at, buf));
    else cJSON_AddNullToObject(row, "pool_return_at");
    return GJ_OK;
}

int gj_api_customer_json(gj_db *db, int64_t id, cJSON **data)
{
    cJSON *args = cJSON_CreateObject();
    int rc;
    if (!args) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    cJSON_AddNumberToObject(args, "id", (double)id);
    rc = gj_api_customers_get(db, gj_entity_find("customers"), args, data);
    cJSON_Delete(args);
    return rc;
}

/* The record ops answering with one customer, plus pool_return_at. */
static int one_customer(gj_db *db, const char *verb, const cJSON *args, cJSON **data)
{
    int rc = gj_api_record_op(db, gj_entity_find("customers"), verb, args, data);
    return rc == GJ_OK ? add_pool_return(db, *data) : rc;
}

int gj_api_customers_get(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return one_customer(db, "get", args, data);
}

int gj_api_customers_create(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return one_customer(db, "create", args, data);
}

int gj_api_customers_update(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return one_customer(db, "update", args, data);
}

int gj_api_customers_list(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    int rc = gj_api_record_op(db, gj_entity_find("customers"), "list", args, data);
    cJSON *row;
    (void)e;
    if (rc != GJ_OK) return rc;
    cJSON_ArrayForEach(row, cJSON_GetObjectItemCaseSensitive(*data, "items"))
        if ((rc = add_pool_return(db, row)) != GJ_OK) return rc;
    return GJ_OK;
}

typedef struct {
    const gj_entity *e;
    cJSON *items;
} dup_out;

static int dup_item(void *ctx, const gj_value *vals, unsigned matched)
{
    static const char *const keep[] = {"id", "name", "company", "phone", "email", "wechat",
                                       "owner_id", NULL};
    static const struct { unsigned bit; const char *name; } why[] = {
        {GJ_DUP_PHONE, "phone"}, {GJ_DUP_EMAIL, "email"}, {GJ_DUP_WECHAT, "wechat"},
        {GJ_DUP_NAME, "name"}};
    dup_out *d = ctx;
    cJSON *o = cJSON_CreateObject(), *m = cJSON_CreateArray();
    size_t k;
    for (k = 0; keep[k]; k++) {
        int i = gj_entity_field(d->e, keep[k]);
        gj_api_add(o, keep[k], gj_api_field_json(&d->e->fields[i], vals[i]));
    }
    for (k = 0; k < sizeof why / sizeof why[0]; k++)
        if (matched & why[k].bit) gj_api_push(m, cJSON_CreateString(why[k].name));
    gj_api_add(o, "matched", m);
    gj_api_push(d->items, o);
    return 0;
}

int gj_api_customers_duplicates(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"phone", "email", "wechat", "name", "exclude_id", NULL};
    gj_dup_query q;
    dup_out d;
    int rc;
    (void)e;
    memset(&q, 0, sizeof q);
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_api_text_arg(db, args, "phone", &q.phone)) != GJ_OK ||
        (rc = gj_api_text_arg(db, args, "email", &q.email)) != GJ_OK ||
        (rc = gj_api_text_arg(db, args, "wechat", &q.wechat)) != GJ_OK ||
        (rc = gj_api_text_arg(db, args, "name", &q.name)) != GJ_OK)
        return rc;
    if ((rc = gj_api_int_arg(db, args, "exclude_id", 0, 1, INT64_MAX / 2, &q.exclude_id)) != GJ_OK)
        return rc;
    d.e = gj_entity_find("customers");
    *data = cJSON_CreateObject();
    d.items = cJSON_AddArrayToObject(*data, "items");
    return gj_customer_duplicates(db, &q, dup_item, &d);
}

int gj_api_customers_merge(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"survivor_id", "merged_id", NULL};
    int64_t survivor, merged;
    int rc;
    (void)e;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_api_need_id(db, args, "survivor_id", &survivor)) != GJ_OK) return rc;
    if ((rc = gj_api_need_id(db, args, "merged_id", &merged)) != GJ_OK) return rc;
    if ((rc = gj_customer_merge(db, survivor, merged)) != GJ_OK) return rc;
    return gj_api_customer_json(db, survivor, data);
}

#define MAX_TAG_ARGS 100

/* A JSON array of tags into buf (MAX_TAG_ARGS + 1 slots, NULL-terminated;
 * the strings stay in args); *out = buf, or NULL when absent. */
static int tag_list(gj_db *db, const cJSON *args, const char *name, const char **buf,
                    const char *const **out)
{
    const cJSON *arr = args ? cJSON_GetObjectItemCaseSensitive(args, name) : NULL, *it;
    int n = 0;
    *out = NULL;
    if (!arr || cJSON_IsNull(arr)) return GJ_OK;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) > MAX_TAG_ARGS)
        return gj_db_fail_reason(db, GJ_INVALID, name, "wrong_type",
                                 "%s must be a list of at most %d tags", name, MAX_TAG_ARGS);
    cJSON_ArrayForEach(it, arr) {
        if (!cJSON_IsString(it) || !*it->valuestring || strchr(it->valuestring, ',')) {
            gj_db_fail_reason(db, GJ_INVALID, name, "bad_tag",
                              "%s: every tag must be non-empty text without a comma", name);
            return gj_db_error_param_num(db, "index", n);
        }
        buf[n++] = it->valuestring;
    }
    buf[n] = NULL;
    *out = buf;
    return GJ_OK;
}

#define MAX_BULK_IDS 10000

int gj_api_customers_bulk_update(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"ids", "set", "add_tags", "remove_tags", NULL};
    static const char *const settable[] = {"owner_id", "tier", "status", NULL};
    static int64_t ids[MAX_BULK_IDS];
    static const char *add[MAX_TAG_ARGS + 1], *rem[MAX_TAG_ARGS + 1];
    const gj_entity *ce = gj_entity_find("customers");
    const cJSON *arr = args ? cJSON_GetObjectItemCaseSensitive(args, "ids") : NULL;
    const cJSON *set = args ? cJSON_GetObjectItemCaseSensitive(args, "set") : NULL, *it;
    gj_bulk_update b;
    int64_t updated = 0;
    int rc, n = 0;
    (void)e;
    memset(&b, 0, sizeof b);
    gj_record_init(&b.set);
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if (!cJSON_IsArray(arr) || cJSON_GetArraySize(arr) < 1 || cJSON_GetArraySize(arr) > MAX_BULK_IDS)
        return gj_db_fail_reason(db, GJ_INVALID, "ids", "required",
                                 "ids must be a list of 1 to %d customer ids", MAX_BULK_IDS);
    cJSON_ArrayForEach(it, arr) {
        if (!cJSON_IsNumber(it) || it->valuedouble != floor(it->valuedouble) || it->valuedouble < 1) {
            gj_db_fail_reason(db, GJ_INVALID, "ids", "wrong_type", "ids must hold positive ids");
            return gj_db_error_param_num(db, "index", n);
        }
        ids[n++] = (int64_t)it->valuedouble;
    }
    if (set && !cJSON_IsNull(set) && !cJSON_IsObject(set))
        return gj_db_fail_reason(db, GJ_INVALID, "set", "wrong_type", "set must be an object");
    cJSON_ArrayForEach(it, set) {
        int k, idx;
        char field[64];
        for (k = 0; settable[k] && strcmp(settable[k], it->string) != 0; k++) {}
        snprintf(field, sizeof field, "set.%s", it->string);
        if (!settable[k])
            return gj_db_fail_reason(db, GJ_INVALID, field, "unknown_field",
                                     "set may change owner_id, tier and status, not '%s'", it->string);
        idx = gj_entity_field(ce, it->string);
        if ((rc = gj_api_value(db, it, it->string, &b.set.v[idx])) != GJ_OK) return rc;
        b.set.set[idx] = 1;
    }
    if ((rc = tag_list(db, args, "add_tags", add, &b.add_tags)) != GJ_OK) return rc;
    if ((rc = tag_list(db, args, "remove_tags", rem, &b.remove_tags)) != GJ_OK) return rc;
    b.ids = ids;
    b.nids = n;
    if ((rc = gj_customer_bulk_update(db, &b, &updated)) != GJ_OK) return rc;
    *data = cJSON_CreateObject();
    cJSON_AddNumberToObject(*data, "updated", (double)updated);
    return GJ_OK;
}

