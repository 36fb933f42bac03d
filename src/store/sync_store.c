/*
 * Team sync's state in the store (docs/sync.md): the device row, the
 * capture session (SQLite's session extension) whose changeset goes to
 * the outbox before each outermost COMMIT, the teammates applied, the
 * per-row merge state, and the conflict entries of the audit log.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genjin/genjin.h"
#include "schema.h"
#include "sync_int.h"

static int sq_fail(gj_store *st, int rc) { return gj_store_fail_sqlite(st, rc); }

int gj_clock_cmp(const gj_clock *a, const gj_clock *b)
{
    if (a->hlc != b->hlc) return a->hlc < b->hlc ? -1 : 1;
    return strcmp(a->dev, b->dev);
}

gj_sync_table *gj_sync_table_find(gj_sync_state *s, const char *name)
{
    int i;
    for (i = 0; i < s->ntables; i++)
        if (strcmp(s->tables[i].name, name) == 0) return &s->tables[i];
    return NULL;
}

static int load_table(gj_store *st, gj_sync_table *t, const char *name)
{
    char sql[160];
    sqlite3_stmt *info = NULL;
    int rc;
    t->name = name;
    t->pk = -1;
    snprintf(sql, sizeof sql, "PRAGMA main.table_info(\"%s\")", name);
    if ((rc = sqlite3_prepare_v2(st->db, sql, -1, &info, NULL)) != SQLITE_OK) return sq_fail(st, rc);
    while (sqlite3_step(info) == SQLITE_ROW && t->ncol < GJ_SYNC_MAX_COLS) {
        const char *col = (const char *)sqlite3_column_text(info, 1);
        if (sqlite3_column_int(info, 5) == 1) t->pk = t->ncol;
        if (!(t->cols[t->ncol++] = gj_strdup(col))) {
            sqlite3_finalize(info);
            gj_store_set_err(st, "out of memory");
            return GJ_NOMEM;
        }
    }
    sqlite3_finalize(info);
    if (t->pk < 0) {
        gj_store_set_err(st, "synced table %s has no one-column primary key", name);
        return GJ_ERROR;
    }
    t->natural = strcmp(t->cols[t->pk], "id") != 0;
    snprintf(sql, sizeof sql, "SELECT * FROM main.\"%s\" WHERE \"%s\" = ?1", name, t->cols[t->pk]);
    rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &t->get, NULL);
    return rc == SQLITE_OK ? GJ_OK : sq_fail(st, rc);
}

/* A new capture session on every synced table. */
static int start_session(gj_store *st)
{
    gj_sync_state *s = st->sync;
    int i, rc = sqlite3session_create(st->db, "main", &s->session);
    for (i = 0; rc == SQLITE_OK && i < s->ntables; i++)
        rc = sqlite3session_attach(s->session, s->tables[i].name);
    return rc == SQLITE_OK ? GJ_OK : sq_fail(st, rc);
}

static void stop_session(gj_store *st)
{
    if (st->sync && st->sync->session) sqlite3session_delete(st->sync->session);
    if (st->sync) st->sync->session = NULL;
}

static int read_device(gj_store *st, char *device)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT device FROM sync_device", -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(st, rc);
    device[0] = 0;
    if (sqlite3_step(q) == SQLITE_ROW)
        snprintf(device, GJ_SYNC_DEVICE_LEN + 1, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return GJ_OK;
}

/* Loads the tables and starts capturing: at open when sync is on, or
 * when it is turned on. A failure part way (out of memory) frees what was
 * loaded, so the next call starts again rather than working with half a
 * table list. */
