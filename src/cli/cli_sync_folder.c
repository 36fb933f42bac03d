/*
 * genjin sync --folder DIR: team sync through a local or mounted folder
 * laid out as the page's WebDAV folder (docs/sync.md, "Folder layout"):
 * push this database's changes not yet uploaded as
 * changes/<device>/<last seq>.gjc (up to 200 changesets a file, each
 * written under a temporary name and then linked to its name, so a reader
 * never sees half a file and no published file is replaced), then read
 * every other device's files past what was applied and apply them.
 * Holds no state of its own: an interrupted run is simply run again.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_sync.h"

#define PACK_RECORDS 200
#define PACK_BYTES (512 * 1024)
#define APPLY_BATCH 200

typedef struct {
    char device[65];
    long long seq;
    char *b64; /* the opened plaintext as base64 */
} pulled;

static int make_dir(const char *path) { return mkdir(path, 0777) == 0 || errno == EEXIST ? 0 : -1; }

int gj_cli_publish(const char *path, const unsigned char *p, size_t n)
{
    char tmp[4200], hexr[13];
    unsigned char r[6];
    FILE *f;
    int ok, rc;
    if (gjcf_random(r, sizeof r) != 0) return -1;
    gjcf_hex(r, sizeof r, hexr);
    snprintf(tmp, sizeof tmp, "%s.%s.tmp", path, hexr);
    if (!(f = fopen(tmp, "wb"))) return -1;
    ok = fwrite(p, 1, n, f) == n;
    ok = fflush(f) == 0 && ok;
    ok = fsync(fileno(f)) == 0 && ok;
    if (fclose(f) != 0) ok = 0;
    if (!ok) {
        remove(tmp);
        return -1;
    }
    /* link() never replaces; a folder without hard links (some mounts)
     * gets rename() after a check, as good as its host allows. */
    if (link(tmp, path) == 0) rc = 0;
    else if (errno == EEXIST) rc = 1;
    else if (access(path, F_OK) == 0) rc = 1;
    else rc = rename(tmp, path) == 0 ? 0 : -1;
    remove(tmp);
    return rc;
}

static int make_team(const char *dir, const char *pass, gjcf_team *t)
{
    unsigned char team[16];
    char salt[33], kid[17], body[128], path[4096];
    if (gjcf_random(team, 16) != 0 || gjcf_derive(pass, team, t) != 0) {
        fprintf(stderr, "genjin: sync: the team passphrase needs at least 8 characters\n");
        return -1;
    }
    gjcf_hex(team, 16, salt);
    gjcf_hex(t->key_id, 8, kid);
    snprintf(body, sizeof body, "{\"version\":1,\"salt\":\"%s\",\"key_id\":\"%s\"}", salt, kid);
    snprintf(path, sizeof path, "%s/team.json", dir);
    switch (gj_cli_publish(path, (const unsigned char *)body, strlen(body))) {
    case 0: return 0;
    case 1: return gj_cli_team_file(dir, pass, t); /* another device made it first */
    default:
        fprintf(stderr, "genjin: sync: cannot write %s\n", path);
        return -1;
    }
}

/* Seals and publishes records[0..n) (each "GJC1" + one record). */
static int push_pack(const char *dir, const gjcf_team *t, const char *device, long long first, long long last,
                     unsigned char **recs, size_t *lens, int n)
{
    size_t total = 4, at = 4, sealed_n = 0;
    unsigned char *plain, *sealed;
    char path[4200];
    int i, rc;
    for (i = 0; i < n; i++) total += lens[i] - 4;
    if (!(plain = malloc(total))) return -1;
    memcpy(plain, "GJC1", 4);
    for (i = 0; i < n; i++) {
        memcpy(plain + at, recs[i] + 4, lens[i] - 4);
        at += lens[i] - 4;
    }
    sealed = gjcf_seal(t, GJCF_CHANGES, device, (uint64_t)first, (uint64_t)last, plain, total, &sealed_n);
    free(plain);
    if (!sealed) return -1;
    snprintf(path, sizeof path, "%s/changes/%s/%lld.gjc", dir, device, last);
    rc = gj_cli_publish(path, sealed, sealed_n);
    free(sealed);
    return rc < 0 ? -1 : 0;
}

