/*
 * The encrypted team sync file (.gjc, magic "GJCF") as the native CLI
 * writes and reads it: byte for byte the page's format (web/sync/crypto.js,
 * docs/sync.md "Encrypted file format"). PBKDF2-HMAC-SHA-256 600,000
 * rounds salted with the team id, AES-256-GCM with a fresh nonce and the
 * whole header as associated data. Needs OpenSSL's libcrypto (and zlib to
 * read the compressed exports and snapshots the page writes).
 */
#ifndef GJ_CLI_GJCF_H
#define GJ_CLI_GJCF_H

#include <stddef.h>
#include <stdint.h>

enum { GJCF_CHANGES = 1, GJCF_SNAPSHOT = 2, GJCF_EXPORT = 3 };

typedef struct {
    unsigned char team[16];  /* the team id, the key's salt */
    unsigned char key_id[8]; /* SHA-256("genjin-sync key id v1" || key)[0..8) */
    unsigned char key[32];
} gjcf_team;

typedef struct {
    int kind, flags;
    unsigned char team[16], key_id[8];
    uint64_t first, last;
    char device[65];
    size_t size;   /* header bytes (the associated data) */
    size_t length; /* ciphertext + tag */
} gjcf_head;

/* 1 when this CLI was built with the libraries the format needs. */
int gjcf_available(void);

/* Derives the team key: 0, or -1 (passphrase shorter than 8 characters,
 * or no OpenSSL). */
int gjcf_derive(const char *pass, const unsigned char team[16], gjcf_team *t);

/* 16 random bytes (a new team id): 0 or -1. */
int gjcf_random(unsigned char *p, size_t n);

/* Seals plain as a file of `kind` for device's sequences first..last.
 * Returns the file (malloc'ed, the caller frees) and its size in *out_n;
 * NULL when out of memory or the cipher fails. */
unsigned char *gjcf_seal(const gjcf_team *t, int kind, const char *device, uint64_t first,
                         uint64_t last, const unsigned char *plain, size_t n, size_t *out_n);

/* Reads the header without a key. NULL when it is sound, else the refusal
 * reason (static: sync_not_gjc, sync_version, sync_truncated, sync_damaged). */
const char *gjcf_read_head(const unsigned char *b, size_t n, gjcf_head *h);

/* Opens a file whose header h was read: checks the team, the key id and
 * the tag and inflates. NULL on success with the plaintext in *plain
 * (malloc'ed, the caller frees) and *np; else the reason (static:
 * sync_other_team, sync_wrong_passphrase, sync_damaged, nomem). */
const char *gjcf_open(const gjcf_team *t, const unsigned char *b, const gjcf_head *h,
                      unsigned char **plain, size_t *np);

/* Hex of n bytes into out (2n + 1 chars). */
void gjcf_hex(const unsigned char *p, size_t n, char *out);
/* 32 hex digits into 16 bytes: 0, or -1 when s is not that. */
int gjcf_unhex16(const char *s, unsigned char out[16]);

#endif
