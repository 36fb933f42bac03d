/*
 * Period queries from memory. Surveys and tickets are read by period:
 * once for the compute, once per period of a trend (12 or 52), once more
 * for the churn rule on complaints. Through SQLite each read is a pass
 * over the table (a scan, or a range read at a row lookup per row); so
 * the first read of a query takes every row (no period) into memory,
 * sorted by its period column, and every later read of any period is a
 * binary search and a replay of its rows to the same row callback. The
 * rows are kept with the customers (gj_mdata_shared; triggers on the
 * tables tell when they change). A callback cannot tell the difference:
 * it sees the same rows with the same values.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

/* A value of a kept row: numbers only (the period queries return none). */
typedef struct {
    union {
        int64_t i;
        double d;
    } u;
    unsigned char type; /* gj_vtype */
} cell;

struct gj_mrows {
    const char *sql; /* the query this holds (its address is its identity) */
    int ncols, key;
    size_t n;
    cell *v;         /* n rows of ncols, by the key column */
    int64_t *keys;   /* the key of each row */
    gj_mrows *next;
};

typedef struct {
    gj_mrows *r;
    size_t cap, kcap;
    int oom;
} capture_ctx;

/* One row of the query, read in place through the cursor (text reads as
 * NULL, as the callback would see it through gj_metrics_run). */
static int capture_row(void *ctx, gj_store_cursor *cur)
{
    capture_ctx *c = ctx;
    gj_mrows *r = c->r;
    int i, n = r->ncols = gj_store_col_count(cur);
    int64_t key = 0;
    {
        cell *nv = gj_mgrow(r->v, r->n, &c->cap, (size_t)n * sizeof *nv);
        int64_t *nk = nv ? gj_mgrow(r->keys, r->n, &c->kcap, sizeof *nk) : NULL;
        if (nv) r->v = nv;
        if (!nv || !nk) { c->oom = 1; return 1; }
        r->keys = nk;
    }
    for (i = 0; i < n; i++) {
        cell *x = &r->v[r->n * (size_t)n + (size_t)i];
        gj_vtype t = gj_store_col_type(cur, i);
        x->type = (unsigned char)(t == GJ_VTEXT ? GJ_VNULL : t);
        if (t == GJ_VREAL) x->u.d = gj_store_col_real(cur, i);
        else x->u.i = t == GJ_VINT ? gj_store_col_int(cur, i) : 0;
        if (i == r->key) /* as gj_mi */
            key = t == GJ_VINT ? x->u.i : t == GJ_VREAL ? (int64_t)x->u.d : 0;
    }
    r->keys[r->n++] = key;
    return 0;
}

/* Sorts the rows of r by key, keeping the read order among equal keys. */
static int sort_rows(gj_mrows *r)
{
    size_t i, *idx, *tmp;
    cell *nv;
    int64_t *nk;
    int sorted = 1;
    for (i = 1; i < r->n && sorted; i++) sorted = r->keys[i - 1] <= r->keys[i];
    if (sorted) return 0;
    idx = gj_malloc(r->n * sizeof *idx);
    tmp = gj_malloc(r->n * sizeof *tmp);
    nv = gj_malloc(r->n * (size_t)r->ncols * sizeof *nv);
    nk = gj_malloc(r->n * sizeof *nk);
    if (!idx || !tmp || !nv || !nk) {
        free(idx);
        free(tmp);
        free(nv);
        free(nk);
        return -1;
    }
    for (i = 0; i < r->n; i++) idx[i] = i;
    { /* bottom-up merge sort of idx by key: stable, no comparator context */
        size_t w, lo;
        for (w = 1; w < r->n; w *= 2) {
            for (lo = 0; lo < r->n; lo += 2 * w) {
                size_t mid = lo + w < r->n ? lo + w : r->n, hi = lo + 2 * w < r->n ? lo + 2 * w : r->n;
                size_t a = lo, b = mid, k = lo;
                while (a < mid && b < hi) tmp[k++] = r->keys[idx[b]] < r->keys[idx[a]] ? idx[b++] : idx[a++];
                while (a < mid) tmp[k++] = idx[a++];
                while (b < hi) tmp[k++] = idx[b++];
            }
            memcpy(idx, tmp, r->n * sizeof *idx);
        }
    }
    for (i = 0; i < r->n; i++) {
        memcpy(&nv[i * (size_t)r->ncols], &r->v[idx[i] * (size_t)r->ncols], (size_t)r->ncols * sizeof *nv);
        nk[i] = r->keys[idx[i]];
    }
    free(r->v);
    free(r->keys);
    r->v = nv;
    r->keys = nk;
    free(idx);
    free(tmp);
    return 0;
}

/* Reads every row of sql (no rep, the widest period) into a new gj_mrows. */
static int capture(gj_mpass *pass, const char *sql, int key, gj_mrows **out)
{
    capture_ctx c;
    gj_value p[GJ_M_NPARAMS];
    int rc;
    memset(&c, 0, sizeof c);
    if (!(c.r = gj_calloc(1, sizeof *c.r))) return gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
    c.r->sql = sql;
    c.r->key = key;
    p[0] = gj_vnull();
    p[1] = gj_vint(INT64_MIN);
    p[2] = gj_vint(INT64_MAX);
    GJ_MPROF(sql, rc = gj_mscan(gj_db_store(pass->db), sql, p, GJ_M_NPARAMS, capture_row, &c));
    if (rc == GJ_OK && !c.oom && sort_rows(c.r) == 0) {
        *out = c.r;
        return GJ_OK;
    }
    gj_metrics_rows_free(c.r);
    return rc != GJ_OK ? gj_db_fail_store(pass->db, rc) : gj_db_fail(pass->db, GJ_NOMEM, NULL, "out of memory");
}

int gj_metrics_run_period(gj_mpass *pass, const char *sql, int key, gj_row_fn fn)
{
    gj_mdata *d = pass->data;
    gj_mrows *r;
    gj_value row[16];
    size_t lo, hi;
    if (pass->ex) return gj_metrics_run(pass, sql, NULL, 0, fn); /* the drill-down lists in SQL order */
    for (r = d->rows; r && r->sql != sql; r = r->next) {}
    if (!r) {
        int rc = capture(pass, sql, key, &r);
        if (rc != GJ_OK) return rc;
        r->next = d->rows;
        d->rows = r;
    }
    if (r->ncols > 16) return gj_db_fail(pass->db, GJ_ERROR, NULL, "period query has too many columns");
    lo = 0;
    hi = r->n;
    while (lo < hi) { /* the first row with key >= from */
        size_t mid = lo + (hi - lo) / 2;
        if (r->keys[mid] < pass->q->from) lo = mid + 1;
        else hi = mid;
    }
    pass->rc = GJ_OK;
    for (; lo < r->n && r->keys[lo] < pass->q->to; lo++) {
        const cell *x = &r->v[lo * (size_t)r->ncols];
        int i;
        for (i = 0; i < r->ncols; i++) {
            row[i].type = (gj_vtype)x[i].type;
            row[i].i = x[i].type == GJ_VINT ? x[i].u.i : 0;
            row[i].d = x[i].type == GJ_VREAL ? x[i].u.d : 0;
            row[i].s = NULL;
        }
        if (fn(pass, r->ncols, row, NULL)) break;
    }
    if (pass->rc != GJ_OK) return gj_db_fail(pass->db, pass->rc, NULL, "out of memory");
    return GJ_OK;
}

void gj_metrics_rows_free(gj_mrows *r)
{
    while (r) {
        gj_mrows *next = r->next;
        free(r->v);
        free(r->keys);
        free(r);
        r = next;
    }
}
