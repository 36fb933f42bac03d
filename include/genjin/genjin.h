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

#ifdef __cplusplus
}
#endif
#endif /* GENJIN_H */
