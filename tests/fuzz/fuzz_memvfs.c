/*
 * Fuzz target: the memvfs page store, driven through its SQLite file
 * methods the way the pager drives it, checked against a plain model of
 * the file's bytes. Operations (one byte each plus arguments): page
 * writes, unaligned writes, truncates, page-size changes (the file
 * rewritten in pages of another size, as VACUUM does), commits, rollbacks
 * (the old pages written back and the file cut to its old size, as the
 * pager does from its journal), reads, and persisting: copying only the
 * dirty pages into a second model of what IndexedDB holds, marking them
 * clean, and loading that copy into a fresh store.
 *
 * Checks: every read and the file size match the model; bytes past the
 * end of the last page are zero; after persisting, the persisted pages
 * equal the file (so dirty tracking missed nothing) and a store loaded
 * from them holds the same bytes; a transaction that wrote advances the
 * transaction number by one.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_db.h"
#include "sqlite3.h"
#include "store/memvfs.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define NAME "genjin-mem:fuzz-vfs"
#define COPY "genjin-mem:fuzz-vfs-copy"
#define MAX_FILE (256 * 1024)

typedef struct {
    unsigned char *b;
    size_t n;
} bytes;

typedef struct {
    const uint8_t *p;
    size_t n;
} input;

static int take(input *in)
{
    if (!in->n) return 0;
    in->n--;
    return *in->p++;
}

static void set_size(bytes *m, size_t n)
{
    unsigned char *b;
    if (n > m->n) {
        if (!(b = realloc(m->b, n ? n : 1))) fuzz_fail("out of memory", NULL);
        memset(b + m->n, 0, n - m->n);
        m->b = b;
    }
    m->n = n;
}

static void model_write(bytes *m, const unsigned char *src, size_t amt, size_t off)
{
    if (!amt) return;
    if (off + amt > m->n) set_size(m, off + amt);
    memcpy(m->b + off, src, amt);
}

/* Whether the first n bytes agree (either may be NULL when n is 0). */
static int same(const unsigned char *a, const unsigned char *b, size_t n)
{
    return n == 0 || memcmp(a, b, n) == 0;
}

static sqlite3_vfs *vfs;
static sqlite3_file *fh;
static int in_txn, touched; /* in a write transaction; it wrote or cut the file */
static bytes model, before, persisted; /* the file; at the transaction's start; in "IndexedDB" */
static int persisted_ps;

static void vfs_check(int rc, const char *what)
{
    if (rc != SQLITE_OK) fuzz_fail(what, sqlite3_errstr(rc));
}

static void begin(void)
{
    if (in_txn) return;
    vfs_check(fh->pMethods->xLock(fh, SQLITE_LOCK_RESERVED), "lock RESERVED");
    vfs_check(fh->pMethods->xLock(fh, SQLITE_LOCK_EXCLUSIVE), "lock EXCLUSIVE");
    set_size(&before, 0);
    model_write(&before, model.b, model.n, 0);
    before.n = model.n;
    in_txn = 1;
}

static void end(gj_pages *p)
{
    int64_t txn = gj_pages_txn(p);
    if (!in_txn) return;
    /* A transaction counts when it wrote or cut the file, even when the
     * bytes ended where they began (a rollback): the page count or the
     * dirty set may have changed. */
    vfs_check(fh->pMethods->xUnlock(fh, SQLITE_LOCK_SHARED), "unlock");
    if (gj_pages_txn(p) != txn + touched)
        fuzz_fail(touched ? "a transaction that wrote did not advance the number by one"
                          : "a transaction that wrote nothing advanced the number", NULL);
    in_txn = touched = 0;
}

static int page_size(gj_pages *p) { return gj_pages_page_size(p) ? gj_pages_page_size(p) : 4096; }

static void write_at(const unsigned char *src, size_t amt, size_t off)
{
    vfs_check(fh->pMethods->xWrite(fh, src, (int)amt, (sqlite3_int64)off), "write");
    touched = 1;
    model_write(&model, src, amt, off);
}

