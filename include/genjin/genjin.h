/*
 * Genjin (跟进) — customer follow-up CRM core.
 *
 * This is the one public header. Everything a caller (the CLI, the WASM
 * module, tests) needs goes through a gj_db handle and the JSON API
 * gj_call(); the layers under it (store, domain, metrics) are internal.
 *
 * Conventions (as in SQLite):
 *   - functions returning int return GJ_OK (0) on success or one of the
 *     GJ_* codes below; the message for the last error is kept on the
 *     handle (gj_errmsg), never in global state;
 *   - every function says who frees what it returns.
 */
#ifndef GENJIN_H
#define GENJIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define GJ_VERSION "0.1.0"

/* Result codes. Their names are also the "code" strings of API errors. */
#define GJ_OK         0
#define GJ_ERROR      1  /* "error": internal or SQLite failure          */
#define GJ_NOMEM      2  /* "nomem": out of memory                       */
#define GJ_INVALID    3  /* "invalid": a field failed validation         */
#define GJ_NOTFOUND   4  /* "not_found": no record with that id          */
#define GJ_CONSTRAINT 5  /* "conflict": duplicate ext_id, record in use  */
#define GJ_BADREQUEST 6  /* "bad_request": malformed JSON or unknown op  */
#define GJ_IO         7  /* "io": the database file cannot be opened     */

typedef struct gj_db gj_db;

/*
 * Opens (creating if needed) the database at `path` and migrates its schema
 * to the current version. `path` NULL or ":memory:" gives an in-memory
 * database. On success *out is a new handle; on failure *out is still set
 * to a handle (or NULL when out of memory) whose gj_errmsg() tells why, and
 * which the caller must gj_close(). Returns GJ_OK, GJ_IO, GJ_ERROR or
 * GJ_NOMEM.
 */
int gj_open(const char *path, gj_db **out);

/* Closes the handle and frees everything it owns. Accepts NULL. */
void gj_close(gj_db *db);

/*
 * The message of the last failed call on this handle ("" if none). Owned
 * by the handle; valid until the next call on it.
 */
const char *gj_errmsg(const gj_db *db);

/*
 * The JSON API. `request_json` is {"op": "...", "args": {...}}. Returns a
 * newly allocated, NUL-terminated JSON response, either
 *   {"ok": true, "data": ...}
 * or
 *   {"ok": false, "error": {"code": "...", "message": "...", "field": "..."}}.
 * A request that fails writes nothing (each op runs in one transaction).
 * Returns NULL only when out of memory. The caller frees the result with
 * gj_free().
 */
char *gj_call(gj_db *db, const char *request_json);

/* Frees memory returned by the API (gj_call). Accepts NULL. */
void gj_free(void *p);

/*
 * Overrides the clock used for defaults such as created_at (seconds since
 * the Unix epoch, UTC); 0 restores the system clock. Tests and the demo
 * generator use it to be deterministic. Never fails.
 */
void gj_set_now(gj_db *db, int64_t unix_seconds);

/*
 * Integrity check. Opens the database at `path` on a connection of its own,
 * without migrating or writing anything, and runs PRAGMA integrity_check.
 * Returns GJ_OK when it reports "ok" (an empty database is ok), GJ_IO when
 * the file is damaged or not a database, GJ_NOMEM. *report (may be NULL)
 * receives a newly allocated message ("ok" or the problems found; NULL
 * only when out of memory) that the caller frees with gj_free().
 */
int gj_check(const char *path, char **report);

/*
 * Page store of in-memory databases, for the browser runtime.
 *
 * A path starting with "genjin-mem" (e.g. "genjin-mem:crm") opens a
 * database that lives in memory as an array of pages. Its pages stay in
 * memory after gj_close, until gj_pages_drop, so the runtime can load the
 * persisted pages before gj_open and, after each write, persist only the
 * pages changed since the last time it marked them clean. Single-threaded:
 * call these between API calls, never from inside one.
 *
 * Transaction numbers count the write transactions that changed the file.
 * The dirty pages hold everything from transaction gj_pages_base_txn()
 * (exclusive) to gj_pages_txn() (inclusive).
 */
typedef struct gj_pages gj_pages;

/* Finds or creates the page store named `name` (must start with
 * "genjin-mem"). Returns NULL for another name or when out of memory. The
 * store is owned by the library; the pointer stays valid until
 * gj_pages_drop(name). */
gj_pages *gj_pages_open(const char *name);

/* Frees the page store `name`. Returns GJ_OK, GJ_NOTFOUND, or GJ_ERROR
 * while a database still has it open. */
