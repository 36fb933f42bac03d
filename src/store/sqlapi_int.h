/* Internals shared by sqlapi.c and sqlapi_fn.c (the raw SQL API). */
#ifndef GJ_SQLAPI_INT_H
#define GJ_SQLAPI_INT_H

#include "genjin/genjin.h"
#include "sqlite3.h"

typedef struct gj_sql_func gj_sql_func;

struct gj_sql {
    sqlite3 *db;
    int owned;          /* 0: a borrow of the app's connection */
    char *err;          /* sqlite3_malloc'd; NULL = no error yet */
    gj_sql_stmt *stmts; /* open statements, finalized on close */
    gj_sql_func *funcs; /* names registered, removed from a borrow on close */
    int hooked;         /* an update hook is set (removed from a borrow) */
};

struct gj_sql_stmt {
    sqlite3_stmt *stmt;
    gj_sql *owner;
    gj_sql_stmt *prev, *next;
};

/* Copies SQLite's message onto s; returns the GJ_* code for rc. */
int gj_sql_fail(gj_sql *s, int rc);

/* Removes s's update hook, unregisters the functions s created (on a
 * borrowed connection) and forgets them. */
void gj_sql_drop_functions(gj_sql *s);

/* Installs what the platform needs before SQL runs (in WASM: randomness
 * from the JS crypto API). Idempotent; never fails. */
void gj_sql_platform_init(void);

#endif /* GJ_SQLAPI_INT_H */
