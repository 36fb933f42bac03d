/*
 * memvfs: an in-memory SQLite VFS that tracks which pages each commit
 * changed, so the browser runtime can persist only those pages (the design
 * of wa-sqlite's IDBMirrorVFS, with the IndexedDB side in JavaScript).
 *
 * Every file is an array of separately allocated blocks: page pointers stay
 * valid while the array grows, and a page can be handed to JS by address.
 * For the main database file the block size is SQLite's page size; a write
 * of another power-of-two size at an aligned offset means the page size
 * changed (VACUUM after PRAGMA page_size), and the file is re-cut into
 * blocks of the new size, all dirty. Other files (journals, temp files)
 * use fixed 4 KiB blocks and are not tracked.
 *
 * Transaction numbers: a write marks its page dirty with the number of the
 * transaction in progress (txn + 1); when the writer drops its lock to
 * SHARED or NONE the transaction is over and txn advances. JS persists the
 * dirty pages as "from base_txn to txn" and then marks clean up to txn;
 * pages written again meanwhile carry a higher number and stay dirty.
 *
 * Single-threaded by design (SQLITE_THREADSAFE=0, one worker).
 */
#include "memvfs.h"

#include <stdlib.h>
#include <string.h>

#include "genjin/genjin.h"
#include "sqlite3.h"
#include "mem.h"

#define OTHER_BLOCK 4096

struct gj_pages {
    char *name;        /* NULL for anonymous temp files */
    int main_db;       /* tracked: dirty pages, transaction numbers */
    int refs;          /* open SQLite handles */
    int readonly;
    int bs;            /* block (page) size; 0 until the first write */
    uint32_t n, cap;   /* blocks in use, allocated slots */
    unsigned char **blk;
    int64_t *dirty_txn; /* per block, 0 = clean (main_db only) */
    uint32_t *dirty, ndirty, dirty_cap; /* 1-based page numbers */
    int64_t size;      /* bytes */
    int64_t txn, base_txn;
    int written;       /* a write since the last transaction ended */
    int shared;        /* handles holding at least SHARED */
    void *writer;      /* the handle holding RESERVED or more */
    struct gj_pages *next;
};

typedef struct {
    sqlite3_file base;
    gj_pages *f;
    int lock;
    int delete_on_close;
} mv_handle;

static gj_pages *files;
static sqlite3_vfs *fallback; /* the default VFS: time, randomness, sleep */

int gj_memvfs_is_name(const char *path)
{
    return path && strncmp(path, GJ_MEMVFS_NAME, strlen(GJ_MEMVFS_NAME)) == 0;
}

/* ---- the file as blocks ---- */

static void free_blocks(gj_pages *f, uint32_t from)
{
    uint32_t i;
    for (i = from; i < f->n; i++) {
        free(f->blk[i]);
        f->blk[i] = NULL;
        if (f->dirty_txn) f->dirty_txn[i] = 0;
    }
    if (from < f->n) f->n = from;
}

/* Drops clean and out-of-range pages from the dirty list. */
static void compact_dirty(gj_pages *f)
{
    uint32_t i, k = 0;
    for (i = 0; i < f->ndirty; i++) {
        uint32_t p = f->dirty[i];
        if (p <= f->n && f->dirty_txn[p - 1]) f->dirty[k++] = p;
    }
    f->ndirty = k;
}

static int mark_dirty(gj_pages *f, uint32_t idx)
{
    if (!f->main_db) return SQLITE_OK;
    if (!f->dirty_txn[idx]) {
        if (f->ndirty == f->dirty_cap) {
            uint32_t cap = f->dirty_cap ? f->dirty_cap * 2 : 64;
            uint32_t *d = gj_realloc(f->dirty, cap * sizeof *d);
            if (!d) return SQLITE_NOMEM;
            f->dirty = d;
            f->dirty_cap = cap;
        }
        f->dirty[f->ndirty++] = idx + 1;
    }
    f->dirty_txn[idx] = f->txn + 1;
    f->written = 1;
    return SQLITE_OK;
}