static int sync_start(gj_store *st)
{
    gj_sync_state *s;
    const char *const *t;
    int rc;
    if (st->sync) return GJ_OK;
    if (!(s = st->sync = gj_calloc(1, sizeof *s))) {
        gj_store_set_err(st, "out of memory");
        return GJ_NOMEM;
    }
    st->sync_on = 1;
    if ((rc = read_device(st, s->device)) != GJ_OK) goto fail;
    for (t = gj_schema_synced_tables(); *t; t++)
        if ((rc = load_table(st, &s->tables[s->ntables++], *t)) != GJ_OK) goto fail;
    rc = sqlite3_prepare_v3(st->db, "SELECT del_hlc, del_dev, cells, tomb FROM sync_rows"
                            " WHERE tbl = ?1 AND pk = ?2", -1, SQLITE_PREPARE_PERSISTENT, &s->meta_get, NULL);
    if (rc == SQLITE_OK)
        rc = sqlite3_prepare_v3(st->db, "INSERT OR REPLACE INTO sync_rows (tbl, pk, del_hlc, del_dev, cells, tomb)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, SQLITE_PREPARE_PERSISTENT, &s->meta_put, NULL);
    if (rc != SQLITE_OK) {
        rc = sq_fail(st, rc);
        goto fail;
    }
    if ((rc = start_session(st)) != GJ_OK) goto fail;
    return GJ_OK;
fail:
    gj_sync_close(st);
    return rc;
}

int gj_sync_open(gj_store *st)
{
    int64_t on = 0;
    int rc = gj_store_int(st, "SELECT enabled FROM sync_device", NULL, 0, &on);
    if (rc != GJ_OK || !on) return rc;
    return sync_start(st);
}

void gj_sync_close(gj_store *st)
{
    gj_sync_state *s = st->sync;
    int i, c;
    if (!s) return;
    stop_session(st);
    for (i = 0; i < s->ntables; i++) {
        sqlite3_finalize(s->tables[i].get);
        for (c = 0; c < s->tables[i].ncol; c++) free(s->tables[i].cols[c]);
    }
    sqlite3_finalize(s->meta_get);
    sqlite3_finalize(s->meta_put);
    gj_cs_free(&s->batch.out);
    free(s->batch.recs);
    free(s);
    st->sync = NULL;
    st->sync_on = 0;
}

int gj_store_sync_enable(gj_store *st)
{
    /* Written every time: a transaction that turned sync on and then
     * rolled back leaves the state loaded but the flag unwritten. */
    int64_t on = 0;
    int rc = gj_store_int(st, "SELECT enabled FROM sync_device", NULL, 0, &on);
    if (rc == GJ_OK && !on) rc = gj_store_exec(st, "UPDATE sync_device SET enabled = 1");
    return rc == GJ_OK ? sync_start(st) : rc;
}

/* ---- the clock ---- */

static int64_t wall_ms(gj_store *st)
{
    struct timespec ts;
    if (st->now) return st->now * 1000;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* ---- per-row merge state (sync_rows) ---- */

void gj_meta_clear(gj_row_meta *m)
{
    int i;
    for (i = 0; i < GJ_SYNC_MAX_COLS; i++) {
        sqlite3_value_free(m->tomb[i]);
        m->tomb[i] = NULL;
    }
}

static uint64_t get_u64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++) v = v << 8 | p[i];
    return v;
}

#define CELL_BYTES (2 + 8 + GJ_SYNC_DEVICE_LEN)

