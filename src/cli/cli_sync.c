/*
 * genjin sync export / sync import: "my changes since X" as one file and
 * a teammate's file applied (docs/sync.md). With --passphrase-file the
 * file is the page's encrypted .gjc (cli_gjcf.c); without, the core's
 * plaintext framing. genjin sync --folder is cli_sync_folder.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli_sync.h"

#ifdef GJ_HAVE_ICU
#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#endif

int gj_cli_sync(gj_db *db, int argc, char **argv);

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *gj_cli_b64(const unsigned char *p, size_t n)
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

unsigned char *gj_cli_unb64(const char *s, size_t *n)
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

unsigned char *gj_cli_read_file(const char *path, size_t *n)
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

#ifdef GJ_HAVE_ICU
/* UTF-8 text in Unicode NFC (malloc'ed); NULL when it is not UTF-8 or
 * out of memory. */
static char *utf8_nfc(const char *text)
{
    UErrorCode err = U_ZERO_ERROR;
    const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
    UChar *wide = NULL, *norm = NULL;
    char *out = NULL;
    int32_t nw = 0, nn, no;
    if (U_FAILURE(err)) goto fail;
    u_strFromUTF8(NULL, 0, &nw, text, -1, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) goto fail;
    err = U_ZERO_ERROR;
    if (!(wide = malloc(((size_t)nw + 1) * sizeof *wide))) goto fail;
    u_strFromUTF8(wide, nw + 1, NULL, text, -1, &err);
    if (U_FAILURE(err)) goto fail;
    nn = unorm2_normalize(nfc, wide, nw, NULL, 0, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) goto fail;
    err = U_ZERO_ERROR;
    if (!(norm = malloc(((size_t)nn + 1) * sizeof *norm))) goto fail;
    unorm2_normalize(nfc, wide, nw, norm, nn + 1, &err);
    if (U_FAILURE(err)) goto fail;
    u_strToUTF8(NULL, 0, &no, norm, nn, &err);
    if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err)) goto fail;
    err = U_ZERO_ERROR;
    if (!(out = malloc((size_t)no + 1))) goto fail;
    u_strToUTF8(out, no + 1, NULL, norm, nn, &err);
    if (U_FAILURE(err)) {
        free(out);
        out = NULL;
    }
fail:
    free(wide);
    free(norm);
    return out;
}
#endif

/* The passphrase: the file's first line, in Unicode NFC as the page
 * takes it (String.prototype.normalize('NFC')), so a passphrase typed
 * where letters are written decomposed (macOS file names and some input
 * methods: NFD) derives the same key. Returns it malloc'ed (the caller
 * frees it); NULL with the reason printed when the file cannot be read,
 * its first line is empty or not UTF-8. A CLI built without ICU
 * (libicu-dev) takes the bytes as they are. */
static char *read_passphrase(const char *path)
{
    size_t n = 0;
    char *p = (char *)gj_cli_read_file(path, &n), *norm;
    if (!p) {
        fprintf(stderr, "genjin: sync: cannot read a passphrase from %s\n", path);
        return NULL;
    }
    p[strcspn(p, "\r\n")] = 0;
    if (!*p) {
        fprintf(stderr, "genjin: sync: %s holds no passphrase on its first line\n", path);
        free(p);
        return NULL;
    }
#ifdef GJ_HAVE_ICU
    norm = utf8_nfc(p);
    if (!norm) fprintf(stderr, "genjin: sync: the passphrase in %s is not UTF-8 text\n", path);
    free(p);
    p = norm;
#else
    (void)norm;
#endif
    return p;
}

const char *gj_cli_field(const char *resp, const char *key)
{
    char pat[40];
    const char *p;
    snprintf(pat, sizeof pat, "\"%s\":", key);
    p = strstr(resp, pat);
    if (!p) return NULL;
    p += strlen(pat);
    return *p == '"' ? p + 1 : p;
}

char *gj_cli_ok(gj_db *db, const char *req)
{
    char *resp = gj_call(db, req);
    if (resp && strncmp(resp, "{\"ok\":true", 10) == 0) return resp;
    fprintf(stderr, "genjin: sync: %s\n", resp ? resp : "out of memory");
    gj_free(resp);
    return NULL;
}

