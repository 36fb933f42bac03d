/*
 * The merge of a teammate's changeset (docs/sync.md, "Convergence"). For
 * each change the row's merge state decides field by field which value
 * wins ((hlc, device) greater), whether the row exists (newest field write
 * newer than the newest delete), and what the loser was. The outcome is
 * written as a new changeset against this database's rows as they are
 * (so SQLite sees no conflict where the rule has already decided) and
 * applied with sqlite3changeset_apply_v2; its conflict handler is left
 * with what only the database can tell: a constraint or a foreign key.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genjin/genjin.h"
#include "sync_int.h"

typedef struct {
    sqlite3_value *local[GJ_SYNC_MAX_COLS]; /* the row here (dup'd), if present */
    sqlite3_value *inc[GJ_SYNC_MAX_COLS];   /* the change's new values (dup'd) */
    sqlite3_value *old[GJ_SYNC_MAX_COLS];   /* an update's old values (dup'd) */
    int present;
} change_vals;

static void vals_clear(change_vals *c)
{
    int i;
    for (i = 0; i < GJ_SYNC_MAX_COLS; i++) {
        sqlite3_value_free(c->local[i]);
        sqlite3_value_free(c->inc[i]);
        sqlite3_value_free(c->old[i]);
        c->local[i] = c->inc[i] = c->old[i] = NULL;
    }
    c->present = 0;
}

static int dup_into(sqlite3_value **dst, sqlite3_value *v)
{
    if (!v) return SQLITE_OK;
    return (*dst = sqlite3_value_dup(v)) ? SQLITE_OK : SQLITE_NOMEM;
}

static int read_local(gj_sync_table *t, sqlite3_value *pk, change_vals *c)
{
    int i, rc = SQLITE_OK, s;
    sqlite3_bind_value(t->get, 1, pk);
    s = sqlite3_step(t->get);
    if (s == SQLITE_ROW) {
        c->present = 1;
        for (i = 0; i < t->ncol && rc == SQLITE_OK; i++) rc = dup_into(&c->local[i], sqlite3_column_value(t->get, i));
    } else if (s != SQLITE_DONE) rc = s;
    sqlite3_reset(t->get);
    return rc;
}

/* The losing and winning fields of one change, for its audit entry. */
typedef struct {
    sqlite3_str *lose, *win;
    int n;
    char loser[GJ_SYNC_DEVICE_LEN + 8];
} conflict_note;

static void note_field(conflict_note *cn, const char *col, sqlite3_value *lose, sqlite3_value *win,
                       const char *loser)
{
    sqlite3_str_appendf(cn->lose, "%s\"%w\":", cn->n ? "," : "{", col);
    gj_json_value(cn->lose, lose);
    sqlite3_str_appendf(cn->win, "%s\"%w\":", cn->n ? "," : "{", col);
    gj_json_value(cn->win, win);
    if (!cn->n++) snprintf(cn->loser, sizeof cn->loser, "sync:%s", loser && *loser ? loser : "local");
}

static int write_conflict(gj_store *st, gj_sync_table *t, sqlite3_value *pk, conflict_note *cn)
{
    sqlite3_stmt *q = NULL;
    int rc;
    sqlite3_str_appendchar(cn->lose, 1, '}');
    sqlite3_str_appendchar(cn->win, 1, '}');
    rc = sqlite3_prepare_v2(st->db, "INSERT INTO audit (at, actor, entity, entity_id, action, before, after)"
                            " VALUES (?1, ?2, ?3, ?4, 'conflict', ?5, ?6)", -1, &q, NULL);
    if (rc != SQLITE_OK) return gj_store_fail_sqlite(st, rc);
    sqlite3_bind_int64(q, 1, st->now ? st->now : (int64_t)time(NULL));
    sqlite3_bind_text(q, 2, cn->loser, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 3, t->name, -1, SQLITE_STATIC);
    sqlite3_bind_value(q, 4, pk);
    sqlite3_bind_text(q, 5, sqlite3_str_value(cn->lose), -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 6, sqlite3_str_value(cn->win), -1, SQLITE_STATIC);
    rc = sqlite3_step(q);
    sqlite3_finalize(q);
    return rc == SQLITE_DONE ? GJ_OK : gj_store_fail_sqlite(st, rc);
}