static int reserve(gj_pages *f, uint32_t n)
{
    unsigned char **b;
    int64_t *d = NULL;
    uint32_t cap;
    if (n <= f->cap) return SQLITE_OK;
    cap = f->cap ? f->cap : 16;
    while (cap < n) cap *= 2;
    b = gj_realloc(f->blk, cap * sizeof *b);
    if (!b) return SQLITE_NOMEM;
    f->blk = b;
    memset(b + f->cap, 0, (cap - f->cap) * sizeof *b);
    if (f->main_db) {
        d = gj_realloc(f->dirty_txn, cap * sizeof *d);
        if (!d) return SQLITE_NOMEM;
        memset(d + f->cap, 0, (cap - f->cap) * sizeof *d);
        f->dirty_txn = d;
    }
    f->cap = cap;
    return SQLITE_OK;
}

/* Makes blocks [0, n) exist (new ones zeroed); `dirty` marks new ones. */
static int grow(gj_pages *f, uint32_t n, int dirty)
{
    int rc = reserve(f, n);
    if (rc != SQLITE_OK) return rc;
    while (f->n < n) {
        f->blk[f->n] = gj_calloc(1, (size_t)f->bs);
        if (!f->blk[f->n]) return SQLITE_NOMEM;
        if (dirty && (rc = mark_dirty(f, f->n)) != SQLITE_OK) { f->n++; return rc; }
        f->n++;
    }
    return SQLITE_OK;
}

/* Re-cuts the file into blocks of `bs` bytes; every block becomes dirty. */
static int recut(gj_pages *f, int bs)
{
    gj_pages old = *f;
    uint32_t n = (uint32_t)((f->size + bs - 1) / bs), i;
    int64_t off;
    f->blk = NULL;
    f->dirty_txn = NULL;
    f->n = f->cap = 0;
    f->ndirty = 0;
    f->bs = bs;
    if (grow(f, n, 1) != SQLITE_OK) {
        free_blocks(f, 0);
        free(f->blk);
        free(f->dirty_txn);
        f->blk = old.blk; f->dirty_txn = old.dirty_txn;
        f->n = old.n; f->cap = old.cap; f->bs = old.bs; f->ndirty = 0;
        return SQLITE_NOMEM;
    }
    for (off = 0; off < f->size; off += old.bs) {
        int64_t len = f->size - off < old.bs ? f->size - off : old.bs;
        int64_t done = 0;
        while (done < len) {
            int64_t at = off + done;
            int64_t piece = bs - at % bs;
            if (piece > len - done) piece = len - done;
            memcpy(f->blk[at / bs] + at % bs, old.blk[off / old.bs] + done, (size_t)piece);
            done += piece;
        }
    }
    for (i = 0; i < old.n; i++) free(old.blk[i]);
    free(old.blk);
    free(old.dirty_txn);
    return SQLITE_OK;
}

static int is_page_size(int n)
{
    return n >= 512 && n <= 65536 && (n & (n - 1)) == 0;
}

static int file_write(gj_pages *f, const unsigned char *src, int amt, int64_t off)
{
    int64_t end = off + amt, done = 0;
    int rc;
    if (f->bs == 0) f->bs = f->main_db && is_page_size(amt) ? amt : OTHER_BLOCK;
    else if (f->main_db && amt != f->bs && is_page_size(amt) && off % amt == 0 && f->size > 0
             && (rc = recut(f, amt)) != SQLITE_OK)
        return rc;
    if ((rc = grow(f, (uint32_t)((end + f->bs - 1) / f->bs), 1)) != SQLITE_OK) return rc;
    while (done < amt) {
        int64_t at = off + done;
        int64_t piece = f->bs - at % f->bs;
        if (piece > amt - done) piece = amt - done;
        memcpy(f->blk[at / f->bs] + at % f->bs, src + done, (size_t)piece);
        if ((rc = mark_dirty(f, (uint32_t)(at / f->bs))) != SQLITE_OK) return rc;
        done += piece;
    }
    if (end > f->size) f->size = end;
    return SQLITE_OK;
}

static int file_truncate(gj_pages *f, int64_t size)
{
    uint32_t keep;
    if (size >= f->size) return SQLITE_OK;
    keep = f->bs ? (uint32_t)((size + f->bs - 1) / f->bs) : 0;
    free_blocks(f, keep);
    f->size = size;
    if (f->main_db) {
        compact_dirty(f);
        f->written = 1; /* the page count changed: a transaction to persist */
    }
    /* Zero the cut-off tail of the last block so a later extension reads
     * zeros, as it would from a real file; the block changed, so a copy
     * persisted from the dirty pages must get it again. */
    if (keep && size % f->bs) {
        memset(f->blk[keep - 1] + size % f->bs, 0, (size_t)(f->bs - size % f->bs));
        return mark_dirty(f, keep - 1);
    }
    return SQLITE_OK;
}

