/*
 * Bulk writes (imports, demo data): one summary audit entry instead of one
 * per row, which would double the work of a million-row import; audit
 * rows written by hand (customer merges, claims, returns to the pool).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"

int gj_audit_row(gj_db *db, const char *entity, int64_t id, const char *action,
                 const char *actor, const char *before, const char *after)
{
    gj_value p[7];
    int rc;
    p[0] = gj_vint(gj_db_now(db));
    p[1] = gj_vtext(actor);
    p[2] = gj_vtext(entity);
    p[3] = id ? gj_vint(id) : gj_vnull();
    p[4] = gj_vtext(action);
    p[5] = gj_vtext(before);
    p[6] = gj_vtext(after);
    rc = gj_store_run(gj_db_store(db),
                      "INSERT INTO audit (at, actor, entity, entity_id, action, before, after)"
                      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)", p, 7, NULL, NULL, NULL, NULL);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

int gj_audit_bulk(gj_db *db, const char *actor, const char *entity, const char *after_json)
{
    return gj_audit_row(db, entity, 0, "bulk", actor, NULL, after_json);
}

/*
 * Bulk mode for a long write transaction: a page cache large enough that
 * SQLite does not spill dirty pages to the file and read them back (a
 * million-row import otherwise spends a third of its time in pread and
 * pwrite). The cache is an upper bound, filled only as pages are used.
 * In the browser the pages already live in memory (memvfs), so the
 * default cache stays.
 */
int gj_db_bulk(gj_db *db, int mode)
{
#ifdef __EMSCRIPTEN__
    (void)db; (void)mode;
    return GJ_OK;
#else
    /* GJ_BULK_SORT: SQLite's sorter writes runs of the cache's size to
     * temporary files, so a small cache bounds an index build's memory. */
    /* The database file is not memory-mapped while bulk mode lasts: every
     * page an import reads would stay mapped (resident) with it. */
    int rc = gj_store_exec(gj_db_store(db),
                           mode == GJ_BULK_INSERT ? "PRAGMA cache_size = -262144; PRAGMA mmap_size = 0"
                           : mode == GJ_BULK_SORT ? "PRAGMA cache_size = -2000"
                           : "PRAGMA cache_size = -65536");
    /* (the store's own setting; memvfs and :memory: have no mapping) */
    if (rc == GJ_OK && mode == GJ_BULK_OFF)
        rc = gj_store_exec(gj_db_store(db), "PRAGMA mmap_size = 1073741824");
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
#endif
}

/*
 * Secondary indexes during a large import: inserting a million rows into
 * four random-order indexes costs more than the rows themselves, while
 * CREATE INDEX afterwards sorts once. The importer drops them when the
 * import is large next to the table and re-creates them before commit;
 * all inside its transaction, so a rollback brings them back by itself.
 * UNIQUE constraints (ext_id) stay: they have no SQL of their own and the
 * importer looks ext_ids up. The table's TEMP audit triggers go too: row
 * audit is off during a bulk load (one summary entry instead), yet each
 * row would still run the trigger's WHEN query and a statement journal.
 */
struct gj_index_set {
    int n;
    char **sql;
};

typedef struct {
    gj_index_set *set;
    char **names;
    int nomem;
} index_ctx;

static char *dup_str(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = gj_malloc(n);
    if (p) memcpy(p, s, n);
    return p;
}

static int index_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    index_ctx *c = ctx;
    char **sql = gj_realloc(c->set->sql, sizeof *sql * (size_t)(c->set->n + 1));
    char **nm;
    (void)n; (void)names;
    if (!sql) { c->nomem = 1; return 1; }
    c->set->sql = sql;
    nm = gj_realloc(c->names, sizeof *nm * (size_t)(c->set->n + 1));
    if (!nm) { c->nomem = 1; return 1; }
    c->names = nm;
    if (strncmp(v[0].s, "DROP TRIGGER temp.", 18) == 0 && strncmp(v[1].s, "CREATE TRIGGER ", 15) == 0) {
        /* the schema keeps TEMP triggers' text without TEMP */
        size_t n2 = strlen(v[1].s) + 6;
        sql[c->set->n] = gj_malloc(n2);
        if (sql[c->set->n]) snprintf(sql[c->set->n], n2, "CREATE TEMP TRIGGER %s", v[1].s + 15);
    } else {
        sql[c->set->n] = dup_str(v[1].s);
    }
    nm[c->set->n] = dup_str(v[0].s);
    if (!sql[c->set->n] || !nm[c->set->n]) {
        free(sql[c->set->n]);
        free(nm[c->set->n]);
        c->nomem = 1;
        return 1;
    }
    c->set->n++;
    return 0;
}

void gj_index_set_free(gj_index_set *s)
{
    int i;
    if (!s) return;
    for (i = 0; i < s->n; i++) free(s->sql[i]);
    free(s->sql);
    free(s);
}

int gj_db_indexes_drop(gj_db *db, const gj_entity *e, gj_index_set **out)
{
    index_ctx c;
    gj_value p = gj_vtext(e->name);
    int rc, i;
    *out = NULL;
    c.set = gj_calloc(1, sizeof *c.set);
    c.names = NULL;
    c.nomem = 0;
    if (!c.set) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    rc = gj_store_run(gj_db_store(db),
                      "SELECT 'DROP INDEX main.\"' || name || '\"', sql FROM main.sqlite_schema"
                      " WHERE type = 'index' AND tbl_name = ?1 AND sql IS NOT NULL"
                      " UNION ALL"
                      " SELECT 'DROP TRIGGER temp.\"' || name || '\"', sql FROM temp.sqlite_schema"
                      " WHERE type = 'trigger' AND tbl_name = ?1", &p, 1, index_row, &c, NULL, NULL);
    if (rc != GJ_OK) rc = gj_db_fail_store(db, rc);
    else if (c.nomem) rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    for (i = 0; rc == GJ_OK && i < c.set->n; i++)
        if ((rc = gj_store_exec(gj_db_store(db), c.names[i])) != GJ_OK) rc = gj_db_fail_store(db, rc);
    for (i = 0; i < c.set->n; i++) free(c.names[i]);
    free(c.names);
    if (rc != GJ_OK) {
        gj_index_set_free(c.set);
        return rc;
    }
    *out = c.set;
    return GJ_OK;
}

int gj_db_indexes_restore(gj_db *db, gj_index_set *s)
{
    int i, rc = GJ_OK;
    for (i = 0; s && i < s->n && rc == GJ_OK; i++)
        if ((rc = gj_store_exec(gj_db_store(db), s->sql[i])) != GJ_OK) rc = gj_db_fail_store(db, rc);
    gj_index_set_free(s);
    return rc;
}