static int set_tomb(gj_row_meta *m, sqlite3_value *const *vals, int ncol)
{
    sqlite3_value *copy[GJ_SYNC_MAX_COLS] = {0};
    int i, rc = SQLITE_OK;
    for (i = 0; i < ncol && rc == SQLITE_OK; i++) rc = dup_into(&copy[i], vals[i]);
    gj_meta_clear(m);
    memcpy(m->tomb, copy, sizeof copy);
    return rc;
}

/* Where resolved changes go: a changeset being written. */
typedef struct {
    gj_cs_buf *out;
    const gj_sync_table **last; /* the table of out's last change */
    int deletes;                /* deletes written to out */
} sink;

static void sink_change(sink *k, const gj_sync_table *t, int op)
{
    if (*k->last != t) gj_cs_table(k->out, t);
    *k->last = t;
    gj_cs_change(k->out, op);
    k->deletes += op == SQLITE_DELETE;
}

/* Resolves one change; appends what to do here to the sink. */
static int resolve(gj_store *st, gj_sync_table *t, int op, const gj_clock *h, change_vals *c,
                   sink *k, int *conflicts)
{
    gj_row_meta m;
    sqlite3_value *pk = op == SQLITE_INSERT ? c->inc[t->pk] : c->old[t->pk];
    sqlite3_value *base[GJ_SYNC_MAX_COLS], *v[GJ_SYNC_MAX_COLS];
    conflict_note cn = {sqlite3_str_new(st->db), sqlite3_str_new(st->db), 0, ""};
    gj_clock live = {0, ""};
    int i, rc, has_base, exists, keep_meta, deleted = 0, nchanged = 0;
    if ((rc = gj_meta_load(st, t, pk, &m)) != GJ_OK) goto done;
    has_base = c->present || m.tomb[t->pk] != NULL;
    for (i = 0; i < t->ncol; i++) v[i] = base[i] = c->present ? c->local[i] : m.tomb[i];
    /* An insert of a device-made id cannot meet a concurrent write: its
     * fields count as written at time 0 (no merge state kept). */
    keep_meta = m.found || t->natural || op != SQLITE_INSERT;
    if (op != SQLITE_DELETE) {
        for (i = 0; i < t->ncol; i++) {
            int cmp;
            if (i == t->pk || !c->inc[i]) continue;
            cmp = keep_meta ? gj_clock_cmp(h, &m.cell[i]) : 1;
            if (cmp > 0) {
                if (base[i] && !gj_value_same(base[i], c->inc[i]) &&
                    (op == SQLITE_UPDATE ? !gj_value_same(c->old[i], base[i]) : c->present))
                    note_field(&cn, t->cols[i], base[i], c->inc[i], m.cell[i].dev);
                v[i] = c->inc[i];
                if (keep_meta) m.cell[i] = *h;
            } else if (cmp < 0 && (!base[i] || !gj_value_same(base[i], c->inc[i]))) {
                note_field(&cn, t->cols[i], c->inc[i], base[i], h->dev);
            }
        }
        if (op == SQLITE_INSERT) v[t->pk] = c->inc[t->pk];
    } else if (gj_clock_cmp(h, &m.del) > 0) {
        m.del = *h;
    }
    for (i = 0; i < t->ncol; i++)
        if (gj_clock_cmp(&m.cell[i], &live) > 0) live = m.cell[i];
    exists = m.del.hlc == 0 || gj_clock_cmp(&live, &m.del) > 0;
    if (op == SQLITE_DELETE && exists && c->present)
        note_field(&cn, t->cols[t->pk], NULL, c->local[t->pk], h->dev); /* the delete lost */

    if (c->present && exists) {
        for (i = 0; i < t->ncol; i++) nchanged += !gj_value_same(v[i], c->local[i]);
        if (nchanged) {
            sink_change(k, t, SQLITE_UPDATE);
            for (i = 0; i < t->ncol; i++)
                gj_cs_value(k->out, i == t->pk || !gj_value_same(v[i], c->local[i]) ? c->local[i] : NULL);
            for (i = 0; i < t->ncol; i++)
                gj_cs_value(k->out, i != t->pk && !gj_value_same(v[i], c->local[i]) ? v[i] : NULL);
        }
    } else if (c->present) { /* deleted here now: keep its last values */
        sink_change(k, t, SQLITE_DELETE);
        for (i = 0; i < t->ncol; i++) gj_cs_value(k->out, c->local[i]);
        deleted = 1;
    } else if (exists && (has_base || op == SQLITE_INSERT)) { /* new here, or back */
        if (m.del.hlc && !c->present) note_field(&cn, t->cols[t->pk], NULL, pk, m.del.dev); /* the delete here lost */
        sink_change(k, t, SQLITE_INSERT);
        for (i = 0; i < t->ncol; i++) gj_cs_value(k->out, v[i]);
    } else if (has_base || op == SQLITE_INSERT) {
        deleted = 1; /* stays deleted; its last values move on */
    }
    if (deleted && set_tomb(&m, v, t->ncol) != SQLITE_OK) {
        gj_store_set_err(st, "out of memory");
        rc = GJ_NOMEM;
        goto done;
    }
    if (!deleted) gj_meta_clear(&m);
    if (keep_meta && (rc = gj_meta_save(st, t, pk, &m, deleted)) != GJ_OK) goto done;
    if (cn.n) {
        if ((rc = write_conflict(st, t, pk, &cn)) != GJ_OK) goto done;
        (*conflicts)++;
    }
    if (k->out->oom) {
        gj_store_set_err(st, "out of memory");
        rc = GJ_NOMEM;
    }
done:
    gj_meta_clear(&m);
    sqlite3_free(sqlite3_str_finish(cn.lose));
    sqlite3_free(sqlite3_str_finish(cn.win));
    return rc;
}