static void file_free(gj_pages *f)
{
    gj_pages **pp;
    for (pp = &files; *pp; pp = &(*pp)->next) {
        if (*pp == f) { *pp = f->next; break; }
    }
    free_blocks(f, 0);
    free(f->blk);
    free(f->dirty_txn);
    free(f->dirty);
    free(f->name);
    free(f);
}

static gj_pages *file_find(const char *name)
{
    gj_pages *f;
    for (f = files; f; f = f->next)
        if (f->name && strcmp(f->name, name) == 0) return f;
    return NULL;
}

static gj_pages *file_new(const char *name, int main_db)
{
    gj_pages *f = gj_calloc(1, sizeof *f);
    if (!f) return NULL;
    if (name && !(f->name = gj_strdup(name))) { free(f); return NULL; }
    f->main_db = main_db;
    f->next = files;
    files = f;
    return f;
}

/* ---- sqlite3_io_methods ---- */

static int mv_close(sqlite3_file *file)
{
    mv_handle *h = (mv_handle *)file;
    gj_pages *f = h->f;
    if (h->lock >= SQLITE_LOCK_SHARED) f->shared--;
    if (f->writer == h) f->writer = NULL;
    f->refs--;
    if (h->delete_on_close && f->refs == 0) file_free(f);
    return SQLITE_OK;
}

static int mv_read(sqlite3_file *file, void *buf, int amt, sqlite3_int64 off)
{
    gj_pages *f = ((mv_handle *)file)->f;
    unsigned char *dst = buf;
    int64_t done = 0, avail = f->size - off;
    if (avail < 0) avail = 0;
    while (done < amt && done < avail) {
        int64_t at = off + done;
        int64_t piece = f->bs - at % f->bs;
        if (piece > amt - done) piece = amt - done;
        if (piece > avail - done) piece = avail - done;
        memcpy(dst + done, f->blk[at / f->bs] + at % f->bs, (size_t)piece);
        done += piece;
    }
    if (done < amt) {
        memset(dst + done, 0, (size_t)(amt - done));
        return SQLITE_IOERR_SHORT_READ;
    }
    return SQLITE_OK;
}

static int mv_write(sqlite3_file *file, const void *buf, int amt, sqlite3_int64 off)
{
    gj_pages *f = ((mv_handle *)file)->f;
    int rc;
    if (f->readonly) return SQLITE_READONLY;
    rc = file_write(f, buf, amt, off);
    return rc == SQLITE_NOMEM ? SQLITE_IOERR_NOMEM : rc;
}

static int mv_truncate(sqlite3_file *file, sqlite3_int64 size)
{
    gj_pages *f = ((mv_handle *)file)->f;
    int rc;
    if (f->readonly) return SQLITE_READONLY;
    rc = file_truncate(f, size);
    return rc == SQLITE_NOMEM ? SQLITE_IOERR_NOMEM : rc;
}

static int mv_sync(sqlite3_file *file, int flags) { return SQLITE_OK; }

static int mv_file_size(sqlite3_file *file, sqlite3_int64 *size)
{
    *size = ((mv_handle *)file)->f->size;
    return SQLITE_OK;
}

/* Locks between connections of this process (one worker): many readers,
 * one writer, and EXCLUSIVE only once the other readers are gone. */
static int mv_lock(sqlite3_file *file, int level)
{
    mv_handle *h = (mv_handle *)file;
    gj_pages *f = h->f;
    if (level <= h->lock) return SQLITE_OK;
    if (h->lock == SQLITE_LOCK_NONE) {
        if (f->writer && ((mv_handle *)f->writer)->lock >= SQLITE_LOCK_PENDING) return SQLITE_BUSY;
        f->shared++;
        h->lock = SQLITE_LOCK_SHARED;
    }
    if (level >= SQLITE_LOCK_RESERVED) {
        if (f->writer && f->writer != h) return SQLITE_BUSY;
        f->writer = h;
        h->lock = SQLITE_LOCK_RESERVED;
    }
    if (level >= SQLITE_LOCK_PENDING) {
        h->lock = SQLITE_LOCK_PENDING;
        if (level == SQLITE_LOCK_EXCLUSIVE) {
            if (f->shared > 1) return SQLITE_BUSY;
            h->lock = SQLITE_LOCK_EXCLUSIVE;
        }
    }
    return SQLITE_OK;
}

