/* <entity>.create|get|update|delete|list and the JSON <-> field mapping. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"

int gj_api_value(gj_db *db, const cJSON *item, const char *name, gj_value *out)
{
    if (cJSON_IsNull(item)) *out = gj_vnull();
    else if (cJSON_IsBool(item)) *out = gj_vint(cJSON_IsTrue(item) ? 1 : 0);
    else if (cJSON_IsString(item)) *out = gj_vtext(item->valuestring);
    else if (cJSON_IsNumber(item)) {
        double d = item->valuedouble;
        if (d == floor(d) && fabs(d) < 9007199254740992.0) *out = gj_vint((int64_t)d);
        else *out = gj_vreal(d);
    } else if (cJSON_IsObject(item) || cJSON_IsArray(item)) {
        char *text = cJSON_PrintUnformatted(item), *copy;
        if (!text) return gj_db_fail(db, GJ_NOMEM, name, "out of memory");
        copy = gj_db_strdup(db, text);
        cJSON_free(text);
        if (!copy) return gj_db_fail(db, GJ_NOMEM, name, "out of memory");
        *out = gj_vtext(copy);
        out->i = 1; /* marks structured JSON, as opposed to a plain string */
    } else {
        return gj_db_fail_reason(db, GJ_INVALID, name, "wrong_type", "%s has an unsupported JSON value",
                                 name);
    }
    return GJ_OK;
}

cJSON *gj_api_field_json(const gj_field *f, gj_value v)
{
    char buf[32];
    if (v.type == GJ_VNULL) return cJSON_CreateNull();
    switch (f->type) {
    case GJ_FT_TIME:
        if (v.type == GJ_VINT) return cJSON_CreateString(gj_time_format(v.i, buf));
        break;
    case GJ_FT_BOOL:
        if (v.type == GJ_VINT) return cJSON_CreateBool(v.i != 0);
        break;
    case GJ_FT_JSON:
        if (v.type == GJ_VTEXT) {
            cJSON *j = cJSON_Parse(v.s);
            if (j) return j;
        }
        break;
    default:
        break;
    }
    switch (v.type) {
    case GJ_VINT: return cJSON_CreateNumber((double)v.i);
    case GJ_VREAL: return cJSON_CreateNumber(v.d);
    case GJ_VTEXT: return cJSON_CreateString(v.s);
    default: return cJSON_CreateNull();
    }
}

cJSON *gj_api_row_json(const gj_entity *e, const gj_value *vals)
{
    cJSON *o = cJSON_CreateObject();
    int i;
    if (!o) return NULL;
    for (i = 0; i < e->nfields; i++) {
        cJSON *v = gj_api_field_json(&e->fields[i], vals[i]);
        if (!v) { cJSON_Delete(o); return NULL; }
        gj_api_add(o, e->fields[i].name, v);
    }
    return o;
}

int gj_api_int_arg(gj_db *db, const cJSON *args, const char *name, int64_t dflt, int64_t lo,
                   int64_t hi, int64_t *out)
{
    const cJSON *it = args ? cJSON_GetObjectItemCaseSensitive(args, name) : NULL;
    *out = dflt;
    if (!it || cJSON_IsNull(it)) return GJ_OK;
    if (!cJSON_IsNumber(it) || it->valuedouble != floor(it->valuedouble))
        return gj_db_fail_reason(db, GJ_INVALID, name, "not_an_integer", "%s must be an integer", name);
    if (it->valuedouble < (double)lo || it->valuedouble > (double)hi) {
        gj_db_fail_reason(db, GJ_INVALID, name, "out_of_range", "%s must be between %lld and %lld",
                          name, (long long)lo, (long long)hi);
        gj_db_error_param_num(db, "value", it->valuedouble);
        gj_db_error_param_num(db, "min", (double)lo);
        return gj_db_error_param_num(db, "max", (double)hi);
    }
    *out = (int64_t)it->valuedouble;
    return GJ_OK;
}

static int need_id(gj_db *db, const cJSON *args, int64_t *id)
{
    const cJSON *it = args ? cJSON_GetObjectItemCaseSensitive(args, "id") : NULL;
    if (!it) return gj_db_fail_reason(db, GJ_INVALID, "id", "required", "id is required");
    return gj_api_int_arg(db, args, "id", 0, 1, INT64_MAX / 2, id);
}

