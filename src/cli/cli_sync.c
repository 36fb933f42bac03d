/*
 * genjin sync export / sync import: "my changes since X" as one file and
 * a teammate's file applied (docs/sync.md). With --passphrase-file the
 * file is the encrypted envelope (PBKDF2-SHA-256 600,000 rounds, AES-256-
 * GCM, device and seq authenticated), the same the page writes; without,
 * the plaintext framing. Encryption needs OpenSSL (GJ_HAVE_OPENSSL).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genjin/genjin.h"

#ifdef GJ_HAVE_OPENSSL
#include <openssl/evp.h>
#include <openssl/rand.h>
#endif

int gj_cli_sync(gj_db *db, int argc, char **argv);

#define ENV_MAGIC "GJE1"
#define ENV_HEAD 36 /* magic 4, salt 16, device 8, seq 8: the authenticated data */
#define ENV_NONCE 12
#define ENV_TAG 16
#define KDF_ROUNDS 600000

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

static char *b64_encode(const unsigned char *p, size_t n)
{
    size_t i, o = 0;
    char *s = malloc((n + 2) / 3 * 4 + 1);
    if (!s) return NULL;
    for (i = 0; i < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0) | (i + 2 < n ? p[i + 2] : 0);
        s[o++] = B64[v >> 18];
        s[o++] = B64[v >> 12 & 63];
        s[o++] = i + 1 < n ? B64[v >> 6 & 63] : '=';
        s[o++] = i + 2 < n ? B64[v & 63] : '=';
    }
    s[o] = 0;
    return s;
}

/* Decodes the base64 text at s (up to a '"'); NULL when it is not. */
static unsigned char *b64_decode(const char *s, size_t *n)
{
    size_t len = strcspn(s, "\""), i, o = 0;
    unsigned char *p = len % 4 ? NULL : malloc(len / 4 * 3 + 1);
    if (!p) return NULL;
    for (i = 0; i < len; i += 4) {
        int k, d[4];
        for (k = 0; k < 4; k++) {
            const char *c = s[i + k] == '=' ? B64 : strchr(B64, s[i + k]);
            if (!c || !s[i + k]) {
                free(p);
                return NULL;
            }
            d[k] = (int)(c - B64);
        }
        p[o++] = (unsigned char)(d[0] << 2 | d[1] >> 4);
        if (s[i + 2] != '=') p[o++] = (unsigned char)((d[1] & 15) << 4 | d[2] >> 2);
        if (s[i + 3] != '=') p[o++] = (unsigned char)((d[2] & 3) << 6 | d[3]);
    }
    *n = o;
    return p;
}

static unsigned char *read_file(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    unsigned char *p = NULL;
    long len;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (p = malloc((size_t)len + 1)) && fread(p, 1, (size_t)len, f) == (size_t)len) {
        *n = (size_t)len;
        p[len] = 0;
    } else {
        free(p);
        p = NULL;
    }
    fclose(f);
    return p;
}

/* The passphrase: the file's first line. */
static char *read_passphrase(const char *path)
{
    size_t n = 0;
    char *p = (char *)read_file(path, &n);
    if (p) p[strcspn(p, "\r\n")] = 0;
    if (p && !*p) {
        free(p);
        p = NULL;
    }
    return p;
}

#ifdef GJ_HAVE_OPENSSL
static int derive_key(const char *pass, const unsigned char *salt, unsigned char *key)
{
    return PKCS5_PBKDF2_HMAC(pass, (int)strlen(pass), salt, 16, KDF_ROUNDS, EVP_sha256(), 32, key) == 1 ? 0 : -1;
}

/* AES-256-GCM of plain with `head` (ENV_HEAD bytes) authenticated;
 * returns the whole envelope (malloc'ed) or NULL. */
