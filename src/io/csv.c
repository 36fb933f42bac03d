/*
 * RFC 4180 CSV, streaming: the parser keeps only the record being read, so
 * a file of any size needs memory for one record. Bytes may arrive in any
 * split (inside a quoted field, between CR and LF); the state machine
 * carries over between calls.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"

#define MAX_RECORD (64u << 20) /* a runaway open quote stops here */

typedef enum {
    S_START,   /* at the start of a field */
    S_PLAIN,   /* inside an unquoted field */
    S_QUOTED,  /* inside a quoted field */
    S_QUOTE,   /* a quote inside a quoted field: closes it or escapes one */
    S_CR       /* after a CR that ended a record: swallow one LF */
} state;

struct gj_csv {
    gj_csv_row_fn fn;
    void *ctx;
    state st;
    char *buf;          /* the record: fields separated by NULs */
    size_t len, cap;
    size_t *start;      /* offset of each field in buf */
    char **fields;
    size_t *lens;
    int nf, capf;
    int64_t records;
    char err[128];
};

gj_csv *gj_csv_new(gj_csv_row_fn fn, void *ctx)
{
    gj_csv *p = gj_calloc(1, sizeof *p);
    if (!p) return NULL;
    p->fn = fn;
    p->ctx = ctx;
    p->cap = 4096;
    p->capf = 32;
    p->buf = gj_malloc(p->cap);
    p->start = gj_malloc(sizeof *p->start * (size_t)p->capf);
    p->fields = gj_malloc(sizeof *p->fields * (size_t)p->capf);
    p->lens = gj_malloc(sizeof *p->lens * (size_t)p->capf);
    if (!p->buf || !p->start || !p->fields || !p->lens) goto fail;
    p->start[0] = 0;
    return p;
fail:
    gj_csv_free(p);
    return NULL;
}

void gj_csv_free(gj_csv *p)
{
    if (!p) return;
    free(p->buf);
    free(p->start);
    free(p->fields);
    free(p->lens);
    free(p);
}

const char *gj_csv_error(const gj_csv *p) { return p->err; }
int64_t gj_csv_records(const gj_csv *p) { return p->records; }
int gj_csv_field(const gj_csv *p) { return p->nf; }

static int put(gj_csv *p, const char *s, size_t n)
{
    if (p->len + n + 1 > p->cap) {
        size_t cap = p->cap;
        char *b;
        if (p->len + n + 1 > MAX_RECORD) {
            snprintf(p->err, sizeof p->err,
                     "record %lld is over 64 MiB: is a quote left open?", (long long)p->records + 1);
            return GJ_INVALID;
        }
        while (cap < p->len + n + 1) cap *= 2;
        b = gj_realloc(p->buf, cap);
        if (!b) return GJ_NOMEM;
        p->buf = b;
        p->cap = cap;
    }
    memcpy(p->buf + p->len, s, n);
    p->len += n;
    return GJ_OK;
}

/* Ends the current field (NUL-terminates it) and starts the next. */
static int end_field(gj_csv *p)
{
    int rc;
    if (p->nf + 1 >= p->capf) {
        int capf = p->capf * 2;
        size_t *st = gj_realloc(p->start, sizeof *st * (size_t)capf);
        char **f;
        size_t *l;
        if (!st) return GJ_NOMEM;
        p->start = st;
        f = gj_realloc(p->fields, sizeof *f * (size_t)capf);
        if (!f) return GJ_NOMEM;
        p->fields = f;
        l = gj_realloc(p->lens, sizeof *l * (size_t)capf);
        if (!l) return GJ_NOMEM;
        p->lens = l;
        p->capf = capf;
    }
    if ((rc = put(p, "", 1)) != GJ_OK) return rc;
    p->nf++;
    p->start[p->nf] = p->len;
    return GJ_OK;
}

static int end_record(gj_csv *p)
{
    int i, rc;
    if ((rc = end_field(p)) != GJ_OK) return rc;
    for (i = 0; i < p->nf; i++) {
        p->fields[i] = p->buf + p->start[i];
        p->lens[i] = p->start[i + 1] - p->start[i] - 1;
    }
    p->records++;
    rc = p->fn(p->ctx, p->nf, p->fields, p->lens);
    p->nf = 0;
    p->len = 0;
    p->start[0] = 0;
    return rc;
}