const char *gj_cli_sync_reason(const char *r)
{
    static const char *const m[][2] = {
        {"sync_not_gjc", "is not a Genjin sync file"},
        {"sync_version", "has a format version this genjin does not read"},
        {"sync_truncated", "is cut short (a torn upload or copy)"},
        {"sync_damaged", "was changed after it was written, or is damaged"},
        {"sync_other_team", "belongs to another team"},
        {"sync_wrong_passphrase", "was sealed with another passphrase (wrong passphrase)"},
        {"sync_misplaced", "holds other changes than its name or kind says"},
        {"sync_replayed", "holds only changes already applied (an old file offered again)"},
        {"nomem", "cannot be read: out of memory"},
    };
    size_t i;
    for (i = 0; i < sizeof m / sizeof m[0]; i++)
        if (strcmp(m[i][0], r) == 0) return m[i][1];
    return "is refused";
}

long long gj_cli_applied(gj_db *db, const char *device)
{
    char *resp = gj_cli_ok(db, "{\"op\":\"sync.status\"}"), pat[96];
    const char *own, *p;
    long long seq = 0;
    if (!resp) return -1;
    own = gj_cli_field(resp, "device");
    if (own && strncmp(own, device, strlen(device)) == 0 && own[strlen(device)] == '"') {
        p = gj_cli_field(resp, "seq");
        seq = p ? atoll(p) : 0;
    } else {
        snprintf(pat, sizeof pat, "{\"device\":\"%s\",\"seq\":", device);
        p = strstr(resp, pat);
        seq = p ? atoll(p + strlen(pat)) : 0;
    }
    gj_free(resp);
    return seq;
}

int gj_cli_team_file(const char *dir, const char *pass, gjcf_team *t)
{
    char path[4096], kid[17];
    size_t n = 0;
    unsigned char team[16];
    char *text;
    const char *salt, *key_id;
    snprintf(path, sizeof path, "%s/team.json", dir);
    if (!(text = (char *)gj_cli_read_file(path, &n))) return 1;
    salt = strstr(text, "\"salt\":");
    key_id = strstr(text, "\"key_id\":");
    if (!salt || sscanf(salt, "\"salt\": \"%32[0-9a-f]\"", path) != 1 || gjcf_unhex16(path, team) != 0) {
        fprintf(stderr, "genjin: sync: %s/team.json is not a Genjin team file\n", dir);
        free(text);
        return -1;
    }
    if (gjcf_derive(pass, team, t) != 0) {
        fprintf(stderr, "genjin: sync: the team passphrase needs at least 8 characters\n");
        free(text);
        return -1;
    }
    gjcf_hex(t->key_id, 8, kid);
    if (key_id && !strstr(key_id, kid)) {
        fprintf(stderr, "genjin: sync: wrong passphrase: it is not the team's (%s/team.json); nothing was applied\n", dir);
        free(text);
        return -1;
    }
    free(text);
    return 0;
}

/* The team for an encrypted export: --team HEX or the folder's team.json. */
static int export_team(const char *dir, const char *team_hex, const char *pass, gjcf_team *t)
{
    unsigned char team[16];
    if (team_hex) {
        if (gjcf_unhex16(team_hex, team) != 0) {
            fprintf(stderr, "genjin: sync: --team takes the 32 hex digits of team.json's salt\n");
            return -1;
        }
        if (gjcf_derive(pass, team, t) == 0) return 0;
        fprintf(stderr, "genjin: sync: the team passphrase needs at least 8 characters\n");
        return -1;
    }
    if (dir) {
        int rc = gj_cli_team_file(dir, pass, t);
        if (rc == 1) fprintf(stderr, "genjin: sync: %s has no team.json\n", dir);
        return rc == 0 ? 0 : -1;
    }
    fprintf(stderr, "genjin: sync: an encrypted export names its team: --folder DIR (its team.json) or --team HEX\n");
    return -1;
}

static int write_file(const char *path, const unsigned char *p, size_t n)
{
    FILE *f = fopen(path, "wb");
    int ok = f && fwrite(p, 1, n, f) == n;
    if (f && fclose(f) != 0) ok = 0;
    if (!ok) remove(path);
    return ok ? 0 : -1;
}