int gj_pages_drop(const char *name);

/* Copies `size` bytes (the page size: a power of two 512..65536) into page
 * `pgno` (1-based), growing the file with zeroed pages when needed; the
 * page is clean afterwards. All pages share one size. Returns GJ_OK,
 * GJ_INVALID (bad page number or size), GJ_NOMEM, or GJ_ERROR inside a
 * write transaction. */
int gj_pages_load(gj_pages *p, uint32_t pgno, const void *data, int size);

/* Sets the number of pages (dropping or adding zeroed clean pages).
 * Returns GJ_OK, GJ_INVALID (no page size yet), GJ_NOMEM or GJ_ERROR. */
int gj_pages_set_count(gj_pages *p, uint32_t count);

/* Read-only stores refuse writes (SQLite reports "readonly database"):
 * the view of a tab that does not own the database. Takes effect for
 * databases opened afterwards. */
void gj_pages_set_readonly(gj_pages *p, int readonly);

int gj_pages_page_size(const gj_pages *p); /* bytes; 0 while empty */
uint32_t gj_pages_count(const gj_pages *p);

/* Page `pgno` (1-based): page_size bytes owned by the store, valid until
 * the next write, load or drop. NULL when out of range. */
const unsigned char *gj_pages_data(const gj_pages *p, uint32_t pgno);

int64_t gj_pages_txn(const gj_pages *p);      /* last finished transaction */
int64_t gj_pages_base_txn(const gj_pages *p); /* what the dirty set is based on */

/* Sets both numbers: after loading persisted pages, before gj_open. */
void gj_pages_set_txn(gj_pages *p, int64_t txn);

/* The dirty pages: their count and the i-th one's page number (0 when i is
 * out of range); gj_pages_data() gives its bytes. */
uint32_t gj_pages_dirty_count(const gj_pages *p);
uint32_t gj_pages_dirty_pgno(const gj_pages *p, uint32_t i);

/* Marks clean the pages last written by transactions <= txn (they are
 * durable now) and makes txn the base. Never fails. */
void gj_pages_mark_clean(gj_pages *p, int64_t txn);

/*
 * ---- Import (docs/import.md) ----
 *
 * A streaming CSV importer, so the CLI reads a file in chunks and the
 * browser worker feeds chunks and can yield between them. The whole import
 * is one transaction on db: nothing is written unless every row is good.
 * Make no other calls on db between begin and finish/free (they would run
 * inside the import's transaction).
 */
typedef struct gj_import gj_import;

/*
 * options_json: {"kind": "followups", "map": {"source header": "field",
 * ...}, "create_missing_customers": false, "dry_run": false,
 * "date_format": "auto"|"ymd"|"mdy"|"dmy", "custom_fields": false,
 * "encoding": "auto"|"utf-8"|"gb18030", "max_errors": 100, "actor": "..."}
 * (NULL = {}; kind is required). Opens a transaction on db. Returns GJ_OK
 * and *out, or GJ_INVALID (bad options: message and field on db) or
 * GJ_NOMEM (*out NULL).
 */
int gj_import_begin(gj_db *db, const char *options_json, gj_import **out);

/* Feeds the next n bytes of the file (any split, even inside a UTF-8
 * character or a quoted field). Returns GJ_OK, or the code of a fatal
 * error (bad encoding, unreadable header, ...; message on db) after which
 * only finish or free make sense. Bad rows are not fatal: they are
 * collected for the report. */
int gj_import_feed(gj_import *imp, const void *bytes, size_t n);

/* Data rows parsed so far (for progress). 0 for NULL. */
int64_t gj_import_rows(const gj_import *imp);

/*
 * Ends the input and commits when no row was bad and it is not a dry run
 * (else rolls back). Returns the report JSON, newly allocated (the caller
 * frees it with gj_free; NULL only when out of memory), and sets *rc to
 * GJ_OK when committed or for a clean dry run, GJ_INVALID when rows were
 * bad (nothing written), or the fatal error's code. Frees imp.
 */
char *gj_import_finish(gj_import *imp, int *rc);

/* The report of an import, as data (gj_import_end); strings are owned by
 * the report and valid until gj_import_report_free. */
typedef struct {
    const char *name, *value;
    int is_number;           /* value is a JSON number's text */
} gj_import_param;

typedef struct {
    int64_t row;             /* data row: 1 = the first after the header */
    const char *column;      /* source header, NULL when no column is to blame */
    const char *field;       /* Genjin field, or NULL */
    const char *value;       /* the cell, or NULL */
    const char *reason;      /* stable key (docs/api.md, "Reasons") */
    const char *message;     /* the same in English */
    int nparams;             /* more params: entity, first_row, the domain's own */
    const gj_import_param *params;
} gj_import_row_error;

