/*
 * Store layer over SQLite. Prepared statements are cached by SQL text so
 * upper layers can call gj_store_run() in loops (imports, demo data)
 * without re-preparing.
 */
#include "store.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genjin/genjin.h"
#include "memvfs.h"
#include "schema.h"
#include "sqlapi.h"
#include "sqlapi_int.h"
#include "sqlite3.h"

#include "store_int.h"

gj_value gj_vnull(void) { gj_value v = {GJ_VNULL, 0, 0, NULL}; return v; }
gj_value gj_vint(int64_t i) { gj_value v = {GJ_VINT, i, 0, NULL}; return v; }
gj_value gj_vreal(double d) { gj_value v = {GJ_VREAL, 0, d, NULL}; return v; }
gj_value gj_vtext(const char *s)
{
    gj_value v = {GJ_VTEXT, 0, 0, s};
    if (!s) v.type = GJ_VNULL;
    return v;
}

static void set_err(gj_store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
}

static int map_rc(int rc)
{
    switch (rc & 0xff) {
    case SQLITE_OK: case SQLITE_ROW: case SQLITE_DONE: return GJ_OK;
    case SQLITE_CONSTRAINT: return GJ_CONSTRAINT;
    case SQLITE_NOMEM: return GJ_NOMEM;
    case SQLITE_CANTOPEN: case SQLITE_NOTADB: case SQLITE_IOERR:
    case SQLITE_CORRUPT: case SQLITE_READONLY: case SQLITE_FULL:
        return GJ_IO;
    default: return GJ_ERROR;
    }
}

static int fail_sqlite(gj_store *st, int rc)
{
    set_err(st, "%s", sqlite3_errmsg(st->db));
    return map_rc(rc);
}

int gj_store_fail_sqlite(gj_store *st, int rc) { return fail_sqlite(st, rc); }

void gj_store_set_err(gj_store *st, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(st->err, sizeof st->err, fmt, ap);
    va_end(ap);
}

const char *gj_store_errmsg(const gj_store *st) { return st ? st->err : "out of memory"; }

const char *gj_store_sqlite_version(void) { return sqlite3_libversion(); }

int gj_store_exec(gj_store *st, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(st->db, sql, NULL, NULL, &msg);
    if (rc != SQLITE_OK) {
        set_err(st, "%s", msg ? msg : sqlite3_errmsg(st->db));
        sqlite3_free(msg);
        return map_rc(rc);
    }
    return GJ_OK;
}

static unsigned hash_sql(const char *s)
{
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

/*
 * Returns a statement for `sql` in *out. When it comes from the cache,
 * *slot_out is its slot (marked busy while the caller steps it, so a nested
 * query with a colliding hash never finalizes it); when the slot is busy the
 * statement is private and *slot_out is NULL: the caller finalizes it.
 */
static int get_stmt(gj_store *st, const char *sql, sqlite3_stmt **out,
                    stmt_slot **slot_out)
{
    stmt_slot *slot = &st->cache[hash_sql(sql) % STMT_SLOTS];
    char *copy;
    int rc;
    *slot_out = NULL;
    if (!slot->busy && slot->sql && strcmp(slot->sql, sql) == 0) {
        *out = slot->stmt;
        slot->busy = 1;
        *slot_out = slot;
        return GJ_OK;
    }
    rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, out, NULL);
    if (rc != SQLITE_OK) return fail_sqlite(st, rc);
    if (slot->busy) return GJ_OK;
    copy = gj_strdup(sql);
    if (!copy) return GJ_OK; /* uncached but usable */
    if (slot->sql) {
        sqlite3_finalize(slot->stmt);
        free(slot->sql);
    }
    slot->sql = copy;
    slot->stmt = *out;
    slot->busy = 1;
    *slot_out = slot;
    return GJ_OK;
}

