/*
 * The raw SQL API (gj_sql_*, genjin.h): prepared statements over a plain
 * connection or a borrow of the app's, for the sql.js-compatible classes.
 * Thin on purpose: each call maps to one SQLite call, so the JS layer can
 * reproduce sql.js's behaviour call for call. Scalar functions and value
 * accessors are in sqlapi_fn.c.
 */
#include "store/sqlapi.h"

#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"
#include "mem.h"
#include "sqlapi_int.h"

#ifdef __EMSCRIPTEN__
#include <emscripten.h>

/* Emscripten's unix VFS has no /dev/urandom without its file system
 * (-sFILESYSTEM=0) and its open() stub makes SQLite's randomness loop
 * forever (random(), randomblob(), new rowids past the maximum): take the
 * bytes from the JS crypto API instead. */
EM_JS(void, gj_js_random_bytes, (char *buf, int n), {
    var a = HEAPU8.subarray(buf, buf + n);
    if (typeof crypto === 'object' && crypto.getRandomValues) crypto.getRandomValues(a);
    else for (var i = 0; i < n; i++) a[i] = Math.random() * 256 | 0;
});

static int js_randomness(sqlite3_vfs *vfs, int n, char *buf)
{
    gj_js_random_bytes(buf, n);
    return n;
}
#endif

/* Once per process: what the platform needs before any SQL runs (the
 * app's connection calls it from gj_store_open too). */
void gj_sql_platform_init(void)
{
    gj_mem_init(); /* before SQLite starts: its allocator gets the core's check */
#ifdef __EMSCRIPTEN__
    static int done;
    sqlite3_vfs *vfs;
    if (done) return;
    done = 1;
    sqlite3_initialize();
    vfs = sqlite3_vfs_find(NULL);
    if (vfs) vfs->xRandomness = js_randomness;
#endif
}

/* Copies SQLite's current message onto the handle and maps rc. */
int gj_sql_fail(gj_sql *s, int rc)
{
    sqlite3_free(s->err);
    s->err = sqlite3_mprintf("%s", sqlite3_errmsg(s->db));
    switch (rc & 0xff) {
    case SQLITE_NOMEM: return GJ_NOMEM;
    case SQLITE_CONSTRAINT: return GJ_CONSTRAINT;
    case SQLITE_RANGE: case SQLITE_MISUSE: return GJ_INVALID;
    case SQLITE_CANTOPEN: case SQLITE_NOTADB: case SQLITE_IOERR:
    case SQLITE_CORRUPT: case SQLITE_READONLY: case SQLITE_FULL:
        return GJ_IO;
    default: return GJ_ERROR;
    }
}

/* A message of our own (not SQLite's) on the handle. */
static int fail_msg(gj_sql *s, int code, const char *msg)
{
    sqlite3_free(s->err);
    s->err = sqlite3_mprintf("%s", msg);
    return code;
}

static gj_sql *sql_new(void)
{
    return gj_calloc(1, sizeof(gj_sql));
}

int gj_sql_open(const void *bytes, size_t n, gj_sql **out)
{
    gj_sql *s;
    unsigned char *copy = NULL;
    int rc;
    gj_sql_platform_init();
    *out = s = sql_new();
    if (!s) return GJ_NOMEM;
    s->owned = 1;
    rc = sqlite3_open_v2(":memory:", &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    if (rc != SQLITE_OK) goto fail;
    if (n > 0) {
        /* SQLite owns the copy from here on (FREEONCLOSE), even on failure. */
        copy = sqlite3_malloc64(n);
        if (!copy) return fail_msg(s, GJ_NOMEM, "out of memory");
        memcpy(copy, bytes, n);
        /* A WAL file (format bytes 18/19 = 2) would make SQLite look for
         * its -wal and -shm beside the in-memory copy and fail with
         * "unable to open database file": sql.js opens such a file, so
         * the copy says rollback journal (1), which is how SQLite converts
         * one (the page content is the same). */
        if (n >= 20 && memcmp(copy, "SQLite format 3", 16) == 0) {
            if (copy[18] == 2) copy[18] = 1;
            if (copy[19] == 2) copy[19] = 1;
        }
        rc = sqlite3_deserialize(s->db, "main", copy, (sqlite3_int64)n, (sqlite3_int64)n,
                                 SQLITE_DESERIALIZE_FREEONCLOSE | SQLITE_DESERIALIZE_RESIZEABLE);
        if (rc != SQLITE_OK) goto fail;
    }
    /* sql.js's defaults, where Genjin's build differs (see genjin.h). */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DML, 1, (int *)0);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DQS_DDL, 1, (int *)0);
    /* Does not read the file: bytes that are not a database fail at the
     * first statement, as in sql.js. */
    rc = sqlite3_exec(s->db, "PRAGMA foreign_keys = OFF", NULL, NULL, NULL);
    if (rc != SQLITE_OK) goto fail;
    return GJ_OK;