int gj_meta_load(gj_store *st, gj_sync_table *t, sqlite3_value *pk, gj_row_meta *m)
{
    sqlite3_stmt *q = st->sync->meta_get;
    int rc = SQLITE_OK;
    memset(m, 0, sizeof *m);
    sqlite3_bind_text(q, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_value(q, 2, pk);
    if (sqlite3_step(q) == SQLITE_ROW) {
        const unsigned char *cells = sqlite3_column_blob(q, 2);
        int n = sqlite3_column_bytes(q, 2), i;
        m->found = 1;
        m->del.hlc = sqlite3_column_int64(q, 0);
        snprintf(m->del.dev, sizeof m->del.dev, "%s", (const char *)sqlite3_column_text(q, 1));
        for (i = 0; cells && i + CELL_BYTES <= n; i += CELL_BYTES) {
            int col = cells[i] << 8 | cells[i + 1];
            if (col >= t->ncol) continue;
            m->cell[col].hlc = (int64_t)get_u64(cells + i + 2);
            memcpy(m->cell[col].dev, cells + i + 10, GJ_SYNC_DEVICE_LEN);
            m->cell[col].dev[GJ_SYNC_DEVICE_LEN] = 0;
        }
        if (sqlite3_column_type(q, 3) == SQLITE_BLOB) {
            sqlite3_changeset_iter *it = NULL;
            rc = sqlite3changeset_start(&it, sqlite3_column_bytes(q, 3), (void *)sqlite3_column_blob(q, 3));
            if (rc == SQLITE_OK && sqlite3changeset_next(it) == SQLITE_ROW) {
                for (i = 0; i < t->ncol; i++) {
                    sqlite3_value *v = NULL;
                    sqlite3changeset_new(it, i, &v);
                    if (v && !(m->tomb[i] = sqlite3_value_dup(v))) rc = SQLITE_NOMEM;
                }
            }
            sqlite3changeset_finalize(it);
        }
    }
    sqlite3_reset(q);
    if (rc != SQLITE_OK) {
        gj_meta_clear(m);
        return sq_fail(st, rc);
    }
    return GJ_OK;
}

int gj_meta_save(gj_store *st, gj_sync_table *t, sqlite3_value *pk, const gj_row_meta *m, int deleted)
{
    sqlite3_stmt *q = st->sync->meta_put;
    gj_cs_buf cells = {0}, tomb = {0};
    int i, rc;
    for (i = 0; i < t->ncol; i++) {
        if (!m->cell[i].hlc) continue;
        gj_cs_byte(&cells, (unsigned char)(i >> 8));
        gj_cs_byte(&cells, (unsigned char)i);
        gj_cs_u64(&cells, (uint64_t)m->cell[i].hlc);
        for (rc = 0; rc < GJ_SYNC_DEVICE_LEN; rc++) gj_cs_byte(&cells, (unsigned char)m->cell[i].dev[rc]);
    }
    if (deleted) { /* the last values, as a one-row insert */
        gj_cs_table(&tomb, t);
        gj_cs_change(&tomb, SQLITE_INSERT);
        for (i = 0; i < t->ncol; i++) gj_cs_value(&tomb, m->tomb[i]);
    }
    if (cells.oom || tomb.oom) {
        gj_cs_free(&cells);
        gj_cs_free(&tomb);
        gj_store_set_err(st, "out of memory");
        return GJ_NOMEM;
    }
    sqlite3_bind_text(q, 1, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_value(q, 2, pk);
    sqlite3_bind_int64(q, 3, m->del.hlc);
    sqlite3_bind_text(q, 4, m->del.dev, -1, SQLITE_STATIC);
    if (cells.n) sqlite3_bind_blob(q, 5, cells.p, (int)cells.n, SQLITE_STATIC);
    else sqlite3_bind_null(q, 5);
    if (tomb.n) sqlite3_bind_blob(q, 6, tomb.p, (int)tomb.n, SQLITE_STATIC);
    else sqlite3_bind_null(q, 6);
    rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    gj_cs_free(&cells);
    gj_cs_free(&tomb);
    return rc == SQLITE_DONE ? GJ_OK : sq_fail(st, rc);
}

/* ---- capture ---- */

void gj_sync_device_bytes(const char *hex, unsigned char *out)
{
    int i;
    for (i = 0; i < 8; i++) {
        unsigned v = 0;
        sscanf(hex + 2 * i, "%2x", &v);
        out[i] = (unsigned char)v;
    }
}

/* The deps of a changeset made now: every teammate's applied seq. */
static int make_deps(gj_store *st, gj_cs_buf *deps)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT device, seq FROM sync_peers ORDER BY device", -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(st, rc);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        unsigned char dev[8];
        gj_sync_device_bytes((const char *)sqlite3_column_text(q, 0), dev);
        for (int i = 0; i < 8; i++) gj_cs_byte(deps, dev[i]);
        gj_cs_u64(deps, (uint64_t)sqlite3_column_int64(q, 1));
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE) return sq_fail(st, rc);
    if (deps->oom) {
        gj_store_set_err(st, "out of memory");
        return GJ_NOMEM;
    }
    return GJ_OK;
}