static int bind_all(gj_store *st, sqlite3_stmt *stmt, const gj_value *p, int n)
{
    int i, rc = SQLITE_OK;
    for (i = 0; i < n && rc == SQLITE_OK; i++) {
        switch (p[i].type) {
        case GJ_VNULL: rc = sqlite3_bind_null(stmt, i + 1); break;
        case GJ_VINT: rc = sqlite3_bind_int64(stmt, i + 1, p[i].i); break;
        case GJ_VREAL: rc = sqlite3_bind_double(stmt, i + 1, p[i].d); break;
        case GJ_VTEXT:
            rc = sqlite3_bind_text(stmt, i + 1, p[i].s, -1, SQLITE_STATIC);
            break;
        }
    }
    return rc == SQLITE_OK ? GJ_OK : fail_sqlite(st, rc);
}

#define MAX_COLS 64

/* Inside a transaction SQLite ended on its own (it does on some errors,
 * out of memory among them), a statement would run outside any
 * transaction and a write would commit by itself: refused, so the request
 * fails whole and its outermost commit reports it. */
static int check_open(gj_store *st)
{
    if (st->depth > 0 && (st->lost || sqlite3_get_autocommit(st->db))) {
        st->lost = 1;
        set_err(st, "the transaction was rolled back by an earlier error; nothing was committed");
        return GJ_ERROR;
    }
    return GJ_OK;
}

int gj_store_run(gj_store *st, const char *sql, const gj_value *params,
                 int nparams, gj_row_fn fn, void *ctx, int64_t *last_id,
                 int *changes)
{
    sqlite3_stmt *stmt = NULL;
    stmt_slot *slot = NULL;
    gj_value vals[MAX_COLS];
    const char *names[MAX_COLS];
    int rc, ncols, i, stop = 0;

    if ((rc = check_open(st)) != GJ_OK) return rc;
    rc = get_stmt(st, sql, &stmt, &slot);
    if (rc != GJ_OK) return rc;
    rc = bind_all(st, stmt, params, nparams);
    if (rc != GJ_OK) goto done;
    ncols = sqlite3_column_count(stmt);
    if (ncols > MAX_COLS) {
        set_err(st, "query returns %d columns; at most %d are supported", ncols, MAX_COLS);
        rc = GJ_ERROR;
        goto done;
    }
    for (i = 0; i < ncols; i++) names[i] = sqlite3_column_name(stmt, i);
    for (;;) {
        int s = sqlite3_step(stmt);
        if (s == SQLITE_DONE) break;
        if (s != SQLITE_ROW) { rc = fail_sqlite(st, s); goto done; }
        if (!fn || stop) continue;
        for (i = 0; i < ncols; i++) {
            switch (sqlite3_column_type(stmt, i)) {
            case SQLITE_INTEGER: vals[i] = gj_vint(sqlite3_column_int64(stmt, i)); break;
            case SQLITE_FLOAT: vals[i] = gj_vreal(sqlite3_column_double(stmt, i)); break;
            case SQLITE_NULL: vals[i] = gj_vnull(); break;
            default: vals[i] = gj_vtext((const char *)sqlite3_column_text(stmt, i)); break;
            }
        }
        if (fn(ctx, ncols, vals, names)) {
            stop = 1;
            /* A read stops here; a write must still run to completion. */
            if (sqlite3_stmt_readonly(stmt)) break;
        }
    }
    if (last_id) *last_id = sqlite3_last_insert_rowid(st->db);
    if (changes) *changes = sqlite3_changes(st->db);
    rc = GJ_OK;
done:
    if (slot) {
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        slot->busy = 0;
    } else {
        sqlite3_finalize(stmt);
    }
    return rc;
}

/* ---- cursors (store.h): typed columns without a gj_value per row ---- */

struct gj_store_cursor {
    gj_store *st;
    sqlite3_stmt *stmt;
    stmt_slot *slot; /* the cache slot it came from, or NULL: finalize */
    int rc;
};

int gj_store_query(gj_store *st, const char *sql, const gj_value *params,
                   int nparams, gj_store_cursor **out)
{
    gj_store_cursor *c = gj_calloc(1, sizeof *c);
    int rc;
    *out = NULL;
    if (!c) {
        set_err(st, "out of memory");
        return GJ_NOMEM;
    }
    c->st = st;
    if ((rc = check_open(st)) != GJ_OK) goto fail;
    rc = get_stmt(st, sql, &c->stmt, &c->slot);
    if (rc != GJ_OK) goto fail;
    rc = bind_all(st, c->stmt, params, nparams);
    if (rc != GJ_OK) goto fail;
    *out = c;
    return GJ_OK;
fail:
    gj_store_cursor_close(c);
    return rc;
}

