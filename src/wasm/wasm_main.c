/*
 * Entry points that JavaScript calls directly, where the C API's shape does
 * not suit JS (out-parameters, 64-bit integers without BigInt).
 */
#include <stddef.h>
#include <stdint.h>

#include "genjin/genjin.h"

/* Opens an in-memory database. Returns the handle, or 0 when out of memory.
 * On other failures the handle is returned and gj_errmsg() is non-empty;
 * the caller closes it either way with gj_close. */
gj_db *gj_wasm_open(void)
{
    gj_db *db = NULL;
    gj_open(":memory:", &db);
    return db;
}

/* The same for a named database: "genjin-mem:..." is a page store (the
 * browser runtime loads it from IndexedDB first). */
gj_db *gj_wasm_open_path(const char *path)
{
    gj_db *db = NULL;
    gj_open(path, &db);
    return db;
}

/* gj_set_now taking milliseconds as a double (JS numbers), 0 = clock. */
void gj_set_now_ms(gj_db *db, double ms)
{
    gj_set_now(db, (int64_t)(ms / 1000.0));
}

/* gj_check's report (the caller frees it with gj_free; NULL when out of
 * memory). "ok" means the database passed. */
char *gj_wasm_check(const char *path)
{
    char *report = NULL;
    gj_check(path, &report);
    return report;
}

/* Transaction numbers as doubles: exact up to 2^53 commits. */
double gj_wasm_pages_txn(const gj_pages *p) { return (double)gj_pages_txn(p); }
double gj_wasm_pages_base_txn(const gj_pages *p) { return (double)gj_pages_base_txn(p); }
void gj_wasm_pages_set_txn(gj_pages *p, double txn) { gj_pages_set_txn(p, (int64_t)txn); }
void gj_wasm_pages_mark_clean(gj_pages *p, double txn) { gj_pages_mark_clean(p, (int64_t)txn); }
