/* The gj_db handle: the store, the last error, a per-call string arena and
 * the cached settings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "domain.h"

typedef struct arena_block {
    struct arena_block *next;
    char data[];
} arena_block;

struct gj_db {
    gj_store *st;
    int code;
    char msg[512];
    char field[128]; /* custom.<key> fits whole (GJ_CUSTOM_KEY_MAX) */
    char reason[32];
    int nparams;
    struct { char name[24]; char value[160]; int is_num; } params[GJ_ERR_MAX_PARAMS];
    int64_t now; /* 0: system clock */
    char *actor; /* NULL or malloc'd: compared in full, so no prefix is shared */
    int audit;
    int session_stale; /* the store's session row may differ from the fields above */
    int session_in_txn; /* the session row was written inside the open transaction */
    arena_block *arena;
    gj_settings settings;
    int settings_loaded;
    void *cache; /* gj_db_set_cache */
    void (*cache_free)(void *);
};

/* settings.c */
int gj_settings_load(gj_db *db, gj_settings *s);

gj_store *gj_db_store(gj_db *db) { return db->st; }

/* Writes the handle's actor, audit flag and clock into the session row. */
static int write_session(gj_db *db)
{
    int rc = gj_store_set_session(db->st, db->actor, db->audit, db->now);
    db->session_stale = rc != GJ_OK;
    if (gj_store_in_transaction(db->st)) db->session_in_txn = 1;
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

int gj_db_set_actor(gj_db *db, const char *actor, int audit)
{
    char *copy = NULL;
    if (actor && !*actor) actor = NULL;
    /* Every request sets the actor; most requests repeat the last one, and
     * skipping the write keeps read-only requests free of writes. */
    if (!db->session_stale && db->audit == audit &&
        (actor ? db->actor && strcmp(db->actor, actor) == 0 : !db->actor))
        return GJ_OK;
    if (actor) {
        size_t n = strlen(actor) + 1;
        if (!(copy = gj_malloc(n))) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        memcpy(copy, actor, n);
    }
    free(db->actor);
    db->actor = copy;
    db->audit = audit;
    return write_session(db);
}

const char *gj_db_actor(const gj_db *db) { return db->actor; }

int gj_db_row_audit(gj_db *db, int audit)
{
    if (!db->session_stale && db->audit == audit) return GJ_OK;
    db->audit = audit;
    return write_session(db);
}

int64_t gj_db_now(gj_db *db) { return db->now ? db->now : (int64_t)time(NULL); }

void gj_set_now(gj_db *db, int64_t t)
{
    if (!db) return;
    db->now = t;
    db->session_stale =
        gj_store_set_session(db->st, db->actor, db->audit, t) != GJ_OK;
}

int64_t gj_db_now_override(gj_db *db) { return db->now; }

/* Cuts a partial UTF-8 sequence off the end of s (text snprintf cut at its
 * buffer's size): the response must stay valid UTF-8. */
static void utf8_tail(char *s, size_t cap)
{
    size_t n = strlen(s), i = n, need;
    unsigned char lead;
    if (n + 1 < cap) return; /* not cut */
    while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) i--;
    if (i == 0) return;
    lead = (unsigned char)s[i - 1];
    if (lead < 0x80) return;
    need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    if (i - 1 + need > n) s[i - 1] = 0;
}

static void fail_v(gj_db *db, int code, const char *field, const char *reason,
                   const char *fmt, va_list ap)
{
    db->code = code;
    snprintf(db->field, sizeof db->field, "%s", field ? field : "");
    utf8_tail(db->field, sizeof db->field);
    snprintf(db->reason, sizeof db->reason, "%s", reason ? reason : "");
    db->nparams = 0;
    vsnprintf(db->msg, sizeof db->msg, fmt, ap);
    utf8_tail(db->msg, sizeof db->msg);
}

int gj_db_fail(gj_db *db, int code, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(db, code, field, NULL, fmt, ap);
    va_end(ap);
    return code;
}

int gj_db_fail_reason(gj_db *db, int code, const char *field, const char *reason,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fail_v(db, code, field, reason, fmt, ap);
    va_end(ap);
    return code;
}

static int add_param(gj_db *db, const char *name, const char *value, int is_num)
{
    if (db->nparams < GJ_ERR_MAX_PARAMS) {
        snprintf(db->params[db->nparams].name, sizeof db->params[0].name, "%s", name);
        snprintf(db->params[db->nparams].value, sizeof db->params[0].value, "%s",
                 value ? value : "");
        utf8_tail(db->params[db->nparams].value, sizeof db->params[0].value);
        db->params[db->nparams].is_num = is_num;
        db->nparams++;
    }
    return db->code;
}

int gj_db_error_param(gj_db *db, const char *name, const char *value)
{
    return add_param(db, name, value, 0);
}