int gj_store_step(gj_store_cursor *c)
{
    int s;
    if (c->rc != GJ_OK) return -1;
    s = sqlite3_step(c->stmt);
    if (s == SQLITE_ROW) return 1;
    if (s == SQLITE_DONE) return 0;
    c->rc = fail_sqlite(c->st, s);
    if (c->rc == GJ_OK) c->rc = GJ_ERROR;
    return -1;
}

int gj_store_cursor_rc(const gj_store_cursor *c) { return c->rc; }

void gj_store_cursor_close(gj_store_cursor *c)
{
    if (!c) return;
    if (c->slot) {
        sqlite3_reset(c->stmt);
        sqlite3_clear_bindings(c->stmt);
        c->slot->busy = 0;
    } else {
        sqlite3_finalize(c->stmt); /* accepts NULL */
    }
    free(c);
}

int gj_store_col_count(gj_store_cursor *c) { return sqlite3_column_count(c->stmt); }

gj_vtype gj_store_col_type(gj_store_cursor *c, int col)
{
    switch (sqlite3_column_type(c->stmt, col)) {
    case SQLITE_INTEGER: return GJ_VINT;
    case SQLITE_FLOAT: return GJ_VREAL;
    case SQLITE_NULL: return GJ_VNULL;
    default: return GJ_VTEXT;
    }
}

int64_t gj_store_col_int(gj_store_cursor *c, int col) { return sqlite3_column_int64(c->stmt, col); }

double gj_store_col_real(gj_store_cursor *c, int col) { return sqlite3_column_double(c->stmt, col); }

const char *gj_store_col_text(gj_store_cursor *c, int col, int *len)
{
    const char *s = (const char *)sqlite3_column_text(c->stmt, col);
    if (len) *len = s ? sqlite3_column_bytes(c->stmt, col) : 0;
    return s;
}

static int int_cb(void *ctx, int n, const gj_value *v, const char *const *names)
{
    (void)names;
    if (n > 0) {
        if (v[0].type == GJ_VINT) *(int64_t *)ctx = v[0].i;
        else if (v[0].type == GJ_VREAL) *(int64_t *)ctx = (int64_t)v[0].d;
    }
    return 1;
}

int gj_store_int(gj_store *st, const char *sql, const gj_value *params,
                 int nparams, int64_t *out)
{
    *out = 0;
    return gj_store_run(st, sql, params, nparams, int_cb, out, NULL, NULL);
}

/*
 * The outermost level is BEGIN IMMEDIATE; every inner level is a SAVEPOINT
 * named after its depth, so an inner rollback undoes only that level's
 * writes and the outer transaction carries on with the rest. If SQLite
 * itself ended the transaction (it does on some errors), `lost` is set and
 * the outermost commit reports it instead of pretending to commit.
 */
static int savepoint(gj_store *st, const char *verb, int level)
{
    char sql[64];
    snprintf(sql, sizeof sql, "%s gj_level_%d", verb, level);
    /* Through the statement cache: a bulk load nests one level per row. */
    return gj_store_run(st, sql, NULL, 0, NULL, NULL, NULL, NULL);
}

int gj_store_begin(gj_store *st)
{
    int rc;
    if (st->flat) { /* inside a flat level: counted only */
        st->depth++;
        return GJ_OK;
    }
    if (st->depth == 0) {
        st->lost = 0;
        rc = gj_store_exec(st, "BEGIN IMMEDIATE");
    } else if (st->lost || sqlite3_get_autocommit(st->db)) {
        st->lost = 1; /* nothing to nest in: keep counting, fail at the end */
        rc = GJ_OK;
    } else {
        rc = savepoint(st, "SAVEPOINT", st->depth);
    }
    if (rc == GJ_OK) st->depth++;
    return rc;
}