int gj_sync_capture(gj_store *st)
{
    gj_sync_state *s = st->sync;
    gj_cs_buf deps = {0};
    sqlite3_stmt *q = NULL;
    void *cs = NULL;
    int n = 0, rc;
    gj_clock h;
    if (!s || !s->session || sqlite3session_isempty(s->session)) return GJ_OK;
    rc = sqlite3session_changeset(s->session, &n, &cs);
    stop_session(st);
    if (rc != SQLITE_OK) {
        rc = sq_fail(st, rc);
        goto done;
    }
    if ((rc = start_session(st)) != GJ_OK || n == 0) goto done;
    /* The time: later than anything this device made or applied. */
    rc = sqlite3_prepare_v2(st->db, "UPDATE sync_device SET seq = seq + 1, hlc = max(hlc + 1, ?1)"
                            " RETURNING seq, hlc", -1, &q, NULL);
    if (rc != SQLITE_OK) {
        rc = sq_fail(st, rc);
        goto done;
    }
    sqlite3_bind_int64(q, 1, wall_ms(st) * 1024);
    if ((rc = sqlite3_step(q)) != SQLITE_ROW) {
        rc = sq_fail(st, rc);
        goto done;
    }
    h.hlc = sqlite3_column_int64(q, 1);
    snprintf(h.dev, sizeof h.dev, "%s", s->device);
    {
        int64_t seq = sqlite3_column_int64(q, 0);
        sqlite3_step(q);
        sqlite3_finalize(q);
        q = NULL;
        if ((rc = make_deps(st, &deps)) != GJ_OK) goto done;
        rc = sqlite3_prepare_v2(st->db, "INSERT INTO sync_outbox (seq, hlc, deps, changeset) VALUES (?1, ?2, ?3, ?4)",
                                -1, &q, NULL);
        if (rc != SQLITE_OK) {
            rc = sq_fail(st, rc);
            goto done;
        }
        sqlite3_bind_int64(q, 1, seq);
        sqlite3_bind_int64(q, 2, h.hlc);
        sqlite3_bind_blob(q, 3, deps.p ? (void *)deps.p : (void *)"", (int)deps.n, SQLITE_STATIC);
        sqlite3_bind_blob(q, 4, cs, n, SQLITE_STATIC);
        rc = sqlite3_step(q);
        rc = rc == SQLITE_DONE ? GJ_OK : sq_fail(st, rc);
    }
    if (rc == GJ_OK) rc = gj_sync_note_local(st, &h, cs, n);
done:
    sqlite3_finalize(q);
    gj_cs_free(&deps);
    sqlite3_free(cs);
    return rc;
}

/* ---- device, outbox, peers ---- */