int gj_db_error_param_num(gj_db *db, const char *name, double value)
{
    char buf[40];
    snprintf(buf, sizeof buf, "%.17g", value);
    return add_param(db, name, buf, 1);
}

const char *gj_db_errreason(const gj_db *db) { return db->reason; }

int gj_db_errparam(const gj_db *db, int i, const char **name, const char **value, int *is_num)
{
    if (i < 0 || i >= db->nparams) return 0;
    *name = db->params[i].name;
    *value = db->params[i].value;
    *is_num = db->params[i].is_num;
    return 1;
}

int gj_db_fail_store(gj_db *db, int code)
{
    return gj_db_fail(db, code, NULL, "%s", gj_store_errmsg(db->st));
}

int gj_db_errcode(const gj_db *db) { return db->code; }
const char *gj_db_errfield(const gj_db *db) { return db->field; }
const char *gj_errmsg(const gj_db *db) { return db ? db->msg : "out of memory"; }

void gj_db_clear_error(gj_db *db)
{
    db->code = GJ_OK;
    db->msg[0] = db->field[0] = db->reason[0] = 0;
    db->nparams = 0;
}

/* n bytes that live until gj_db_arena_reset, or NULL on OOM. */
static char *arena_alloc(gj_db *db, size_t n)
{
    arena_block *blk = gj_malloc(sizeof *blk + n);
    if (!blk) return NULL;
    blk->next = db->arena;
    db->arena = blk;
    return blk->data;
}

char *gj_db_strdup(gj_db *db, const char *s) { return gj_db_strndup(db, s, strlen(s)); }

char *gj_db_strndup(gj_db *db, const char *s, size_t n)
{
    char *out = arena_alloc(db, n + 1);
    if (!out) return NULL;
    memcpy(out, s, n);
    out[n] = 0;
    return out;
}

char *gj_db_concat(gj_db *db, const char *a, const char *b)
{
    size_t na = strlen(a), nb = strlen(b) + 1;
    char *out = arena_alloc(db, na + nb);
    if (!out) return NULL;
    memcpy(out, a, na);
    memcpy(out + na, b, nb);
    return out;
}

void gj_db_arena_reset(gj_db *db)
{
    while (db->arena) {
        arena_block *next = db->arena->next;
        free(db->arena);
        db->arena = next;
    }
}

int gj_db_begin(gj_db *db)
{
    int rc = gj_store_begin(db->st);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

int gj_db_begin_flat(gj_db *db)
{
    int rc = gj_store_begin_flat(db->st);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

int gj_db_commit(gj_db *db)
{
    int rc = gj_store_commit(db->st);
    if (!gj_store_in_transaction(db->st)) {
        if (rc != GJ_OK && db->session_in_txn) db->session_stale = 1; /* rolled back */
        db->session_in_txn = 0;
    }
    if (rc != GJ_OK) {
        db->settings_loaded = 0;
        return gj_db_fail_store(db, rc);
    }
    return GJ_OK;
}

void gj_db_rollback(gj_db *db)
{
    gj_store_rollback(db->st);
    db->settings_loaded = 0;
    /* the session row is a TEMP row: a write to it inside the transaction
     * (gj_db_row_audit) is undone with it, so the next request rewrites it
     * instead of trusting the copy here */
    if (db->session_in_txn) db->session_stale = 1;
    if (!gj_store_in_transaction(db->st)) db->session_in_txn = 0;
}

const gj_settings *gj_settings_get(gj_db *db)
{
    if (!db->settings_loaded) {
        if (gj_settings_load(db, &db->settings) != GJ_OK) return NULL;
        db->settings_loaded = 1;
    }
    return &db->settings;
}

/* settings.c calls this after saving so the cache reflects the new rows. */
void gj_db_settings_changed(gj_db *db) { db->settings_loaded = 0; }

int gj_open(const char *path, gj_db **out)
{
    gj_db *db;
    int rc;
    *out = db = gj_calloc(1, sizeof *db);
    if (!db) return GJ_NOMEM;
    db->audit = 1;
    rc = gj_store_open(path, &db->st);
    if (rc != GJ_OK) return gj_db_fail(db, rc, NULL, "%s", gj_store_errmsg(db->st));
    return GJ_OK;
}

void *gj_db_cache(gj_db *db) { return db->cache; }

void gj_db_set_cache(gj_db *db, void *cache, void (*free_fn)(void *))
{
    if (db->cache && db->cache_free) db->cache_free(db->cache);
    db->cache = cache;
    db->cache_free = free_fn;
}

void gj_close(gj_db *db)
{
    if (!db) return;
    gj_db_set_cache(db, NULL, NULL);
    gj_db_arena_reset(db);
    gj_store_close(db->st);
    free(db->actor);
    free(db);
}

void gj_free(void *p) { free(p); }