int gj_csv_feed(gj_csv *p, const char *s, size_t n)
{
    const char *end = s + n;
    int rc;
    while (s < end) {
        char c = *s;
        switch (p->st) {
        case S_CR:
            p->st = S_START;
            if (c == '\n') { s++; continue; }
            /* fall through */ /* (a bare CR ended the record) */
        case S_START:
            if (c == '"') { p->st = S_QUOTED; s++; continue; }
            p->st = S_PLAIN;
            /* fall through */
        case S_PLAIN: {
            /* Copy the run up to the next special byte in one go. */
            const char *q = s;
            while (q < end && *q != ',' && *q != '\n' && *q != '\r') q++;
            if (q > s && (rc = put(p, s, (size_t)(q - s))) != GJ_OK) return rc;
            s = q;
            if (s == end) return GJ_OK;
            c = *s++;
            if (c == ',') {
                if ((rc = end_field(p)) != GJ_OK) return rc;
                p->st = S_START;
            } else {
                if ((rc = end_record(p)) != GJ_OK) return rc;
                p->st = c == '\r' ? S_CR : S_START;
            }
            continue;
        }
        case S_QUOTED: {
            const char *q = memchr(s, '"', (size_t)(end - s));
            if (!q) q = end;
            if (q > s && (rc = put(p, s, (size_t)(q - s))) != GJ_OK) return rc;
            s = q;
            if (s < end) { s++; p->st = S_QUOTE; }
            continue;
        }
        case S_QUOTE:
            if (c == '"') { /* "" is one quote */
                if ((rc = put(p, "\"", 1)) != GJ_OK) return rc;
                p->st = S_QUOTED;
                s++;
            } else if (c == ',') {
                if ((rc = end_field(p)) != GJ_OK) return rc;
                p->st = S_START;
                s++;
            } else if (c == '\n' || c == '\r') {
                if ((rc = end_record(p)) != GJ_OK) return rc;
                p->st = c == '\r' ? S_CR : S_START;
                s++;
            } else {
                p->st = S_PLAIN; /* "ab"cd: keep the rest as Excel does */
            }
            continue;
        }
    }
    return GJ_OK;
}

int gj_csv_finish(gj_csv *p)
{
    switch (p->st) {
    case S_QUOTED:
        snprintf(p->err, sizeof p->err,
                 "the file ends inside a quoted field of record %lld (a quote is not closed)",
                 (long long)p->records + 1);
        return GJ_INVALID;
    case S_START:
        if (p->nf == 0 && p->len == 0) return GJ_OK; /* ended with a line break */
        /* fall through */ /* ("a,b," ends with an empty field) */
    case S_PLAIN:
    case S_QUOTE:
        p->st = S_START;
        return end_record(p);
    case S_CR:
        p->st = S_START;
        return GJ_OK;
    }
    return GJ_OK;
}

/* ---- writing ---- */

void gj_io_show_cell(gj_buf *b, const char *s, size_t n)
{
    const char *z;
    while ((z = memchr(s, 0, n)) != NULL) {
        gj_buf_add(b, s, (size_t)(z - s));
        gj_buf_adds(b, "\xE2\x90\x80"); /* U+2400 */
        n -= (size_t)(z - s) + 1;
        s = z + 1;
    }
    gj_buf_add(b, s, n);
}

void gj_csv_cell(gj_buf *b, const char *s, int neutralise)
{
    int quote = strpbrk(s, ",\"\r\n") != NULL;
    int guard = neutralise && s[0] && strchr("=+-@\t\r", s[0]) != NULL;
    const char *q;
    if (!quote && !guard) { gj_buf_adds(b, s); return; }
    if (quote) gj_buf_add(b, "\"", 1);
    if (guard) gj_buf_add(b, "'", 1);
    if (!quote) { gj_buf_adds(b, s); return; }
    while ((q = strchr(s, '"')) != NULL) {
        gj_buf_add(b, s, (size_t)(q - s + 1));
        gj_buf_add(b, "\"", 1);
        s = q + 1;
    }
    gj_buf_adds(b, s);
    gj_buf_add(b, "\"", 1);
}