static int export_cmd(gj_db *db, const char *out, const char *pass, long long since, const char *dir,
                      const char *team_hex)
{
    char req[96], *resp, device[65] = "";
    const char *b64, *dev, *first, *last;
    unsigned char *plain, *bytes = NULL;
    size_t n = 0, nbytes = 0;
    gjcf_team t;
    if (pass && export_team(dir, team_hex, pass, &t) != 0) return 1;
    snprintf(req, sizeof req, "{\"op\":\"sync.export\",\"args\":{\"since\":%lld}}", since);
    if (!(resp = gj_cli_ok(db, req))) return 1;
    b64 = gj_cli_field(resp, "file");
    dev = gj_cli_field(resp, "device");
    first = gj_cli_field(resp, "first_seq");
    last = gj_cli_field(resp, "last_seq");
    if (!b64 || !dev || !first || !last || !(plain = gj_cli_unb64(b64, &n))) {
        fprintf(stderr, "genjin: sync: unexpected answer %s\n", resp);
        gj_free(resp);
        return 1;
    }
    sscanf(dev, "%64[0-9a-f]", device);
    if (pass) {
        long long a = atoll(first), z = atoll(last);
        bytes = z >= 1 ? gjcf_seal(&t, GJCF_EXPORT, device, (uint64_t)(a < 1 ? 1 : a), (uint64_t)z, plain, n, &nbytes) : NULL;
        free(plain);
        if (!bytes) {
            fprintf(stderr, z < 1 ? "genjin: sync: no changes after %lld: nothing to export\n"
                                  : "genjin: sync: encryption failed (%lld)\n", since);
            gj_free(resp);
            return 1;
        }
    } else {
        bytes = plain;
        nbytes = n;
    }
    if (write_file(out, bytes, nbytes) != 0) {
        fprintf(stderr, "genjin: sync: cannot write %s\n", out);
        free(bytes);
        gj_free(resp);
        return 1;
    }
    free(bytes);
    fprintf(stdout, "%s\n", resp);
    gj_free(resp);
    return 0;
}

/* Applies plaintext framing through sync.import; 0 or 1. */
static int import_plain(gj_db *db, const unsigned char *plain, size_t np)
{
    char *b64 = gj_cli_b64(plain, np), *req, *resp;
    int status;
    req = b64 ? malloc(strlen(b64) + 64) : NULL;
    if (!req) {
        free(b64);
        fprintf(stderr, "genjin: sync: out of memory\n");
        return 1;
    }
    sprintf(req, "{\"op\":\"sync.import\",\"args\":{\"file\":\"%s\"}}", b64);
    free(b64);
    resp = gj_call(db, req);
    free(req);
    if (!resp) {
        fprintf(stderr, "genjin: sync: out of memory\n");
        return 1;
    }
    status = strncmp(resp, "{\"ok\":true", 10) == 0 ? 0 : 1;
    fprintf(status ? stderr : stdout, "%s\n", resp);
    gj_free(resp);
    return status;
}

static int refuse(const char *path, const char *reason)
{
    fprintf(stderr, "genjin: sync: %s %s (%s); nothing was applied\n", path, gj_cli_sync_reason(reason), reason);
    return 1;
}

static int import_cmd(gj_db *db, const char *path, const char *pass, const char *dir, const char *team_hex)
{
    size_t n = 0, np = 0;
    unsigned char *bytes = gj_cli_read_file(path, &n), *plain = NULL;
    const char *why;
    gjcf_head h;
    gjcf_team t;
    long long applied;
    int status;
    if (!bytes) {
        fprintf(stderr, "genjin: sync: cannot read %s\n", path);
        return 1;
    }
    if (n < 4 || memcmp(bytes, "GJCF", 4) != 0) { /* the core judges plaintext */
        status = import_plain(db, bytes, n);
        free(bytes);
        return status;
    }
    if (!pass) {
        free(bytes);
        fprintf(stderr, "genjin: sync: %s is encrypted: give --passphrase-file\n", path);
        return 1;
    }
    if ((why = gjcf_read_head(bytes, n, &h))) goto refused;
    /* The team is the file's unless the caller names one: a file of
     * another team then says so instead of "wrong passphrase". */
    if (team_hex || dir) {
        if (export_team(dir, team_hex, pass, &t) != 0) {
            free(bytes);
            return 1;
        }
    } else if (gjcf_derive(pass, h.team, &t) != 0) {
        free(bytes);
        fprintf(stderr, "genjin: sync: the team passphrase needs at least 8 characters\n");
        return 1;
    }
    if (h.kind == GJCF_SNAPSHOT) {
        why = "sync_misplaced";
        goto refused;
    }
    if ((why = gjcf_open(&t, bytes, &h, &plain, &np))) goto refused;
    if ((applied = gj_cli_applied(db, h.device)) < 0) {
        free(bytes);
        free(plain);
        return 1;
    }
    if (h.last <= (uint64_t)applied) {
        why = "sync_replayed";
        goto refused;
    }
    free(bytes);
    status = import_plain(db, plain, np);
    free(plain);
    return status;
refused:
    free(bytes);
    free(plain);
    return refuse(path, why);
}

