/*
 * Team sync's files and ordering (docs/sync.md, "File framing"): a file is
 * "GJC1" and records of (header, changeset); a record is applied once
 * its device's earlier records and its deps are, so the order files come
 * in does not matter.
 */
#include "sync/sync.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAGIC "GJC1"
#define HEADER_FIXED 32 /* device 8, seq 8, hlc 8, schema 4, ndeps 4 */

typedef struct {
    unsigned char *p;
    size_t n, cap;
} bytes;

static int put(bytes *b, const void *src, size_t n)
{
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        unsigned char *p;
        while (cap < b->n + n) cap *= 2;
        if (!(p = gj_realloc(b->p, cap))) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
    return 0;
}

static int put_be(bytes *b, uint64_t v, int width)
{
    unsigned char o[8];
    int i;
    for (i = width - 1; i >= 0; i--) {
        o[i] = (unsigned char)v;
        v >>= 8;
    }
    return put(b, o, (size_t)width);
}

static uint64_t get_be(const unsigned char *p, int width)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < width; i++) v = v << 8 | p[i];
    return v;
}

static void device_hex(const unsigned char *p, char *out)
{
    int i;
    for (i = 0; i < 8; i++) snprintf(out + 2 * i, 3, "%02x", p[i]);
}

static int store_fail(gj_db *db, int rc) { return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc); }

int gj_sync_enable(gj_db *db) { return store_fail(db, gj_store_sync_enable(gj_db_store(db))); }

/* Appends one record to `b`. */
typedef struct {
    bytes b;
    const char *device;
    int schema;
    int oom;
    int count;
    int64_t first, last;
    gj_sync_file_fn fn;
    void *ctx;
} frame_ctx;

static int put_record(frame_ctx *f, int64_t seq, int64_t hlc, const unsigned char *deps, int ndeps,
                      const void *cs, int ncs)
{
    unsigned char dev[8];
    gj_sync_device_bytes(f->device, dev);
    if (put_be(&f->b, (uint64_t)(HEADER_FIXED + 16 * ndeps), 4) || put(&f->b, dev, 8) ||
        put_be(&f->b, (uint64_t)seq, 8) || put_be(&f->b, (uint64_t)hlc, 8) ||
        put_be(&f->b, (uint64_t)f->schema, 4) || put_be(&f->b, (uint64_t)ndeps, 4) ||
        (ndeps && put(&f->b, deps, (size_t)ndeps * 16)) || put_be(&f->b, (uint64_t)ncs, 4) ||
        put(&f->b, cs, (size_t)ncs))
        return -1;
    if (!f->count++) f->first = seq;
    f->last = seq;
    return 0;
}

static int export_entry(void *ctx, int64_t seq, int64_t hlc, const unsigned char *deps, int ndeps,
                        const void *cs, int ncs)
{
    frame_ctx *f = ctx;
    if (put_record(f, seq, hlc, deps, ndeps, cs, ncs)) f->oom = 1;
    return f->oom;
}

static int file_entry(void *ctx, int64_t seq, int64_t hlc, const unsigned char *deps, int ndeps,
                      const void *cs, int ncs)
{
    frame_ctx *f = ctx;
    f->b.n = 0;
    if (put(&f->b, MAGIC, 4) || put_record(f, seq, hlc, deps, ndeps, cs, ncs)) {
        f->oom = 1;
        return 1;
    }
    return f->fn(f->ctx, seq, hlc, f->b.p, f->b.n);
}

static int read_device(gj_db *db, gj_sync_device *dev)
{
    return store_fail(db, gj_store_sync_device(gj_db_store(db), dev));
}

/* Turns sync on and readies f to frame this device's records. */
static int frame_start(gj_db *db, gj_sync_device *dev, frame_ctx *f)
{
    int rc;
    memset(f, 0, sizeof *f);
    if ((rc = gj_sync_enable(db)) != GJ_OK || (rc = read_device(db, dev)) != GJ_OK) return rc;
    f->device = dev->device;
    f->schema = gj_store_schema_version(gj_db_store(db));
    return GJ_OK;
}

