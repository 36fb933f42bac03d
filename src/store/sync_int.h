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

struct gj_sync_state {
    sqlite3_session *session; /* NULL while applying a teammate's changes */
    char device[GJ_SYNC_DEVICE_LEN + 1];
    gj_sync_table tables[GJ_SYNC_MAX_TABLES];
    int ntables;
    sqlite3_stmt *meta_get, *meta_put;
};

/* A field's clock: (hlc, device); hlc 0 = never written by sync. */
typedef struct {
    int64_t hlc;
    char dev[GJ_SYNC_DEVICE_LEN + 1];
} gj_clock;

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

/* sync_codec.c: a growing byte buffer and the changeset encoding */
typedef struct {
    unsigned char *p;
    size_t n, cap;
    int oom;
} gj_cs_buf;

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
/* Records the clocks of a local changeset made at `h` (capture). */
int gj_sync_note_local(gj_store *st, const gj_clock *h, const void *cs, int n);

#endif
