/*
 * The shared copy of the metrics' tables in memory (gj_mdata_shared): kept
 * between ops while the database is unchanged (moved out of
 * metrics_data.c, which reads the tables).
 */
#include <stdio.h>
#include <string.h>

#include "metrics_int.h"

/*
 * The shared copy. Reading customers, follow-ups, orders and won deals is
 * the largest fixed cost of every metrics op, and the data rarely changes
 * between the ops of one dashboard, so the last copy is kept while it is
 * current: temp triggers of this connection count every write to
 * the tables they come from (whatever path it takes, and
 * undone with it on rollback), and
 * PRAGMA data_version tells commits by other connections. A token in the
 * same temp table ties the copy to its connection: a new connection, even
 * at the same address, has no token. One copy per process, for one
 * connection at a time (the core is single-threaded).
 */
static struct {
    gj_mdata d;
    int valid, followups;
    int64_t token, gen, version;
} shared;
static int64_t last_token;

/* The tables the shared copy holds: a trigger per table and change. */
static const char *const watched[] = {"customers", "followups", "orders", "deals",
                                      "deal_stages", "tickets", "surveys", "events"};
static const char *const changes[] = {"INSERT", "UPDATE", "DELETE"};
#define LAST_TRIGGER "gj_mcache_events_2" /* made last: its presence means all are */

/* Makes the watch of this connection: the temp table and the triggers. */
static int watch(gj_store *st)
{
    char sql[256];
    size_t t, k;
    int rc = gj_store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS gj_mcache (token INTEGER, gen INTEGER);"
                               "INSERT INTO temp.gj_mcache SELECT 0, 0"
                               " WHERE NOT EXISTS (SELECT 1 FROM temp.gj_mcache);");
    for (t = 0; t < sizeof watched / sizeof *watched && rc == GJ_OK; t++)
        for (k = 0; k < 3 && rc == GJ_OK; k++) {
            snprintf(sql, sizeof sql, "CREATE TEMP TRIGGER IF NOT EXISTS gj_mcache_%s_%u AFTER %s ON main.%s"
                                      " BEGIN UPDATE gj_mcache SET gen = gen + 1; END;",
                     watched[t], (unsigned)k, changes[k], watched[t]);
            rc = gj_store_exec(st, sql);
        }
    return rc;
}

static int stamp(gj_store *st, int64_t *token, int64_t *gen, int64_t *version)
{
    /* the watch is made once per connection: parsing its 26 statements on
     * every op cost more than some ops (a cached one-row query says) */
    int64_t made = 0;
    int rc = gj_store_int(st, "SELECT count(*) FROM temp.sqlite_schema WHERE name = '" LAST_TRIGGER "'", NULL, 0,
                          &made);
    if (rc == GJ_OK && !made) rc = watch(st);
    if (rc == GJ_OK) rc = gj_store_int(st, "SELECT token FROM temp.gj_mcache", NULL, 0, token);
    if (rc == GJ_OK) rc = gj_store_int(st, "SELECT gen FROM temp.gj_mcache", NULL, 0, gen);
    if (rc == GJ_OK) rc = gj_store_int(st, "PRAGMA data_version", NULL, 0, version);
    return rc;
}

gj_mdata *gj_mdata_shared(gj_db *db, int followups)
{
    gj_store *st = gj_db_store(db);
    int64_t token, gen, version;
    gj_value p;
    int rc = stamp(st, &token, &gen, &version);
    if (rc != GJ_OK) {
        gj_db_fail_store(db, rc);
        return NULL;
    }
    if (shared.valid && token == shared.token && gen == shared.gen && version == shared.version &&
        (shared.followups || !followups))
        return &shared.d;
    gj_mdata_free(&shared.d);
    shared.valid = 0;
    p = gj_vint(++last_token);
    rc = gj_store_run(st, "UPDATE temp.gj_mcache SET token = ?1", &p, 1, NULL, NULL, NULL, NULL);
    if (rc != GJ_OK) {
        gj_db_fail_store(db, rc);
        return NULL;
    }
    if (gj_mdata_load(db, followups, &shared.d) != GJ_OK) return NULL;
    if ((rc = stamp(st, &shared.token, &shared.gen, &shared.version)) != GJ_OK) {
        gj_db_fail_store(db, rc);
        return NULL;
    }
    shared.valid = 1;
    shared.followups = followups;
    return &shared.d;
}

