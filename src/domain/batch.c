/*
 * Row batches (domain.h): creates queued and written GJ_BATCH_ROWS at a
 * time by one "INSERT ... VALUES (...), (...), ..." statement. The rows
 * are checked by the same code as gj_record_create_ex when they are
 * queued; the database's constraints still apply when they are written.
 * All rows of a batch set the same columns (a row setting others flushes
 * the batch first), so a full batch always compiles to the same SQL and
 * the store's statement cache keeps it prepared.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain.h"

struct gj_batch {
    const gj_entity *e;
    int n;                           /* rows queued */
    int ncols;                       /* columns set per row */
    unsigned char cols[GJ_MAX_FIELDS]; /* which fields the rows set */
    gj_value v[GJ_BATCH_ROWS * GJ_MAX_FIELDS];
    char *owned[GJ_BATCH_ROWS * GJ_MAX_FIELDS]; /* copies of text values */
    int64_t tag[GJ_BATCH_ROWS];
};

gj_batch *gj_batch_new(const gj_entity *e)
{
    gj_batch *b;
    if (e->after_write || e->readonly) return NULL;
    if ((b = gj_calloc(1, sizeof *b))) b->e = e;
    return b;
}

void gj_batch_clear(gj_batch *b)
{
    int i;
    if (!b) return;
    for (i = 0; i < b->n * b->ncols; i++) {
        free(b->owned[i]);
        b->owned[i] = NULL;
    }
    b->n = 0;
}

void gj_batch_free(gj_batch *b)
{
    gj_batch_clear(b);
    free(b);
}

int gj_batch_count(const gj_batch *b) { return b ? b->n : 0; }

/* "INSERT INTO t (a, b) VALUES " and `rows` groups of ncols parameters. */
static int batch_sql(const gj_batch *b, int rows, char *buf, size_t cap)
{
    size_t len = 0;
    int i, r, c, k = 1, w;
    w = snprintf(buf, cap, "INSERT INTO %s (", b->e->name);
    if (w < 0 || (size_t)w >= cap) return -1;
    len = (size_t)w;
    for (i = 0, c = 0; i < b->e->nfields; i++) {
        if (!b->cols[i]) continue;
        w = snprintf(buf + len, cap - len, "%s%s", c++ ? ", " : "", b->e->fields[i].name);
        if (w < 0 || (size_t)w >= cap - len) return -1;
        len += (size_t)w;
    }
    for (r = 0; r < rows; r++)
        for (c = 0; c < b->ncols; c++) {
            w = snprintf(buf + len, cap - len, "%s?%d%s",
                         c ? ", " : r ? "), (" : ") VALUES (", k++, c == b->ncols - 1 && r == rows - 1 ? ")" : "");
            if (w < 0 || (size_t)w >= cap - len) return -1;
            len += (size_t)w;
        }
    return 0;
}

/* Writes rows [from, from + rows) in one statement. */
static int write_rows(gj_db *db, gj_batch *b, int from, int rows)
{
    char sql[8192];
    int rc;
    if (batch_sql(b, rows, sql, sizeof sql) != 0)
        return gj_db_fail(db, GJ_ERROR, NULL, "statement too long");
    rc = gj_store_run(gj_db_store(db), sql, b->v + (size_t)from * (size_t)b->ncols, rows * b->ncols,
                      NULL, NULL, NULL, NULL);
    return rc == GJ_OK ? GJ_OK : gj_record_write_failed(db, b->e, rc);
}

int gj_batch_flush(gj_db *db, gj_batch *b, int64_t *failed_tag)
{
    int rc = GJ_OK, i;
    if (!b || b->n == 0) return GJ_OK;
    if ((rc = write_rows(db, b, 0, b->n)) != GJ_OK) {
        /* The statement changed nothing: find the row the database refuses
         * by writing them one at a time. */
        rc = GJ_OK;
        for (i = 0; i < b->n && rc == GJ_OK; i++)
            if ((rc = write_rows(db, b, i, 1)) != GJ_OK && failed_tag) *failed_tag = b->tag[i];
    }
    gj_batch_clear(b);
    return rc;
}

int gj_batch_add(gj_db *db, gj_batch *b, gj_record *rec, unsigned flags, int64_t tag,
                 int64_t *failed_tag)
{
    int i, k, rc, same = 1, ncols = 0;
    gj_value *row;
    char **owned;
    if (failed_tag) *failed_tag = tag;
    if ((rc = gj_record_check_create(db, b->e, rec, flags)) != GJ_OK) return rc;
    if ((rc = gj_record_new_id(db, rec)) != GJ_OK) return rc;
    for (i = 0; i < b->e->nfields; i++) {
        int on = rec->set[i] && rec->v[i].type != GJ_VNULL; /* else the SQL default */
        ncols += on;
        if (on != b->cols[i]) same = 0;
    }
    if (b->n > 0 && (!same || b->n == GJ_BATCH_ROWS) &&
        (rc = gj_batch_flush(db, b, failed_tag)) != GJ_OK)
        return rc; /* about a queued row: *failed_tag says which */
    if (ncols == 0) /* every entity has a required field: checked above */
        return gj_db_fail(db, GJ_INVALID, NULL, "a %s needs at least one field", b->e->singular);
    if (b->n == 0) {
        for (i = 0; i < b->e->nfields; i++) b->cols[i] = rec->set[i] && rec->v[i].type != GJ_VNULL;
        b->ncols = ncols;
    }
    row = b->v + (size_t)b->n * (size_t)b->ncols;
    owned = b->owned + (size_t)b->n * (size_t)b->ncols;
    for (i = 0, k = 0; i < b->e->nfields; i++) {
        if (!b->cols[i]) continue;
        row[k] = rec->v[i];
        owned[k] = NULL;
        if (row[k].type == GJ_VTEXT) {
            size_t len = strlen(row[k].s) + 1;
            if (!(owned[k] = gj_malloc(len))) {
                while (k-- > 0) { free(owned[k]); owned[k] = NULL; }
                return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
            }
            memcpy(owned[k], row[k].s, len);
            row[k].s = owned[k];
        }
        k++;
    }
    b->tag[b->n++] = tag;
    return GJ_OK;
}