fail:
    if (!s->db) return fail_msg(s, GJ_NOMEM, "out of memory");
    rc = gj_sql_fail(s, rc);
    return rc == GJ_NOMEM ? GJ_NOMEM : GJ_IO;
}

int gj_sql_from_store(gj_store *st, gj_sql **out)
{
    gj_sql *s;
    gj_sql_platform_init();
    *out = s = sql_new();
    if (!s) return GJ_NOMEM;
    s->db = gj_store_sqlite(st);
    return GJ_OK;
}

void gj_sql_close(gj_sql *s)
{
    if (!s) return;
    while (s->stmts) gj_sql_finalize(s->stmts);
    gj_sql_drop_functions(s);
    if (s->owned) sqlite3_close_v2(s->db);
    sqlite3_free(s->err);
    free(s);
}

const char *gj_sql_errmsg(const gj_sql *s)
{
    if (!s) return "out of memory";
    return s->err ? s->err : "not an error";
}

int gj_sql_exec(gj_sql *s, const char *sql)
{
    char *msg = NULL;
    int rc = sqlite3_exec(s->db, sql, NULL, NULL, &msg);
    if (rc == SQLITE_OK) return GJ_OK;
    sqlite3_free(msg); /* the same text as sqlite3_errmsg, which fail keeps */
    return gj_sql_fail(s, rc);
}

int gj_sql_prepare(gj_sql *s, const char *sql, gj_sql_stmt **out, const char **tail)
{
    sqlite3_stmt *raw = NULL;
    gj_sql_stmt *st;
    int rc;
    *out = NULL;
    rc = sqlite3_prepare_v2(s->db, sql, -1, &raw, tail);
    if (rc != SQLITE_OK) return gj_sql_fail(s, rc);
    if (!raw) return GJ_OK; /* only spaces or comments */
    st = gj_calloc(1, sizeof *st);
    if (!st) {
        sqlite3_finalize(raw);
        return fail_msg(s, GJ_NOMEM, "out of memory");
    }
    st->stmt = raw;
    st->owner = s;
    st->next = s->stmts;
    if (s->stmts) s->stmts->prev = st;
    s->stmts = st;
    *out = st;
    return GJ_OK;
}

void gj_sql_finalize(gj_sql_stmt *st)
{
    if (!st) return;
    if (st->prev) st->prev->next = st->next;
    else st->owner->stmts = st->next;
    if (st->next) st->next->prev = st->prev;
    sqlite3_finalize(st->stmt);
    free(st);
}

int gj_sql_changes(gj_sql *s) { return sqlite3_changes(s->db); }

/* The one page of an empty database, as a copy of it through the backup
 * API gives (what sql.js's export returns for a new database). */
static unsigned char *empty_db(gj_sql *s, sqlite3_int64 *size)
{
    sqlite3 *tmp = NULL;
    sqlite3_backup *b;
    unsigned char *out = NULL;
    if (sqlite3_open_v2(":memory:", &tmp, SQLITE_OPEN_READWRITE, NULL) == SQLITE_OK &&
        (b = sqlite3_backup_init(tmp, "main", s->db, "main")) != NULL) {
        sqlite3_backup_step(b, -1);
        sqlite3_backup_finish(b);
        out = sqlite3_serialize(tmp, "main", size, 0);
    }
    sqlite3_close(tmp);
    return out;
}

