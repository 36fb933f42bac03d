/*
 * Writing SQLite session changesets (the format sqlite3session.c reads:
 * a table header 'T', nCol, the primary-key flags and the name, then per
 * change the op, the indirect flag and the old and/or new record). The
 * merge (sync_store.c) writes the changeset it resolved this way and
 * hands it to sqlite3changeset_apply_v2; a deleted row's last values are
 * kept as a one-row changeset too, read back with SQLite's iterator.
 */
#include <stdlib.h>
#include <string.h>

#include "sync_int.h"

void gj_cs_free(gj_cs_buf *b)
{
    free(b->p);
    b->p = NULL;
    b->n = b->cap = 0;
}

static void put(gj_cs_buf *b, const void *src, size_t n)
{
    if (b->oom) return;
    if (b->n + n > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        unsigned char *p;
        while (cap < b->n + n) cap *= 2;
        if (!(p = gj_realloc(b->p, cap))) {
            b->oom = 1;
            return;
        }
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
}

void gj_cs_byte(gj_cs_buf *b, unsigned char c) { put(b, &c, 1); }

/* SQLite's varint: 7 bits a byte, high bit set on all but the last; a
 * ninth byte carries 8 bits. */
static void put_varint(gj_cs_buf *b, uint64_t v)
{
    unsigned char tmp[10], out[10];
    int n = 0, i;
    if (v & ((uint64_t)0xff000000 << 32)) {
        out[8] = (unsigned char)v;
        v >>= 8;
        for (i = 7; i >= 0; i--) {
            out[i] = (unsigned char)((v & 0x7f) | 0x80);
            v >>= 7;
        }
        put(b, out, 9);
        return;
    }
    do {
        tmp[n++] = (unsigned char)((v & 0x7f) | 0x80);
        v >>= 7;
    } while (v != 0);
    tmp[0] &= 0x7f;
    for (i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    put(b, out, (size_t)n);
}

void gj_cs_u64(gj_cs_buf *b, uint64_t v)
{
    unsigned char o[8];
    int i;
    for (i = 7; i >= 0; i--) {
        o[i] = (unsigned char)v;
        v >>= 8;
    }
    put(b, o, 8);
}

void gj_cs_table(gj_cs_buf *b, const gj_sync_table *t)
{
    int i;
    gj_cs_byte(b, 'T');
    put_varint(b, (uint64_t)t->ncol);
    for (i = 0; i < t->ncol; i++) gj_cs_byte(b, i == t->pk ? 1 : 0);
    put(b, t->name, strlen(t->name) + 1);
}

void gj_cs_change(gj_cs_buf *b, int op)
{
    gj_cs_byte(b, (unsigned char)op);
    gj_cs_byte(b, 0); /* not indirect */
}

/* One value: its type, then 8 big-endian bytes for numbers or a varint
 * length and the bytes for text and blobs; NULL pointer = undefined (an
 * update's unchanged column). */
void gj_cs_value(gj_cs_buf *b, sqlite3_value *v)
{
    int type;
    if (!v) {
        gj_cs_byte(b, 0);
        return;
    }
    type = sqlite3_value_type(v);
    gj_cs_byte(b, (unsigned char)type);
    switch (type) {
    case SQLITE_INTEGER:
        gj_cs_u64(b, (uint64_t)sqlite3_value_int64(v));
        break;
    case SQLITE_FLOAT: {
        double d = sqlite3_value_double(v);
        uint64_t u;
        memcpy(&u, &d, 8);
        gj_cs_u64(b, u);
        break;
    }
    case SQLITE_TEXT:
    case SQLITE_BLOB: {
        int n = sqlite3_value_bytes(v);
        const void *p = type == SQLITE_TEXT ? (const void *)sqlite3_value_text(v) : sqlite3_value_blob(v);
        put_varint(b, (uint64_t)n);
        if (n) put(b, p, (size_t)n);
        break;
    }
    default: /* SQLITE_NULL: the type alone */
        break;
    }
}

int gj_value_same(sqlite3_value *a, sqlite3_value *b)
{
    int t;
    if (!a || !b) return a == b;
    t = sqlite3_value_type(a);
    if (t != sqlite3_value_type(b)) return 0;
    switch (t) {
    case SQLITE_NULL: return 1;
    case SQLITE_INTEGER: return sqlite3_value_int64(a) == sqlite3_value_int64(b);
    case SQLITE_FLOAT: {
        double x = sqlite3_value_double(a), y = sqlite3_value_double(b);
        return memcmp(&x, &y, sizeof x) == 0;
    }
    default: {
        int n = sqlite3_value_bytes(a);
        const void *pa = t == SQLITE_TEXT ? (const void *)sqlite3_value_text(a) : sqlite3_value_blob(a);
        const void *pb = t == SQLITE_TEXT ? (const void *)sqlite3_value_text(b) : sqlite3_value_blob(b);
        return n == sqlite3_value_bytes(b) && (n == 0 || memcmp(pa, pb, (size_t)n) == 0);
    }
    }
}

/* JSON text of a value for the audit log's conflict entries. */
void gj_json_value(sqlite3_str *s, sqlite3_value *v)
{
    const unsigned char *p;
    switch (v ? sqlite3_value_type(v) : SQLITE_NULL) {
    case SQLITE_INTEGER: sqlite3_str_appendf(s, "%lld", (long long)sqlite3_value_int64(v)); return;
    case SQLITE_FLOAT: sqlite3_str_appendf(s, "%!.17g", sqlite3_value_double(v)); return;
    case SQLITE_TEXT: break;
    default: sqlite3_str_appendall(s, "null"); return;
    }
    sqlite3_str_appendchar(s, 1, '"');
    for (p = sqlite3_value_text(v); *p; p++) {
        if (*p == '"' || *p == '\\') sqlite3_str_appendf(s, "\\%c", *p);
        else if (*p < 0x20) sqlite3_str_appendf(s, "\\u%04x", *p);
        else sqlite3_str_appendchar(s, 1, (char)*p);
    }
    sqlite3_str_appendchar(s, 1, '"');
}
