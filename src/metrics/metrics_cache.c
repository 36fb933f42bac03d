/*
 * The shared copy of the metrics' tables in memory (gj_mdata_shared): kept
 * on the handle between ops while the database is unchanged.
 */
#include <stdlib.h>

#include "metrics_int.h"

/*
 * Reading customers, follow-ups, orders and won deals is the largest fixed
 * cost of every metrics op, and the data rarely changes between the ops of
 * one dashboard, so the last copy is kept while it is current. "Current"
 * is decided by two counters nothing can switch off: the connection's
 * total row changes (every insert, update and delete, whatever path it
 * takes — bulk loads that drop and remake temp triggers included; a
 * rolled-back change also counts, which only costs a reload) and PRAGMA
 * data_version (commits by other connections). The copy belongs to the
 * handle and is freed with it, so two handles never share one.
 */
typedef struct {
    gj_mdata d;
    int followups;
    int64_t changes, version;
} mcache;

static void mcache_free(void *p)
{
    mcache *c = p;
    if (!c) return;
    gj_mdata_free(&c->d);
    free(c);
}

gj_mdata *gj_mdata_shared(gj_db *db, int followups)
{
    gj_store *st = gj_db_store(db);
    mcache *c = gj_db_cache(db);
    int64_t changes, version;
    int rc = gj_store_change_stamp(st, &changes, &version);
    if (rc != GJ_OK) {
        gj_db_fail_store(db, rc);
        return NULL;
    }
    if (c && c->changes == changes && c->version == version && (c->followups || !followups)) return &c->d;
    gj_db_set_cache(db, NULL, NULL);
    c = gj_calloc(1, sizeof *c);
    if (!c) {
        gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        return NULL;
    }
    if (gj_mdata_load(db, followups, &c->d) != GJ_OK) {
        free(c);
        return NULL;
    }
    /* loading reads only, so the stamp taken before it still holds */
    c->changes = changes;
    c->version = version;
    c->followups = followups;
    gj_db_set_cache(db, c, mcache_free);
    return &c->d;
}