typedef struct {
    const char *kind, *encoding;       /* "utf-8", "gb18030", "auto" (nothing read) */
    int64_t rows, created, updated, customers_created, reps_created;
    int dry_run, committed;
    int ncolumns;
    const char *const *columns;        /* the file's headers */
    const char *const *targets;        /* what each column fills; NULL = ignored */
    int ncustom_fields;
    const char *const *custom_fields;  /* keys made by the custom_fields option */
    int nerrors;                       /* listed (up to max_errors) */
    const gj_import_row_error *errors;
    int64_t error_count;               /* all bad rows' errors, listed or not */
    const char *fatal;                 /* what stopped the import, or NULL */
} gj_import_report;

/*
 * gj_import_finish as data: ends the input, commits or rolls back, frees
 * imp and returns the report (free with gj_import_report_free; NULL only
 * when out of memory, *rc then GJ_NOMEM). *rc as for gj_import_finish.
 */
gj_import_report *gj_import_end(gj_import *imp, int *rc);
void gj_import_report_free(gj_import_report *r); /* accepts NULL */
/* The report as the JSON gj_import_finish returns (gj_free it; NULL on
 * OOM). */
char *gj_import_report_json(const gj_import_report *r);

/* Abandons an import: rolls back and frees. Accepts NULL. */
void gj_import_free(gj_import *imp);
/* ---- end of import ---- */

/*
 * ---- Streaming export (docs/import.md) ----
 *
 * The export.csv / export.json bytes in chunks, so the CLI writes a file
 * and the browser worker builds a Blob without the whole export ever being
 * in memory: each chunk is about 64 KiB (more only when one row is
 * larger). The chunks, concatenated, are exactly export.csv's "csv" text
 * or export.json's data as gj_call prints it. The export reads in one
 * transaction from begin to finish (every chunk sees the same database;
 * nothing is written). Make no other calls on db in between.
 */
typedef struct gj_export gj_export;

/*
 * options_json: {"format": "csv", "kind": "customers", "labels": "zh-CN",
 * and export.csv's list arguments (filter, q, sort, limit, offset)} or
 * {"format": "json"}. Returns GJ_OK and *out, or GJ_INVALID (bad options:
 * message, field and reason on db), GJ_NOMEM or GJ_ERROR (*out NULL).
 */
int gj_export_begin(gj_db *db, const char *options_json, gj_export **out);

/* The next chunk: *data (owned by exp, valid until the next call on it)
 * and its length *n; *n is 0 once everything was returned. Returns GJ_OK,
 * or the error that stopped the export (GJ_NOMEM, GJ_ERROR; message on
 * db; *n 0), which every later call returns too. */
int gj_export_next(gj_export *exp, const char **data, size_t *n);

/* Ends the export's transaction and frees exp, done or not. Returns GJ_OK,
 * or the error that stopped it. Accepts NULL. */
int gj_export_finish(gj_export *exp);
/* ---- end of export ---- */

/*
 * ---- Raw SQL (sql.js-compatible API) ----
 *
 * A small prepared-statement API over Genjin's SQLite build: what the
 * sql.js-compatible Database/Statement classes (web/app/sqljs.js) need.
 * A gj_sql is either a plain connection of its own (gj_sql_open: an
 * in-memory database, empty or deserialized from a file's bytes, without
 * Genjin's schema) or a borrow of a gj_db's connection (gj_sql_from_db),
 * so raw SQL runs on the app's own database.
 *
 * Result codes are GJ_* with the message on the gj_sql handle
 * (gj_sql_errmsg: SQLite's own message), except gj_sql_step which also
 * returns GJ_SQL_ROW or GJ_SQL_DONE. Statements belong to their gj_sql:
 * gj_sql_close finalizes those still open.
 */
typedef struct gj_sql gj_sql;
typedef struct gj_sql_stmt gj_sql_stmt;
typedef struct gj_sql_ctx gj_sql_ctx;     /* a function call's context */
typedef struct gj_sql_value gj_sql_value; /* a function argument */

#define GJ_SQL_ROW  100 /* gj_sql_step: a row is ready */
#define GJ_SQL_DONE 101 /* gj_sql_step: the statement has finished */

/* Column and value types (SQLite's numbering). */
#define GJ_SQL_INTEGER 1
#define GJ_SQL_FLOAT   2
#define GJ_SQL_TEXT    3
#define GJ_SQL_BLOB    4
#define GJ_SQL_NULL    5