static unsigned char *seal(const char *pass, unsigned char *head, const unsigned char *plain, size_t n, size_t *out_n)
{
    unsigned char key[32], *env = malloc(ENV_HEAD + ENV_NONCE + n + ENV_TAG), *nonce;
    EVP_CIPHER_CTX *c = EVP_CIPHER_CTX_new();
    int len = 0, ok = env && c;
    if (ok) {
        memcpy(env, head, ENV_HEAD);
        nonce = env + ENV_HEAD;
        ok = RAND_bytes(nonce, ENV_NONCE) == 1 && derive_key(pass, head + 4, key) == 0 &&
             EVP_EncryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, nonce) == 1 &&
             EVP_EncryptUpdate(c, NULL, &len, head, ENV_HEAD) == 1 &&
             EVP_EncryptUpdate(c, env + ENV_HEAD + ENV_NONCE, &len, plain, (int)n) == 1 &&
             EVP_EncryptFinal_ex(c, env + ENV_HEAD + ENV_NONCE + len, &len) == 1 &&
             EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_GET_TAG, ENV_TAG, env + ENV_HEAD + ENV_NONCE + n) == 1;
    }
    EVP_CIPHER_CTX_free(c);
    if (!ok) {
        free(env);
        return NULL;
    }
    *out_n = ENV_HEAD + ENV_NONCE + n + ENV_TAG;
    return env;
}

/* The plaintext of an envelope, or NULL when the tag does not check (wrong
 * passphrase, another team, a changed or cut file). */
static unsigned char *open_envelope(const char *pass, const unsigned char *env, size_t n, size_t *out_n)
{
    unsigned char key[32], *plain;
    EVP_CIPHER_CTX *c;
    size_t body;
    int len = 0, ok;
    if (n < ENV_HEAD + ENV_NONCE + ENV_TAG) return NULL;
    body = n - ENV_HEAD - ENV_NONCE - ENV_TAG;
    if (!(plain = malloc(body + 1))) return NULL;
    c = EVP_CIPHER_CTX_new();
    ok = c && derive_key(pass, env + 4, key) == 0 &&
         EVP_DecryptInit_ex(c, EVP_aes_256_gcm(), NULL, key, env + ENV_HEAD) == 1 &&
         EVP_DecryptUpdate(c, NULL, &len, env, ENV_HEAD) == 1 &&
         EVP_DecryptUpdate(c, plain, &len, env + ENV_HEAD + ENV_NONCE, (int)body) == 1 &&
         EVP_CIPHER_CTX_ctrl(c, EVP_CTRL_GCM_SET_TAG, ENV_TAG, (void *)(env + n - ENV_TAG)) == 1 &&
         EVP_DecryptFinal_ex(c, plain + len, &len) == 1;
    EVP_CIPHER_CTX_free(c);
    if (!ok) {
        free(plain);
        return NULL;
    }
    *out_n = body;
    return plain;
}
#endif

/* The value of "key":"..." or "key":N in a response (first match). */
static const char *field(const char *resp, const char *key)
{
    char pat[32];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(resp, pat);
    if (!p) return NULL;
    p += strlen(pat);
    return *p == '"' ? p + 1 : p;
}

static int fail(const char *what, char *resp)
{
    fprintf(stderr, "genjin: sync: %s\n", what);
    if (resp) fprintf(stderr, "%s\n", resp);
    gj_free(resp);
    return 1;
}

