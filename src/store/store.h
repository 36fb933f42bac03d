/*
 * Store layer: the only code that includes sqlite3.h. Upper layers pass SQL
 * text and gj_value parameters and receive rows as gj_value arrays.
 *
 * Error handling: functions return GJ_* codes (genjin.h); the message of the
 * last failure stays on the store handle (gj_store_errmsg).
 */
#ifndef GJ_STORE_H
#define GJ_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "mem.h"

typedef struct gj_store gj_store;

typedef enum {
    GJ_VNULL = 0,
    GJ_VINT,
    GJ_VREAL,
    GJ_VTEXT
} gj_vtype;

/* A borrowed value: `s` points at memory owned by whoever filled it in. */
typedef struct {
    gj_vtype type;
    int64_t i;
    double d;
    const char *s;
} gj_value;

gj_value gj_vnull(void);
gj_value gj_vint(int64_t i);
gj_value gj_vreal(double d);
gj_value gj_vtext(const char *s);

/*
 * Called once per result row. `vals` and `names` are valid only during the
 * call. Return 0 to continue, non-zero to stop (the query then returns
 * GJ_OK).
 */
typedef int (*gj_row_fn)(void *ctx, int ncols, const gj_value *vals,
                         const char *const *names);

/* Opens the file (NULL or ":memory:" = in memory) and applies all schema
 * migrations. *out is set even on failure (NULL only on OOM) and must be
 * closed. Returns GJ_OK, GJ_IO or GJ_ERROR. */
int gj_store_open(const char *path, gj_store **out);
void gj_store_close(gj_store *st); /* accepts NULL */

const char *gj_store_errmsg(const gj_store *st); /* owned by the handle */

/* Runs one or more statements without parameters. */
int gj_store_exec(gj_store *st, const char *sql);

/*
 * Runs one statement with positional parameters (?1..?n). Rows, if any,
 * go to `fn` (may be NULL). `last_id` and `changes` may be NULL.
 * Statements are cached by SQL text, so callers pass constant SQL.
 * Returns GJ_OK, GJ_CONSTRAINT (a UNIQUE/CHECK/FOREIGN KEY failed),
 * GJ_NOMEM or GJ_ERROR.
 */
int gj_store_run(gj_store *st, const char *sql, const gj_value *params,
                 int nparams, gj_row_fn fn, void *ctx, int64_t *last_id,
                 int *changes);

/*
 * A cursor over one read statement, for reading whole tables into arrays
 * (metrics cold start): the caller steps it and reads each column
 * typed, in place, with no gj_value array, callback or text copy per row.
 * gj_store_query binds ?1..?n like gj_store_run and sets *out (NULL on
 * failure); returns GJ_OK, GJ_NOMEM or GJ_ERROR (message on the handle).
 * The caller closes the cursor with gj_store_cursor_close (accepts NULL);
 * other statements may run while it is open.
 */
typedef struct gj_store_cursor gj_store_cursor;

int gj_store_query(gj_store *st, const char *sql, const gj_value *params,
                   int nparams, gj_store_cursor **out);
/* 1: a row is ready; 0: no more rows; -1: failed (gj_store_cursor_rc
 * tells the GJ_* code, the message is on the store handle). */
int gj_store_step(gj_store_cursor *c);
int gj_store_cursor_rc(const gj_store_cursor *c);
void gj_store_cursor_close(gj_store_cursor *c);
/* The number of columns; columns of the current row (0-based): the value type, the value as a
 * number (NULL reads 0; text is converted as SQLite does), and text with
 * its length in bytes (NULL for a NULL value; valid until the next step). */
int gj_store_col_count(gj_store_cursor *c);
gj_vtype gj_store_col_type(gj_store_cursor *c, int col);
int64_t gj_store_col_int(gj_store_cursor *c, int col);
double gj_store_col_real(gj_store_cursor *c, int col);
const char *gj_store_col_text(gj_store_cursor *c, int col, int *len);

/* What tells a reader that the database may have changed: `changes` is
 * the number of rows this connection has inserted, updated or deleted
 * since it opened (sqlite3_total_changes64: it only grows, rolled-back and
 * trigger changes included, and no trigger can be dropped to hide one);
 * `version` is PRAGMA data_version (moves on commits by other
 * connections). GJ_OK, or the store's error code. */
int gj_store_change_stamp(gj_store *st, int64_t *changes, int64_t *version);

/* Whether a transaction is open on the connection (1) or not (0). */
int gj_store_in_transaction(gj_store *st);

/* Convenience: the first column of the first row as int64 (0 if none). */
int gj_store_int(gj_store *st, const char *sql, const gj_value *params,
                 int nparams, int64_t *out);

/* Transactions nest: the outermost begin opens the SQLite transaction,
 * inner ones a savepoint each, so a domain function can call another that
 * also wraps itself. rollback undoes only the innermost open level; the
 * outermost commit writes exactly what no rollback undid. A commit returns
 * GJ_ERROR (nothing written) when SQLite had already ended the
 * transaction because of an error. begin returns GJ_OK or a store error. */
int gj_store_begin(gj_store *st);
int gj_store_commit(gj_store *st);
void gj_store_rollback(gj_store *st);
/* Begins a level like gj_store_begin whose nested levels get no savepoint
 * of their own: a rollback of one of them undoes everything since this
 * level began, and this level's commit then returns GJ_ERROR (writing
 * nothing). For row-by-row bulk loads that are all or nothing. */
int gj_store_begin_flat(gj_store *st);

/* Schema version (PRAGMA user_version) after migration. */
int gj_store_schema_version(gj_store *st);

/* Bytes of the database (page_count * page_size). */
int64_t gj_store_size(gj_store *st);

/* Session state read by the audit triggers: who the audit log names for
 * the following writes, whether each row change is audited (bulk loads turn
 * it off and log one summary entry), and the time stamped on entries.
 * Returns GJ_OK or GJ_ERROR. */
int gj_store_set_session(gj_store *st, const char *actor, int audit,
                         int64_t now);

/* Reserves `n` (>= 1) new row ids for this device: *first, *first + 1, ...
 * *first + n - 1, all prefix * 2^28 + counter (docs/sync.md), never
 * handed out again unless the enclosing transaction rolls back. On a
 * database that does not take part in sync, *first is 0: the caller
 * leaves the id to SQLite (max(id) + 1), as before sync. Returns
 * GJ_OK, GJ_ERROR (message on the handle: the device's 2^28 ids are used
 * up) or a store error. */
int gj_store_new_ids(gj_store *st, int n, int64_t *first);

/* The SQLite library version string (static). */
const char *gj_store_sqlite_version(void);

#endif /* GJ_STORE_H */