/*
 * Opens a new in-memory database: empty when n is 0, else a copy of the
 * `n` bytes of an SQLite file (not checked here: a bad file fails at the
 * first statement with "file is not a database", as in sql.js). The
 * connection behaves like sql.js's: foreign keys off (Genjin's build
 * turns them on by default), double-quoted string literals accepted. A
 * file in WAL mode opens as a rollback-journal copy (its header says so;
 * a WAL file's pending frames are not part of the bytes). *out is set even on failure
 * (NULL only when out of memory) and must be closed with gj_sql_close.
 * Returns GJ_OK, GJ_NOMEM or GJ_IO.
 */
int gj_sql_open(const void *bytes, size_t n, gj_sql **out);

/*
 * Borrows db's connection: statements run on the app's database, in its
 * current state (audit triggers included). Close the borrow before
 * gj_close(db); closing it finalizes its statements and removes the
 * functions it created, never closes db. Returns GJ_OK or GJ_NOMEM
 * (*out NULL).
 */
int gj_sql_from_db(gj_db *db, gj_sql **out);

/* Finalizes the statements of s, then closes its connection (or ends the
 * borrow). Accepts NULL. */
void gj_sql_close(gj_sql *s);

/* SQLite's message for the last failure on s ("not an error" if none).
 * Owned by s, valid until the next call on it. */
const char *gj_sql_errmsg(const gj_sql *s);

/* Runs every statement of `sql` (no parameters, rows ignored). */
int gj_sql_exec(gj_sql *s, const char *sql);

/*
 * Compiles the first statement of `sql` into *out, NULL when `sql` holds
 * only spaces or comments. *tail (may be NULL) points after the compiled
 * statement, for the next call. Returns GJ_OK or an error code (*out NULL).
 * The statement is freed by gj_sql_finalize or gj_sql_close.
 */
int gj_sql_prepare(gj_sql *s, const char *sql, gj_sql_stmt **out, const char **tail);

/* Rows changed by the last INSERT, UPDATE or DELETE (sqlite3_changes). */
int gj_sql_changes(gj_sql *s);

/*
 * The main database as the bytes of an SQLite file (an empty database
 * gives one page, as sql.js's export does). Refused (NULL, GJ_ERROR on
 * the handle) during a write transaction. Returns a newly allocated buffer
 * the caller frees with gj_free, its length in *size; NULL on failure.
 */
unsigned char *gj_sql_serialize(gj_sql *s, size_t *size);

/*
 * Scalar SQL functions. fn is called with `user`, the call context and
 * the arguments; it sets the result with gj_sql_result_* (none = NULL).
 * nargs -1 accepts any count. Registering the same name and nargs again
 * replaces the function. destroy(user) (may be NULL) runs when it is
 * replaced or the connection closes, also when registration fails.
 * Returns GJ_OK or an error code.
 */
typedef void (*gj_sql_fn)(void *user, gj_sql_ctx *ctx, int argc, gj_sql_value **argv);
int gj_sql_create_function(gj_sql *s, const char *name, int nargs, gj_sql_fn fn,
                           void *user, void (*destroy)(void *));

/*
 * Aggregate SQL functions: step is called for each row of a group, final
 * once at its end (also for a group without rows) to set the result.
 * gj_sql_aggregate_key(ctx) identifies the group being aggregated (the
 * same pointer in its steps and final call; NULL when out of memory), so
 * the caller can keep per-group state. Registration, replacement and
 * destroy as for gj_sql_create_function.
 */
typedef void (*gj_sql_final_fn)(void *user, gj_sql_ctx *ctx);
int gj_sql_create_aggregate(gj_sql *s, const char *name, int nargs, gj_sql_fn step,
                            gj_sql_final_fn final, void *user, void (*destroy)(void *));
void *gj_sql_aggregate_key(gj_sql_ctx *ctx);

/*
 * Registers sql.js's legacy extension functions on s, a database of its
 * own (gj_sql_open): math (ceil and floor giving integers, log as the
 * natural logarithm, sign, square, cot, coth, atn2, ...), text (replicate,
 * charindex, leftstr, rightstr, reverse, proper, padl, padr, padc,
 * strfilter, difference) and statistics (stdev, variance, mode, median,
 * lower_quartile, upper_quartile), with sql.js's results. They replace
 * SQLite's functions of the same name and arity on s. Returns GJ_OK,
 * GJ_INVALID for a borrowed connection, or another GJ_* code, with the
 * message on s.
 */
