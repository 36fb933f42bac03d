/* schema.describe: the entity tables of the domain layer as JSON, so the
 * page generates its forms, list columns, filters and import mapper from
 * one source instead of copies. */
#include <string.h>

#include "api_internal.h"

static const char *type_name(gj_ftype t)
{
    switch (t) {
    case GJ_FT_ID: return "id";
    case GJ_FT_TEXT: return "text";
    case GJ_FT_INT: return "integer";
    case GJ_FT_REAL: return "number";
    case GJ_FT_TIME: return "time";
    case GJ_FT_BOOL: return "bool";
    case GJ_FT_ENUM: return "enum";
    case GJ_FT_REF: return "ref";
    case GJ_FT_STAGE: return "stage";
    case GJ_FT_JSON: return "json";
    }
    return "text";
}

static cJSON *field_json(const gj_field *f)
{
    cJSON *o = cJSON_CreateObject();
    if (!o) return NULL;
    cJSON_AddStringToObject(o, "name", f->name);
    cJSON_AddStringToObject(o, "type", type_name(f->type));
    cJSON_AddBoolToObject(o, "required", (f->flags & GJ_F_REQUIRED) != 0);
    if (f->type == GJ_FT_ID) cJSON_AddBoolToObject(o, "readonly", 1);
    if (f->flags & GJ_F_FIXED) cJSON_AddBoolToObject(o, "fixed", 1);
    if (f->flags & GJ_F_SEARCH) cJSON_AddBoolToObject(o, "search", 1);
    if (f->flags & GJ_F_NOW) cJSON_AddBoolToObject(o, "default_now", 1);
    /* a form must not offer to clear these: an update to null is refused */
    if (f->flags & GJ_F_NOTNULL) cJSON_AddBoolToObject(o, "not_null", 1);
    if (f->flags & GJ_F_FIXED) cJSON_AddBoolToObject(o, "fixed", 1);
    if (f->flags & GJ_F_NONNEG) cJSON_AddNumberToObject(o, "min", 0);
    if (f->flags & GJ_F_EMAIL) cJSON_AddStringToObject(o, "format", "email");
    if (f->ref) cJSON_AddStringToObject(o, "ref", f->ref);
    if (f->choices) {
        cJSON *c = cJSON_AddArrayToObject(o, "choices");
        const char *const *p;
        for (p = f->choices; c && *p; p++) gj_api_push(c, cJSON_CreateString(*p));
    }
    return o;
}

typedef struct {
    cJSON *by_entity; /* {"customers": [...], "deals": [...]} */
} custom_ctx;

static int custom_item(void *ctx, const gj_entity *e, const gj_value *vals)
{
    custom_ctx *c = ctx;
    cJSON *row = gj_api_row_json(e, vals), *list, *ent;
    if (!row) return GJ_NOMEM;
    ent = cJSON_GetObjectItem(row, "entity");
    if (!cJSON_IsString(ent)) {
        cJSON_Delete(row);
        return GJ_OK;
    }
    list = cJSON_GetObjectItem(c->by_entity, ent->valuestring);
    if (!list) list = cJSON_AddArrayToObject(c->by_entity, ent->valuestring);
    if (!list) {
        cJSON_Delete(row);
        return GJ_NOMEM;
    }
    gj_api_push(list, row);
    return GJ_OK;
}

int gj_api_schema_describe(gj_db *db, const gj_entity *unused, const cJSON *args, cJSON **data)
{
    const gj_entity *const *all = gj_entity_all();
    const gj_entity *cf = gj_entity_find("customfields");
    static const char *const none[] = {NULL};
    const gj_settings *s;
    cJSON *out, *ents, *pipe;
    custom_ctx ctx;
    gj_list_query q;
    int i, rc;

    if (gj_api_only_args(db, args, none) != GJ_OK) return GJ_INVALID;
    if (!(s = gj_settings_get(db))) return gj_db_errcode(db);
    out = cJSON_CreateObject();
    if (!out) goto nomem;
    ctx.by_entity = cJSON_CreateObject();
    if (!ctx.by_entity) goto nomem;
    gj_list_query_init(&q);
    rc = gj_record_list(db, cf, &q, custom_item, &ctx, NULL);
    if (rc != GJ_OK) {
        cJSON_Delete(ctx.by_entity);
        cJSON_Delete(out);
        return rc;
    }
    ents = cJSON_AddObjectToObject(out, "entities");
    for (; ents && *all; all++) {
        const gj_entity *e = *all;
        cJSON *o = cJSON_AddObjectToObject(ents, e->name), *fields, *custom;
        if (!o) goto nomem_ctx;
        cJSON_AddStringToObject(o, "name", e->name);
        cJSON_AddStringToObject(o, "singular", e->singular);
        cJSON_AddBoolToObject(o, "readonly", e->readonly);
        fields = cJSON_AddArrayToObject(o, "fields");
        for (i = 0; fields && i < e->nfields; i++) {
            cJSON *f = field_json(&e->fields[i]);
            if (!f) goto nomem_ctx;
            gj_api_push(fields, f);
        }
        if (e->ncomputed > 0) { /* read-only list values the list sorts by */
            cJSON *comp = cJSON_AddArrayToObject(o, "computed");
            for (i = 0; comp && i < e->ncomputed; i++) {
                gj_field cfield = {e->computed[i].name, e->computed[i].type, 0, NULL, NULL};
                cJSON *f = field_json(&cfield);
                if (!f) goto nomem_ctx;
                cJSON_AddBoolToObject(f, "readonly", 1);
                gj_api_push(comp, f);
            }
        }
        if (gj_entity_field(e, "custom") >= 0) {
            custom = cJSON_DetachItemFromObject(ctx.by_entity, e->name);
            gj_api_add(o, "custom", custom ? custom : cJSON_CreateArray());
        }
    }
    pipe = cJSON_AddArrayToObject(out, "pipeline");
    for (i = 0; pipe && i < s->nstages; i++) {
        cJSON *st = cJSON_CreateObject();
        if (!st) goto nomem_ctx;
        cJSON_AddStringToObject(st, "name", s->stage[i]);
        cJSON_AddNumberToObject(st, "deadline_days", s->deadline_days[i]);
        gj_api_push(pipe, st);
    }
    cJSON_Delete(ctx.by_entity);
    *data = out;
    return GJ_OK;
nomem_ctx:
    cJSON_Delete(ctx.by_entity);
nomem:
    cJSON_Delete(out);
    return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}
