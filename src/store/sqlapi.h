/*
 * Store-internal side of the raw SQL API (gj_sql_*, genjin.h): how the
 * domain layer lends the app's connection to it without seeing SQLite.
 */
#ifndef GJ_SQLAPI_H
#define GJ_SQLAPI_H

#include "genjin/genjin.h"
#include "store/store.h"

struct sqlite3;

/* The store's SQLite connection (implemented in store.c). */
struct sqlite3 *gj_store_sqlite(gj_store *st);

/* gj_sql_from_db's work: a borrow of st's connection. Returns GJ_OK or
 * GJ_NOMEM (*out NULL). */
int gj_sql_from_store(gj_store *st, gj_sql **out);

#endif /* GJ_SQLAPI_H */
