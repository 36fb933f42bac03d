/* The memvfs page store behind "genjin-mem..." databases: dirty tracking
 * per transaction, copying pages into a fresh store (what the browser does
 * on open), exporting the bytes as a plain SQLite file, truncation, page
 * size changes (VACUUM), read-only stores. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/store.h"
#include "testlib.h"

#define RUN(st, sql) gj_store_run((st), (sql), NULL, 0, NULL, NULL, NULL, NULL)

static int64_t q_int(gj_store *st, const char *sql)
{
    int64_t v = -1;
    if (gj_store_int(st, sql, NULL, 0, &v) != GJ_OK) return -999;
    return v;
}

static gj_store *open_store(const char *name)
{
    gj_store *st = NULL;
    if (gj_store_open(name, &st) != GJ_OK) {
        fprintf(stderr, "open %s: %s\n", name, gj_store_errmsg(st));
        exit(2);
    }
    return st;
}

static int is_dirty(const gj_pages *p, uint32_t pgno)
{
    uint32_t i;
    for (i = 0; i < gj_pages_dirty_count(p); i++)
        if (gj_pages_dirty_pgno(p, i) == pgno) return 1;
    return 0;
}

/* Loads every page of `from` into the store `to` (as the worker does from
 * IndexedDB) and gives it from's transaction number. */
static gj_pages *copy_pages(gj_pages *from, const char *to)
{
    gj_pages *p = gj_pages_open(to);
    uint32_t i;
    int size = gj_pages_page_size(from);
    for (i = 1; i <= gj_pages_count(from); i++)
        CHECK_EQ_INT(gj_pages_load(p, i, gj_pages_data(from, i), size), GJ_OK);
    gj_pages_set_txn(p, gj_pages_txn(from));
    return p;
}

static void test_dirty_tracking(void)
{
    gj_db *db = NULL;
    gj_pages *p = gj_pages_open("genjin-mem:dirty");
    int64_t t0, t1, t2;
    CHECK(p != NULL);
    CHECK(gj_pages_open("crm.db") == NULL);
    CHECK(gj_pages_open("genjin-mem:dirty") == p);
    CHECK_EQ_INT(gj_pages_count(p), 0);

    CHECK_EQ_INT(gj_open("genjin-mem:dirty", &db), GJ_OK);
    gj_set_now(db, 1736899200);
    t0 = gj_pages_txn(p);
    CHECK(t0 > 0); /* the schema migration committed */
    CHECK_EQ_INT(gj_pages_base_txn(p), 0);
    CHECK_EQ_INT(gj_pages_page_size(p), 4096);
    CHECK_EQ_INT(gj_pages_dirty_count(p), gj_pages_count(p)); /* all new */
    gj_pages_mark_clean(p, t0);
    CHECK_EQ_INT(gj_pages_dirty_count(p), 0);
    CHECK_EQ_INT(gj_pages_base_txn(p), t0);

    /* A read changes nothing. */
    CHECK(t_total(db, "customers", "") == 0);
    CHECK_EQ_INT(gj_pages_txn(p), t0);
    CHECK_EQ_INT(gj_pages_dirty_count(p), 0);

    /* One write: one transaction, a few pages, page 1 (change counter). */
    CHECK(t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"甲\"}}") > 0);
    t1 = gj_pages_txn(p);
    CHECK_EQ_INT(t1, t0 + 1);
    CHECK(gj_pages_dirty_count(p) > 0);
    CHECK(gj_pages_dirty_count(p) < gj_pages_count(p));
    CHECK(is_dirty(p, 1));

    /* A second write before the first was persisted: marking clean up to
     * the first keeps what the second wrote dirty. */
    CHECK(t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"乙\"}}") > 0);
    t2 = gj_pages_txn(p);
    CHECK_EQ_INT(t2, t1 + 1);
    gj_pages_mark_clean(p, t1);
    CHECK_EQ_INT(gj_pages_base_txn(p), t1);
    CHECK(is_dirty(p, 1));
    gj_pages_mark_clean(p, t2);
    CHECK_EQ_INT(gj_pages_dirty_count(p), 0);

    /* A failed request rolls back: the data is unchanged. */
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"args\":{\"kind\":\"csat\",\"score\":9}}");
    CHECK(t_total(db, "customers", "") == 2);

    CHECK_EQ_INT(gj_pages_drop("genjin-mem:dirty"), GJ_ERROR); /* still open */
    gj_close(db);
    CHECK_EQ_INT(gj_pages_drop("genjin-mem:dirty"), GJ_OK);
    CHECK_EQ_INT(gj_pages_drop("genjin-mem:dirty"), GJ_NOTFOUND);
}

