/*
 * Team sync in the store (docs/sync.md): the capture session, the outbox,
 * the per-row merge and everything else of sync that is SQL. The domain
 * side (src/sync) frames, orders and hands out what these return.
 *
 * Device ids are 16 lowercase hex digits (NUL-terminated, 17 bytes).
 * Every function returns GJ_OK or a GJ_* code with the message on the
 * store handle.
 */
#ifndef GJ_SYNC_STORE_H
#define GJ_SYNC_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "store.h"

#define GJ_SYNC_DEVICE_LEN 16

typedef struct {
    char device[GJ_SYNC_DEVICE_LEN + 1];
    int64_t id_prefix;
    int64_t seq;        /* this device's last changeset */
    int64_t hlc;        /* the clock's last time */
    int64_t pushed_seq; /* what the page says is uploaded */
    int enabled;
    int64_t conflicts;  /* conflict entries in the audit log */
} gj_sync_device;

int gj_store_sync_device(gj_store *st, gj_sync_device *out);

/* The 8 bytes of a device id (16 hex digits) as the file framing has them. */
void gj_sync_device_bytes(const char *hex, unsigned char *out);

/* Turns sync on (ids per device, writes captured); harmless when on. */
int gj_store_sync_enable(gj_store *st);

/* A fresh device id and id prefix for a copied database: the outbox is
 * emptied, the old device's changesets count as applied (a peer). */
int gj_store_sync_new_device(gj_store *st);

int gj_store_sync_set_pushed(gj_store *st, int64_t seq);

/* One outbox entry: `deps` is ndeps pairs of (device, seq) in the file
 * framing (docs/sync.md: 8 bytes device, u64 big-endian seq). Pointers are
 * valid during the call. Return non-zero to stop. */
typedef int (*gj_sync_entry_fn)(void *ctx, int64_t seq, int64_t hlc, const unsigned char *deps,
                                int ndeps, const void *changeset, int nbytes);

/* This device's changesets with seq > since, oldest first, at most
 * `limit` (<= 0: all). */
int gj_store_sync_outbox(gj_store *st, int64_t since, int limit, gj_sync_entry_fn fn, void *ctx);

/* The last seq applied from `device` (0 when none; this device's own
 * seq for itself). */
int gj_store_sync_peer_seq(gj_store *st, const char *device, int64_t *seq);

typedef int (*gj_sync_peer_fn)(void *ctx, const char *device, int64_t seq, int64_t hlc);
int gj_store_sync_peers(gj_store *st, gj_sync_peer_fn fn, void *ctx);

/* Merges a teammate's changeset (device, seq, hlc) into the database by
 * the convergence rule, without capturing it, and records it as applied.
 * Consecutive changesets of one device are resolved one after another and
 * applied together by one sqlite3changeset_apply_v2 call (a batch), with
 * the same outcome as one call each; `changeset` must stay valid until
 * gj_store_sync_apply_done. *conflicts gets the number of conflict entries
 * written. GJ_INVALID (message) when the changeset does not parse or does
 * not fit the schema; on any error the caller rolls its transaction back. */
int gj_store_sync_apply(gj_store *st, const char *device, int64_t seq, int64_t hlc,
                        const void *changeset, int nbytes, int *conflicts);

/* Ends a run of gj_store_sync_apply calls: with ok, applies the open
 * batch; without, drops it. Capture starts again either way. Returns
 * GJ_OK or the error of applying the batch (the caller rolls back). */
int gj_store_sync_apply_done(gj_store *st, int ok);

/* Conflict entries, newest first: `vals` are id, at, entity, entity_id,
 * actor ("sync:<device>" of the losing side), before (the losing fields,
 * JSON), after (the winning ones, JSON), restored (0/1). */
int gj_store_sync_conflicts(gj_store *st, int limit, int offset, int64_t *total, gj_row_fn fn,
                            void *ctx);

/* Writes a conflict's losing fields back as a local edit (captured like
 * any other) and marks it restored. GJ_NOTFOUND: no such conflict;
 * GJ_INVALID: the row is gone (message). *entity and *restored (JSON of
 * the fields written) are malloc'ed for the caller to free; entity_id is
 * the row's id (0 for a row keyed by text). */
int gj_store_sync_restore(gj_store *st, int64_t conflict_id, char **entity, int64_t *entity_id,
                          char **restored);

#endif