int gj_sync_outbox_files(gj_db *db, int64_t since, int limit, gj_sync_file_fn fn, void *ctx)
{
    gj_sync_device dev;
    frame_ctx f;
    int rc;
    if ((rc = frame_start(db, &dev, &f)) != GJ_OK) return rc;
    f.fn = fn;
    f.ctx = ctx;
    rc = store_fail(db, gj_store_sync_outbox(gj_db_store(db), since, limit, file_entry, &f));
    gj_free(f.b.p);
    if (rc == GJ_OK && f.oom) rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    return rc;
}

int gj_sync_export(gj_db *db, int64_t since, unsigned char **file, size_t *n, int64_t *first,
                   int64_t *last, int *count)
{
    gj_sync_device dev;
    frame_ctx f;
    int rc;
    *file = NULL;
    *n = 0;
    *first = *last = 0;
    *count = 0;
    if ((rc = frame_start(db, &dev, &f)) != GJ_OK) return rc;
    if (put(&f.b, MAGIC, 4)) f.oom = 1;
    rc = f.oom ? GJ_OK : store_fail(db, gj_store_sync_outbox(gj_db_store(db), since, 0, export_entry, &f));
    if (rc == GJ_OK && f.oom) rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    if (rc != GJ_OK) {
        gj_free(f.b.p);
        return rc;
    }
    *file = f.b.p;
    *n = f.b.n;
    *first = f.first;
    *last = f.last;
    *count = f.count;
    return GJ_OK;
}

/* ---- reading files ---- */

typedef struct {
    char device[GJ_SYNC_DEVICE_LEN + 1];
    int64_t seq, hlc;
    const unsigned char *deps;
    int ndeps;
    const unsigned char *cs;
    int ncs;
    int status;
} record;

static int bad_file(gj_db *db, int file, const char *what)
{
    gj_db_fail_reason(db, GJ_INVALID, "files", "bad_sync_file", "sync file %d is not a Genjin changes file: %s",
                      file + 1, what);
    return gj_db_error_param_num(db, "file", file + 1);
}

/* Splits one file into records appended to *recs. */
static int parse_file(gj_db *db, int fi, const unsigned char *p, size_t n, record **recs, int *nrec, int *cap)
{
    size_t at = 4;
    int schema = gj_store_schema_version(gj_db_store(db));
    if (n < 4 || memcmp(p, MAGIC, 4) != 0) return bad_file(db, fi, "it does not start with GJC1");
    while (at < n) {
        record r;
        uint64_t hlen, ncs;
        memset(&r, 0, sizeof r);
        if (n - at < 4) return bad_file(db, fi, "it is truncated");
        hlen = get_be(p + at, 4);
        at += 4;
        if (hlen < HEADER_FIXED || hlen > n - at) return bad_file(db, fi, "a record header is truncated");
        device_hex(p + at, r.device);
        r.seq = (int64_t)get_be(p + at + 8, 8);
        r.hlc = (int64_t)get_be(p + at + 16, 8);
        if ((int)get_be(p + at + 24, 4) != schema) {
            gj_db_fail_reason(db, GJ_INVALID, "files", "sync_schema",
                              "sync file %d was made by a Genjin with schema version %d; this one has %d",
                              fi + 1, (int)get_be(p + at + 24, 4), schema);
            gj_db_error_param_num(db, "file", fi + 1);
            return gj_db_error_param_num(db, "version", (double)get_be(p + at + 24, 4));
        }
        r.ndeps = (int)get_be(p + at + 28, 4);
        if ((uint64_t)r.ndeps * 16 != hlen - HEADER_FIXED) return bad_file(db, fi, "a record header is damaged");
        if (r.seq < 1 || r.hlc < 0) return bad_file(db, fi, "a record has a bad sequence number or time");
        r.deps = p + at + HEADER_FIXED;
        at += hlen;
        if (n - at < 4) return bad_file(db, fi, "it is truncated");
        ncs = get_be(p + at, 4);
        at += 4;
        if (ncs > n - at) return bad_file(db, fi, "a changeset is truncated");
        r.cs = p + at;
        r.ncs = (int)ncs;
        at += ncs;
        if (*nrec == *cap) {
            int c = *cap ? *cap * 2 : 16;
            record *g = gj_realloc(*recs, (size_t)c * sizeof *g);
            if (!g) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
            *recs = g;
            *cap = c;
        }
        (*recs)[(*nrec)++] = r;
    }
    return GJ_OK;
}

