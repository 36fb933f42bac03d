/* Small tools of the io layer: a growable text buffer and a string ->
 * int64 hash map (the importer's reference caches). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"

void gj_buf_init(gj_buf *b) { memset(b, 0, sizeof *b); }

void gj_buf_free(gj_buf *b)
{
    free(b->p);
    memset(b, 0, sizeof *b);
}

/* Makes room for n more bytes plus a NUL. 0 or -1 (oom is set). */
static int reserve(gj_buf *b, size_t n)
{
    size_t cap;
    char *p;
    if (b->oom) return -1;
    if (b->len + n + 1 <= b->cap) return 0;
    cap = b->cap ? b->cap : 256;
    while (cap < b->len + n + 1) cap *= 2;
    p = gj_realloc(b->p, cap);
    if (!p) { b->oom = 1; return -1; }
    b->p = p;
    b->cap = cap;
    return 0;
}

void gj_buf_add(gj_buf *b, const char *s, size_t n)
{
    if (reserve(b, n)) return;
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
}

void gj_buf_adds(gj_buf *b, const char *s) { gj_buf_add(b, s, strlen(s)); }

void gj_buf_addf(gj_buf *b, const char *fmt, ...)
{
    va_list ap;
    int n;
    char tmp[256];
    va_start(ap, fmt);
    n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    if (n < 0) return;
    if ((size_t)n < sizeof tmp) { gj_buf_add(b, tmp, (size_t)n); return; }
    if (reserve(b, (size_t)n)) return;
    va_start(ap, fmt);
    vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

void gj_buf_json_str(gj_buf *b, const char *s)
{
    const unsigned char *p = (const unsigned char *)s, *run = p;
    gj_buf_add(b, "\"", 1);
    for (; *p; p++) {
        if (*p >= 0x20 && *p != '"' && *p != '\\') continue;
        gj_buf_add(b, (const char *)run, (size_t)(p - run));
        switch (*p) {
        case '"': gj_buf_add(b, "\\\"", 2); break;
        case '\\': gj_buf_add(b, "\\\\", 2); break;
        case '\n': gj_buf_add(b, "\\n", 2); break;
        case '\r': gj_buf_add(b, "\\r", 2); break;
        case '\t': gj_buf_add(b, "\\t", 2); break;
        default: gj_buf_addf(b, "\\u%04x", *p); break;
        }
        run = p + 1;
    }
    gj_buf_add(b, (const char *)run, (size_t)(p - run));
    gj_buf_add(b, "\"", 1);
}

const char *gj_buf_str(gj_buf *b)
{
    if (b->oom) return NULL;
    return b->p ? b->p : "";
}

char *gj_buf_take(gj_buf *b)
{
    char *p;
    if (b->oom) { gj_buf_free(b); return NULL; }
    if (!b->p) return gj_calloc(1, 1);
    p = b->p;
    memset(b, 0, sizeof *b);
    return p;
}

/* ---- string map: open addressing, linear probing, power-of-two size ---- */

typedef struct {
    char *key; /* NULL = empty slot */
    int64_t val;
    unsigned hash;
} slot;

struct gj_strmap {
    slot *s;
    size_t cap, n;
};

static unsigned hash_str(const char *s)
{
    unsigned h = 2166136261u;
    while (*s) h = (h ^ (unsigned char)*s++) * 16777619u;
    return h;
}

gj_strmap *gj_strmap_new(void)
{
    gj_strmap *m = gj_calloc(1, sizeof *m);
    if (!m) return NULL;
    m->cap = 64;
    m->s = gj_calloc(m->cap, sizeof *m->s);
    if (!m->s) { free(m); return NULL; }
    return m;
}

void gj_strmap_clear(gj_strmap *m)
{
    size_t i;
    if (!m) return;
    for (i = 0; i < m->cap; i++) {
        free(m->s[i].key);
        m->s[i].key = NULL;
    }
    m->n = 0;
}

void gj_strmap_free(gj_strmap *m)
{
    if (!m) return;
    gj_strmap_clear(m);
    free(m->s);
    free(m);
}

size_t gj_strmap_count(const gj_strmap *m) { return m->n; }

int gj_strmap_get(const gj_strmap *m, const char *key, int64_t *val)
{
    unsigned h = hash_str(key);
    size_t i = h & (m->cap - 1);
    for (; m->s[i].key; i = (i + 1) & (m->cap - 1))
        if (m->s[i].hash == h && strcmp(m->s[i].key, key) == 0) {
            *val = m->s[i].val;
            return 1;
        }
    return 0;
}

static int grow(gj_strmap *m)
{
    size_t cap = m->cap * 2, i, j;
    slot *s = gj_calloc(cap, sizeof *s);
    if (!s) return GJ_NOMEM;
    for (i = 0; i < m->cap; i++) {
        if (!m->s[i].key) continue;
        for (j = m->s[i].hash & (cap - 1); s[j].key; j = (j + 1) & (cap - 1)) {}
        s[j] = m->s[i];
    }
    free(m->s);
    m->s = s;
    m->cap = cap;
    return GJ_OK;
}

int gj_strmap_put(gj_strmap *m, const char *key, int64_t val)
{
    unsigned h = hash_str(key);
    size_t i;
    if ((m->n + 1) * 4 > m->cap * 3 && grow(m) != GJ_OK) return GJ_NOMEM;
    for (i = h & (m->cap - 1); m->s[i].key; i = (i + 1) & (m->cap - 1))
        if (m->s[i].hash == h && strcmp(m->s[i].key, key) == 0) {
            m->s[i].val = val;
            return GJ_OK;
        }
    m->s[i].key = gj_strdup(key);
    if (!m->s[i].key) return GJ_NOMEM;
    m->s[i].hash = h;
    m->s[i].val = val;
    m->n++;
    return GJ_OK;
}

/* ---- set of 64-bit hashes (the importer's "ext_ids seen" set) ---- */

struct gj_hset {
    uint64_t *s; /* 0 = empty slot */
    size_t cap, n;
};

uint64_t gj_hash64(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    while (*s) h = (h ^ (unsigned char)*s++) * 1099511628211ull;
    return h ? h : 1;
}

gj_hset *gj_hset_new(void)
{
    gj_hset *h = gj_calloc(1, sizeof *h);
    if (!h) return NULL;
    h->cap = 1024;
    if (!(h->s = gj_calloc(h->cap, sizeof *h->s))) { free(h); return NULL; }
    return h;
}

void gj_hset_free(gj_hset *h)
{
    if (!h) return;
    free(h->s);
    free(h);
}

size_t gj_hset_count(const gj_hset *h) { return h->n; }

int gj_hset_add(gj_hset *h, uint64_t v)
{
    size_t i;
    if ((h->n + 1) * 4 > h->cap * 3) {
        size_t cap = h->cap * 2, j;
        uint64_t *s = gj_calloc(cap, sizeof *s);
        if (!s) return -1;
        for (j = 0; j < h->cap; j++) {
            if (!h->s[j]) continue;
            for (i = h->s[j] & (cap - 1); s[i]; i = (i + 1) & (cap - 1)) {}
            s[i] = h->s[j];
        }
        free(h->s);
        h->s = s;
        h->cap = cap;
    }
    for (i = v & (h->cap - 1); h->s[i]; i = (i + 1) & (h->cap - 1))
        if (h->s[i] == v) return 1;
    h->s[i] = v;
    h->n++;
    return 0;
}