int gj_store_sync_device(gj_store *st, gj_sync_device *out)
{
    sqlite3_stmt *q = NULL;
    int rc;
    memset(out, 0, sizeof *out);
    rc = sqlite3_prepare_v2(st->db, "SELECT device, id_prefix, seq, hlc, pushed_seq, enabled,"
                            " (SELECT count(*) FROM audit WHERE action = 'conflict') FROM sync_device",
                            -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(st, rc);
    if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        snprintf(out->device, sizeof out->device, "%s", (const char *)sqlite3_column_text(q, 0));
        out->id_prefix = sqlite3_column_int64(q, 1);
        out->seq = sqlite3_column_int64(q, 2);
        out->hlc = sqlite3_column_int64(q, 3);
        out->pushed_seq = sqlite3_column_int64(q, 4);
        out->enabled = sqlite3_column_int(q, 5);
        out->conflicts = sqlite3_column_int64(q, 6);
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? GJ_OK : sq_fail(st, rc);
}

int gj_store_sync_set_pushed(gj_store *st, int64_t seq)
{
    gj_value p = gj_vint(seq);
    return gj_store_run(st, "UPDATE sync_device SET pushed_seq = max(pushed_seq, min(?1, seq))", &p, 1,
                        NULL, NULL, NULL, NULL);
}

int gj_store_sync_new_device(gj_store *st)
{
    int rc = gj_store_exec(st,
        "INSERT OR REPLACE INTO sync_peers (device, seq, hlc) SELECT device, seq, hlc FROM sync_device WHERE seq > 0;"
        "DELETE FROM sync_outbox;"
        "UPDATE sync_device SET device = lower(hex(randomblob(8))), id_prefix = abs(random() % 2097151) + 1,"
        " next_id = 1, seq = 0, pushed_seq = 0;");
    if (rc != GJ_OK) return rc;
    if (!st->sync) return gj_store_sync_enable(st);
    return read_device(st, st->sync->device);
}

int gj_store_sync_outbox(gj_store *st, int64_t since, int limit, gj_sync_entry_fn fn, void *ctx)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT seq, hlc, deps, changeset FROM sync_outbox WHERE seq > ?1"
                                " ORDER BY seq LIMIT ?2", -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(st, rc);
    sqlite3_bind_int64(q, 1, since);
    sqlite3_bind_int64(q, 2, limit > 0 ? limit : -1);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        if (fn(ctx, sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_blob(q, 2),
               sqlite3_column_bytes(q, 2) / 16, sqlite3_column_blob(q, 3), sqlite3_column_bytes(q, 3))) {
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? GJ_OK : sq_fail(st, rc);
}

int gj_store_sync_peer_seq(gj_store *st, const char *device, int64_t *seq)
{
    gj_value p = gj_vtext(device);
    return gj_store_int(st, "SELECT seq FROM sync_peers WHERE device = ?1"
                            " UNION ALL SELECT seq FROM sync_device WHERE device = ?1", &p, 1, seq);
}

int gj_store_sync_peers(gj_store *st, gj_sync_peer_fn fn, void *ctx)
{
    sqlite3_stmt *q = NULL;
    int rc = sqlite3_prepare_v2(st->db, "SELECT device, seq, hlc FROM sync_peers ORDER BY device", -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(st, rc);
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (fn(ctx, (const char *)sqlite3_column_text(q, 0), sqlite3_column_int64(q, 1),
               sqlite3_column_int64(q, 2))) {
            rc = SQLITE_DONE;
            break;
        }
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? GJ_OK : sq_fail(st, rc);
}

/* ---- applying a teammate's changeset ---- */

static int note_peer(gj_store *st, const gj_sync_rec *r)
{
    gj_value p[3];
    int rc;
    p[0] = gj_vtext(r->h.dev);
    p[1] = gj_vint(r->seq);
    p[2] = gj_vint(r->h.hlc);
    rc = gj_store_run(st, "INSERT INTO sync_peers (device, seq, hlc) VALUES (?1, ?2, ?3)"
                          " ON CONFLICT (device) DO UPDATE SET seq = max(seq, ?2), hlc = max(hlc, ?3)",
                      p, 3, NULL, NULL, NULL, NULL);
    if (rc == GJ_OK)
        rc = gj_store_run(st, "UPDATE sync_device SET hlc = max(hlc, ?3)", p, 3, NULL, NULL, NULL, NULL);
    return rc;
}

/* Applies the open batch and closes its savepoint. When a constraint
 * refused one of its changes, the batch is undone and its records are
 * applied one by one instead, so what a constraint refuses is what it
 * would refuse with each record alone. */
static int batch_flush(gj_store *st)
{
    gj_sync_batch *b = &st->sync->batch;
    int rc, i, refused = 0, n = 0;
    if (!b->open) return GJ_OK;
    rc = gj_sync_batch_apply(st, &refused);
    if (rc == GJ_OK && refused && b->nrec > 1) {
        gj_store_rollback(st);
        rc = gj_store_begin(st);
        for (i = 0; rc == GJ_OK && i < b->nrec; i++) {
            rc = gj_sync_merge(st, &b->recs[i].h, b->recs[i].cs, b->recs[i].n, &n);
            if (rc == GJ_OK) rc = note_peer(st, &b->recs[i]);
        }
        if (rc != GJ_OK) {
            gj_store_rollback(st);
            b->nrec = 0;
            b->open = 0;
            return rc;
        }
    }
    if (rc == GJ_OK) rc = gj_store_commit(st);
    else gj_store_rollback(st);
    b->nrec = 0;
    b->open = 0;
    return rc;
}

int gj_store_sync_apply(gj_store *st, const char *device, int64_t seq, int64_t hlc,
                        const void *changeset, int nbytes, int *conflicts)
{
    gj_sync_state *s;
    gj_sync_batch *b;
    gj_sync_rec *r;
    int rc;
    *conflicts = 0;
    if ((rc = gj_store_sync_enable(st)) != GJ_OK) return rc;
    s = st->sync;
    b = &s->batch;
    if (!s->applying) {
        /* What this transaction wrote so far is this device's own: out to
         * the outbox first, so the session holds nothing when the merge
         * writes. */
        if ((rc = gj_sync_capture(st)) != GJ_OK) return rc;
        stop_session(st);
        s->applying = 1;
    }
    if (b->open && (b->nrec >= GJ_SYNC_BATCH_RECORDS || strcmp(b->recs[0].h.dev, device) != 0 ||
                    gj_sync_batch_fits(st, changeset, nbytes) != 1) &&
        (rc = batch_flush(st)) != GJ_OK)
        return rc;
    if (!b->open) {
        if ((rc = gj_store_begin(st)) != GJ_OK) return rc;
        b->open = 1;
    }
    if (b->nrec == b->caprec) {
        int cap = b->caprec ? b->caprec * 2 : 64;
        gj_sync_rec *g = gj_realloc(b->recs, (size_t)cap * sizeof *g);
        if (!g) {
            gj_store_set_err(st, "out of memory");
            return GJ_NOMEM;
        }
        b->recs = g;
        b->caprec = cap;
    }
    r = &b->recs[b->nrec++];
    r->h.hlc = hlc;
    snprintf(r->h.dev, sizeof r->h.dev, "%s", device);
    r->seq = seq;
    r->cs = changeset;
    r->n = nbytes;
    if ((rc = gj_sync_batch_add(st, &r->h, changeset, nbytes, conflicts)) != GJ_OK) return rc;
    return note_peer(st, r);
}

int gj_store_sync_apply_done(gj_store *st, int ok)
{
    gj_sync_state *s = st->sync;
    int rc = GJ_OK;
    if (!s || !s->applying) return GJ_OK;
    if (ok) rc = batch_flush(st);
    if (s->batch.open) { /* not applied: its savepoint goes */
        gj_sync_batch_reset(&s->batch);
        gj_store_rollback(st);
    }
    s->batch.open = 0;
    s->batch.nrec = 0;
    s->applying = 0;
    if (start_session(st) != GJ_OK && rc == GJ_OK) rc = GJ_ERROR;
    return rc;
}

/* ---- conflicts ---- */

int gj_store_sync_conflicts(gj_store *st, int limit, int offset, int64_t *total, gj_row_fn fn, void *ctx)
{
    gj_value p[2];
    int rc = gj_store_int(st, "SELECT count(*) FROM audit WHERE action = 'conflict'", NULL, 0, total);
    if (rc != GJ_OK) return rc;
    p[0] = gj_vint(limit);
    p[1] = gj_vint(offset);
    return gj_store_run(st,
        "SELECT a.id, a.at, a.entity, a.entity_id, a.actor, a.before, a.after,"
        " EXISTS (SELECT 1 FROM audit r WHERE r.action IN ('update', 'delete') AND r.entity = a.entity"
        "  AND r.entity_id IS a.entity_id AND r.actor = 'sync:restore:' || a.id) AS restored"
        " FROM audit a WHERE a.action = 'conflict' ORDER BY a.id DESC LIMIT ?1 OFFSET ?2",
        p, 2, fn, ctx, NULL, NULL);
}

/* Whether a conflict's losing side (`before`) is a delete: only the
 * primary key, as null (sync_merge.c notes a lost delete so). SQLITE_OK
 * with *yes set, or the SQLite error. */
static int lost_delete(gj_store *st, gj_sync_table *t, sqlite3_value *before, int *yes)
{
    sqlite3_stmt *q = NULL;
    char *sql = sqlite3_mprintf("SELECT json_type(?1, '$.\"%w\"') = 'null' AND"
                                " (SELECT count(*) FROM json_each(?1)) = 1", t->cols[t->pk]);
    int rc = sql ? sqlite3_prepare_v2(st->db, sql, -1, &q, NULL) : SQLITE_NOMEM;
    *yes = 0;
    if (rc == SQLITE_OK) {
        sqlite3_bind_value(q, 1, before);
        if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
            *yes = sqlite3_column_int(q, 0);
            rc = SQLITE_OK;
        }
    }
    sqlite3_finalize(q);
    sqlite3_free(sql);
    return rc;
}

int gj_store_sync_restore(gj_store *st, int64_t conflict_id, char **entity, int64_t *entity_id,
                          char **restored)
{
    sqlite3_stmt *q = NULL, *u = NULL;
    sqlite3_str *sql = NULL;
    gj_sync_table *t;
    char actor[48];
    int rc, i, nset = 0, deletes = 0, changed = 0;
    *entity = *restored = NULL;
    *entity_id = 0;
    if ((rc = gj_store_sync_enable(st)) != GJ_OK) return rc;
    rc = sqlite3_prepare_v2(st->db, "SELECT entity, entity_id, before, (SELECT actor FROM temp.gj_session)"
                            " FROM audit WHERE id = ?1 AND action = 'conflict'", -1, &q, NULL);
    if (rc != SQLITE_OK) return sq_fail(st, rc);
    sqlite3_bind_int64(q, 1, conflict_id);
    if (sqlite3_step(q) != SQLITE_ROW) {
        sqlite3_finalize(q);
        gj_store_set_err(st, "no conflict with id %lld", (long long)conflict_id);
        return GJ_NOTFOUND;
    }
    if (!(t = gj_sync_table_find(st->sync, (const char *)sqlite3_column_text(q, 0)))) {
        gj_store_set_err(st, "conflict %lld is about a table that is not synced", (long long)conflict_id);
        rc = GJ_ERROR;
        goto done;
    }
    *entity = gj_strdup(t->name);
    *entity_id = sqlite3_column_int64(q, 1);
    if ((rc = lost_delete(st, t, sqlite3_column_value(q, 2), &deletes)) != SQLITE_OK) {
        rc = sq_fail(st, rc);
        goto done;
    }
    sql = sqlite3_str_new(st->db);
    if (deletes) { /* the delete lost: restoring it deletes the row again */
        sqlite3_str_appendf(sql, "DELETE FROM main.\"%w\" WHERE \"%w\" = ?1", t->name, t->cols[t->pk]);
    } else {
        /* UPDATE t SET c = json_extract(before, '$.c') ... for the fields it has */
        sqlite3_str_appendf(sql, "UPDATE main.\"%w\" SET ", t->name);
        for (i = 0; i < t->ncol; i++) {
            if (i == t->pk) continue;
            sqlite3_str_appendf(sql, "%s\"%w\" = CASE WHEN json_type(?2, '$.\"%w\"') IS NULL THEN \"%w\""
                                " ELSE json_extract(?2, '$.\"%w\"') END", nset++ ? ", " : "",
                                t->cols[i], t->cols[i], t->cols[i], t->cols[i]);
        }
        sqlite3_str_appendf(sql, " WHERE \"%w\" = ?1", t->cols[t->pk]);
    }
    rc = sqlite3_prepare_v2(st->db, sqlite3_str_value(sql), -1, &u, NULL);
    if (rc != SQLITE_OK) {
        rc = sq_fail(st, rc);
        goto done;
    }
    sqlite3_bind_value(u, 1, sqlite3_column_value(q, 1));
    sqlite3_bind_value(u, 2, sqlite3_column_value(q, 2));
    /* The audit entry of this edit names the conflict it restores. */
    snprintf(actor, sizeof actor, "sync:restore:%lld", (long long)conflict_id);
    {
        sqlite3_stmt *a = NULL;
        if (sqlite3_prepare_v2(st->db, "UPDATE temp.gj_session SET actor = ?1", -1, &a, NULL) == SQLITE_OK) {
            sqlite3_bind_text(a, 1, actor, -1, SQLITE_STATIC);
            sqlite3_step(a);
            sqlite3_reset(a);
            rc = sqlite3_step(u);
            changed = sqlite3_changes(st->db); /* before the actor's own update */
            sqlite3_bind_value(a, 1, sqlite3_column_value(q, 3));
            sqlite3_step(a);
        } else rc = SQLITE_NOMEM;
        sqlite3_finalize(a);
    }
    if (rc != SQLITE_DONE) {
        rc = sq_fail(st, rc);
        goto done;
    }
    if (changed == 0) {
        gj_store_set_err(st, "the %s this conflict is about no longer exists", t->name);
        rc = GJ_INVALID;
        goto done;
    }
    *restored = gj_strdup((const char *)sqlite3_column_text(q, 2));
    rc = *entity && *restored ? GJ_OK : GJ_NOMEM;
done:
    sqlite3_free(sqlite3_str_finish(sql));
    sqlite3_finalize(u);
    sqlite3_finalize(q);
    if (rc != GJ_OK) {
        free(*entity);
        free(*restored);
        *entity = *restored = NULL;
    }
    return rc;
}