int gj_store_commit(gj_store *st)
{
    int rc;
    if (st->depth == 0) return GJ_OK;
    if (st->flat && st->depth > st->flat) {
        st->depth--;
        return GJ_OK;
    }
    if (st->flat) { /* closing the flat level itself */
        st->flat = 0;
        if (st->flat_failed) {
            gj_store_rollback(st);
            set_err(st, "a part of this change failed and was undone; nothing was written");
            return GJ_ERROR;
        }
        rc = st->lost ? GJ_OK : gj_store_run(st, "RELEASE gj_flat", NULL, 0, NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) st->lost = 1;
    }
    if (--st->depth > 0) {
        if (st->lost || sqlite3_get_autocommit(st->db)) {
            st->lost = 1;
            return GJ_OK;
        }
        rc = savepoint(st, "RELEASE", st->depth);
        if (rc != GJ_OK) st->lost = 1;
        return rc;
    }
    if (st->lost || sqlite3_get_autocommit(st->db)) {
        st->lost = 0;
        set_err(st, "the transaction was rolled back by an earlier error; nothing was committed");
        return GJ_ERROR;
    }
    rc = gj_sync_capture(st);
    if (rc == GJ_OK) rc = gj_store_exec(st, "COMMIT");
    if (rc != GJ_OK) {
        char keep[sizeof st->err];
        memcpy(keep, st->err, sizeof keep);
        gj_store_exec(st, "ROLLBACK");
        memcpy(st->err, keep, sizeof keep);
    }
    return rc;
}

void gj_store_rollback(gj_store *st)
{
    char keep[sizeof st->err];
    if (st->depth == 0) return;
    memcpy(keep, st->err, sizeof keep); /* keep the cause, not ROLLBACK's */
    if (st->flat && st->depth > st->flat) {
        /* No savepoint of its own: undo the whole flat level so far; its
         * commit will refuse. */
        st->depth--;
        st->flat_failed = 1;
        if (st->lost || sqlite3_get_autocommit(st->db) ||
            gj_store_run(st, "ROLLBACK TO gj_flat", NULL, 0, NULL, NULL, NULL, NULL) != GJ_OK)
            st->lost = 1;
        memcpy(st->err, keep, sizeof keep);
        return;
    }
    st->flat = 0; /* rolling back the flat level itself (or one outside it: none) */
    if (--st->depth > 0) {
        /* ROLLBACK TO leaves the savepoint open: RELEASE closes it. */
        if (st->lost || sqlite3_get_autocommit(st->db) ||
            savepoint(st, "ROLLBACK TO", st->depth) != GJ_OK ||
            savepoint(st, "RELEASE", st->depth) != GJ_OK)
            st->lost = 1;
    } else {
        st->lost = 0;
        if (!sqlite3_get_autocommit(st->db)) gj_store_exec(st, "ROLLBACK");
    }
    memcpy(st->err, keep, sizeof keep);
}

/* A flat level: one savepoint for everything inside it (the levels nested
 * in it only count), for bulk loads that write row by row and are all or
 * nothing anyway: a savepoint per row copies every page it touches. A
 * rollback inside undoes everything since the flat level began and makes
 * its commit fail. */
int gj_store_begin_flat(gj_store *st)
{
    int rc;
    if (st->flat) return gj_store_begin(st);
    if ((rc = gj_store_begin(st)) != GJ_OK) return rc;
    rc = gj_store_run(st, "SAVEPOINT gj_flat", NULL, 0, NULL, NULL, NULL, NULL);
    if (rc != GJ_OK) {
        gj_store_rollback(st);
        return rc;
    }
    st->flat = st->depth;
    st->flat_failed = 0;
    return GJ_OK;
}

int gj_store_schema_version(gj_store *st)
{
    int64_t v = 0;
    gj_store_int(st, "PRAGMA user_version", NULL, 0, &v);
    return (int)v;
}

int64_t gj_store_size(gj_store *st)
{
    int64_t pages = 0, size = 0;
    gj_store_int(st, "PRAGMA page_count", NULL, 0, &pages);
    gj_store_int(st, "PRAGMA page_size", NULL, 0, &size);
    return pages * size;
}