static int mv_unlock(sqlite3_file *file, int level)
{
    mv_handle *h = (mv_handle *)file;
    gj_pages *f = h->f;
    if (level >= h->lock) return SQLITE_OK;
    if (f->writer == h) {
        f->writer = NULL;
        /* The write transaction is over (committed or rolled back). */
        if (f->written) {
            f->txn++;
            f->written = 0;
        }
    }
    if (level == SQLITE_LOCK_NONE && h->lock >= SQLITE_LOCK_SHARED) f->shared--;
    h->lock = level;
    return SQLITE_OK;
}

static int mv_check_reserved(sqlite3_file *file, int *out)
{
    *out = ((mv_handle *)file)->f->writer != NULL;
    return SQLITE_OK;
}

static int mv_file_control(sqlite3_file *file, int op, void *arg) { return SQLITE_NOTFOUND; }
static int mv_sector_size(sqlite3_file *file) { return 512; }

static int mv_device_characteristics(sqlite3_file *file)
{
    return SQLITE_IOCAP_SAFE_APPEND | SQLITE_IOCAP_SEQUENTIAL | SQLITE_IOCAP_POWERSAFE_OVERWRITE;
}

static const sqlite3_io_methods mv_methods = {
    1, mv_close, mv_read, mv_write, mv_truncate, mv_sync, mv_file_size,
    mv_lock, mv_unlock, mv_check_reserved, mv_file_control, mv_sector_size,
    mv_device_characteristics,
    NULL, NULL, NULL, NULL, NULL, NULL, /* version 1: no WAL, no mmap */
};

/* ---- sqlite3_vfs ---- */

static int mv_open(sqlite3_vfs *vfs, sqlite3_filename name, sqlite3_file *file,
                   int flags, int *out_flags)
{
    mv_handle *h = (mv_handle *)file;
    int main_db = (flags & SQLITE_OPEN_MAIN_DB) != 0;
    gj_pages *f = name ? file_find(name) : NULL;
    memset(h, 0, sizeof *h);
    if (!f) {
        if (!(flags & SQLITE_OPEN_CREATE)) return SQLITE_CANTOPEN;
        if (!(f = file_new(name, main_db))) return SQLITE_NOMEM;
    }
    if (f->main_db != main_db) return SQLITE_CANTOPEN;
    h->base.pMethods = &mv_methods;
    h->f = f;
    h->delete_on_close = !name || (flags & SQLITE_OPEN_DELETEONCLOSE);
    f->refs++;
    if (out_flags) *out_flags = f->readonly ? (flags & ~SQLITE_OPEN_READWRITE) | SQLITE_OPEN_READONLY : flags;
    return SQLITE_OK;
}

static int mv_delete(sqlite3_vfs *vfs, const char *name, int sync_dir)
{
    gj_pages *f = file_find(name);
    if (f && !f->main_db && f->refs == 0) file_free(f);
    return SQLITE_OK;
}

static int mv_access(sqlite3_vfs *vfs, const char *name, int flags, int *out)
{
    gj_pages *f = file_find(name);
    *out = f && (flags != SQLITE_ACCESS_EXISTS || f->size > 0);
    return SQLITE_OK;
}

static int mv_full_pathname(sqlite3_vfs *vfs, const char *name, int n, char *out)
{
    sqlite3_snprintf(n, out, "%s", name);
    return SQLITE_OK;
}

static int mv_randomness(sqlite3_vfs *vfs, int n, char *out) { return fallback->xRandomness(fallback, n, out); }
static int mv_sleep(sqlite3_vfs *vfs, int us) { return fallback->xSleep(fallback, us); }
/* The unix VFS has no xCurrentTime under SQLITE_OMIT_DEPRECATED: only
 * the 64-bit clock (VFS version 2) is delegated. */
static int mv_current_time64(sqlite3_vfs *vfs, sqlite3_int64 *out)
{
    return fallback->xCurrentTimeInt64(fallback, out);
}

static int mv_current_time(sqlite3_vfs *vfs, double *out)
{
    sqlite3_int64 ms = 0;
    int rc = mv_current_time64(vfs, &ms);
    *out = ms / 86400000.0;
    return rc;
}
static int mv_last_error(sqlite3_vfs *vfs, int n, char *out) { return 0; }

