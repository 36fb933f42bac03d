/*
 * References of an imported row: customers by ext_id or name (created on
 * request), reps by ext_id or name, deals and tickets by ext_id, numeric
 * ids checked to exist. Each key is looked up once and cached, so the
 * write can skip the domain's own reference queries.
 */
#include <stdio.h>
#include <string.h>

#include "import_int.h"

/* Cached id for prefix+key; 1 when found. */
static int cached(gj_import *imp, const char *prefix, const char *key, int64_t *id)
{
    imp->key.len = 0;
    gj_buf_adds(&imp->key, prefix);
    gj_buf_adds(&imp->key, key);
    return !imp->key.oom && gj_strmap_get(imp->cache, imp->key.p, id);
}

static int remember(gj_import *imp, const char *prefix, const char *key, int64_t id)
{
    imp->key.len = 0;
    gj_buf_adds(&imp->key, prefix);
    gj_buf_adds(&imp->key, key);
    if (imp->key.oom) return GJ_NOMEM;
    return gj_strmap_put(imp->cache, imp->key.p, id);
}

typedef struct {
    int64_t ids[2];
    int n;
} ids_ctx;

static int collect_id(void *ctx, const gj_entity *e, const gj_value *v)
{
    ids_ctx *c = ctx;
    (void)e;
    if (c->n < 2) c->ids[c->n++] = v[0].i;
    return c->n >= 2;
}

/* Rows of `entity` whose `field` equals s (up to 2: more is ambiguous). */
static int find_by(gj_import *imp, const char *entity, const char *field, const char *s,
                   ids_ctx *out)
{
    const gj_entity *e = gj_entity_find(entity);
    gj_list_query q;
    int rc;
    out->n = 0;
    gj_list_query_init(&q);
    q.limit = 2;
    rc = gj_list_query_filter(imp->db, e, &q, field, GJ_OP_EQ, gj_vtext(s));
    if (rc == GJ_OK) rc = gj_record_list(imp->db, e, &q, collect_id, out, NULL);
    return rc;
}

/* Resolves an external key of `entity` (cache prefix p). GJ_OK with *id
 * (0 = no such row) or a fatal code. */
static int by_ext(gj_import *imp, const char *p, const char *entity, const char *key, int64_t *id)
{
    int rc;
    if (cached(imp, p, key, id)) return GJ_OK;
    rc = gj_record_find_ext(imp->db, gj_entity_find(entity), key, id);
    if (rc == GJ_OK && *id) rc = remember(imp, p, key, *id);
    return rc;
}

/* A numeric id column (customer_id, rep_id, ...): the row it names must
 * exist, checked once per distinct id, so the write can skip the check. */
int gj_import_ref_exists(gj_import *imp, int col, int f, const gj_record *rec, int *bad)
{
    const gj_field *fd = &imp->e->fields[f];
    const gj_entity *re = gj_entity_find(fd->ref);
    char key[48];
    int64_t id = rec->v[f].i, n = 0;
    gj_list_query q;
    int rc;
    snprintf(key, sizeof key, "%lld", (long long)id);
    if (id <= 0) goto missing; /* ids start at 1: the lookup itself would refuse it */
    if (cached(imp, fd->name, key, &n)) return GJ_OK;
    gj_list_query_init(&q);
    q.limit = 1;
    rc = gj_list_query_filter(imp->db, re, &q, "id", GJ_OP_EQ, gj_vint(id));
    if (rc == GJ_OK) {
        ids_ctx found;
        found.n = 0;
        rc = gj_record_list(imp->db, re, &q, collect_id, &found, NULL);
        n = found.n;
    }
    if (rc == GJ_OK && n) return remember(imp, fd->name, key, id);
    if (rc != GJ_OK) return rc;
missing:
    *bad = 1;
    {
        char why[128];
        snprintf(why, sizeof why, "no %s has id %%s", re->singular);
        return gj_import_cell_error_r(imp, col, fd->name, key, "no_match", re->name, why, key);
    }
}