/* Reads one change of the iterator into c (values dup'd). */
static int read_change(sqlite3_changeset_iter *it, gj_sync_table *t, int op, change_vals *c)
{
    int i, rc = SQLITE_OK;
    for (i = 0; i < t->ncol && rc == SQLITE_OK; i++) {
        sqlite3_value *v = NULL;
        if (op != SQLITE_INSERT) {
            if ((rc = sqlite3changeset_old(it, i, &v)) == SQLITE_OK) rc = dup_into(&c->old[i], v);
            v = NULL;
        }
        if (rc == SQLITE_OK && op != SQLITE_DELETE) {
            if ((rc = sqlite3changeset_new(it, i, &v)) == SQLITE_OK) rc = dup_into(&c->inc[i], v);
        }
    }
    return rc;
}

typedef struct {
    int refused; /* changes a constraint refused */
} apply_ctx;

static int on_conflict(void *ctx, int type, sqlite3_changeset_iter *it)
{
    apply_ctx *a = ctx;
    (void)it;
    switch (type) {
    case SQLITE_CHANGESET_DATA:
    case SQLITE_CHANGESET_CONFLICT:
        return SQLITE_CHANGESET_REPLACE; /* the rule has decided already */
    case SQLITE_CHANGESET_CONSTRAINT:
        a->refused++;
        return SQLITE_CHANGESET_OMIT;
    default: /* NOTFOUND: gone with a cascade; FOREIGN_KEY: kept as every replica keeps it */
        return SQLITE_CHANGESET_OMIT;
    }
}

/* Applies the resolved changeset with the audit log naming the teammate;
 * *refused gets the changes a constraint refused. */
static int apply_resolved(gj_store *st, const gj_clock *h, gj_cs_buf *out, int *refused)
{
    sqlite3_stmt *a = NULL;
    sqlite3_value *actor = NULL;
    char who[GJ_SYNC_DEVICE_LEN + 8];
    apply_ctx ctx = {0};
    int rc = sqlite3_prepare_v2(st->db, "SELECT actor FROM temp.gj_session", -1, &a, NULL);
    if (rc == SQLITE_OK && sqlite3_step(a) == SQLITE_ROW) actor = sqlite3_value_dup(sqlite3_column_value(a, 0));
    sqlite3_finalize(a);
    a = NULL;
    snprintf(who, sizeof who, "sync:%s", h->dev);
    if (rc == SQLITE_OK) rc = sqlite3_prepare_v2(st->db, "UPDATE temp.gj_session SET actor = ?1", -1, &a, NULL);
    if (rc != SQLITE_OK) {
        sqlite3_value_free(actor);
        return gj_store_fail_sqlite(st, rc);
    }
    sqlite3_bind_text(a, 1, who, -1, SQLITE_STATIC);
    sqlite3_step(a);
    sqlite3_reset(a);
    rc = sqlite3changeset_apply_v2(st->db, (int)out->n, out->p, NULL, on_conflict, &ctx, NULL, NULL, 0);
    if (actor) sqlite3_bind_value(a, 1, actor);
    else sqlite3_bind_null(a, 1);
    sqlite3_step(a);
    sqlite3_finalize(a);
    sqlite3_value_free(actor);
    if (refused) *refused = ctx.refused;
    return rc == SQLITE_OK ? GJ_OK : gj_store_fail_sqlite(st, rc);
}