static int export_cmd(gj_db *db, const char *out, const char *pass, long long since)
{
    char req[96], *resp;
    const char *b64, *dev, *last;
    unsigned char *plain, *bytes = NULL;
    size_t n = 0, nbytes = 0;
    FILE *f;
    int ok;
    snprintf(req, sizeof req, "{\"op\":\"sync.export\",\"args\":{\"since\":%lld}}", since);
    resp = gj_call(db, req);
    if (!resp || strncmp(resp, "{\"ok\":true", 10) != 0) return fail("export failed", resp);
    b64 = field(resp, "file");
    dev = field(resp, "device");
    last = field(resp, "last_seq");
    if (!b64 || !dev || !last || !(plain = b64_decode(b64, &n))) return fail("unexpected answer", resp);
    if (pass) {
#ifdef GJ_HAVE_OPENSSL
        unsigned char head[ENV_HEAD];
        unsigned long long seq = strtoull(last, NULL, 10);
        int i;
        memcpy(head, ENV_MAGIC, 4);
        RAND_bytes(head + 4, 16); /* a file on its own: its own salt */
        for (i = 0; i < 8; i++) {
            unsigned v = 0;
            sscanf(dev + 2 * i, "%2x", &v);
            head[20 + i] = (unsigned char)v;
            head[28 + i] = (unsigned char)(seq >> (56 - 8 * i));
        }
        bytes = seal(pass, head, plain, n, &nbytes);
        free(plain);
        if (!bytes) return fail("encryption failed", resp);
#else
        free(plain);
        return fail("this genjin was built without OpenSSL: no encrypted files (leave out --passphrase-file)", resp);
#endif
    } else {
        bytes = plain;
        nbytes = n;
    }
    f = fopen(out, "wb");
    ok = f && fwrite(bytes, 1, nbytes, f) == nbytes;
    if (f && fclose(f) != 0) ok = 0;
    free(bytes);
    if (!ok) return fail("cannot write the file", resp);
    fprintf(stdout, "%s\n", resp);
    gj_free(resp);
    return 0;
}

static int import_cmd(gj_db *db, const char *path, const char *pass)
{
    size_t n = 0, np = 0;
    unsigned char *bytes = read_file(path, &n), *plain;
    char *b64, *req, *resp;
    int status;
    if (!bytes) return fail("cannot read the file", NULL);
    if (n >= 4 && memcmp(bytes, ENV_MAGIC, 4) == 0) {
        if (!pass) {
            free(bytes);
            return fail("the file is encrypted: give --passphrase-file", NULL);
        }
#ifdef GJ_HAVE_OPENSSL
        plain = open_envelope(pass, bytes, n, &np);
        free(bytes);
        if (!plain)
            return fail("the file cannot be opened: wrong passphrase, another team's file, or damaged or cut short; nothing was applied", NULL);
#else
        free(bytes);
        return fail("this genjin was built without OpenSSL: cannot open encrypted files", NULL);
#endif
    } else {
        plain = bytes;
        np = n;
    }
    b64 = b64_encode(plain, np);
    free(plain);
    req = b64 ? malloc(strlen(b64) + 64) : NULL;
    if (!req) {
        free(b64);
        return fail("out of memory", NULL);
    }
    sprintf(req, "{\"op\":\"sync.import\",\"args\":{\"file\":\"%s\"}}", b64);
    free(b64);
    resp = gj_call(db, req);
    free(req);
    if (!resp) return fail("out of memory", NULL);
    status = strncmp(resp, "{\"ok\":true", 10) == 0 ? 0 : 1;
    fprintf(status ? stderr : stdout, "%s\n", resp);
    gj_free(resp);
    return status;
}

/* argv[0] is "sync". */
int gj_cli_sync(gj_db *db, int argc, char **argv)
{
    const char *sub = argc > 1 ? argv[1] : "", *out = NULL, *in = NULL, *pass_file = NULL;
    char *pass = NULL;
    long long since = 0;
    int i, status;
    for (i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) out = argv[++i];
        else if (strcmp(argv[i], "--passphrase-file") == 0 && i + 1 < argc) pass_file = argv[++i];
        else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) since = atoll(argv[++i]);
        else if (argv[i][0] != '-' && !in) in = argv[i];
        else {
            fprintf(stderr, "genjin: sync: unknown option '%s' (see genjin --help)\n", argv[i]);
            return 2;
        }
    }
    if (pass_file && !(pass = read_passphrase(pass_file))) {
        fprintf(stderr, "genjin: sync: cannot read a passphrase from %s\n", pass_file);
        return 2;
    }
    if (strcmp(sub, "export") == 0 && out) status = export_cmd(db, out, pass, since);
    else if (strcmp(sub, "import") == 0 && in) status = import_cmd(db, in, pass);
    else {
        fprintf(stderr, "genjin: sync export --out FILE | sync import FILE [--passphrase-file P]\n");
        status = 2;
    }
    free(pass);
    return status;
}
