/*
 * Scalar SQL functions of the raw SQL API (genjin.h): registration through
 * one trampoline, and the value/result accessors the callback uses. The
 * gj_sql_ctx and gj_sql_value types are SQLite's, renamed so that callers
 * never see sqlite3.h.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "sqlapi_int.h"

/* One registered function: what the trampolines call (fn is the scalar
 * function or an aggregate's step). */
typedef struct {
    gj_sql_fn fn;
    gj_sql_final_fn final;
    void *user;
    void (*destroy)(void *);
} fn_holder;

/* A name registered through a gj_sql, so that closing a borrow leaves the
 * app's connection as it found it. */
struct gj_sql_func {
    char *name;
    int nargs;
    gj_sql_func *next;
};

static void trampoline(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    fn_holder *h = sqlite3_user_data(ctx);
    h->fn(h->user, (gj_sql_ctx *)ctx, argc, (gj_sql_value **)argv);
}

static void agg_final(sqlite3_context *ctx)
{
    fn_holder *h = sqlite3_user_data(ctx);
    h->final(h->user, (gj_sql_ctx *)ctx);
}

static void holder_free(void *p)
{
    fn_holder *h = p;
    if (h->destroy) h->destroy(h->user);
    free(h);
}

/* Remembers name/nargs unless already listed. GJ_OK or GJ_NOMEM. */
static int remember(gj_sql *s, const char *name, int nargs)
{
    gj_sql_func *f;
    for (f = s->funcs; f; f = f->next)
        if (f->nargs == nargs && sqlite3_stricmp(f->name, name) == 0) return GJ_OK;
    f = gj_calloc(1, sizeof *f);
    if (!f || !(f->name = gj_strdup(name))) {
        free(f);
        return GJ_NOMEM;
    }
    f->nargs = nargs;
    f->next = s->funcs;
    s->funcs = f;
    return GJ_OK;
}

/* Registers a scalar (final NULL) or aggregate function. */
static int create(gj_sql *s, const char *name, int nargs, gj_sql_fn fn,
                  gj_sql_final_fn final, void *user, void (*destroy)(void *))
{
    fn_holder *h = gj_malloc(sizeof *h);
    int rc;
    if (!h || remember(s, name, nargs) != GJ_OK) {
        free(h);
        if (destroy) destroy(user);
        sqlite3_free(s->err);
        s->err = sqlite3_mprintf("out of memory");
        return GJ_NOMEM;
    }
    h->fn = fn;
    h->final = final;
    h->user = user;
    h->destroy = destroy;
    /* SQLite calls holder_free itself when this call fails. */
    rc = sqlite3_create_function_v2(s->db, name, nargs, SQLITE_UTF8, h,
                                    final ? NULL : trampoline, final ? trampoline : NULL,
                                    final ? agg_final : NULL, holder_free);
    return rc == SQLITE_OK ? GJ_OK : gj_sql_fail(s, rc);
}

int gj_sql_create_function(gj_sql *s, const char *name, int nargs, gj_sql_fn fn,
                           void *user, void (*destroy)(void *))
{
    return create(s, name, nargs, fn, NULL, user, destroy);
}

int gj_sql_create_aggregate(gj_sql *s, const char *name, int nargs, gj_sql_fn step,
                            gj_sql_final_fn final, void *user, void (*destroy)(void *))
{
    return create(s, name, nargs, step, final, user, destroy);
}

void *gj_sql_aggregate_key(gj_sql_ctx *ctx)
{
    /* One byte is enough: its address is the key. */
    return sqlite3_aggregate_context((sqlite3_context *)ctx, 1);
}

/* The update hook: SQLite's callback passes our pair through one struct
 * allocated per connection, kept until close. */
typedef struct {
    gj_sql_update_fn fn;
    void *user;
} hook_holder;

static void update_trampoline(void *p, int op, const char *db, const char *table,
                              sqlite3_int64 rowid)
{
    hook_holder *h = p;
    h->fn(h->user, op, db, table, rowid);
}

int gj_sql_update_hook(gj_sql *s, gj_sql_update_fn fn, void *user)
{
    hook_holder *old = sqlite3_update_hook(s->db, NULL, NULL), *h;
    if (s->hooked) free(old);
    s->hooked = 0;
    if (!fn) return GJ_OK;
    h = gj_malloc(sizeof *h);
    if (!h) {
        sqlite3_free(s->err);
        s->err = sqlite3_mprintf("out of memory");
        return GJ_NOMEM;
    }
    h->fn = fn;
    h->user = user;
    sqlite3_update_hook(s->db, update_trampoline, h);
    s->hooked = 1;
    return GJ_OK;
}

void gj_sql_drop_functions(gj_sql *s)
{
    if (s->hooked) gj_sql_update_hook(s, NULL, NULL);
    while (s->funcs) {
        gj_sql_func *f = s->funcs;
        s->funcs = f->next;
        /* An owned connection drops them when it closes. */
        if (!s->owned)
            sqlite3_create_function_v2(s->db, f->name, f->nargs, SQLITE_UTF8, NULL,
                                       NULL, NULL, NULL, NULL);
        free(f->name);
        free(f);
    }
}

#define V(v) ((sqlite3_value *)(v))
#define C(c) ((sqlite3_context *)(c))

int gj_sql_value_type(gj_sql_value *v) { return sqlite3_value_type(V(v)); }
int64_t gj_sql_value_int64(gj_sql_value *v) { return sqlite3_value_int64(V(v)); }
double gj_sql_value_double(gj_sql_value *v) { return sqlite3_value_double(V(v)); }
const char *gj_sql_value_text(gj_sql_value *v) { return (const char *)sqlite3_value_text(V(v)); }
const void *gj_sql_value_blob(gj_sql_value *v) { return sqlite3_value_blob(V(v)); }
int gj_sql_value_bytes(gj_sql_value *v) { return sqlite3_value_bytes(V(v)); }

void gj_sql_result_null(gj_sql_ctx *ctx) { sqlite3_result_null(C(ctx)); }
void gj_sql_result_int64(gj_sql_ctx *ctx, int64_t v) { sqlite3_result_int64(C(ctx), v); }
void gj_sql_result_double(gj_sql_ctx *ctx, double v) { sqlite3_result_double(C(ctx), v); }
void gj_sql_result_text(gj_sql_ctx *ctx, const char *s, int n) { sqlite3_result_text(C(ctx), s, n, SQLITE_TRANSIENT); }
void gj_sql_result_error(gj_sql_ctx *ctx, const char *msg) { sqlite3_result_error(C(ctx), msg, -1); }

void gj_sql_result_blob(gj_sql_ctx *ctx, const void *p, int n)
{
    if (n == 0) sqlite3_result_zeroblob(C(ctx), 0); /* x'', not NULL */
    else sqlite3_result_blob(C(ctx), p, n, SQLITE_TRANSIENT);
}
