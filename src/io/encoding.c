/*
 * Input encodings. Chinese Excel saves "CSV" in GB18030 (GBK), others save
 * UTF-8 with or without a BOM; the importer works on UTF-8. Auto-detection
 * looks at the first 64 KiB: valid UTF-8 (or a BOM) is UTF-8, anything
 * else is taken as GB18030, whose byte pairs are almost never valid UTF-8.
 * GB18030 is decoded with iconv (glibc natively; the browser decodes with
 * TextDecoder before feeding and says "utf-8").
 */
#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"

#define SNIFF (64u << 10)

struct gj_decoder {
    int enc;          /* GJ_ENC_*; AUTO until decided */
    int bom_checked;
    unsigned char pend[SNIFF + 32]; /* undecided bytes, or an incomplete sequence */
    size_t npend;
    int64_t offset;   /* bytes consumed before pend, for messages */
    size_t scanned, multi; /* auto mode: valid UTF-8 prefix of pend, multibyte chars in it */
    iconv_t cd;
    char err[160];
};

gj_decoder *gj_decoder_new(int enc)
{
    gj_decoder *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->enc = enc;
    d->cd = (iconv_t)-1;
    return d;
}

void gj_decoder_free(gj_decoder *d)
{
    if (!d) return;
    if (d->cd != (iconv_t)-1) iconv_close(d->cd);
    free(d);
}

const char *gj_decoder_error(const gj_decoder *d) { return d->err; }
int gj_decoder_encoding(const gj_decoder *d) { return d->enc; }

const char *gj_encoding_name(int enc)
{
    return enc == GJ_ENC_UTF8 ? "utf-8" : enc == GJ_ENC_GB18030 ? "gb18030" : "auto";
}

/*
 * Length of the valid UTF-8 prefix of s[0..n). *incomplete is set when
 * what follows is the start of a sequence cut off by the end of the input.
 */
static size_t utf8_scan(const unsigned char *s, size_t n, int *incomplete, size_t *multi)
{
    size_t i = 0;
    *incomplete = 0;
    *multi = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t k, need;
        unsigned cp;
        if (c < 0x80) { i++; continue; }
        if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
        else return i;
        for (k = 1; k <= need; k++) {
            if (i + k >= n) { *incomplete = 1; return i; }
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i; /* overlong, surrogate or out of range */
        i += need + 1;
        (*multi)++;
    }
    return i;
}

static size_t utf8_valid(const unsigned char *s, size_t n, int *incomplete)
{
    size_t multi;
    return utf8_scan(s, n, incomplete, &multi);
}

int gj_utf8_valid(const char *s, size_t n)
{
    int incomplete;
    return utf8_valid((const unsigned char *)s, n, &incomplete) == n;
}

static int open_gb18030(gj_decoder *d)
{
    d->cd = iconv_open("UTF-8", "GB18030");
    if (d->cd == (iconv_t)-1) {
        snprintf(d->err, sizeof d->err,
                 "GB18030 decoding is not available here; save the file as UTF-8 CSV");
        return GJ_INVALID;
    }
    return GJ_OK;
}

/* UTF-8 pass-through: validates, holds back a sequence cut by the chunk. */
static int feed_utf8(gj_decoder *d, const unsigned char *s, size_t n, int last, gj_text_fn fn,
                     void *ctx)
{
    int incomplete, rc;
    size_t ok = utf8_valid(s, n, &incomplete);
    if (ok > 0 && (rc = fn(ctx, (const char *)s, ok)) != GJ_OK) return rc;
    if (ok < n && (!incomplete || last)) {
        snprintf(d->err, sizeof d->err,
                 "the file is not valid UTF-8 at byte %lld (if Chinese Excel saved it, "
                 "choose encoding gb18030)", (long long)(d->offset + (int64_t)ok));
        return GJ_INVALID;
    }
    d->offset += (int64_t)ok;
    memmove(d->pend, s + ok, n - ok); /* s may be pend itself */
    d->npend = n - ok;
    return GJ_OK;
}

static int feed_gb(gj_decoder *d, const unsigned char *s, size_t n, int last, gj_text_fn fn,
                   void *ctx)
{
    char out[16384];
    char *in = (char *)s;
    size_t left = n;
    int rc;
    while (left > 0) {
        char *o = out;
        size_t room = sizeof out;
        size_t r = iconv(d->cd, &in, &left, &o, &room);
        int e = errno;
        if (o > out && (rc = fn(ctx, out, (size_t)(o - out))) != GJ_OK) return rc;
        if (r != (size_t)-1 || e == E2BIG) continue;
        if (e == EINVAL && !last) break; /* a character cut by the chunk */
        snprintf(d->err, sizeof d->err, "the file is not valid %s at byte %lld",
                 "GB18030", (long long)(d->offset + (int64_t)(in - (char *)s)));
        return GJ_INVALID;
    }
    d->offset += (int64_t)(in - (char *)s);
    memmove(d->pend, in, left);
    d->npend = left;
    return GJ_OK;
}

