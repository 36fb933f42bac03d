/*
 * The .gjc envelope with OpenSSL (see cli_gjcf.h). The layout is the
 * page's: magic, version, kind, flags, device length, team id, key id,
 * first and last sequence, body length, nonce, device id, then the
 * ciphertext and its tag; all integers big-endian.
 */
#include <stdlib.h>
#include <string.h>

#include "cli_gjcf.h"

#ifdef GJ_HAVE_OPENSSL
#include <openssl/evp.h>
#include <openssl/rand.h>
#endif
#ifdef GJ_HAVE_ZLIB
#include <zlib.h>
#endif

#define FIXED 64 /* header bytes before the device id */
#define TAG 16
#define ROUNDS 600000
#define FLAG_DEFLATE 1
#define MAX_PLAIN ((size_t)1 << 30) /* an inflated file past this is refused */

static void put64(unsigned char *p, uint64_t v)
{
    int i;
    for (i = 0; i < 8; i++) p[i] = (unsigned char)(v >> (56 - 8 * i));
}

static uint64_t get64(const unsigned char *p)
{
    uint64_t v = 0;
    int i;
    for (i = 0; i < 8; i++) v = v << 8 | p[i];
    return v;
}

void gjcf_hex(const unsigned char *p, size_t n, char *out)
{
    static const char d[] = "0123456789abcdef";
    size_t i;
    for (i = 0; i < n; i++) {
        out[2 * i] = d[p[i] >> 4];
        out[2 * i + 1] = d[p[i] & 15];
    }
    out[2 * n] = 0;
}

int gjcf_unhex16(const char *s, unsigned char out[16])
{
    int i;
    for (i = 0; i < 32; i++) {
        const char *c = strchr("0123456789abcdef", s[i]);
        if (!s[i] || !c) return -1;
        if (i % 2 == 0) out[i / 2] = (unsigned char)((c - "0123456789abcdef") << 4);
        else out[i / 2] |= (unsigned char)(c - "0123456789abcdef");
    }
    return s[32] ? -1 : 0;
}

static int device_ok(const char *d, size_t n)
{
    size_t i;
    if (n < 1 || n > 64) return 0;
    for (i = 0; i < n; i++)
        if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-", d[i]) || !d[i])
            return 0;
    return 1;
}

const char *gjcf_read_head(const unsigned char *b, size_t n, gjcf_head *h)
{
    size_t i, have;
    memset(h, 0, sizeof *h);
    for (i = 0; i < 4 && i < n; i++)
        if (b[i] != "GJCF"[i]) return "sync_not_gjc";
    if (n < 5) return "sync_truncated";
    if (b[4] != 1) return "sync_version";
    if (n < FIXED || n < FIXED + (size_t)b[7]) return "sync_truncated";
    h->kind = b[5];
    h->flags = b[6];
    memcpy(h->team, b + 8, 16);
    memcpy(h->key_id, b + 24, 8);
    h->first = get64(b + 32);
    h->last = get64(b + 40);
    h->length = (size_t)b[48] << 24 | (size_t)b[49] << 16 | (size_t)b[50] << 8 | b[51];
    h->size = FIXED + (size_t)b[7];
    memcpy(h->device, b + FIXED, b[7]);
    h->device[b[7]] = 0;
    if (h->kind < GJCF_CHANGES || h->kind > GJCF_EXPORT || !device_ok(h->device, b[7]) || h->length < TAG)
        return "sync_damaged";
    have = n - h->size;
    if (have < h->length) return "sync_truncated";
    if (have > h->length) return "sync_damaged";
    return NULL;
}

#ifdef GJ_HAVE_OPENSSL
int gjcf_available(void) { return 1; }

int gjcf_random(unsigned char *p, size_t n) { return RAND_bytes(p, (int)n) == 1 ? 0 : -1; }

int gjcf_derive(const char *pass, const unsigned char team[16], gjcf_team *t)
{
    static const char label[] = "genjin-sync key id v1";
    unsigned char both[sizeof label - 1 + 32], md[32];
    unsigned int mdn = 0;
    /* at least 8 characters, as the page asks (UTF-8: count lead bytes) */
    size_t chars = 0, i;
    for (i = 0; pass[i]; i++) chars += ((unsigned char)pass[i] & 0xC0) != 0x80;
    if (chars < 8) return -1;
    memcpy(t->team, team, 16);
    if (PKCS5_PBKDF2_HMAC(pass, (int)strlen(pass), team, 16, ROUNDS, EVP_sha256(), 32, t->key) != 1) return -1;
    memcpy(both, label, sizeof label - 1);
    memcpy(both + sizeof label - 1, t->key, 32);
    if (EVP_Digest(both, sizeof both, md, &mdn, EVP_sha256(), NULL) != 1) return -1;
    memcpy(t->key_id, md, 8);
    return 0;
}