static void truncate_to(size_t n)
{
    vfs_check(fh->pMethods->xTruncate(fh, (sqlite3_int64)n), "truncate");
    if (n < model.n) { model.n = n; touched = 1; }
}

static void check_file(gj_pages *p)
{
    sqlite3_int64 sz = -1;
    int ps = gj_pages_page_size(p);
    uint32_t last;
    vfs_check(fh->pMethods->xFileSize(fh, &sz), "file size");
    if ((size_t)sz != model.n) fuzz_fail("file size differs from the model", NULL);
    if (!ps || !model.n) return;
    last = (uint32_t)((model.n + ps - 1) / ps);
    if (gj_pages_count(p) != last) fuzz_fail("page count differs from the file size", NULL);
    {
        const unsigned char *d = gj_pages_data(p, last);
        size_t i, from = model.n - (size_t)(last - 1) * ps;
        for (i = from; i < (size_t)ps; i++)
            if (d[i]) fuzz_fail("bytes past the end of the file are not zero", NULL);
    }
}

static void check_read(size_t off, size_t amt)
{
    unsigned char *buf = malloc(amt ? amt : 1);
    size_t i;
    int rc, short_read = off + amt > model.n;
    if (!buf) fuzz_fail("out of memory", NULL);
    rc = fh->pMethods->xRead(fh, buf, (int)amt, (sqlite3_int64)off);
    if (rc != (short_read ? SQLITE_IOERR_SHORT_READ : SQLITE_OK)) fuzz_fail("read result", sqlite3_errstr(rc));
    for (i = 0; i < amt; i++) {
        unsigned char want = off + i < model.n ? model.b[off + i] : 0;
        if (buf[i] != want) fuzz_fail("read differs from the model", NULL);
    }
    free(buf);
}

/* What the worker does after a write: copy the dirty pages to IndexedDB
 * (a page-size change there means a full rewrite, which memvfs marks as
 * every page dirty), mark them clean; then check the copy. */
static void persist(gj_pages *p)
{
    int ps = gj_pages_page_size(p);
    uint32_t i, n = gj_pages_count(p);
    gj_pages *c;
    if (in_txn || !ps) return;
    if (ps != persisted_ps) {
        set_size(&persisted, 0);
        persisted_ps = ps;
    }
    set_size(&persisted, (size_t)n * ps);
    for (i = 0; i < gj_pages_dirty_count(p); i++) {
        uint32_t pg = gj_pages_dirty_pgno(p, i);
        if (pg < 1 || pg > n) fuzz_fail("dirty page out of range", NULL);
        memcpy(persisted.b + (size_t)(pg - 1) * ps, gj_pages_data(p, pg), (size_t)ps);
    }
    gj_pages_mark_clean(p, gj_pages_txn(p));
    if (gj_pages_dirty_count(p) != 0) fuzz_fail("pages stay dirty after marking clean", NULL);
    if (!same(persisted.b, model.b, model.n))
        fuzz_fail("persisting the dirty pages does not reproduce the file", NULL);

    gj_pages_drop(COPY);
    if (!(c = gj_pages_open(COPY))) fuzz_fail("open the copy", NULL);
    for (i = 0; i < n; i++)
        if (gj_pages_load(c, i + 1, persisted.b + (size_t)i * ps, ps) != GJ_OK) fuzz_fail("load a page", NULL);
    if (gj_pages_set_count(c, n) != GJ_OK || gj_pages_count(c) != n) fuzz_fail("set the page count", NULL);
    for (i = 0; i < n; i++)
        if (memcmp(gj_pages_data(c, i + 1), gj_pages_data(p, i + 1), (size_t)ps) != 0)
            fuzz_fail("a loaded copy differs from the store", NULL);
    gj_pages_drop(COPY);
}