static int decode(gj_decoder *d, const unsigned char *s, size_t n, int last, gj_text_fn fn,
                  void *ctx)
{
    return d->enc == GJ_ENC_GB18030 ? feed_gb(d, s, n, last, fn, ctx)
                                    : feed_utf8(d, s, n, last, fn, ctx);
}

/* Decides the encoding from the pending bytes (auto mode), by whichever
 * comes first in the file: 16 valid multibyte UTF-8 characters mean UTF-8
 * (GB18030 text is almost never that valid by chance; a bad byte after
 * them is then an error at its offset), a byte that cannot be UTF-8 means
 * GB18030; at the end of the sniffed prefix it is UTF-8. Only the bytes'
 * order counts, never how they were split into chunks. GJ_ENC_AUTO stays
 * while undecided, so rows flow (progress) as soon as the file shows what
 * it is. */
static int sniff(gj_decoder *d, int final)
{
    int incomplete;
    size_t multi, ok;
    /* continue where the last call stopped: feeding byte by byte stays linear */
    ok = d->scanned + utf8_scan(d->pend + d->scanned, d->npend - d->scanned, &incomplete, &multi);
    d->scanned = ok;
    d->multi += multi;
    multi = d->multi;
    if (multi >= 16) {
        d->enc = GJ_ENC_UTF8;
    } else if (ok < d->npend && !incomplete) {
        d->enc = GJ_ENC_GB18030;
        return open_gb18030(d);
    } else if (final) {
        d->enc = GJ_ENC_UTF8;
    }
    return GJ_OK;
}

static int take(gj_decoder *d, const unsigned char *s, size_t n, int last, gj_text_fn fn,
                void *ctx)
{
    int rc;
    if (!d->bom_checked) {
        /* Hold bytes until the BOM (3 bytes) can be recognised. */
        size_t k = 3 - d->npend < n ? 3 - d->npend : n;
        memcpy(d->pend + d->npend, s, k);
        d->npend += k;
        s += k;
        n -= k;
        if (d->npend < 3 && !last) return GJ_OK;
        d->bom_checked = 1;
        if (d->npend == 3 && memcmp(d->pend, "\xEF\xBB\xBF", 3) == 0) {
            d->npend = 0;
            d->offset = 3;
            if (d->enc == GJ_ENC_AUTO) d->enc = GJ_ENC_UTF8;
        }
        if (d->enc == GJ_ENC_GB18030 && d->cd == (iconv_t)-1 && (rc = open_gb18030(d)) != GJ_OK)
            return rc;
    }
    if (d->enc == GJ_ENC_AUTO) {
        size_t k = SNIFF - d->npend < n ? SNIFF - d->npend : n;
        memcpy(d->pend + d->npend, s, k);
        d->npend += k;
        s += k;
        n -= k;
        if ((rc = sniff(d, d->npend >= SNIFF || last)) != GJ_OK) return rc;
        if (d->enc == GJ_ENC_AUTO) return GJ_OK;
    }
    /* Pending bytes first: a sequence cut by the last chunk (or the sniffed
     * prefix) is joined with up to 16 new bytes and decoded. */
    if (d->npend > 0) {
        size_t old = d->npend, k = n < 16 ? n : 16, used;
        memcpy(d->pend + d->npend, s, k);
        d->npend += k;
        if ((rc = decode(d, d->pend, d->npend, last && k == n, fn, ctx)) != GJ_OK) return rc;
        used = old + k - d->npend;
        if (used >= old) {
            /* whatever is left came from s: take it from there */
            s += used - old;
            n -= used - old;
            d->npend = 0;
        } else {
            s += k;
            n -= k;
        }
    }
    return n > 0 ? decode(d, s, n, last, fn, ctx) : GJ_OK;
}

int gj_decoder_feed(gj_decoder *d, const char *s, size_t n, gj_text_fn fn, void *ctx)
{
    return take(d, (const unsigned char *)s, n, 0, fn, ctx);
}

int gj_decoder_finish(gj_decoder *d, gj_text_fn fn, void *ctx)
{
    return take(d, (const unsigned char *)"", 0, 1, fn, ctx);
}