/* A JSON value of the wrong kind for field `name` (fmt has one %s: the
 * name); `expected` names the field's type for the message. */
static int wrong_type(gj_db *db, const char *name, const char *fmt, gj_ftype t)
{
    /* indexed by gj_ftype (domain.h) */
    static const char *const words[] = {"integer", "text", "integer", "number", "time", "bool",
                                        "text", "integer", "text", "object"};
    gj_db_fail_reason(db, GJ_INVALID, name, "wrong_type", fmt, name);
    return gj_db_error_param(db, "expected", words[t]);
}

/* args (minus `skip`) -> record; unknown keys are errors naming the key. */
static int args_record(gj_db *db, const gj_entity *e, const cJSON *args, const char *skip,
                       gj_record *rec)
{
    const cJSON *it;
    int rc;
    gj_record_init(rec);
    cJSON_ArrayForEach(it, args) {
        int idx;
        if (skip && strcmp(it->string, skip) == 0) continue;
        idx = gj_entity_field(e, it->string);
        if (idx < 0) {
            gj_db_fail_reason(db, GJ_INVALID, it->string, "unknown_field", "%s has no field '%s'",
                              e->name, it->string);
            return gj_db_error_param(db, "entity", e->name);
        }
        if (cJSON_IsBool(it) && e->fields[idx].type != GJ_FT_BOOL)
            return wrong_type(db, it->string, "%s must not be true or false", e->fields[idx].type);
        if (cJSON_IsNumber(it) && e->fields[idx].type == GJ_FT_TIME) {
            gj_db_fail_reason(db, GJ_INVALID, it->string, "bad_time", "%s must be an ISO 8601 time "
                              "such as 2024-05-01T13:45:07+08:00, not a number", it->string);
            return gj_db_error_param_num(db, "value", it->valuedouble);
        }
        if ((rc = gj_api_value(db, it, it->string, &rec->v[idx])) != GJ_OK) return rc;
        if (rec->v[idx].type == GJ_VTEXT && rec->v[idx].i == 1 && e->fields[idx].type != GJ_FT_JSON)
            return wrong_type(db, it->string, "%s must not be an object or array",
                              e->fields[idx].type);
        if (e->fields[idx].type == GJ_FT_JSON && rec->v[idx].type == GJ_VTEXT && rec->v[idx].i != 1)
            return gj_db_fail_reason(db, GJ_INVALID, it->string, "bad_json",
                                     "%s must be a JSON object, not a string", it->string);
        rec->set[idx] = 1;
    }
    return GJ_OK;
}

static int list_json(gj_db *db, const gj_entity *e, const gj_list_query *q, cJSON *items,
                     int64_t *total);

static int get_json(gj_db *db, const gj_entity *e, int64_t id, cJSON **data)
{
    gj_record rec;
    gj_list_query q;
    cJSON *items;
    int rc = gj_record_get(db, e, id, &rec);
    if (rc != GJ_OK) return rc;
    /* the same row through the list, which adds the derived values */
    gj_list_query_init(&q);
    q.computed = 1;
    if ((rc = gj_list_query_filter(db, e, &q, "id", GJ_OP_EQ, gj_vint(id))) != GJ_OK) return rc;
    if (!(items = cJSON_CreateArray())) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    if ((rc = list_json(db, e, &q, items, NULL)) == GJ_OK && cJSON_GetArraySize(items) == 1)
        *data = cJSON_DetachItemFromArray(items, 0);
    else if (rc == GJ_OK)
        rc = gj_db_fail(db, GJ_NOTFOUND, "id", "no %s with id %lld", e->singular, (long long)id);
    cJSON_Delete(items);
    return rc;
}

static const struct { const char *name; gj_op op; } op_names[] = {
    {"eq", GJ_OP_EQ}, {"ne", GJ_OP_NE}, {"gte", GJ_OP_GTE}, {"from", GJ_OP_GTE},
    {"lt", GJ_OP_LT}, {"to", GJ_OP_LT}, {"lte", GJ_OP_LTE}, {"gt", GJ_OP_GT},
};