/* A hash of (table, key) for the batch's key set; never 0. Equal keys
 * hash equally (an integral real as the integer); unequal keys that
 * collide only end a batch early. */
static uint64_t key_hash(const gj_sync_table *t, sqlite3_value *pk)
{
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)(uintptr_t)t, v = 0;
    const unsigned char *p = NULL;
    int n = 0, i, type = sqlite3_value_type(pk);
    double d = sqlite3_value_double(pk);
    if (type == SQLITE_FLOAT && d >= -9e18 && d <= 9e18 && d == (double)(int64_t)d) type = SQLITE_INTEGER;
    if (type == SQLITE_INTEGER) v = (uint64_t)sqlite3_value_int64(pk);
    else if (type == SQLITE_FLOAT) {
        memcpy(&v, &d, sizeof v);
    } else if (type == SQLITE_TEXT || type == SQLITE_BLOB) {
        p = type == SQLITE_TEXT ? sqlite3_value_text(pk) : sqlite3_value_blob(pk);
        n = sqlite3_value_bytes(pk);
    }
    h = (h ^ (uint64_t)type) * 1099511628211ULL;
    for (i = 0; i < 8; i++) h = (h ^ (v >> (8 * i) & 0xff)) * 1099511628211ULL;
    for (i = 0; p && i < n; i++) h = (h ^ p[i]) * 1099511628211ULL;
    return h ? h : 1;
}

/* Whether the key set holds h; with add, puts it in (1 when it was new). */
static int key_seen(gj_sync_batch *b, uint64_t h, int add)
{
    unsigned i = (unsigned)(h % GJ_SYNC_BATCH_KEYS);
    while (b->keys[i] && b->keys[i] != h) i = (i + 1) % GJ_SYNC_BATCH_KEYS;
    if (b->keys[i]) return 1;
    if (add) {
        b->keys[i] = h;
        b->nkeys++;
    }
    return 0;
}