unsigned char *gjcf_seal(const gjcf_team *t, int kind, const char *device, uint64_t first,
                         uint64_t last, const unsigned char *plain, size_t n, size_t *out_n)
{
    size_t dn = strlen(device), hs = FIXED + dn, total = hs + n + TAG;
    unsigned char *f = NULL;
    EVP_CIPHER_CTX *c = NULL;
    int len = 0;
    if (!device_ok(device, dn) || n > 0xFFFFFFFFu - TAG) goto fail;
    if (!(f = malloc(total)) || !(c = EVP_CIPHER_CTX_new())) goto fail;
    memcpy(f, "GJCF", 4);
    f[4] = 1;
    f[5] = (unsigned char)kind;
    f[6] = 0; /* never compressed here: the reader inflates only when flagged */
    f[7] = (unsigned char)dn;
    memcpy(f + 8, t->team, 16);
    memcpy(f + 24, t->key_id, 8);
    put64(f + 32, first);
    put64(f + 40, last);
    f[48] = (unsigned char)((n + TAG) >> 24);
    f[49] = (unsigned char)((n + TAG) >> 16);
    f[50] = (unsigned char)((n + TAG) >> 8);
    f[51] = (unsigned char)(n + TAG);
    if (RAND_bytes(f + 52, 12) != 1) goto fail;
    memcpy(f + FIXED, device, dn);
    if (EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, t->key, f + 52) != 1 ||
        EVP_EncryptUpdate(c, NULL, &len, f, (int)hs) != 1 ||
        (n && EVP_EncryptUpdate(c, f + hs, &len, plain, (int)n) != 1) ||
        EVP_EncryptFinal_ex(c, f + hs + n, &len) != 1 ||
        EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, TAG, f + hs + n) != 1)
        goto fail;
    EVP_CIPHER_CTX_free(c);
    *out_n = total;
    return f;
fail:
    EVP_CIPHER_CTX_free(c);
    free(f);
    return NULL;
}

/* deflate-raw of the page's CompressionStream, undone. */
static const char *inflate_raw(unsigned char *in, size_t n, unsigned char **out, size_t *on)
{
#ifdef GJ_HAVE_ZLIB
    z_stream z;
    size_t cap = n * 4 + 1024, got = 0;
    unsigned char *p = malloc(cap), *q;
    int rc = Z_OK;
    memset(&z, 0, sizeof z);
    if (!p || inflateInit2(&z, -15) != Z_OK) {
        free(p);
        return "nomem";
    }
    z.next_in = in;
    z.avail_in = (uInt)n;
    while (rc != Z_STREAM_END) {
        if (got == cap) {
            if (cap >= MAX_PLAIN || !(q = realloc(p, cap * 2))) break;
            p = q;
            cap *= 2;
        }
        z.next_out = p + got;
        z.avail_out = (uInt)(cap - got);
        rc = inflate(&z, Z_NO_FLUSH);
        got = cap - z.avail_out;
        if (rc != Z_OK && rc != Z_STREAM_END) break;
    }
    inflateEnd(&z);
    if (rc != Z_STREAM_END) {
        free(p);
        return "sync_damaged";
    }
    *out = p;
    *on = got;
    return NULL;
#else
    (void)in; (void)n; (void)out; (void)on;
    return "sync_damaged"; /* built without zlib: a compressed file cannot be read */
#endif
}

const char *gjcf_open(const gjcf_team *t, const unsigned char *b, const gjcf_head *h,
                      unsigned char **plain, size_t *np)
{
    size_t body = h->length - TAG;
    unsigned char *p;
    EVP_CIPHER_CTX *c;
    const char *why = NULL;
    int len = 0, ok;
    *plain = NULL;
    *np = 0;
    if (memcmp(h->team, t->team, 16) != 0) return "sync_other_team";
    if (memcmp(h->key_id, t->key_id, 8) != 0) return "sync_wrong_passphrase";
    if (!(p = malloc(body + 1))) return "nomem";
    c = EVP_CIPHER_CTX_new();
    ok = c && EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, t->key, b + 52) == 1 &&
         EVP_DecryptUpdate(c, NULL, &len, b, (int)h->size) == 1 &&
         (!body || EVP_DecryptUpdate(c, p, &len, b + h->size, (int)body) == 1) &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, TAG, (void *)(b + h->size + body)) == 1 &&
         EVP_DecryptFinal_ex(c, p + len, &len) == 1;
    EVP_CIPHER_CTX_free(c);
    if (!ok) {
        free(p);
        return "sync_damaged";
    }
    if (h->flags & FLAG_DEFLATE) {
        why = inflate_raw(p, body, plain, np);
        free(p);
        return why;
    }
    *plain = p;
    *np = body;
    return NULL;
}
#else
int gjcf_available(void) { return 0; }
int gjcf_random(unsigned char *p, size_t n) { (void)p; (void)n; return -1; }
int gjcf_derive(const char *pass, const unsigned char team[16], gjcf_team *t)
{
    (void)pass; (void)team; (void)t;
    return -1;
}
unsigned char *gjcf_seal(const gjcf_team *t, int kind, const char *device, uint64_t first,
                         uint64_t last, const unsigned char *plain, size_t n, size_t *out_n)
{
    (void)t; (void)kind; (void)device; (void)first; (void)last; (void)plain; (void)n; (void)out_n;
    return NULL;
}
const char *gjcf_open(const gjcf_team *t, const unsigned char *b, const gjcf_head *h,
                      unsigned char **plain, size_t *np)
{
    (void)t; (void)b; (void)h; (void)plain; (void)np;
    return "sync_damaged";
}
#endif
