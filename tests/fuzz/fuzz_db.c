#include "fuzz_db.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SEED_STORE "genjin-mem:fuzz-seed"
#define RUN_STORE "genjin-mem:fuzz"

static unsigned char *seed_pages; /* page_size * seed_count bytes */
static int seed_size;
static uint32_t seed_count;
static int64_t seed_txn;

void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz: %s%s%s\n", what, detail ? ": " : "", detail ? detail : "");
    abort();
}

char *fuzz_strndup(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) fuzz_fail("out of memory", NULL);
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

static void make_seed(void)
{
    gj_db *db = NULL;
    gj_pages *p = gj_pages_open(SEED_STORE);
    char *res;
    uint32_t i;
    if (!p || gj_open(SEED_STORE, &db) != GJ_OK) fuzz_fail("open the demo store", NULL);
    gj_set_now(db, FUZZ_NOW);
    res = gj_call(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":12,\"seed\":7,"
                      "\"now\":\"2025-06-02T08:00:00Z\"}}");
    if (!res || !strstr(res, "\"ok\":true")) fuzz_fail("demo.generate", res);
    gj_free(res);
    gj_close(db);
    seed_size = gj_pages_page_size(p);
    seed_count = gj_pages_count(p);
    seed_txn = gj_pages_txn(p);
    seed_pages = malloc((size_t)seed_size * seed_count);
    if (!seed_pages) fuzz_fail("out of memory", NULL);
    for (i = 0; i < seed_count; i++)
        memcpy(seed_pages + (size_t)i * seed_size, gj_pages_data(p, i + 1), (size_t)seed_size);
    gj_pages_drop(SEED_STORE);
}

/* Opening parses the schema and makes the temp triggers: most of the cost
 * of a short request. So the handle stays open while its database is still
 * the demo's bytes (no transaction reached the store: the request was
 * refused or only read) and is reopened on a fresh copy after any write. A
 * request that only read can still leave caches on the handle (the
 * metrics' copy of the tables): they are part of what is fuzzed. */
static gj_db *open_db;

gj_db *fuzz_db_open(void)
{
    gj_pages *p;
    uint32_t i;
    if (!seed_pages) make_seed();
    if (open_db && gj_pages_txn(fuzz_db_pages()) == seed_txn) {
        gj_set_now(open_db, FUZZ_NOW);
        return open_db;
    }
    gj_close(open_db);
    open_db = NULL;
    gj_pages_drop(RUN_STORE);
    if (!(p = gj_pages_open(RUN_STORE))) fuzz_fail("open the run store", NULL);
    for (i = 0; i < seed_count; i++)
        if (gj_pages_load(p, i + 1, seed_pages + (size_t)i * seed_size, seed_size) != GJ_OK)
            fuzz_fail("load the demo pages", NULL);
    gj_pages_set_txn(p, seed_txn);
    if (gj_open(RUN_STORE, &open_db) != GJ_OK) fuzz_fail("open the demo copy", open_db ? gj_errmsg(open_db) : NULL);
    gj_set_now(open_db, FUZZ_NOW);
    return open_db;
}

gj_pages *fuzz_db_pages(void) { return gj_pages_open(RUN_STORE); }
