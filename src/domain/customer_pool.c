/*
 * The shared pool (公海): a customer nobody has followed up for pool_days
 * days loses its owner and any rep may claim it.
 *
 * The clock of a customer starts at its last activity: the later of its
 * latest follow-up (by anyone), its latest claim or change of owner (read
 * from the audit log, so a freshly claimed customer gets the full period)
 * and its creation. Archived customers stay where they are.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer_ops.h"

/* Last activity of customer c.id (the SQL shared by both queries). */
#define SQL_LAST_ACTIVITY \
    "max(c.created_at," \
    " coalesce((SELECT max(f.at) FROM followups f WHERE f.customer_id = c.id), 0)," \
    " coalesce((SELECT max(a.at) FROM audit a WHERE a.entity = 'customers' AND a.entity_id = c.id" \
    "  AND (a.action = 'claim' OR (a.action = 'update' AND" \
    "   json_extract(a.before, '$.owner_id') IS NOT json_extract(a.after, '$.owner_id')))), 0))"

static int pool_seconds(gj_db *db, int64_t *secs)
{
    const gj_settings *s = gj_settings_get(db);
    *secs = 0;
    if (!s) return gj_db_errcode(db);
    *secs = (int64_t)llround(s->pool_days) * 86400;
    return GJ_OK;
}

int gj_pool_return_at(gj_db *db, int64_t id, int64_t *at)
{
    gj_value p[2];
    int64_t secs;
    int rc;
    *at = 0;
    if ((rc = pool_seconds(db, &secs)) != GJ_OK) return rc;
    if (secs == 0) return GJ_OK;
    p[0] = gj_vint(id);
    p[1] = gj_vint(secs);
    rc = gj_store_int(gj_db_store(db),
                      "SELECT " SQL_LAST_ACTIVITY " + ?2 FROM customers c"
                      " WHERE c.id = ?1 AND c.owner_id IS NOT NULL AND c.archived = 0",
                      p, 2, at);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

typedef struct {
    int64_t *ids, *owners;
    size_t n, cap;
    int nomem;
} due_list;

static int due_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    due_list *d = ctx;
    (void)n; (void)names;
    if (d->n == d->cap) {
        size_t cap = d->cap ? d->cap * 2 : 64;
        int64_t *ids = gj_realloc(d->ids, cap * sizeof *ids), *owners;
        if (ids) d->ids = ids;
        owners = ids ? gj_realloc(d->owners, cap * sizeof *owners) : NULL;
        if (!ids || !owners) { d->nomem = 1; return 1; }
        d->owners = owners;
        d->cap = cap;
    }
    d->ids[d->n] = v[0].i;
    d->owners[d->n++] = v[1].i;
    return 0;
}

int gj_pool_apply(gj_db *db, int64_t now, void (*fn)(void *ctx, int64_t id), void *ctx,
                  int64_t *returned)
{
    due_list d = {NULL, NULL, 0, 0, 0};
    gj_value p[2];
    int64_t secs;
    size_t i;
    int rc;
    *returned = 0;
    if ((rc = pool_seconds(db, &secs)) != GJ_OK) return rc;
    if (secs == 0) return GJ_OK;
    p[0] = gj_vint(now);
    p[1] = gj_vint(secs);
    rc = gj_store_run(gj_db_store(db),
                      "SELECT c.id, c.owner_id FROM customers c"
                      " WHERE c.owner_id IS NOT NULL AND c.archived = 0"
                      " AND " SQL_LAST_ACTIVITY " + ?2 <= ?1 ORDER BY c.id",
                      p, 2, due_row, &d, NULL, NULL);
    if (rc != GJ_OK) { rc = gj_db_fail_store(db, rc); goto out; }
    if (d.nomem) { rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory"); goto out; }
    if (d.n == 0) goto out; /* a read: nothing to write, nothing to persist */
    if ((rc = gj_db_begin(db)) != GJ_OK) goto out;
    /* One audit row per customer saying why, instead of a bare update. */
    if ((rc = gj_db_row_audit(db, 0)) != GJ_OK) goto fail;
    for (i = 0; i < d.n; i++) {
        gj_value q = gj_vint(d.ids[i]);
        char before[48], after[64];
        rc = gj_store_run(gj_db_store(db), "UPDATE customers SET owner_id = NULL WHERE id = ?1",
                          &q, 1, NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) { rc = gj_db_fail_store(db, rc); goto fail; }
        snprintf(before, sizeof before, "{\"owner_id\":%lld}", (long long)d.owners[i]);
        snprintf(after, sizeof after, "{\"owner_id\":null,\"pool_days\":%lld}",
                 (long long)(secs / 86400));
        rc = gj_audit_row(db, "customers", d.ids[i], "pool_return", "system", before, after);
        if (rc != GJ_OK) goto fail;
        if (fn) fn(ctx, d.ids[i]);
    }
    if ((rc = gj_db_row_audit(db, 1)) != GJ_OK) goto fail;
    if ((rc = gj_db_commit(db)) != GJ_OK) goto out;
    *returned = (int64_t)d.n;
    goto out;
fail:
    gj_db_rollback(db);
    gj_db_row_audit(db, 1);
out:
    free(d.ids);
    free(d.owners);
    return rc;
}

int gj_customer_claim(gj_db *db, int64_t id, int64_t rep_id)
{
    const gj_entity *e = gj_entity_find("customers");
    int owner = gj_entity_field(e, "owner_id");
    gj_record old;
    gj_value p[2];
    int64_t found = 0;
    char after[48];
    int rc;
    if ((rc = gj_db_begin(db)) != GJ_OK) return rc;
    if ((rc = gj_record_get(db, e, id, &old)) != GJ_OK) goto fail;
    p[0] = gj_vint(rep_id);
    rc = gj_store_int(gj_db_store(db), "SELECT count(*) FROM reps WHERE id = ?1", p, 1, &found);
    if (rc != GJ_OK) { rc = gj_db_fail_store(db, rc); goto fail; }
    if (!found) {
        rc = gj_db_fail_reason(db, GJ_INVALID, "rep_id", "not_found", "rep_id: no rep with id %lld",
                               (long long)rep_id);
        gj_db_error_param(db, "entity", "reps");
        gj_db_error_param_num(db, "id", (double)rep_id);
        goto fail;
    }
    if (old.v[owner].type != GJ_VNULL) {
        rc = gj_db_fail_reason(db, GJ_CONSTRAINT, "id", "already_owned",
                               "customer %lld already has an owner (rep %lld)", (long long)id,
                               (long long)old.v[owner].i);
        gj_db_error_param_num(db, "owner_id", (double)old.v[owner].i);
        goto fail;
    }
    if ((rc = gj_db_row_audit(db, 0)) != GJ_OK) goto fail;
    p[0] = gj_vint(rep_id);
    p[1] = gj_vint(id);
    rc = gj_store_run(gj_db_store(db), "UPDATE customers SET owner_id = ?1 WHERE id = ?2", p, 2,
                      NULL, NULL, NULL, NULL);
    if (rc != GJ_OK) { rc = gj_record_write_failed(db, e, rc); goto fail; }
    if ((rc = gj_db_row_audit(db, 1)) != GJ_OK) goto fail;
    snprintf(after, sizeof after, "{\"owner_id\":%lld}", (long long)rep_id);
    rc = gj_audit_row(db, "customers", id, "claim", gj_db_actor(db), "{\"owner_id\":null}", after);
    if (rc != GJ_OK) goto fail;
    return gj_db_commit(db);
fail:
    gj_db_rollback(db);
    gj_db_row_audit(db, 1);
    return rc;
}