/* filter: {"field": value} or {"field": {"gte": a, "lt": b, ...}} */
static int parse_filter(gj_db *db, const gj_entity *e, const cJSON *filter, gj_list_query *q)
{
    const cJSON *f, *c;
    gj_value v;
    int rc;
    size_t i;
    if (!filter) return GJ_OK;
    if (!cJSON_IsObject(filter))
        return gj_db_fail_reason(db, GJ_INVALID, "filter", "wrong_type", "filter must be an object");
    cJSON_ArrayForEach(f, filter) {
        if (!cJSON_IsObject(f)) {
            if ((rc = gj_api_value(db, f, f->string, &v)) != GJ_OK) return rc;
            if ((rc = gj_list_query_filter(db, e, q, f->string, GJ_OP_EQ, v)) != GJ_OK) return rc;
            continue;
        }
        cJSON_ArrayForEach(c, f) {
            for (i = 0; i < sizeof op_names / sizeof op_names[0]; i++)
                if (strcmp(op_names[i].name, c->string) == 0) break;
            if (i == sizeof op_names / sizeof op_names[0]) {
                gj_db_fail_reason(db, GJ_INVALID, f->string, "unknown_operator",
                                  "unknown filter operator '%s' (use eq, ne, gte, gt, lt, lte)",
                                  c->string);
                gj_db_error_param(db, "value", c->string);
                return gj_db_error_param(db, "choices", "eq, ne, gte, gt, lt, lte");
            }
            if ((rc = gj_api_value(db, c, f->string, &v)) != GJ_OK) return rc;
            if ((rc = gj_list_query_filter(db, e, q, f->string, op_names[i].op, v)) != GJ_OK)
                return rc;
        }
    }
    return GJ_OK;
}

typedef struct {
    gj_db *db;
    cJSON *items;
    int computed;
    int rc;
} item_ctx;

static int list_item(void *ctx, const gj_entity *e, const gj_value *vals)
{
    item_ctx *c = ctx;
    cJSON *row = gj_api_row_json(e, vals);
    if (!row) { c->rc = gj_db_fail(c->db, GJ_NOMEM, NULL, "out of memory"); return 1; }
    gj_api_push(c->items, row);
    c->rc = gj_api_list_extras(c->db, e, vals, c->computed, row);
    return c->rc != GJ_OK;
}

/* Shared with export.csv (api_io.c): see api_internal.h. */
int gj_api_list_args(gj_db *db, const gj_entity *e, const cJSON *args,
                     const char *const *extra, int64_t dflt_limit, gj_list_query *q)
{
    const cJSON *qs = args ? cJSON_GetObjectItemCaseSensitive(args, "q") : NULL;
    const cJSON *sort = args ? cJSON_GetObjectItemCaseSensitive(args, "sort") : NULL;
    const cJSON *it;
    int64_t limit, offset;
    int rc;
    gj_list_query_init(q);
    cJSON_ArrayForEach(it, args) {
        static const char *const known[] = {"filter", "q", "sort", "limit", "offset", NULL};
        int k, x = 0;
        for (k = 0; known[k] && strcmp(known[k], it->string) != 0; k++) {}
        while (extra && extra[x] && strcmp(extra[x], it->string) != 0) x++;
        if (!known[k] && !(extra && extra[x]))
            return gj_db_fail_reason(db, GJ_INVALID, it->string, "unknown_field",
                                     "unknown list argument '%s' (use filter, q, sort, limit, offset)",
                                     it->string);
    }
    if ((rc = gj_api_int_arg(db, args, "limit", dflt_limit, 1, GJ_MAX_PAGE, &limit)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "offset", 0, 0, INT64_MAX / 2, &offset)) != GJ_OK) return rc;
    q->limit = limit;
    q->offset = offset;
    if (qs && !cJSON_IsNull(qs)) {
        if (!cJSON_IsString(qs)) return wrong_type(db, "q", "%s must be text", GJ_FT_TEXT);
        if (strlen(qs->valuestring) > GJ_MAX_SEARCH_BYTES) {
            gj_db_fail_reason(db, GJ_INVALID, "q", "too_long", "q (the search text) is longer than %d bytes",
                              GJ_MAX_SEARCH_BYTES);
            return gj_db_error_param_num(db, "max", GJ_MAX_SEARCH_BYTES);
        }
        q->q = qs->valuestring;
    }
    if (sort && !cJSON_IsNull(sort)) {
        const char *s;
        if (!cJSON_IsString(sort)) return wrong_type(db, "sort", "%s must be text", GJ_FT_TEXT);
        s = sort->valuestring;
        if (*s == '-') { q->sort_desc = 1; s++; }
        q->sort_field = gj_entity_field(e, s);
        if (q->sort_field < 0 && gj_entity_computed(e, s) >= 0)
            q->sort_field = e->nfields + gj_entity_computed(e, s);
        if (q->sort_field < 0) {
            gj_db_fail_reason(db, GJ_INVALID, "sort", "unknown_field", "%s has no field '%s' to sort by",
                              e->name, s);
            return gj_db_error_param(db, "value", s);
        }
    }
    {
        const cJSON *filter = args ? cJSON_GetObjectItemCaseSensitive(args, "filter") : NULL;
        const cJSON *rest;
        if ((rc = gj_api_customer_filter(db, e, filter, q, &rest)) != GJ_OK) return rc;
        rc = parse_filter(db, e, rest, q);
        if (rest != filter) cJSON_Delete((cJSON *)rest);
        return rc;
    }
}

