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

#ifdef __cplusplus
}
#endif
#endif /* GENJIN_H */