/* The row's customer: by ext_id, else by name; created when asked to. */
int gj_import_customer(gj_import *imp, char **fields, int n, gj_record *rec, int *bad)
{
    int fc = gj_entity_field(imp->e, "customer_id");
    int ce = imp->col_customer_ext, cn = imp->col_customer_name;
    const char *ext = ce >= 0 && ce < n && *fields[ce] ? fields[ce] : NULL;
    const char *name = cn >= 0 && cn < n && *fields[cn] ? fields[cn] : NULL;
    const gj_entity *ce_ent = gj_entity_find("customers");
    int64_t id = 0;
    int rc;
    if (rec->set[fc] || (!ext && !name)) return GJ_OK; /* by id, or missing (domain says) */
    if (ext) {
        if ((rc = by_ext(imp, "c:", "customers", ext, &id)) != GJ_OK) return rc;
    } else if (!cached(imp, "n:", name, &id)) {
        ids_ctx found;
        if ((rc = find_by(imp, "customers", "name", name, &found)) != GJ_OK) return rc;
        if (found.n > 1) {
            *bad = 1;
            return gj_import_cell_error_r(imp, cn, "customer_id", name, "ambiguous",
                                          "customers",
                                          "more than one customer is named '%s': use customer_ext_id",
                                          name);
        }
        id = found.n ? found.ids[0] : 0;
        if (id && (rc = remember(imp, "n:", name, id)) != GJ_OK) return rc;
    }
    if (!id && imp->create_missing) {
        gj_record c;
        gj_record_init(&c);
        c.v[gj_entity_field(ce_ent, "name")] = gj_vtext(name ? name : ext);
        c.set[gj_entity_field(ce_ent, "name")] = 1;
        if (ext) {
            c.v[gj_entity_field(ce_ent, "ext_id")] = gj_vtext(ext);
            c.set[gj_entity_field(ce_ent, "ext_id")] = 1;
        }
        rc = gj_record_create(imp->db, ce_ent, &c, &id);
        if (rc != GJ_OK) {
            *bad = 1;
            return gj_import_refused(imp, fields, n, rc);
        }
        imp->customers_created++;
        rc = ext ? remember(imp, "c:", ext, id) : remember(imp, "n:", name, id);
        if (rc != GJ_OK) return rc;
    }
    if (!id) {
        *bad = 1;
        return ext ? gj_import_cell_error_r(imp, ce, "customer_id", ext, "no_match",
                                            "customers",
                                            "no customer has ext_id '%s' (import customers first, "
                                            "or use create_missing_customers)", ext)
                   : gj_import_cell_error_r(imp, cn, "customer_id", name, "no_match",
                                            "customers",
                                            "no customer is named '%s' (import customers first, "
                                            "or use create_missing_customers)", name);
    }
    rec->v[fc] = gj_vint(id);
    rec->set[fc] = 1;
    return GJ_OK;
}

/* A rep by ext_id, else by name. */
int gj_import_rep(gj_import *imp, int col, int f, const char *s, gj_record *rec, int *bad)
{
    int64_t id = 0;
    int rc;
    if (!cached(imp, "r:", s, &id)) {
        ids_ctx found;
        rc = gj_record_find_ext(imp->db, gj_entity_find("reps"), s, &id);
        if (rc == GJ_OK && !id) {
            rc = find_by(imp, "reps", "name", s, &found);
            if (rc == GJ_OK && found.n > 1) {
                *bad = 1;
                return gj_import_cell_error_r(imp, col, imp->e->fields[f].name, s, "ambiguous",
                                              "reps",
                                              "more than one rep is named '%s': use the rep's ext_id",
                                              s);
            }
            if (rc == GJ_OK) id = found.n ? found.ids[0] : 0;
        }
        if (rc == GJ_OK && id) rc = remember(imp, "r:", s, id);
        if (rc != GJ_OK) return rc;
    }
    if (!id && imp->create_missing_reps) {
        const gj_entity *re = gj_entity_find("reps");
        gj_record r;
        gj_record_init(&r);
        r.v[gj_entity_field(re, "name")] = gj_vtext(s);
        r.set[gj_entity_field(re, "name")] = 1;
        if ((rc = gj_record_create(imp->db, re, &r, &id)) != GJ_OK) {
            *bad = 1;
            return gj_import_refused(imp, NULL, 0, rc);
        }
        imp->reps_created++;
        if ((rc = remember(imp, "r:", s, id)) != GJ_OK) return rc;
    }
    if (!id) {
        *bad = 1;
        return gj_import_cell_error_r(imp, col, imp->e->fields[f].name, s, "no_match",
                                      "reps",
                                      "no rep has the name or ext_id '%s' (import reps first, or use create_missing_reps)", s);
    }
    rec->v[f] = gj_vint(id);
    rec->set[f] = 1;
    return GJ_OK;
}

/* deal_ext_id / ticket_ext_id -> deal_id / ticket_id */
int gj_import_ext_ref(gj_import *imp, int col, const char *p, const char *entity, const char *field,
                   const char *s, gj_record *rec, int *bad)
{
    int f = gj_entity_field(imp->e, field), rc;
    int64_t id = 0;
    if ((rc = by_ext(imp, p, entity, s, &id)) != GJ_OK) return rc;
    if (!id) {
        char why[160];
        *bad = 1;
        snprintf(why, sizeof why, "no %s has ext_id '%%s'", gj_entity_find(entity)->singular);
        return gj_import_cell_error_r(imp, col, field, s, "no_match", entity, why, s);
    }
    rec->v[f] = gj_vint(id);
    rec->set[f] = 1;
    return GJ_OK;
}

