/*
 * Team sync snapshots in a folder: snapshots/<device>-<seq>.sqlite.gjc is
 * the whole database of `device` after its changeset `seq` (merge state
 * and what it had applied from everyone included), sealed as kind 2. A
 * new teammate starts from the newest one (genjin sync --join), takes a
 * device id of its own and then pulls only the changes made after it.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_sync.h"

int gj_cli_sync_snapshot(gj_db *db, const char *dir, const gjcf_team *t, const char *device, long long seq)
{
    char path[4200];
    gj_sql *s = NULL;
    unsigned char *bytes = NULL, *sealed = NULL;
    size_t n = 0, sn = 0;
    int rc = -1;
    if (seq < 1) return 0; /* nothing of this device yet: a snapshot needs a sequence */
    snprintf(path, sizeof path, "%s/snapshots", dir);
    if (mkdir(path, 0777) != 0 && errno != EEXIST) goto fail;
    if (gj_sql_from_db(db, &s) != GJ_OK || !(bytes = gj_sql_serialize(s, &n))) goto fail;
    if (!(sealed = gjcf_seal(t, GJCF_SNAPSHOT, device, (uint64_t)seq, (uint64_t)seq, bytes, n, &sn))) goto fail;
    snprintf(path, sizeof path, "%s/snapshots/%s-%lld.sqlite.gjc", dir, device, seq);
    if (gj_cli_publish(path, sealed, sn) < 0) goto fail;
    rc = 0;
fail:
    if (rc) fprintf(stderr, "genjin: sync: cannot write a snapshot into %s\n", dir);
    gj_sql_close(s);
    gj_free(bytes);
    free(sealed);
    return rc;
}

/* The newest snapshot's name (by the time it was written) into best. */
static int newest(const char *dir, char *best, size_t cap, char *device, long long *seq)
{
    char path[4200];
    DIR *d;
    struct dirent *e;
    time_t at = 0;
    snprintf(path, sizeof path, "%s/snapshots", dir);
    if (!(d = opendir(path))) return -1;
    while ((e = readdir(d))) {
        char dev[65];
        long long s;
        int used = 0;
        struct stat sb;
        if (sscanf(e->d_name, "%64[A-Za-z0-9_]-%lld.sqlite.gjc%n", dev, &s, &used) != 2 ||
            e->d_name[used] != 0 || s < 1)
            continue;
        snprintf(path, sizeof path, "%s/snapshots/%s", dir, e->d_name);
        if (stat(path, &sb) != 0 || (at && sb.st_mtime <= at)) continue;
        at = sb.st_mtime;
        snprintf(best, cap, "%s", path);
        strcpy(device, dev);
        *seq = s;
    }
    closedir(d);
    return at ? 0 : -1;
}

int gj_cli_sync_join(const char *path, const char *dir, const char *pass)
{
    char snap[4200], device[65], tmp[4200];
    unsigned char *bytes = NULL, *plain = NULL;
    size_t n = 0, np = 0;
    long long seq = 0;
    const char *why = NULL;
    gjcf_team t;
    gjcf_head h;
    struct stat sb;
    FILE *f;
    int ok;
    if (stat(path, &sb) == 0) {
        fprintf(stderr, "genjin: sync --join makes a new database: %s exists already\n", path);
        return 2;
    }
    if (gj_cli_team_file(dir, pass, &t) != 0) {
        fprintf(stderr, "genjin: sync: %s has no team to join (team.json)\n", dir);
        return 1;
    }
    if (newest(dir, snap, sizeof snap, device, &seq) != 0) {
        fprintf(stderr, "genjin: sync: %s/snapshots holds no snapshot to start from\n", dir);
        return 1;
    }
    if (!(bytes = gj_cli_read_file(snap, &n))) why = "sync_truncated";
    else if (!(why = gjcf_read_head(bytes, n, &h))) {
        if (h.kind != GJCF_SNAPSHOT || strcmp(h.device, device) != 0 || h.last != (uint64_t)seq)
            why = "sync_misplaced";
        else why = gjcf_open(&t, bytes, &h, &plain, &np);
    }
    free(bytes);
    if (why) {
        fprintf(stderr, "genjin: sync: %s %s (%s); nothing was written\n", snap, gj_cli_sync_reason(why), why);
        return 1;
    }
    snprintf(tmp, sizeof tmp, "%s.join.tmp", path);
    f = fopen(tmp, "wb");
    ok = f && fwrite(plain, 1, np, f) == np;
    if (f && fclose(f) != 0) ok = 0;
    free(plain);
    if (!ok || rename(tmp, path) != 0) {
        remove(tmp);
        fprintf(stderr, "genjin: sync: cannot write %s\n", path);
        return 1;
    }
    fprintf(stderr, "genjin: sync: started from %s\n", snap);
    return 0;
}
