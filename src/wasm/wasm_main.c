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

/* gj_set_now taking milliseconds as a double (JS numbers), 0 = clock. */
void gj_set_now_ms(gj_db *db, double ms)
{
    gj_set_now(db, (int64_t)(ms / 1000.0));
}
