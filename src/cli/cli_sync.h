/*
 * genjin sync: the pieces the file exchange (cli_sync.c) and the folder
 * sync (cli_sync_folder.c) share. The CLI sees only the public API, so
 * answers are read as the compact JSON gj_call prints.
 */
#ifndef GJ_CLI_SYNC_H
#define GJ_CLI_SYNC_H

#include <stddef.h>

#include "cli_gjcf.h"
#include "genjin/genjin.h"

/* base64 (malloc'ed; NULL when out of memory). */
char *gj_cli_b64(const unsigned char *p, size_t n);
/* Decodes base64 up to a '"' or the end; malloc'ed, NULL when not base64. */
unsigned char *gj_cli_unb64(const char *s, size_t *n);
/* A whole file (malloc'ed, NUL after the end); NULL when it cannot be read. */
unsigned char *gj_cli_read_file(const char *path, size_t *n);
/* Where "key": starts its value in a compact JSON answer (after the quote
 * of a string), searched from resp; NULL when absent. */
const char *gj_cli_field(const char *resp, const char *key);
/* Runs a request; the answer (gj_free it) or NULL after printing why
 * (the error answer, or out of memory). */
char *gj_cli_ok(gj_db *db, const char *req);
/* The sentence for a sync_* refusal reason (static). */
const char *gj_cli_sync_reason(const char *reason);
/* The last sequence of `device` this database has applied (its own last
 * sequence for its own id), or -1 when sync.status fails. */
long long gj_cli_applied(gj_db *db, const char *device);
/* The team key from a team.json (the folder's root): 0, 1 when there is
 * none, -1 after printing why (unreadable, or a wrong passphrase). */
int gj_cli_team_file(const char *dir, const char *pass, gjcf_team *t);

/* Writes bytes to path put-if-absent (a temporary name, then a link):
 * 0 written, 1 already there, -1 error. */
int gj_cli_publish(const char *path, const unsigned char *p, size_t n);
/* Publishes snapshots/<device>-<seq>.sqlite.gjc of db: 0 (also when seq
 * is 0: nothing to name it by), -1 after saying why. */
int gj_cli_sync_snapshot(gj_db *db, const char *dir, const gjcf_team *t, const char *device, long long seq);

/* genjin sync --folder DIR: push, then pull; with `snapshot`, then
 * publishes snapshots/<device>-<seq>.sqlite.gjc; with `join` (a database
 * just made from a snapshot by gj_cli_sync_join) first takes a device id
 * of its own. 0, or 1 when a file was refused or the folder failed (said
 * on stderr). */
int gj_cli_sync_folder(gj_db *db, const char *dir, const char *pass, int join, int snapshot);
/* genjin sync --join, before the database is opened: writes the newest
 * snapshot of the folder as the new database file `path` (which must not
 * exist yet). 0, or 1/2 after saying why. */
int gj_cli_sync_join(const char *path, const char *dir, const char *pass);

#endif
