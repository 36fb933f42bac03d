/*
 * WASM entry points of the raw SQL API (gj_sql_*, genjin.h) where its C
 * shape does not suit JS, and the bridge that lets SQL call JavaScript
 * (create_function, create_aggregate, updateHook): each JS callback gets a
 * number; SQLite calls a C trampoline, which calls Module.gjSqlCall /
 * gjSqlFinal / gjSqlUpdate(number, ...) through EM_JS, and
 * Module.gjSqlRelease(number) when SQLite drops the function. Chosen over
 * addFunction: no table growth, no function signatures to get right.
 * web/app/core.js (Sql) sets these Module properties.
 */
#include <emscripten.h>
#include <stdint.h>

#include "genjin/genjin.h"

EM_JS(void, gj_js_sql_call, (int id, gj_sql_ctx *ctx, int argc, gj_sql_value **argv), {
    Module['gjSqlCall'](id, ctx, argc, argv);
});

EM_JS(void, gj_js_sql_final, (int id, gj_sql_ctx *ctx), {
    Module['gjSqlFinal'](id, ctx);
});

EM_JS(void, gj_js_sql_update, (int id, int op, const char *db, const char *table, double rowid), {
    Module['gjSqlUpdate'](id, op, db, table, rowid);
});

EM_JS(void, gj_js_sql_release, (int id), {
    Module['gjSqlRelease'](id);
});

static void call_js(void *user, gj_sql_ctx *ctx, int argc, gj_sql_value **argv)
{
    gj_js_sql_call((int)(intptr_t)user, ctx, argc, argv);
}

static void final_js(void *user, gj_sql_ctx *ctx)
{
    gj_js_sql_final((int)(intptr_t)user, ctx);
}

static void update_js(void *user, int op, const char *db, const char *table, int64_t rowid)
{
    gj_js_sql_update((int)(intptr_t)user, op, db, table, (double)rowid);
}

static void release_js(void *user)
{
    gj_js_sql_release((int)(intptr_t)user);
}

/* Registers JS function number `id` as name/nargs. SQLite releases the
 * number (Module.gjSqlRelease) when the function is replaced, dropped or
 * its connection closes, and when this fails. Returns a GJ_* code. */
int gj_wasm_sql_create_function(gj_sql *s, const char *name, int nargs, int id)
{
    return gj_sql_create_function(s, name, nargs, call_js, (void *)(intptr_t)id, release_js);
}

/* The same for an aggregate: its steps call Module.gjSqlCall, its end
 * Module.gjSqlFinal. */
int gj_wasm_sql_create_aggregate(gj_sql *s, const char *name, int nargs, int id)
{
    return gj_sql_create_aggregate(s, name, nargs, call_js, final_js, (void *)(intptr_t)id, release_js);
}

/* Routes the update hook to Module.gjSqlUpdate(id, ...) (rowid as a
 * double); id 0 removes it. The caller keeps the JS side of the number.
 * Returns a GJ_* code. */
int gj_wasm_sql_update_hook(gj_sql *s, int id)
{
    return gj_sql_update_hook(s, id ? update_js : NULL, (void *)(intptr_t)id);
}

/* Opens a database of its own from n bytes (0: empty). Returns the
 * handle (NULL only when out of memory); on failure gj_sql_errmsg says
 * why (it is "not an error" on success) and the caller closes it. */
gj_sql *gj_wasm_sql_open(const void *bytes, int n)
{
    gj_sql *s = NULL;
    gj_sql_open(bytes, n > 0 ? (size_t)n : 0, &s);
    return s;
}

/* Borrows the app database's connection; NULL when out of memory. */
gj_sql *gj_wasm_sql_from_db(gj_db *db)
{
    gj_sql *s = NULL;
    gj_sql_from_db(db, &s);
    return s;
}

/* sql.js binds integers that fit 32 bits as integers; no int64 crosses
 * into JS (it reads integers as doubles, like sql.js). */
int gj_wasm_sql_bind_int(gj_sql_stmt *st, int i, int v) { return gj_sql_bind_int64(st, i, v); }
void gj_wasm_sql_result_int(gj_sql_ctx *ctx, int v) { gj_sql_result_int64(ctx, v); }