/* Whether r can be applied now; when not, the first thing it waits for. */
static int ready(gj_db *db, const record *r, const char *me, int64_t *peer, char *need_dev, int64_t *need_seq,
                 int *rc)
{
    gj_store *st = gj_db_store(db);
    int i;
    *rc = store_fail(db, gj_store_sync_peer_seq(st, r->device, peer));
    if (*rc != GJ_OK) return 0;
    if (r->seq != *peer + 1) {
        snprintf(need_dev, GJ_SYNC_DEVICE_LEN + 1, "%s", r->device);
        *need_seq = *peer + 1;
        return 0;
    }
    for (i = 0; i < r->ndeps; i++) {
        char dev[GJ_SYNC_DEVICE_LEN + 1];
        int64_t want = (int64_t)get_be(r->deps + 16 * i + 8, 8), have = 0;
        device_hex(r->deps + 16 * i, dev);
        if (strcmp(dev, me) == 0) continue; /* this device's own: here already */
        if ((*rc = store_fail(db, gj_store_sync_peer_seq(st, dev, &have))) != GJ_OK) return 0;
        if (have < want) {
            snprintf(need_dev, GJ_SYNC_DEVICE_LEN + 1, "%s", dev);
            *need_seq = have + 1;
            return 0;
        }
    }
    return 1;
}

int gj_sync_apply_files(gj_db *db, const unsigned char *const *files, const size_t *lens, int nfiles,
                        gj_sync_outcome **out, int *nout, int *conflicts)
{
    record *recs = NULL;
    gj_sync_outcome *res = NULL;
    gj_sync_device me;
    int nrec = 0, cap = 0, i, rc = GJ_OK, progress = 1;
    *out = NULL;
    *nout = 0;
    *conflicts = 0;
    if ((rc = gj_sync_enable(db)) != GJ_OK || (rc = read_device(db, &me)) != GJ_OK) return rc;
    for (i = 0; i < nfiles && rc == GJ_OK; i++) rc = parse_file(db, i, files[i], lens[i], &recs, &nrec, &cap);
    if (rc != GJ_OK) goto done;
    if (nrec && !(res = gj_calloc((size_t)nrec, sizeof *res))) {
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        goto done;
    }
    /* Passes until nothing more can go: each applies what is ready. */
    while (progress && rc == GJ_OK) {
        progress = 0;
        for (i = 0; i < nrec && rc == GJ_OK; i++) {
            record *r = &recs[i];
            int64_t peer = 0;
            int n = 0;
            if (r->status) continue;
            res[i].status = GJ_SYNC_PENDING;
            if (strcmp(r->device, me.device) == 0) {
                r->status = GJ_SYNC_DUPLICATE;
                continue;
            }
            if (!ready(db, r, me.device, &peer, res[i].need_device, &res[i].need_seq, &rc)) {
                if (rc == GJ_OK && r->seq <= peer) r->status = GJ_SYNC_DUPLICATE;
                continue;
            }
            rc = store_fail(db, gj_store_sync_apply(gj_db_store(db), r->device, r->seq, r->hlc, r->cs, r->ncs, &n));
            if (rc == GJ_INVALID) {
                gj_db_fail_reason(db, GJ_INVALID, "files", "bad_sync_file", "sync record %s/%lld cannot be applied: %s",
                                  r->device, (long long)r->seq, gj_store_errmsg(gj_db_store(db)));
                gj_db_error_param(db, "device", r->device);
            }
            *conflicts += n;
            r->status = GJ_SYNC_APPLIED;
            progress = 1;
        }
    }
    {
        int end = store_fail(db, gj_store_sync_apply_done(gj_db_store(db), rc == GJ_OK));
        if (rc == GJ_OK) rc = end;
    }
    if (rc != GJ_OK) goto done;
    for (i = 0; i < nrec; i++) {
        snprintf(res[i].device, sizeof res[i].device, "%s", recs[i].device);
        res[i].seq = recs[i].seq;
        if (recs[i].status) res[i].status = recs[i].status;
    }
    *out = res;
    *nout = nrec;
    res = NULL;
done:
    gj_free(res);
    gj_free(recs);
    return rc;
}