int gj_store_set_session(gj_store *st, const char *actor, int audit, int64_t now)
{
    gj_value p[3];
    p[0] = gj_vtext(actor);
    p[1] = gj_vint(audit ? 1 : 0);
    p[2] = now ? gj_vint(now) : gj_vnull(); /* NULL: the triggers use the clock */
    st->now = now;
    return gj_store_run(st, "UPDATE temp.gj_session SET actor = ?1, audit = ?2, now = ?3",
                        p, 3, NULL, NULL, NULL, NULL);
}

#define GJ_ID_COUNTER_BITS 28

int gj_store_new_ids(gj_store *st, int n, int64_t *first)
{
    gj_store_cursor *c = NULL;
    gj_value p = gj_vint(n);
    int rc;
    *first = 0;
    if (!st->sync_on) return GJ_OK;
    /* RETURNING gives the counter before this reservation. */
    rc = gj_store_query(st, "UPDATE sync_device SET next_id = next_id + ?1"
                            " WHERE next_id + ?1 <= 268435456"
                            " RETURNING id_prefix, next_id - ?1", &p, 1, &c);
    if (rc != GJ_OK) return rc;
    switch (gj_store_step(c)) {
    case 1:
        *first = (gj_store_col_int(c, 0) << GJ_ID_COUNTER_BITS) + gj_store_col_int(c, 1);
        break;
    case 0:
        set_err(st, "this device has used all of its 2^28 ids; give it a new device id (sync.new_device)");
        rc = GJ_ERROR;
        break;
    default:
        rc = gj_store_cursor_rc(c);
    }
    /* A RETURNING statement must run to completion before the next one. */
    while (rc == GJ_OK && gj_store_step(c) == 1) {}
    gj_store_cursor_close(c);
    return rc;
}

static int migrate(gj_store *st)
{
    int v = gj_store_schema_version(st), rc = GJ_OK;
    char sql[64];
    if (v > GJ_SCHEMA_VERSION) {
        set_err(st, "database schema version %d is newer than this Genjin (%d)",
                v, GJ_SCHEMA_VERSION);
        return GJ_IO;
    }
    if (v == 0) {
        /* The sqlite3 shell's .dump does not carry PRAGMA user_version: a
         * Genjin file loaded from a dump says 0 yet has migration 1's
         * tables. Adopt it as version 1; later migrations are written to
         * be harmless on a file that already has them (schema.c). */
        int64_t n = 0;
        rc = gj_store_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                              " ('settings', 'pipeline_stages', 'activity_weights', 'audit')", NULL, 0, &n);
        if (rc != GJ_OK) return rc;
        if (n == 4) v = 1;
    }
    while (v < GJ_SCHEMA_VERSION && rc == GJ_OK) {
        rc = gj_store_begin(st);
        if (rc != GJ_OK) return rc;
        rc = gj_store_exec(st, gj_schema_migration(v + 1));
        snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v + 1);
        if (rc == GJ_OK) rc = gj_store_exec(st, sql);
        if (rc == GJ_OK) rc = gj_store_commit(st);
        else gj_store_rollback(st);
        v++;
    }
    return rc;
}

/* Appends to buf; returns -1 when it does not fit. */
static int append(char *buf, size_t cap, size_t *len, const char *fmt, ...)
{
    va_list ap;
    int n;
    va_start(ap, fmt);
    n = vsnprintf(buf + *len, cap - *len, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= cap - *len) return -1;
    *len += (size_t)n;
    return 0;
}

/* json_object('col', X.col, ...) over the table's current columns. */
static int row_json(gj_store *st, const char *table, const char *alias,
                    char *buf, size_t cap)
{
    char sql[128];
    sqlite3_stmt *stmt = NULL;
    size_t len = 0;
    int first = 1, rc;
    snprintf(sql, sizeof sql, "PRAGMA main.table_info(%s)", table);
    rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
    if (rc != SQLITE_OK) return fail_sqlite(st, rc);
    if (append(buf, cap, &len, "json_object(")) goto overflow;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        const char *col = (const char *)sqlite3_column_text(stmt, 1);
        if (append(buf, cap, &len, "%s'%s', %s.\"%s\"", first ? "" : ", ", col, alias, col))
            goto overflow;
        first = 0;
    }
    if (append(buf, cap, &len, ")")) goto overflow;
    sqlite3_finalize(stmt);
    return GJ_OK;