typedef struct {
    const char *sub, *out, *in, *pass_file, *dir, *team;
    long long since;
    int join, snapshot;
} sync_args;

/* Reads genjin sync's options; 0, or 2 after saying what is wrong. */
static int parse_args(int argc, char **argv, sync_args *a)
{
    int i;
    memset(a, 0, sizeof *a);
    a->sub = argc > 1 ? argv[1] : "";
    for (i = argc > 1 && argv[1][0] != '-' ? 2 : 1; i < argc; i++) {
        if (strcmp(argv[i], "--out") == 0 && i + 1 < argc) a->out = argv[++i];
        else if (strcmp(argv[i], "--passphrase-file") == 0 && i + 1 < argc) a->pass_file = argv[++i];
        else if (strcmp(argv[i], "--since") == 0 && i + 1 < argc) a->since = atoll(argv[++i]);
        else if (strcmp(argv[i], "--folder") == 0 && i + 1 < argc) a->dir = argv[++i];
        else if (strcmp(argv[i], "--team") == 0 && i + 1 < argc) a->team = argv[++i];
        else if (strcmp(argv[i], "--join") == 0) a->join = 1;
        else if (strcmp(argv[i], "--snapshot") == 0) a->snapshot = 1;
        else if (argv[i][0] != '-' && !a->in) a->in = argv[i];
        else {
            fprintf(stderr, "genjin: sync: unknown option '%s' (see genjin --help)\n", argv[i]);
            return 2;
        }
    }
    return 0;
}

int gj_cli_sync_before_open(const char *path, int argc, char **argv)
{
    sync_args a;
    char *pass;
    int status;
    if (parse_args(argc, argv, &a) != 0) return 2;
    if (!a.join) return 0;
    if (!a.dir || !a.pass_file || a.sub[0] != '-') {
        fprintf(stderr, "genjin: sync --join needs --folder DIR and --passphrase-file P\n");
        return 2;
    }
    if (!(pass = read_passphrase(a.pass_file))) return 2;
    status = gj_cli_sync_join(path, a.dir, pass);
    free(pass);
    return status;
}

/* argv[0] is "sync". */
int gj_cli_sync(gj_db *db, int argc, char **argv)
{
    sync_args a;
    char *pass = NULL;
    int status;
    if (parse_args(argc, argv, &a) != 0) return 2;
    if (a.pass_file && !(pass = read_passphrase(a.pass_file))) return 2;
    if (pass && !gjcf_available()) {
        fprintf(stderr, "genjin: sync: this genjin was built without OpenSSL: no encrypted files\n");
        status = 2;
    } else if (strcmp(a.sub, "export") == 0 && a.out) {
        status = export_cmd(db, a.out, pass, a.since, a.dir, a.team);
    } else if (strcmp(a.sub, "import") == 0 && a.in) {
        status = import_cmd(db, a.in, pass, a.dir, a.team);
    } else if (a.sub[0] == '-' && a.dir && pass) {
        status = gj_cli_sync_folder(db, a.dir, pass, a.join, a.snapshot);
    } else {
        fprintf(stderr, "genjin: sync --folder DIR --passphrase-file P [--join] [--snapshot] |"
                        " sync export --out FILE | sync import FILE [--passphrase-file P]\n");
        status = 2;
    }
    free(pass);
    return status;
}
