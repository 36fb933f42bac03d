/*
 * memvfs: the SQLite VFS behind "genjin-mem..." databases (internal to the
 * store layer). Files live in memory as arrays of pages; the main database
 * file of each name stays in a registry after it is closed so that the
 * browser runtime can load pages into it before opening and read the dirty
 * pages after each commit. The public side of it is gj_pages_* (genjin.h).
 */
#ifndef GJ_MEMVFS_H
#define GJ_MEMVFS_H

#define GJ_MEMVFS_NAME "genjin-mem"

/* Registers the VFS with SQLite (not as the default); idempotent.
 * Returns an SQLite result code. */
int gj_memvfs_register(void);

/* Whether `path` names a memvfs database: it starts with "genjin-mem". */
int gj_memvfs_is_name(const char *path);

#endif /* GJ_MEMVFS_H */