static void test_reload_and_export(void)
{
    gj_db *db = NULL, *db2 = NULL, *db3 = NULL;
    gj_pages *p = gj_pages_open("genjin-mem:a"), *q;
    char *snap, *snap2, *snap3, *report = NULL;
    char path[] = "/tmp/gj-memvfs-XXXXXX";
    uint32_t i;
    int fd;
    FILE *out;

    CHECK_EQ_INT(gj_open("genjin-mem:a", &db), GJ_OK);
    gj_set_now(db, 1736899200);
    cJSON_Delete(t_ok(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":40,\"seed\":3,\"now\":\"2025-01-15\"}}"));
    snap = t_snapshot(db);
    CHECK_EQ_INT(gj_check("genjin-mem:a", &report), GJ_OK);
    CHECK_STR(report, "ok");
    gj_free(report);

    /* Copied page by page into a new store: the same database. */
    q = copy_pages(p, "genjin-mem:b");
    CHECK_EQ_INT(gj_pages_dirty_count(q), 0);
    CHECK_EQ_INT(gj_pages_txn(q), gj_pages_txn(p));
    CHECK_EQ_INT(gj_check("genjin-mem:b", NULL), GJ_OK);
    CHECK_EQ_INT(gj_open("genjin-mem:b", &db2), GJ_OK);
    gj_set_now(db2, 1736899200); /* lists carry clocks: read at the same time */
    snap2 = t_snapshot(db2);
    CHECK_SAME(snap2, snap);

    /* The pages written out in order are a plain SQLite file. */
    fd = mkstemp(path);
    CHECK(fd >= 0);
    out = fdopen(fd, "wb");
    for (i = 1; i <= gj_pages_count(p); i++)
        fwrite(gj_pages_data(p, i), 1, (size_t)gj_pages_page_size(p), out);
    fclose(out);
    CHECK_EQ_INT(gj_check(path, NULL), GJ_OK);
    CHECK_EQ_INT(gj_open(path, &db3), GJ_OK);
    gj_set_now(db3, 1736899200);
    snap3 = t_snapshot(db3);
    CHECK_SAME(snap3, snap);

    /* A damaged copy fails the check and says why. */
    memset((unsigned char *)gj_pages_data(q, 2), 0x5a, 16); /* a b-tree page header */
    CHECK_EQ_INT(gj_check("genjin-mem:b", &report), GJ_IO);
    CHECK(report && strcmp(report, "ok") != 0);
    gj_free(report);

    free(snap); free(snap2); free(snap3);
    gj_close(db); gj_close(db2); gj_close(db3);
    unlink(path);
    gj_pages_drop("genjin-mem:a");
    gj_pages_drop("genjin-mem:b");
}

static void test_truncation(void)
{
    gj_store *st = open_store("genjin-mem:trunc");
    gj_pages *p = gj_pages_open("genjin-mem:trunc");
    uint32_t big, i;
    int64_t t;
    CHECK_EQ_INT(RUN(st, "CREATE TABLE blob_t(x)"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 200)"
                         " INSERT INTO blob_t SELECT randomblob(3000) FROM n"), GJ_OK);
    big = gj_pages_count(p);
    CHECK(big > 150);
    gj_pages_mark_clean(p, gj_pages_txn(p));

    CHECK_EQ_INT(RUN(st, "DELETE FROM blob_t"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "VACUUM"), GJ_OK);
    t = gj_pages_txn(p);
    CHECK(t > gj_pages_base_txn(p));
    CHECK(gj_pages_count(p) < big / 4);
    CHECK_EQ_INT((int64_t)gj_pages_count(p) * 4096, q_int(st, "PRAGMA page_count") * 4096);
    for (i = 0; i < gj_pages_dirty_count(p); i++) CHECK(gj_pages_dirty_pgno(p, i) <= gj_pages_count(p));
    CHECK(gj_pages_data(p, big) == NULL);
    CHECK_EQ_INT(gj_check("genjin-mem:trunc", NULL), GJ_OK);

    /* And it grows again. */
    CHECK_EQ_INT(RUN(st, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 50)"
                         " INSERT INTO blob_t SELECT randomblob(3000) FROM n"), GJ_OK);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM blob_t"), 50);
    CHECK_EQ_INT(gj_check("genjin-mem:trunc", NULL), GJ_OK);

    /* set_count cuts persisted pages the same way (another tab truncated). */
    gj_store_close(st);
    CHECK_EQ_INT(gj_pages_set_count(p, 3), GJ_OK);
    CHECK_EQ_INT(gj_pages_count(p), 3);
    for (i = 0; i < gj_pages_dirty_count(p); i++) CHECK(gj_pages_dirty_pgno(p, i) <= 3);
    gj_pages_drop("genjin-mem:trunc");
}

