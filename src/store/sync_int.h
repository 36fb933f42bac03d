/* Internals of team sync in the store: sync_store.c, sync_merge.c,
 * sync_codec.c. */
#ifndef GJ_SYNC_INT_H
#define GJ_SYNC_INT_H

#include <stddef.h>
#include <stdint.h>

#include "store_int.h"
#include "sync_store.h"

#define GJ_SYNC_MAX_TABLES 16
#define GJ_SYNC_MAX_COLS 64

/* A replicated table as the changesets see it. */
typedef struct {
    const char *name;
    int ncol;
    int pk;      /* the primary key's column (one column for every synced table) */
    int natural; /* the key is data (settings.key ...), not a device-made id */
    char *cols[GJ_SYNC_MAX_COLS];
    sqlite3_stmt *get; /* SELECT * WHERE pk = ?1 */
} gj_sync_table;

/* A field's clock: (hlc, device); hlc 0 = never written by sync. */
typedef struct {
    int64_t hlc;
    char dev[GJ_SYNC_DEVICE_LEN + 1];
} gj_clock;

/* sync_codec.c: a growing byte buffer and the changeset encoding */
typedef struct {
    unsigned char *p;
    size_t n, cap;
    int oom;
} gj_cs_buf;

/* One teammate record merged into the open batch (kept to apply it again
 * alone, see gj_sync_batch). */
typedef struct {
    gj_clock h;
    int64_t seq;
    const void *cs; /* the caller's bytes, valid until the batch is applied */
    int n;
} gj_sync_rec;

#define GJ_SYNC_BATCH_KEYS 4096 /* slots of the key set; a batch holds at most half */
#define GJ_SYNC_BATCH_RECORDS 1000

/* Consecutive records of one device whose resolved changes are applied
 * by one sqlite3changeset_apply_v2 call. A record joins the batch only
 * when none of its rows is in the batch already and the batch deletes no
 * row (a delete can cascade), so every record is resolved against the
 * rows exactly as applying the records one by one would leave them. */
typedef struct {
    int open;       /* a savepoint of its own is open */
    gj_cs_buf out;  /* the resolved changes, in record order */
    const gj_sync_table *last_table; /* the table of out's last change */
    int closed; /* takes no more records: it deletes a row, or its key set is full */
    int nrec, caprec;
    gj_sync_rec *recs;
    int nkeys;
    uint64_t keys[GJ_SYNC_BATCH_KEYS]; /* hashes of (table, key) in out; 0 = empty */
} gj_sync_batch;

struct gj_sync_state {
    sqlite3_session *session; /* NULL while applying a teammate's changes */
    int applying;             /* the session is stopped for gj_store_sync_apply */
    gj_sync_batch batch;
    char device[GJ_SYNC_DEVICE_LEN + 1];
    gj_sync_table tables[GJ_SYNC_MAX_TABLES];
    int ntables;
    sqlite3_stmt *meta_get, *meta_put;
};

int gj_clock_cmp(const gj_clock *a, const gj_clock *b);

/* A row's merge state (sync_rows): the clock of every field, the delete
 * clock, and the last values of a deleted row (NULL pointers when none). */
typedef struct {
    int found;
    gj_clock del;
    gj_clock cell[GJ_SYNC_MAX_COLS];
    sqlite3_value *tomb[GJ_SYNC_MAX_COLS];
} gj_row_meta;

gj_sync_table *gj_sync_table_find(gj_sync_state *s, const char *name);
int gj_meta_load(gj_store *st, gj_sync_table *t, sqlite3_value *pk, gj_row_meta *m);
int gj_meta_save(gj_store *st, gj_sync_table *t, sqlite3_value *pk, const gj_row_meta *m,
                 int deleted);
void gj_meta_clear(gj_row_meta *m);

void gj_cs_free(gj_cs_buf *b);
void gj_cs_byte(gj_cs_buf *b, unsigned char c);
void gj_cs_u64(gj_cs_buf *b, uint64_t v);
void gj_cs_table(gj_cs_buf *b, const gj_sync_table *t);
void gj_cs_change(gj_cs_buf *b, int op);
void gj_cs_value(gj_cs_buf *b, sqlite3_value *v);
int gj_value_same(sqlite3_value *a, sqlite3_value *b);
void gj_json_value(sqlite3_str *s, sqlite3_value *v);

/* sync_merge.c: resolves and applies a teammate's changeset */
int gj_sync_merge(gj_store *st, const gj_clock *h, const void *cs, int n, int *conflicts);
/* 1 when the changeset can join the open batch (none of its rows in it,
 * no delete in it), 0 when the batch must be applied first; <0 on a
 * changeset that does not parse. */
int gj_sync_batch_fits(gj_store *st, const void *cs, int n);
/* Resolves a changeset into the open batch (not applied yet). */
int gj_sync_batch_add(gj_store *st, const gj_clock *h, const void *cs, int n, int *conflicts);
/* Applies the batch's resolved changes; *refused gets the changes a
 * constraint refused. The batch is emptied either way. */
int gj_sync_batch_apply(gj_store *st, int *refused);
/* Empties the batch's changes and keys without applying them. */
void gj_sync_batch_reset(gj_sync_batch *b);
/* Records the clocks of a local changeset made at `h` (capture). */
int gj_sync_note_local(gj_store *st, const gj_clock *h, const void *cs, int n);

#endif