overflow:
    sqlite3_finalize(stmt);
    set_err(st, "audit trigger for %s too long", table);
    return GJ_ERROR;
}

/*
 * Audit triggers are TEMP so that they read the per-connection session
 * row (actor, on/off, clock) and so that a file edited in the sqlite3 shell
 * needs nothing of ours to run.
 */
static int create_audit_triggers(gj_store *st)
{
    const char *const *t;
    static char old_json[4096], new_json[4096], sql[20000];
    int rc = gj_store_exec(st,
        "CREATE TEMP TABLE gj_session (actor TEXT, audit INTEGER, now INTEGER);"
        "INSERT INTO temp.gj_session VALUES (NULL, 1, NULL);");
    if (rc != GJ_OK) return rc;
    for (t = gj_schema_audited_tables(); *t; t++) {
        const char *when = "WHEN (SELECT audit FROM temp.gj_session)";
        const char *at = "(SELECT coalesce(now, unixepoch()) FROM temp.gj_session)";
        const char *actor = "(SELECT actor FROM temp.gj_session)";
        if ((rc = row_json(st, *t, "OLD", old_json, sizeof old_json)) != GJ_OK) return rc;
        if ((rc = row_json(st, *t, "NEW", new_json, sizeof new_json)) != GJ_OK) return rc;
        snprintf(sql, sizeof sql,
            "CREATE TEMP TRIGGER gj_audit_%1$s_i AFTER INSERT ON main.%1$s %2$s BEGIN"
            " INSERT INTO audit(at, actor, entity, entity_id, action, after)"
            " VALUES (%3$s, %4$s, '%1$s', NEW.id, 'create', %6$s); END;"
            "CREATE TEMP TRIGGER gj_audit_%1$s_u AFTER UPDATE ON main.%1$s %2$s BEGIN"
            " INSERT INTO audit(at, actor, entity, entity_id, action, before, after)"
            " VALUES (%3$s, %4$s, '%1$s', NEW.id, 'update', %5$s, %6$s); END;"
            "CREATE TEMP TRIGGER gj_audit_%1$s_d AFTER DELETE ON main.%1$s %2$s BEGIN"
            " INSERT INTO audit(at, actor, entity, entity_id, action, before)"
            " VALUES (%3$s, %4$s, '%1$s', OLD.id, 'delete', %5$s); END;",
            *t, when, at, actor, old_json, new_json);
        if ((rc = gj_store_exec(st, sql)) != GJ_OK) return rc;
    }
    return GJ_OK;
}

/* Opens `path` with the memvfs when it names one, else the default VFS. */
static int open_db(const char *path, sqlite3 **db)
{
    const char *vfs = NULL;
    gj_sql_platform_init(); /* before the first statement can need randomness */
    if (gj_memvfs_is_name(path)) {
        int rc = gj_memvfs_register();
        if (rc != SQLITE_OK) return rc;
        vfs = GJ_MEMVFS_NAME;
    }
    return sqlite3_open_v2(path, db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, vfs);
}

static int check_row(void *ctx, int n, char **vals, char **names)
{
    sqlite3_str *out = ctx;
    if (sqlite3_str_length(out)) sqlite3_str_appendchar(out, 1, '\n');
    sqlite3_str_appendall(out, n > 0 && vals[0] ? vals[0] : "");
    return 0;
}

/* Public (genjin.h): a plain connection, so that nothing (migrations,
 * triggers) touches a database before it is known to be sound. */
int gj_check(const char *path, char **report)
{
    sqlite3 *db = NULL;
    sqlite3_str *out;
    char *msg = NULL, *text;
    int rc, result;
    if (report) *report = NULL;
    if (!path) path = ":memory:";
    rc = open_db(path, &db);
    out = sqlite3_str_new(db);
    if (rc == SQLITE_OK) rc = sqlite3_exec(db, "PRAGMA integrity_check", check_row, out, &msg);
    if (rc != SQLITE_OK) {
        sqlite3_str_reset(out);
        sqlite3_str_appendf(out, "%s", msg ? msg : db ? sqlite3_errmsg(db) : "out of memory");
    }
    sqlite3_free(msg);
    text = sqlite3_str_finish(out);
    result = rc == SQLITE_NOMEM ? GJ_NOMEM
        : rc == SQLITE_OK && text && strcmp(text, "ok") == 0 ? GJ_OK : GJ_IO;
    if (!text && result == GJ_OK) result = GJ_NOMEM;
    sqlite3_close(db);
    if (report) *report = text ? gj_strdup(text) : NULL; /* gj_free is free() */
    sqlite3_free(text);
    return result;
}

