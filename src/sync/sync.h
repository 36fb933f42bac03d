/*
 * Team sync, the domain side (docs/sync.md): the file framing of
 * changesets and the order they are applied in. What is SQL lives in
 * src/store/sync_store.c.
 */
#ifndef GJ_SYNC_H
#define GJ_SYNC_H

#include <stddef.h>
#include <stdint.h>

#include "domain/domain.h"
#include "store/sync_store.h"

enum { GJ_SYNC_APPLIED = 1, GJ_SYNC_DUPLICATE, GJ_SYNC_PENDING };

/* What became of one record of the files given to gj_sync_apply_files. */
typedef struct {
    char device[GJ_SYNC_DEVICE_LEN + 1];
    int64_t seq;
    int status;                                /* GJ_SYNC_* */
    char need_device[GJ_SYNC_DEVICE_LEN + 1];  /* pending: the first missing */
    int64_t need_seq;
} gj_sync_outcome;

/* Turns sync on for this database (ids per device, writes captured). */
int gj_sync_enable(gj_db *db);

/* One plaintext file per outbox entry with seq > since (at most limit):
 * fn gets its seq, hlc and bytes (valid during the call). */
typedef int (*gj_sync_file_fn)(void *ctx, int64_t seq, int64_t hlc, const unsigned char *file, size_t n);
int gj_sync_outbox_files(gj_db *db, int64_t since, int limit, gj_sync_file_fn fn, void *ctx);

/* One file with every changeset after `since`; *file is malloc'ed (free
 * with gj_free), *count records from *first to *last (0 when none). */
int gj_sync_export(gj_db *db, int64_t since, unsigned char **file, size_t *n, int64_t *first,
                   int64_t *last, int *count);

/* Applies the records of the files in dependency order (docs/sync.md).
 * *out (malloc'ed, free with gj_free) gets one outcome per record, *nout
 * their number; *conflicts the conflict entries written. A file that is
 * not the framing or from another schema version fails the call: GJ_INVALID,
 * reason bad_sync_file or sync_schema, nothing applied (the caller's
 * transaction rolls back). */
int gj_sync_apply_files(gj_db *db, const unsigned char *const *files, const size_t *lens, int nfiles,
                        gj_sync_outcome **out, int *nout, int *conflicts);

#endif