unsigned char *gj_sql_serialize(gj_sql *s, size_t *size)
{
    sqlite3_int64 n = 0;
    unsigned char *raw, *out;
    *size = 0;
    if (sqlite3_txn_state(s->db, "main") == SQLITE_TXN_WRITE) {
        fail_msg(s, GJ_ERROR, "Unable to export: SQLite is busy or locked. "
                 "Finish active write transactions before exporting.");
        return NULL;
    }
    raw = sqlite3_serialize(s->db, "main", &n, 0);
    if (!raw && n == 0) raw = empty_db(s, &n);
    if (!raw) {
        fail_msg(s, GJ_NOMEM, "out of memory exporting the database");
        return NULL;
    }
    /* gj_free is free(): hand out malloc'd memory. */
    out = gj_malloc(n > 0 ? (size_t)n : 1);
    if (out) {
        memcpy(out, raw, (size_t)n);
        /* Rollback-journal format even if the source used WAL, as sql.js. */
        if (n > 19) out[18] = out[19] = 1;
        *size = (size_t)n;
    } else {
        fail_msg(s, GJ_NOMEM, "out of memory exporting the database");
    }
    sqlite3_free(raw);
    return out;
}

/* ---- statements ---- */

static int bind_rc(gj_sql_stmt *st, int rc)
{
    return rc == SQLITE_OK ? GJ_OK : gj_sql_fail(st->owner, rc);
}

int gj_sql_bind_null(gj_sql_stmt *st, int i) { return bind_rc(st, sqlite3_bind_null(st->stmt, i)); }
int gj_sql_bind_int64(gj_sql_stmt *st, int i, int64_t v) { return bind_rc(st, sqlite3_bind_int64(st->stmt, i, v)); }
int gj_sql_bind_double(gj_sql_stmt *st, int i, double v) { return bind_rc(st, sqlite3_bind_double(st->stmt, i, v)); }

int gj_sql_bind_text(gj_sql_stmt *st, int i, const char *s, int n)
{
    return bind_rc(st, sqlite3_bind_text(st->stmt, i, s, n, SQLITE_TRANSIENT));
}

int gj_sql_bind_blob(gj_sql_stmt *st, int i, const void *p, int n)
{
    /* A zero-length blob stays a blob (x''), not NULL. */
    if (n == 0) return bind_rc(st, sqlite3_bind_zeroblob(st->stmt, i, 0));
    return bind_rc(st, sqlite3_bind_blob(st->stmt, i, p, n, SQLITE_TRANSIENT));
}

int gj_sql_bind_index(gj_sql_stmt *st, const char *name) { return sqlite3_bind_parameter_index(st->stmt, name); }
int gj_sql_bind_count(gj_sql_stmt *st) { return sqlite3_bind_parameter_count(st->stmt); }

int gj_sql_step(gj_sql_stmt *st)
{
    int rc = sqlite3_step(st->stmt);
    if (rc == SQLITE_ROW) return GJ_SQL_ROW;
    if (rc == SQLITE_DONE) return GJ_SQL_DONE;
    return gj_sql_fail(st->owner, rc);
}

int gj_sql_reset(gj_sql_stmt *st) { return bind_rc(st, sqlite3_reset(st->stmt)); }
int gj_sql_clear_bindings(gj_sql_stmt *st) { return bind_rc(st, sqlite3_clear_bindings(st->stmt)); }
const char *gj_sql_stmt_sql(gj_sql_stmt *st) { return sqlite3_sql(st->stmt); }
const char *gj_sql_stmt_normalized_sql(gj_sql_stmt *st) { return sqlite3_normalized_sql(st->stmt); }

int gj_sql_column_count(gj_sql_stmt *st) { return sqlite3_column_count(st->stmt); }
int gj_sql_data_count(gj_sql_stmt *st) { return sqlite3_data_count(st->stmt); }
const char *gj_sql_column_name(gj_sql_stmt *st, int i) { return sqlite3_column_name(st->stmt, i); }
int gj_sql_column_type(gj_sql_stmt *st, int i) { return sqlite3_column_type(st->stmt, i); }
int64_t gj_sql_column_int64(gj_sql_stmt *st, int i) { return sqlite3_column_int64(st->stmt, i); }
double gj_sql_column_double(gj_sql_stmt *st, int i) { return sqlite3_column_double(st->stmt, i); }
const char *gj_sql_column_text(gj_sql_stmt *st, int i) { return (const char *)sqlite3_column_text(st->stmt, i); }
const void *gj_sql_column_blob(gj_sql_stmt *st, int i) { return sqlite3_column_blob(st->stmt, i); }
int gj_sql_column_bytes(gj_sql_stmt *st, int i) { return sqlite3_column_bytes(st->stmt, i); }