/* The rows of q with their derived values into items. */
static int list_json(gj_db *db, const gj_entity *e, const gj_list_query *q, cJSON *items,
                     int64_t *total)
{
    item_ctx c;
    int rc;
    c.db = db; c.items = items; c.computed = q->computed; c.rc = GJ_OK;
    rc = gj_record_list(db, e, q, list_item, &c, total);
    return rc != GJ_OK ? rc : c.rc;
}

static int list_op(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    gj_list_query q;
    cJSON *items;
    int64_t total = 0, limit, offset;
    int rc = gj_api_list_args(db, e, args, NULL, 50, &q);
    if (rc != GJ_OK) return rc;
    limit = q.limit;
    offset = q.offset;
    items = cJSON_CreateArray();
    if (!items) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    q.computed = 1;
    rc = list_json(db, e, &q, items, &total);
    if (rc != GJ_OK) { cJSON_Delete(items); return rc; }
    *data = cJSON_CreateObject();
    gj_api_add(*data, "items", items);
    cJSON_AddNumberToObject(*data, "total", (double)total);
    cJSON_AddNumberToObject(*data, "limit", (double)limit);
    cJSON_AddNumberToObject(*data, "offset", (double)offset);
    return GJ_OK;
}

int gj_api_record_op(gj_db *db, const gj_entity *e, const char *verb, const cJSON *args,
                     cJSON **data)
{
    static const char *const id_only[] = {"id", NULL};
    gj_record rec;
    int64_t id = 0;
    int rc;
    if (strcmp(verb, "list") == 0) return list_op(db, e, args, data);
    if (strcmp(verb, "get") == 0) {
        if ((rc = gj_api_only_args(db, args, id_only)) != GJ_OK) return rc;
        if ((rc = need_id(db, args, &id)) != GJ_OK) return rc;
        return get_json(db, e, id, data);
    }
    if (strcmp(verb, "create") == 0) {
        if ((rc = args_record(db, e, args, NULL, &rec)) != GJ_OK) return rc;
        if ((rc = gj_record_create(db, e, &rec, &id)) != GJ_OK) return rc;
        return get_json(db, e, id, data);
    }
    if (strcmp(verb, "update") == 0) {
        if ((rc = need_id(db, args, &id)) != GJ_OK) return rc;
        if ((rc = args_record(db, e, args, "id", &rec)) != GJ_OK) return rc;
        if ((rc = gj_record_update(db, e, id, &rec)) != GJ_OK) return rc;
        return get_json(db, e, id, data);
    }
    if (strcmp(verb, "delete") == 0) {
        if ((rc = gj_api_only_args(db, args, id_only)) != GJ_OK) return rc;
        if ((rc = need_id(db, args, &id)) != GJ_OK) return rc;
        if ((rc = gj_record_delete(db, e, id)) != GJ_OK) return rc;
        *data = cJSON_CreateObject();
        cJSON_AddNumberToObject(*data, "deleted", (double)id);
        return GJ_OK;
    }
    gj_db_fail_reason(db, GJ_BADREQUEST, "op", "unknown_op", "unknown op '%s.%s' (use create, get, "
                      "update, delete or list)", e->name, verb);
    return gj_db_error_param(db, "value", verb);
}