/* VACUUM with a new page size, then writes: the store follows the new
 * size, every page is dirty, and the content survives a reload. */
static void page_size_change(int from, int to)
{
    char sql[64];
    gj_store *st;
    gj_pages *p = gj_pages_open("genjin-mem:ps"), *q;
    gj_store *st2;
    snprintf(sql, sizeof sql, "PRAGMA page_size = %d", from);
    st = open_store("genjin-mem:ps");
    CHECK_EQ_INT(gj_pages_page_size(p), 4096);
    CHECK_EQ_INT(RUN(st, sql), GJ_OK);
    CHECK_EQ_INT(RUN(st, "VACUUM"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "CREATE TABLE t(x)"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)"
                         " INSERT INTO t SELECT 'row ' || i || hex(randomblob(200)) FROM n"), GJ_OK);
    CHECK_EQ_INT(q_int(st, "PRAGMA page_size"), from);
    CHECK_EQ_INT(gj_pages_page_size(p), from);
    gj_pages_mark_clean(p, gj_pages_txn(p));

    snprintf(sql, sizeof sql, "PRAGMA page_size = %d", to);
    CHECK_EQ_INT(RUN(st, sql), GJ_OK);
    CHECK_EQ_INT(RUN(st, "VACUUM"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO t VALUES ('after')"), GJ_OK);
    CHECK_EQ_INT(q_int(st, "PRAGMA page_size"), to);
    CHECK_EQ_INT(gj_pages_page_size(p), to);
    CHECK_EQ_INT(gj_pages_dirty_count(p), gj_pages_count(p));
    CHECK_EQ_INT((int64_t)gj_pages_count(p), q_int(st, "PRAGMA page_count"));
    CHECK_EQ_INT(gj_check("genjin-mem:ps", NULL), GJ_OK);

    q = copy_pages(p, "genjin-mem:ps2");
    st2 = open_store("genjin-mem:ps2");
    CHECK_EQ_INT(q_int(st2, "SELECT count(*) FROM t"), 301);
    CHECK_EQ_INT(q_int(st2, "PRAGMA page_size"), to);
    CHECK_EQ_INT(gj_pages_page_size(q), to);
    gj_store_close(st2);
    gj_store_close(st);
    gj_pages_drop("genjin-mem:ps");
    gj_pages_drop("genjin-mem:ps2");
}

static void test_readonly_and_errors(void)
{
    gj_store *st = open_store("genjin-mem:ro");
    gj_pages *p = gj_pages_open("genjin-mem:ro"), *q;
    unsigned char page[1024] = {0};
    CHECK_EQ_INT(gj_store_exec(st, "CREATE TABLE t(x); INSERT INTO t VALUES (1)"), GJ_OK);
    gj_store_close(st);

    gj_pages_set_readonly(p, 1);
    st = open_store("genjin-mem:ro");
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM customers"), 0);
    CHECK(RUN(st, "INSERT INTO t VALUES (2)") != GJ_OK);
    CHECK(strstr(gj_store_errmsg(st), "readonly") != NULL);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM t"), 1);
    gj_store_close(st);
    gj_pages_drop("genjin-mem:ro");

    q = gj_pages_open("genjin-mem:bad");
    CHECK_EQ_INT(gj_pages_load(q, 0, page, 1024), GJ_INVALID);
    CHECK_EQ_INT(gj_pages_load(q, 1, page, 1000), GJ_INVALID);
    CHECK_EQ_INT(gj_pages_load(q, 2, page, 1024), GJ_OK);
    CHECK_EQ_INT(gj_pages_count(q), 2);
    CHECK_EQ_INT(gj_pages_load(q, 1, page, 512), GJ_INVALID); /* one size */
    gj_pages_drop("genjin-mem:bad");
}

int main(void)
{
    test_dirty_tracking();
    test_reload_and_export();
    test_truncation();
    page_size_change(4096, 1024);
    page_size_change(1024, 8192);
    test_readonly_and_errors();
    return t_done("test_memvfs");
}
