/*
 * customers.merge: two records of one customer become one. Everything
 * that belongs to the merged record moves to the survivor, whose empty
 * fields take the merged record's values; then the merged record goes.
 */
#include <stdio.h>
#include <string.h>

#include "customer_ops.h"

/* Tables whose rows belong to a customer, in the order a merge moves them. */
static const char *const owned_tables[] = {"deals", "followups", "tickets", "surveys", "orders",
                                           "events", NULL};

typedef struct {
    gj_db *db;
    const char *text;
    int nomem;
} text_ctx;

static int text_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    text_ctx *t = ctx;
    (void)names;
    if (n > 0 && v[0].type == GJ_VTEXT && !(t->text = gj_db_strdup(t->db, v[0].s))) t->nomem = 1;
    return 1;
}

/* Custom values of merged whose keys survivor lacks are added to it.
 * json_patch lets the patch (survivor) win and keeps the JSON types; a
 * survivor key set to null is empty and takes merged's value. */
static int merge_custom(gj_db *db, const char *surv, const char *merged, const char **out)
{
    gj_value p[2] = {gj_vtext(surv), gj_vtext(merged)};
    text_ctx t = {db, NULL, 0};
    int rc;
    *out = surv;
    if (!merged) return GJ_OK;
    if (!surv) { *out = merged; return GJ_OK; }
    rc = gj_store_run(gj_db_store(db),
                      "SELECT json_patch(json(?2), (SELECT json_group_object(key, CASE"
                      " WHEN type IN ('object', 'array') THEN json(value)"
                      " WHEN type IN ('true', 'false') THEN json(type) ELSE value END)"
                      " FROM json_each(?1) WHERE type <> 'null'))",
                      p, 2, text_row, &t, NULL, NULL);
    if (rc != GJ_OK) return gj_db_fail_store(db, rc);
    if (t.nomem) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    *out = t.text;
    return GJ_OK;
}

static int move_owned(gj_db *db, int64_t survivor, int64_t merged)
{
    gj_value p[2] = {gj_vint(survivor), gj_vint(merged)};
    const char *const *t;
    char sql[96];
    int rc;
    for (t = owned_tables; *t; t++) {
        snprintf(sql, sizeof sql, "UPDATE %s SET customer_id = ?1 WHERE customer_id = ?2", *t);
        rc = gj_store_run(gj_db_store(db), sql, p, 2, NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) return gj_record_write_failed(db, gj_entity_find(*t), rc);
    }
    return GJ_OK;
}

/* The fields of survivor to change: its empty ones that merged has. */
static int fill_fields(gj_db *db, const gj_entity *e, const gj_record *s, const gj_record *m,
                       gj_record *out)
{
    int i, rc;
    gj_record_init(out);
    for (i = 0; i < e->nfields; i++) {
        const char *name = e->fields[i].name;
        if (strcmp(name, "tags") == 0) {
            const char *joined;
            rc = gj_tags_union(db, s->v[i].type == GJ_VTEXT ? s->v[i].s : NULL,
                               m->v[i].type == GJ_VTEXT ? m->v[i].s : NULL, &joined);
            if (rc != GJ_OK) return rc;
            if (joined && (s->v[i].type != GJ_VTEXT || joined != s->v[i].s)) {
                out->v[i] = gj_vtext(joined);
                out->set[i] = 1;
            }
        } else if (e->fields[i].type == GJ_FT_JSON) {
            const char *doc;
            rc = merge_custom(db, s->v[i].type == GJ_VTEXT ? s->v[i].s : NULL,
                              m->v[i].type == GJ_VTEXT ? m->v[i].s : NULL, &doc);
            if (rc != GJ_OK) return rc;
            if (doc && (s->v[i].type != GJ_VTEXT || strcmp(doc, s->v[i].s) != 0)) {
                out->v[i] = gj_vtext(doc);
                out->set[i] = 1;
            }
        } else if (e->fields[i].type != GJ_FT_ID && s->v[i].type == GJ_VNULL &&
                   m->v[i].type != GJ_VNULL) {
            out->v[i] = m->v[i];
            out->set[i] = 1;
        }
    }
    return GJ_OK;
}

int gj_customer_merge(gj_db *db, int64_t survivor, int64_t merged)
{
    const gj_entity *e = gj_entity_find("customers");
    gj_record s, m, fill;
    char after[128];
    int rc;
    if (survivor == merged)
        return gj_db_fail_reason(db, GJ_INVALID, "merged_id", "same_record",
                                 "a customer cannot be merged into itself (id %lld)",
                                 (long long)survivor);
    if ((rc = gj_db_begin(db)) != GJ_OK) return rc;
    if ((rc = gj_record_get(db, e, survivor, &s)) != GJ_OK ||
        (rc = gj_record_get(db, e, merged, &m)) != GJ_OK) {
        if (rc == GJ_NOTFOUND) {
            char msg[160];
            snprintf(msg, sizeof msg, "%s", gj_errmsg(db));
            gj_db_fail_reason(db, rc, s.set[0] ? "merged_id" : "survivor_id", "not_found", "%s", msg);
            gj_db_error_param(db, "entity", "customers");
            gj_db_error_param_num(db, "id", (double)(s.set[0] ? merged : survivor));
        }
        goto fail;
    }
    if ((rc = move_owned(db, survivor, merged)) != GJ_OK) goto fail;
    if ((rc = fill_fields(db, e, &s, &m, &fill)) != GJ_OK) goto fail;
    /* merged goes first: its ext_id may move to the survivor (unique) */
    if ((rc = gj_record_delete(db, e, merged)) != GJ_OK) goto fail;
    if ((rc = gj_record_update(db, e, survivor, &fill)) != GJ_OK) goto fail;
    snprintf(after, sizeof after, "{\"survivor_id\":%lld,\"merged_id\":%lld}", (long long)survivor,
             (long long)merged);
    if ((rc = gj_audit_row(db, "customers", survivor, "merge", gj_db_actor(db), NULL, after)) != GJ_OK)
        goto fail;
    return gj_db_commit(db);
fail:
    gj_db_rollback(db);
    return rc;
}