int gj_store_open(const char *path, gj_store **out)
{
    gj_store *st;
    int rc;
    *out = st = gj_calloc(1, sizeof *st);
    if (!st) return GJ_NOMEM;
    if (!path) path = ":memory:";
    rc = open_db(path, &st->db);
    if (rc != SQLITE_OK) {
        set_err(st, "cannot open database %s: %s", path,
                st->db ? sqlite3_errmsg(st->db) : "out of memory");
        return GJ_IO;
    }
    sqlite3_extended_result_codes(st->db, 0);
    /* Temporary storage of a database file is a file: SQLite's sorter then
     * writes runs of a large sort (an import's CREATE INDEX) to disk, its
     * memory bounded by the page cache; in memory it would hold every key.
     * (A build with SQLITE_TEMP_STORE=3, the browser's, keeps memory.) */
    rc = gj_store_exec(st, strcmp(path, ":memory:") == 0 || gj_memvfs_is_name(path)
                               ? "PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
                                 "PRAGMA synchronous = NORMAL;"
                               : "PRAGMA foreign_keys = ON; PRAGMA temp_store = FILE;"
                                 "PRAGMA synchronous = NORMAL;");
    /* A memvfs file is durable only through what the runtime persists
     * after the transaction, so a rollback journal on it would buy
     * nothing: keep the journal in SQLite's memory. */
    if (rc == GJ_OK && gj_memvfs_is_name(path))
        rc = gj_store_exec(st, "PRAGMA journal_mode = MEMORY");
    /* metrics speed: a metrics op reads whole tables, and the
     * ops of one dashboard read the same pages again; SQLite's default
     * 2 MB cache re-reads them every op. 64 MiB keeps a large workspace's
     * hot tables; a file is also memory-mapped (no read() copy per page;
     * memvfs has no mmap and keeps its pages in memory anyway). */
    if (rc == GJ_OK) rc = gj_store_exec(st, "PRAGMA cache_size = -65536");
    if (rc == GJ_OK && !gj_memvfs_is_name(path)) rc = gj_store_exec(st, "PRAGMA mmap_size = 1073741824");
    /* Fails on a file that is not a database (already at the PRAGMAs):
     * say so plainly, naming the file. */
    if (rc == GJ_OK) rc = gj_store_exec(st, "SELECT count(*) FROM sqlite_schema");
    if (rc != GJ_OK) {
        set_err(st, "%s is not a Genjin/SQLite database: %s", path, sqlite3_errmsg(st->db));
        return rc == GJ_NOMEM ? GJ_NOMEM : GJ_IO;
    }
    if (rc == GJ_OK) rc = migrate(st);
    if (rc == GJ_OK) rc = create_audit_triggers(st);
    if (rc == GJ_OK) rc = gj_sync_open(st);
    return rc;
}

void gj_store_close(gj_store *st)
{
    int i;
    if (!st) return;
    gj_sync_close(st);
    for (i = 0; i < STMT_SLOTS; i++) {
        if (st->cache[i].sql) {
            sqlite3_finalize(st->cache[i].stmt);
            free(st->cache[i].sql);
        }
    }
    sqlite3_close(st->db);
    free(st);
}

int gj_store_in_transaction(gj_store *st) { return !sqlite3_get_autocommit(st->db); }

int gj_store_change_stamp(gj_store *st, int64_t *changes, int64_t *version)
{
    *changes = (int64_t)sqlite3_total_changes64(st->db);
    return gj_store_int(st, "PRAGMA data_version", NULL, 0, version);
}

/* ---- raw SQL API (sqlapi.c) ---- */
/* The connection, for gj_sql_from_db's borrow (store/sqlapi.h). */
sqlite3 *gj_store_sqlite(gj_store *st) { return st->db; }