static void run(input *in, gj_pages *p)
{
    unsigned char page[65536];
    int steps = 0;
    while (in->n && steps++ < 200) {
        int op = take(in) % 9, ps = page_size(p), a = take(in), b = take(in);
        size_t npages = (model.n + ps - 1) / ps, off, amt, i;
        switch (op) {
        case 0: case 1: /* a whole page: rewrite one or append one */
            begin();
            off = (size_t)(a % (npages + 2)) * ps;
            if (off + ps > MAX_FILE) break;
            memset(page, b, (size_t)ps);
            page[a % ps] ^= 0x5a;
            write_at(page, (size_t)ps, off);
            break;
        case 2: /* an unaligned write (journal-like bytes in the main file) */
            begin();
            off = (size_t)(a * 37 + b) % (model.n + 1024);
            amt = 1 + (size_t)(b * 13) % 3000;
            if (off + amt > MAX_FILE) break;
            for (i = 0; i < amt; i++) page[i] = (unsigned char)(a + i);
            write_at(page, amt, off);
            break;
        case 3: /* truncate: to a page boundary, or anywhere */
            begin();
            truncate_to(b & 1 ? (size_t)(a % (npages + 1)) * ps : (size_t)(a * 251 + b) % (model.n + 1));
            break;
        case 4: { /* page-size change: the file rewritten in pages of another size */
            int nps = 512 << (a % 8);
            size_t n = model.n;
            unsigned char *copy = malloc(n ? n : 1);
            if (!copy) fuzz_fail("out of memory", NULL);
            if (n) memcpy(copy, model.b, n);
            begin();
            n = (n + nps - 1) / nps * nps;
            if (n > MAX_FILE) { free(copy); break; }
            for (off = 0; off < n; off += (size_t)nps) {
                memset(page, 0, (size_t)nps);
                if (off < model.n) memcpy(page, copy + off, model.n - off < (size_t)nps ? model.n - off : (size_t)nps);
                write_at(page, (size_t)nps, off);
            }
            free(copy);
            break;
        }
        case 5: /* commit */
            end(p);
            break;
        case 6: /* rollback: the journal's pages back, the old size */
            if (!in_txn) break;
            for (off = 0; off < before.n; off += (size_t)ps) {
                amt = before.n - off < (size_t)ps ? before.n - off : (size_t)ps;
                if (off + amt > model.n || memcmp(model.b + off, before.b + off, amt) != 0)
                    write_at(before.b + off, amt, off);
            }
            if (model.n > before.n) truncate_to(before.n);
            end(p);
            if (model.n != before.n || !same(model.b, before.b, model.n))
                fuzz_fail("the model did not roll back", NULL);
            break;
        case 7: /* read */
            off = (size_t)(a * 131 + b) % (model.n + 2048);
            check_read(off, 1 + (size_t)(b * 7) % 5000);
            break;
        case 8:
            end(p);
            persist(p);
            break;
        }
        check_file(p);
    }
    end(p);
    persist(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    input in = {data, size};
    gj_pages *p;
    int out_flags = 0;
    if (size > 4096) return 0;
    if (gj_memvfs_register() != SQLITE_OK || !(vfs = sqlite3_vfs_find(GJ_MEMVFS_NAME)))
        fuzz_fail("memvfs not registered", NULL);
    gj_pages_drop(NAME);
    if (!(p = gj_pages_open(NAME))) fuzz_fail("open the store", NULL);
    if (!(fh = calloc(1, (size_t)vfs->szOsFile))) fuzz_fail("out of memory", NULL);
    vfs_check(vfs->xOpen(vfs, NAME, fh, SQLITE_OPEN_MAIN_DB | SQLITE_OPEN_READWRITE, &out_flags), "open");
    vfs_check(fh->pMethods->xLock(fh, SQLITE_LOCK_SHARED), "lock SHARED");
    set_size(&model, 0);
    set_size(&persisted, 0);
    persisted_ps = 0;
    in_txn = touched = 0;
    run(&in, p);
    fh->pMethods->xUnlock(fh, SQLITE_LOCK_NONE);
    fh->pMethods->xClose(fh);
    free(fh);
    fh = NULL;
    if (gj_pages_drop(NAME) != GJ_OK) fuzz_fail("drop the store", NULL);
    return 0;
}
