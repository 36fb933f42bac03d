/*
 * Reading tables into the metrics' memory (cold start): a scan
 * through the store's cursor, and a small name table for the text
 * columns held as numbers (event kinds, stage names). At L (2.3M rows)
 * reading through gj_store_run's gj_value array and callback per row,
 * with SQL expressions for what C can work out, made the first op ~486 ms
 * CPU; through the cursor it is ~371 ms (docs/bench.md).
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

int gj_mscan(gj_store *st, const char *sql, const gj_value *p, int np,
             int (*row)(void *ctx, gj_store_cursor *cur), void *ctx)
{
    gj_store_cursor *cur = NULL;
    int rc = gj_store_query(st, sql, p, np, &cur), s;
    if (rc != GJ_OK) return rc;
    while ((s = gj_store_step(cur)) == 1)
        if (row(ctx, cur)) break;
    rc = s < 0 ? gj_store_cursor_rc(cur) : GJ_OK;
    gj_store_cursor_close(cur);
    return rc;
}

int64_t gj_mscan_int(gj_store_cursor *cur, int col)
{
    switch (gj_store_col_type(cur, col)) {
    case GJ_VINT: return gj_store_col_int(cur, col);
    case GJ_VREAL: return (int64_t)gj_store_col_real(cur, col);
    default: return 0;
    }
}

const char *gj_mscan_text(gj_store_cursor *cur, int col)
{
    return gj_store_col_type(cur, col) == GJ_VTEXT ? gj_store_col_text(cur, col, NULL) : NULL;
}

/* A hash of name s of len bytes from its length and first 8 bytes: names
 * are short words (a kind or stage name per row of 1.3M rows). */
static size_t name_hash(const char *s, size_t len)
{
    uint64_t w = 0;
    memcpy(&w, s, len < 8 ? len : 8);
    w = (w ^ len) * 0x9E3779B97F4A7C15ULL;
    return (size_t)(w >> 32);
}

uint32_t gj_mnames_id(gj_mnames *t, gj_mdata *d, size_t **refs, size_t *n, const char *s)
{
    size_t i, len = strlen(s); /* text up to a NUL, as the arena keeps it */
    if ((*n + 1) * 2 > t->nslot) { /* keep the table at most half full */
        size_t cap = t->nslot ? t->nslot * 2 : 64, k;
        uint32_t *ns = gj_calloc(cap, sizeof *ns);
        if (!ns) return (uint32_t)-1;
        for (k = 0; k < *n; k++) {
            const char *x = gj_mdata_str(d, (*refs)[k]);
            size_t j = name_hash(x, strlen(x)) & (cap - 1);
            while (ns[j]) j = (j + 1) & (cap - 1);
            ns[j] = (uint32_t)k + 1;
        }
        free(t->slot);
        t->slot = ns;
        t->nslot = cap;
    }
    for (i = name_hash(s, len) & (t->nslot - 1); t->slot[i]; i = (i + 1) & (t->nslot - 1)) {
        const char *x = gj_mdata_str(d, (*refs)[t->slot[i] - 1]);
        if (strcmp(x, s) == 0) return t->slot[i] - 1;
    }
    {
        size_t *nr = gj_realloc(*refs, (*n + 1) * sizeof *nr), ref;
        gj_value v = gj_vtext(s);
        if (!nr) return (uint32_t)-1;
        *refs = nr;
        if ((ref = gj_mdata_intern(d, &v)) == (size_t)-1) return (uint32_t)-1;
        nr[*n] = ref;
        t->slot[i] = (uint32_t)++*n;
        return (uint32_t)(*n - 1);
    }
}

void gj_mnames_free(gj_mnames *t)
{
    if (!t) return;
    free(t->slot);
    t->slot = NULL;
    t->nslot = 0;
}
