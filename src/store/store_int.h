/* The store handle's insides, shared by the store's own files (store.c,
 * sync_store.c); nothing outside src/store includes this. */
#ifndef GJ_STORE_INT_H
#define GJ_STORE_INT_H

#include "sqlite3.h"
#include "store.h"

#define STMT_SLOTS 128

typedef struct {
    char *sql;
    sqlite3_stmt *stmt;
    int busy;
} stmt_slot;

typedef struct gj_sync_state gj_sync_state; /* sync_store.c */

struct gj_store {
    sqlite3 *db;
    int depth; /* nesting of gj_store_begin */
    int lost;  /* SQLite ended the transaction while levels were open */
    int flat;  /* depth of the open flat level (gj_store_begin_flat), 0: none */
    int flat_failed; /* a level inside it was rolled back */
    int sync_on; /* sync_device.enabled: ids per device, writes captured */
    int64_t now; /* the clock override of gj_store_set_session, seconds; 0: none */
    gj_sync_state *sync; /* capture session and merge state, NULL when off */
    char err[512];
    stmt_slot cache[STMT_SLOTS];
};

/* sync_store.c: loads sync_device.enabled and starts capturing when set
 * (after migrations); frees the state. */
int gj_sync_open(gj_store *st);
void gj_sync_close(gj_store *st);
/* Appends what the capture session recorded to the outbox as one
 * changeset (nothing when nothing changed) and starts a new session.
 * Called inside the outermost transaction just before COMMIT. */
int gj_sync_capture(gj_store *st);

/* store.c */
void gj_store_set_err(gj_store *st, const char *fmt, ...);
int gj_store_fail_sqlite(gj_store *st, int rc);

#endif