/* Uploads every changeset after pushed_seq; the count, or -1. */
static int push(gj_db *db, const char *dir, const gjcf_team *t, const char *device, long long since)
{
    char req[128], path[4200], *resp;
    int pushed = 0;
    snprintf(path, sizeof path, "%s/changes", dir);
    make_dir(path);
    snprintf(path, sizeof path, "%s/changes/%s", dir, device);
    if (make_dir(path) != 0) {
        fprintf(stderr, "genjin: sync: cannot make %s\n", path);
        return -1;
    }
    for (;;) {
        unsigned char *recs[PACK_RECORDS];
        size_t lens[PACK_RECORDS], bytes = 0;
        long long first = 0, last = 0;
        const char *p;
        int n = 0, i, ok = 1;
        snprintf(req, sizeof req, "{\"op\":\"sync.outbox\",\"args\":{\"since\":%lld,\"limit\":%d}}", since, PACK_RECORDS);
        if (!(resp = gj_cli_ok(db, req))) return -1;
        for (p = strstr(resp, "{\"seq\":"); p && n < PACK_RECORDS && bytes < PACK_BYTES; p = strstr(p, "{\"seq\":")) {
            long long seq = atoll(p + 7);
            const char *f = strstr(p, "\"file\":\"");
            if (!f || !(recs[n] = gj_cli_unb64(f + 8, &lens[n])) || lens[n] < 4) {
                ok = 0;
                break;
            }
            if (!n) first = seq;
            last = seq;
            bytes += lens[n++];
            p = f + 8;
        }
        gj_free(resp);
        if (ok && n) ok = push_pack(dir, t, device, first, last, recs, lens, n) == 0;
        for (i = 0; i < n; i++) free(recs[i]);
        if (!ok) {
            fprintf(stderr, "genjin: sync: cannot upload changes %lld..%lld to %s\n", first, last, dir);
            return -1;
        }
        if (!n) return pushed;
        snprintf(req, sizeof req, "{\"op\":\"sync.pushed\",\"args\":{\"seq\":%lld}}", last);
        if (!(resp = gj_cli_ok(db, req))) return -1;
        gj_free(resp);
        pushed += n;
        since = last;
    }
}

static int by_device_seq(const void *a, const void *b)
{
    const pulled *x = a, *y = b;
    int c = strcmp(x->device, y->device);
    return c ? c : (x->seq > y->seq) - (x->seq < y->seq);
}

/* Is `name` "<digits>.gjc"? Its number, else 0. */
static long long seq_of(const char *name)
{
    char *end;
    long long v;
    if (name[0] < '1' || name[0] > '9') return 0;
    v = strtoll(name, &end, 10);
    return strcmp(end, ".gjc") == 0 ? v : 0;
}

/* Lists and opens the files of other devices past what was applied into
 * *out; refusals are said on stderr and counted in *refused (a device's
 * files after a refused one are left for the next run). */
static int collect(gj_db *db, const char *dir, const gjcf_team *t, const char *own, pulled **out, int *nout,
                   int *refused)
{
    char path[4200];
    DIR *top, *d;
    struct dirent *e, *f;
    pulled *list = NULL, *grow = NULL;
    int n = 0, cap = 0, i, k, start;
    snprintf(path, sizeof path, "%s/changes", dir);
    if (!(top = opendir(path))) return 0;
    while ((e = readdir(top))) {
        long long applied;
        if (e->d_name[0] == '.' || strcmp(e->d_name, own) == 0 || strlen(e->d_name) > 64) continue;
        snprintf(path, sizeof path, "%s/changes/%s", dir, e->d_name);
        if (!(d = opendir(path))) continue;
        if ((applied = gj_cli_applied(db, e->d_name)) < 0) {
            closedir(d);
            break;
        }
        start = n;
        while ((f = readdir(d))) {
            long long seq = seq_of(f->d_name);
            if (seq <= applied) continue;
            if (n == cap && !(grow = realloc(list, (size_t)(cap = cap ? cap * 2 : 64) * sizeof *list))) break;
            list = grow;
            snprintf(list[n].device, sizeof list[n].device, "%.64s", e->d_name);
            list[n].seq = seq;
            list[n++].b64 = NULL;
        }
        closedir(d);
        if (n > start) qsort(list + start, (size_t)(n - start), sizeof *list, by_device_seq);
        for (i = start; i < n; i++) {
            size_t len = 0, np = 0;
            unsigned char *bytes, *plain = NULL;
            const char *why;
            gjcf_head h;
            snprintf(path, sizeof path, "%s/changes/%s/%lld.gjc", dir, list[i].device, list[i].seq);
            if (!(bytes = gj_cli_read_file(path, &len))) why = "sync_truncated";
            else if (!(why = gjcf_read_head(bytes, len, &h))) {
                if (h.kind != GJCF_CHANGES || strcmp(h.device, list[i].device) != 0 || h.last != (uint64_t)list[i].seq)
                    why = "sync_misplaced";
                else if (h.last <= (uint64_t)applied) why = "sync_replayed";
                else why = gjcf_open(t, bytes, &h, &plain, &np);
            }
            free(bytes);
            if (!why && !(list[i].b64 = gj_cli_b64(plain, np))) why = "nomem";
            free(plain);
            if (why) {
                fprintf(stderr, "genjin: sync: %s %s (%s); it and this device's later files were not applied\n",
                        path, gj_cli_sync_reason(why), why);
                (*refused)++;
                break;
            }
        }
        /* only the files before a refused one */
        for (k = i; k < n; k++) free(list[k].b64);
        n = i;
    }
    closedir(top);
    *out = list;
    *nout = n;
    return 0;
}