static sqlite3_vfs mv_vfs = {
    2, sizeof(mv_handle), 512, NULL, GJ_MEMVFS_NAME, NULL,
    mv_open, mv_delete, mv_access, mv_full_pathname,
    NULL, NULL, NULL, NULL, /* no extensions */
    mv_randomness, mv_sleep, mv_current_time, mv_last_error,
    mv_current_time64, NULL, NULL, NULL, /* version 2: no system calls to override */
};

int gj_memvfs_register(void)
{
    if (fallback) return SQLITE_OK;
    gj_mem_init(); /* before SQLite starts (gj_pages_open may come first) */
    fallback = sqlite3_vfs_find(NULL);
    if (!fallback || fallback->iVersion < 2 || !fallback->xCurrentTimeInt64) return SQLITE_ERROR;
    return sqlite3_vfs_register(&mv_vfs, 0);
}

/* ---- the public gj_pages_* API (genjin.h) ---- */

gj_pages *gj_pages_open(const char *name)
{
    gj_pages *f;
    if (!gj_memvfs_is_name(name) || gj_memvfs_register() != SQLITE_OK) return NULL;
    f = file_find(name);
    return f ? f : file_new(name, 1);
}

int gj_pages_drop(const char *name)
{
    gj_pages *f = name ? file_find(name) : NULL;
    if (!f || !f->main_db) return GJ_NOTFOUND;
    if (f->refs) return GJ_ERROR;
    file_free(f);
    return GJ_OK;
}

int gj_pages_load(gj_pages *f, uint32_t pgno, const void *data, int size)
{
    int rc;
    if (!f || pgno == 0 || !data || !is_page_size(size)) return GJ_INVALID;
    if (f->bs && f->bs != size && f->n > 0) return GJ_INVALID;
    if (f->writer) return GJ_ERROR;
    f->bs = size;
    if ((rc = grow(f, pgno, 0)) != SQLITE_OK) return GJ_NOMEM;
    memcpy(f->blk[pgno - 1], data, (size_t)size);
    if (f->dirty_txn[pgno - 1]) {
        f->dirty_txn[pgno - 1] = 0;
        compact_dirty(f);
    }
    if ((int64_t)pgno * size > f->size) f->size = (int64_t)pgno * size;
    return GJ_OK;
}

int gj_pages_set_count(gj_pages *f, uint32_t count)
{
    if (!f || (count && !f->bs)) return GJ_INVALID;
    if (f->writer) return GJ_ERROR;
    if (count < f->n) {
        free_blocks(f, count);
        compact_dirty(f);
    } else if (grow(f, count, 0) != SQLITE_OK) {
        return GJ_NOMEM;
    }
    f->size = (int64_t)count * f->bs;
    return GJ_OK;
}

void gj_pages_set_readonly(gj_pages *f, int readonly) { if (f) f->readonly = readonly != 0; }
int gj_pages_page_size(const gj_pages *f) { return f ? f->bs : 0; }
uint32_t gj_pages_count(const gj_pages *f) { return f ? f->n : 0; }

const unsigned char *gj_pages_data(const gj_pages *f, uint32_t pgno)
{
    return f && pgno >= 1 && pgno <= f->n ? f->blk[pgno - 1] : NULL;
}

int64_t gj_pages_txn(const gj_pages *f) { return f ? f->txn : 0; }
int64_t gj_pages_base_txn(const gj_pages *f) { return f ? f->base_txn : 0; }

void gj_pages_set_txn(gj_pages *f, int64_t txn)
{
    if (!f) return;
    f->txn = f->base_txn = txn;
}

uint32_t gj_pages_dirty_count(const gj_pages *f) { return f ? f->ndirty : 0; }

uint32_t gj_pages_dirty_pgno(const gj_pages *f, uint32_t i)
{
    return f && i < f->ndirty ? f->dirty[i] : 0;
}

void gj_pages_mark_clean(gj_pages *f, int64_t txn)
{
    uint32_t i;
    if (!f || !f->main_db) return;
    for (i = 0; i < f->ndirty; i++) {
        uint32_t p = f->dirty[i];
        if (f->dirty_txn[p - 1] <= txn) f->dirty_txn[p - 1] = 0;
    }
    compact_dirty(f);
    if (txn > f->base_txn) f->base_txn = txn <= f->txn ? txn : f->txn;
}