/* Resolves every change of cs into k; with b, puts their keys in b's set. */
static int resolve_all(gj_store *st, const gj_clock *h, const void *cs, int n, sink *k, gj_sync_batch *b,
                       int *conflicts)
{
    sqlite3_changeset_iter *it = NULL;
    change_vals c;
    int rc, s;
    memset(&c, 0, sizeof c);
    rc = sqlite3changeset_start(&it, n, (void *)cs);
    if (rc != SQLITE_OK) {
        gj_store_set_err(st, "the changeset does not parse");
        return GJ_INVALID;
    }
    while ((s = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char *tab;
        int ncol, op, indirect;
        gj_sync_table *t;
        sqlite3_value *pk;
        sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
        if (!(t = gj_sync_table_find(st->sync, tab))) continue; /* not a synced table: ignored */
        if (ncol != t->ncol) {
            gj_store_set_err(st, "the changeset's %s has %d columns, this database's %d", tab, ncol, t->ncol);
            rc = GJ_INVALID;
            goto done;
        }
        if (read_change(it, t, op, &c) != SQLITE_OK || read_local(t, op == SQLITE_INSERT ? c.inc[t->pk] : c.old[t->pk], &c) != SQLITE_OK) {
            rc = gj_store_fail_sqlite(st, SQLITE_NOMEM);
            goto done;
        }
        if (!(pk = op == SQLITE_INSERT ? c.inc[t->pk] : c.old[t->pk])) {
            gj_store_set_err(st, "a change to %s has no primary key", tab);
            rc = GJ_INVALID;
            goto done;
        }
        if (b) {
            key_seen(b, key_hash(t, pk), 1);
            if (b->nkeys >= GJ_SYNC_BATCH_KEYS / 2) b->closed = 1;
        }
        rc = resolve(st, t, op, h, &c, k, conflicts);
        vals_clear(&c);
        if (rc != GJ_OK) goto done;
    }
    if (s != SQLITE_DONE) {
        gj_store_set_err(st, "the changeset is damaged (SQLite error %d)", s);
        rc = GJ_INVALID;
    }
done:
    vals_clear(&c);
    sqlite3changeset_finalize(it);
    return rc;
}

int gj_sync_merge(gj_store *st, const gj_clock *h, const void *cs, int n, int *conflicts)
{
    gj_cs_buf out = {0};
    const gj_sync_table *last = NULL;
    sink k = {&out, &last, 0};
    int rc = resolve_all(st, h, cs, n, &k, NULL, conflicts);
    if (rc == GJ_OK && out.n) rc = apply_resolved(st, h, &out, NULL);
    gj_cs_free(&out);
    return rc;
}

int gj_sync_batch_fits(gj_store *st, const void *cs, int n)
{
    gj_sync_batch *b = &st->sync->batch;
    sqlite3_changeset_iter *it = NULL;
    int s, fits = !b->closed, nchanges = 0;
    if (!b->nrec) return 1;
    if (!fits) return 0;
    if (sqlite3changeset_start(&it, n, (void *)cs) != SQLITE_OK) return -1;
    while (fits && (s = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char *tab;
        int ncol, op, indirect;
        gj_sync_table *t;
        sqlite3_value *pk = NULL;
        sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
        if (!(t = gj_sync_table_find(st->sync, tab)) || ncol != t->ncol) continue;
        if (op == SQLITE_INSERT) sqlite3changeset_new(it, t->pk, &pk);
        else sqlite3changeset_old(it, t->pk, &pk);
        if (!pk || key_seen(b, key_hash(t, pk), 0) || b->nkeys + ++nchanges >= GJ_SYNC_BATCH_KEYS / 2) fits = 0;
    }
    sqlite3changeset_finalize(it);
    return fits;
}

int gj_sync_batch_add(gj_store *st, const gj_clock *h, const void *cs, int n, int *conflicts)
{
    gj_sync_batch *b = &st->sync->batch;
    sink k = {&b->out, &b->last_table, 0};
    int rc = resolve_all(st, h, cs, n, &k, b, conflicts);
    if (k.deletes) b->closed = 1;
    return rc;
}

void gj_sync_batch_reset(gj_sync_batch *b)
{
    b->out.n = 0;
    b->out.oom = 0;
    b->last_table = NULL;
    b->closed = 0;
    b->nkeys = 0;
    memset(b->keys, 0, sizeof b->keys);
}

int gj_sync_batch_apply(gj_store *st, int *refused)
{
    gj_sync_batch *b = &st->sync->batch;
    int rc = b->out.n && b->nrec ? apply_resolved(st, &b->recs[0].h, &b->out, refused) : GJ_OK;
    gj_sync_batch_reset(b);
    return rc;
}

int gj_sync_note_local(gj_store *st, const gj_clock *h, const void *cs, int n)
{
    sqlite3_changeset_iter *it = NULL;
    change_vals c;
    int rc, s;
    memset(&c, 0, sizeof c);
    if ((rc = sqlite3changeset_start(&it, n, (void *)cs)) != SQLITE_OK) return gj_store_fail_sqlite(st, rc);
    while ((s = sqlite3changeset_next(it)) == SQLITE_ROW) {
        const char *tab;
        int ncol, op, indirect, i;
        gj_sync_table *t;
        gj_row_meta m;
        sqlite3_value *pk;
        sqlite3changeset_op(it, &tab, &ncol, &op, &indirect);
        if (!(t = gj_sync_table_find(st->sync, tab)) || ncol != t->ncol) continue;
        if (read_change(it, t, op, &c) != SQLITE_OK) {
            rc = gj_store_fail_sqlite(st, SQLITE_NOMEM);
            break;
        }
        pk = op == SQLITE_INSERT ? c.inc[t->pk] : c.old[t->pk];
        if ((rc = gj_meta_load(st, t, pk, &m)) != GJ_OK) break;
        if (op == SQLITE_INSERT && !t->natural && !m.found) { /* clock 0: see resolve() */
            vals_clear(&c);
            continue;
        }
        for (i = 0; i < t->ncol; i++)
            if (i != t->pk && c.inc[i]) m.cell[i] = *h;
        if (op == SQLITE_DELETE) {
            m.del = *h;
            rc = set_tomb(&m, c.old, t->ncol) == SQLITE_OK ? GJ_OK : GJ_NOMEM;
        } else {
            gj_meta_clear(&m);
        }
        if (rc == GJ_OK) rc = gj_meta_save(st, t, pk, &m, op == SQLITE_DELETE);
        gj_meta_clear(&m);
        vals_clear(&c);
        if (rc != GJ_OK) break;
    }
    vals_clear(&c);
    sqlite3changeset_finalize(it);
    return rc;
}