/* The number of outcomes in the answer's array `key`. */
static int count_in(const char *resp, const char *key, const char *next)
{
    const char *a = gj_cli_field(resp, key), *z = next ? gj_cli_field(resp, next) : NULL, *p;
    int n = 0;
    if (!a) return 0;
    for (p = strstr(a, "\"device\":"); p && (!z || p < z); p = strstr(p + 1, "\"device\":")) n++;
    return n;
}

/* sync.apply in batches, offering everything again while a round applies
 * something (records that waited for another device's change). */
static int apply_all(gj_db *db, pulled *list, int n, int *applied, int *pending, int *conflicts)
{
    int round, i, k;
    for (round = 0; round < 64; round++) {
        int progress = 0;
        *pending = 0;
        for (i = 0; i < n; i += APPLY_BATCH) {
            size_t len = 64;
            char *req, *resp, *w;
            const char *c;
            for (k = i; k < n && k < i + APPLY_BATCH; k++) len += strlen(list[k].b64) + 3;
            if (!(req = malloc(len))) return -1;
            w = req + sprintf(req, "{\"op\":\"sync.apply\",\"args\":{\"files\":[");
            for (k = i; k < n && k < i + APPLY_BATCH; k++) w += sprintf(w, "%s\"%s\"", k > i ? "," : "", list[k].b64);
            strcpy(w, "]}}");
            resp = gj_cli_ok(db, req);
            free(req);
            if (!resp) return -1;
            progress += count_in(resp, "applied", "duplicate");
            *pending += count_in(resp, "pending", "conflicts");
            c = gj_cli_field(resp, "conflicts");
            *conflicts += c ? atoi(c) : 0;
            gj_free(resp);
        }
        *applied += progress;
        if (!progress || !*pending) break;
    }
    return 0;
}

int gj_cli_sync_folder(gj_db *db, const char *dir, const char *pass, int join, int snapshot)
{
    char device[65] = "", *resp;
    const char *p;
    long long since;
    gjcf_team t;
    pulled *list = NULL;
    int rc, n = 0, i, pushed, refused = 0, applied = 0, pending = 0, conflicts = 0, status = 1;
    struct stat sb;
    if (stat(dir, &sb) != 0 || !S_ISDIR(sb.st_mode)) {
        fprintf(stderr, "genjin: sync: %s is not a folder\n", dir);
        return 1;
    }
    rc = gj_cli_team_file(dir, pass, &t);
    if (rc == 1) rc = make_team(dir, pass, &t);
    if (rc != 0) return 1;
    /* a database made from a teammate's snapshot is a copy of its device */
    if (join && !(resp = gj_cli_ok(db, "{\"op\":\"sync.new_device\"}"))) return 1;
    if (join) gj_free(resp);
    if (!(resp = gj_cli_ok(db, "{\"op\":\"sync.enable\"}"))) return 1;
    p = gj_cli_field(resp, "device");
    if (p) sscanf(p, "%64[0-9a-f]", device);
    p = gj_cli_field(resp, "pushed_seq");
    since = p ? atoll(p) : 0;
    gj_free(resp);
    if ((pushed = push(db, dir, &t, device, since)) < 0) return 1;
    if (collect(db, dir, &t, device, &list, &n, &refused) != 0) goto done;
    if (apply_all(db, list, n, &applied, &pending, &conflicts) != 0) goto done;
    if (snapshot && gj_cli_sync_snapshot(db, dir, &t, device, gj_cli_applied(db, device)) != 0) goto done;
    printf("{\"device\":\"%s\",\"pushed\":%d,\"applied\":%d,\"pending\":%d,\"conflicts\":%d,\"refused\":%d}\n",
           device, pushed, applied, pending, conflicts, refused);
    status = refused ? 1 : 0;
done:
    for (i = 0; i < n; i++) free(list[i].b64);
    free(list);
    return status;
}