int gj_sql_legacy_functions(gj_sql *s);

/*
 * Calls fn(user, op, database, table, rowid) after each row a statement
 * inserts, updates or deletes on s's connection (op GJ_SQL_INSERT,
 * GJ_SQL_UPDATE or GJ_SQL_DELETE); fn must not use the connection. fn NULL
 * removes the hook. One hook per connection: a new one replaces it.
 * Returns GJ_OK, or GJ_NOMEM (then no hook is set).
 */
#define GJ_SQL_DELETE  9
#define GJ_SQL_INSERT 18
#define GJ_SQL_UPDATE 23
typedef void (*gj_sql_update_fn)(void *user, int op, const char *database,
                                 const char *table, int64_t rowid);
int gj_sql_update_hook(gj_sql *s, gj_sql_update_fn fn, void *user);

int gj_sql_value_type(gj_sql_value *v); /* GJ_SQL_INTEGER ... GJ_SQL_NULL */
int64_t gj_sql_value_int64(gj_sql_value *v);
double gj_sql_value_double(gj_sql_value *v);
const char *gj_sql_value_text(gj_sql_value *v); /* UTF-8, owned by SQLite */
const void *gj_sql_value_blob(gj_sql_value *v);
int gj_sql_value_bytes(gj_sql_value *v);       /* of text or blob */

void gj_sql_result_null(gj_sql_ctx *ctx);
void gj_sql_result_int64(gj_sql_ctx *ctx, int64_t v);
void gj_sql_result_double(gj_sql_ctx *ctx, double v);
void gj_sql_result_text(gj_sql_ctx *ctx, const char *s, int n); /* copied; n -1: to NUL */
void gj_sql_result_blob(gj_sql_ctx *ctx, const void *p, int n); /* copied */
void gj_sql_result_error(gj_sql_ctx *ctx, const char *msg);     /* the statement fails with msg */

/* Binding parameters (1-based index); text and blobs are copied. Each
 * returns GJ_OK or an error (e.g. "column index out of range"). */
int gj_sql_bind_null(gj_sql_stmt *st, int i);
int gj_sql_bind_int64(gj_sql_stmt *st, int i, int64_t v);
int gj_sql_bind_double(gj_sql_stmt *st, int i, double v);
int gj_sql_bind_text(gj_sql_stmt *st, int i, const char *s, int n); /* n -1: to NUL */
int gj_sql_bind_blob(gj_sql_stmt *st, int i, const void *p, int n);
/* Index of the parameter named `name` with its prefix (":a", "$a", "@a"),
 * 0 when there is none; and the number of parameters. */
int gj_sql_bind_index(gj_sql_stmt *st, const char *name);
int gj_sql_bind_count(gj_sql_stmt *st);

/* Runs to the next row: GJ_SQL_ROW, GJ_SQL_DONE or an error code. */
int gj_sql_step(gj_sql_stmt *st);
/* Rewinds for another run (bindings are kept). Returns GJ_OK, or the
 * error of the last step. */
int gj_sql_reset(gj_sql_stmt *st);
int gj_sql_clear_bindings(gj_sql_stmt *st); /* all parameters NULL; GJ_OK */
/* Frees the statement. Accepts NULL. */
void gj_sql_finalize(gj_sql_stmt *st);
const char *gj_sql_stmt_sql(gj_sql_stmt *st); /* its SQL text, owned by st */
/* Its SQL normalized (literals as ?, keywords upper case: "SELECT*FROM t
 * WHERE x=?;"), owned by st; NULL when out of memory. */
const char *gj_sql_stmt_normalized_sql(gj_sql_stmt *st);

int gj_sql_column_count(gj_sql_stmt *st); /* columns of a result row */
int gj_sql_data_count(gj_sql_stmt *st);   /* same, 0 when no row is ready */
/* Column i (0-based) of the current row. Pointers are owned by st and
 * valid until the next step, reset or finalize. */
const char *gj_sql_column_name(gj_sql_stmt *st, int i);
int gj_sql_column_type(gj_sql_stmt *st, int i); /* GJ_SQL_INTEGER ... */
int64_t gj_sql_column_int64(gj_sql_stmt *st, int i);
double gj_sql_column_double(gj_sql_stmt *st, int i);
const char *gj_sql_column_text(gj_sql_stmt *st, int i);
const void *gj_sql_column_blob(gj_sql_stmt *st, int i);
int gj_sql_column_bytes(gj_sql_stmt *st, int i);
/* ---- end of the raw SQL API ---- */

#ifdef __cplusplus
}
#endif
#endif /* GENJIN_H */
