/* Store layer: open/migrate, constraints through raw SQL, transactions,
 * the append-only audit table and opening files that are not databases. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/schema.h"
#include "store/store.h"
#include "testlib.h"

static int64_t q_int(gj_store *st, const char *sql)
{
    int64_t v = -1;
    if (gj_store_int(st, sql, NULL, 0, &v) != GJ_OK) return -999;
    return v;
}

#define RUN(st, sql) gj_store_run((st), (sql), NULL, 0, NULL, NULL, NULL, NULL)

static gj_store *open_mem(void)
{
    gj_store *st = NULL;
    int rc = gj_store_open(NULL, &st);
    if (rc != GJ_OK) { fprintf(stderr, "open: %s\n", gj_store_errmsg(st)); exit(2); }
    return st;
}

static void test_open_migrate(void)
{
    gj_store *st = open_mem();
    CHECK_EQ_INT(gj_store_schema_version(st), 4);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name IN"
                           " ('reps','customers','deals','deal_stages','followups','tickets','surveys',"
                           "'orders','events','settings','pipeline_stages','activity_weights',"
                           "'customfields','audit')"), 14);
    CHECK_EQ_INT(q_int(st, "PRAGMA foreign_keys"), 1);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM pipeline_stages"), 4);
    CHECK_EQ_INT(q_int(st, "SELECT value FROM settings WHERE key = 'active_threshold'"), 5);
    CHECK(gj_store_size(st) > 0);
    CHECK(strncmp(gj_store_sqlite_version(), "3.", 2) == 0);
    CHECK(atoi(gj_store_sqlite_version() + 2) >= 45);
    CHECK_EQ_INT(RUN(st, "SELEC nonsense"), GJ_ERROR);
    CHECK(strstr(gj_store_errmsg(st), "syntax") != NULL);
    gj_store_close(st);
    gj_store_close(NULL);
}

static void test_constraints(void)
{
    gj_store *st = open_mem();
    gj_value p[3];
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('王芳', 0)"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, created_at) VALUES ('C', 100)"), GJ_OK);
    /* surveys: CSAT is 1-5, NPS 0-10 */
    CHECK_EQ_INT(RUN(st, "INSERT INTO surveys (customer_id, kind, score, at) VALUES (1, 'csat', 7, 0)"),
                 GJ_CONSTRAINT);
    CHECK(strstr(gj_store_errmsg(st), "CHECK") != NULL);
    CHECK_EQ_INT(RUN(st, "INSERT INTO surveys (customer_id, kind, score, at) VALUES (1, 'csat', 0, 0)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO surveys (customer_id, kind, score, at) VALUES (1, 'csat', 5, 0)"),
                 GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO surveys (customer_id, kind, score, at) VALUES (1, 'nps', 11, 0)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO surveys (customer_id, kind, score, at) VALUES (1, 'nps', 0, 0)"),
                 GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO surveys (customer_id, kind, score, at) VALUES (1, 'nps', 4.5, 0)"),
                 GJ_CONSTRAINT);
    /* orders: no negative amounts (with bound parameters too) */
    p[0] = gj_vint(1); p[1] = gj_vint(0); p[2] = gj_vreal(-0.01);
    CHECK_EQ_INT(gj_store_run(st, "INSERT INTO orders (customer_id, at, amount) VALUES (?1, ?2, ?3)",
                              p, 3, NULL, NULL, NULL, NULL), GJ_CONSTRAINT);
    p[2] = gj_vreal(0);
    CHECK_EQ_INT(gj_store_run(st, "INSERT INTO orders (customer_id, at, amount) VALUES (?1, ?2, ?3)",
                              p, 3, NULL, NULL, NULL, NULL), GJ_OK);
    /* tickets: answered and resolved no earlier than created */
    CHECK_EQ_INT(RUN(st, "INSERT INTO tickets (customer_id, created_at, resolved_at) VALUES (1, 100, 99)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO tickets (customer_id, created_at, first_response_at) VALUES (1, 100, 50)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO tickets (customer_id, created_at, resolved_at) VALUES (1, 100, 100)"),
                 GJ_OK);
    /* deals: closed exactly when won or lost */
    CHECK_EQ_INT(RUN(st, "INSERT INTO deals (customer_id, stage, status, created_at) VALUES (1, 'needs', 'won', 100)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO deals (customer_id, stage, status, created_at, closed_at)"
                         " VALUES (1, 'needs', 'open', 100, 200)"), GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO deals (customer_id, stage, status, created_at, closed_at)"
                         " VALUES (1, 'needs', 'won', 100, 50)"), GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO deals (customer_id, stage, status, created_at, closed_at)"
                         " VALUES (1, 'needs', 'won', 100, 200)"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO deals (customer_id, stage, amount, created_at) VALUES (1, 'needs', -5, 1)"),
                 GJ_CONSTRAINT);
    /* foreign keys: unknown rep, unknown customer, deleting a referenced row */
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, owner_id, created_at) VALUES ('X', 999, 0)"),
                 GJ_CONSTRAINT);
    CHECK(strstr(gj_store_errmsg(st), "FOREIGN KEY") != NULL);
    CHECK_EQ_INT(RUN(st, "INSERT INTO orders (customer_id, at, amount) VALUES (42, 0, 1)"), GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "UPDATE customers SET owner_id = 1 WHERE id = 1"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "DELETE FROM reps WHERE id = 1"), GJ_CONSTRAINT);
    /* other rules the schema repeats */
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, created_at) VALUES ('  ', 0)"), GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, created_at) VALUES ('T', '2024-05-01')"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, tier, created_at) VALUES ('T', 'D', 0)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, custom, created_at) VALUES ('T', '{bad', 0)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO followups (customer_id, at, next_due_at) VALUES (1, 100, 99)"),
                 GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (ext_id, name, created_at) VALUES ('E1', 'A', 0)"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (ext_id, name, created_at) VALUES ('E1', 'B', 0)"),
                 GJ_CONSTRAINT);
    /* nothing of the failed statements stayed */
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM surveys"), 2);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM orders"), 1);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM tickets"), 1);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM deals"), 1);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM customers"), 2);
    gj_store_close(st);
}

static void test_transactions(void)
{
    gj_store *st = open_mem();
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('a', 0)"), GJ_OK);
    gj_store_rollback(st);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 0);

    /* nested: the inner commit does not commit; the outer rollback undoes all */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('b', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 1);
    gj_store_rollback(st);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 0);

    /* an inner rollback undoes only its own level: the outer transaction
     * keeps its earlier writes, goes on, and commits exactly what survived */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('c1', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('c2', 0)"), GJ_OK);
    gj_store_rollback(st);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 1);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('c2', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK); /* three levels deep */
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('c2b', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    gj_store_rollback(st); /* undoes c2 and the c2b committed into it */
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('c3', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('c4', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    gj_store_rollback(st); /* nothing open any more */
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 3);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps WHERE name IN ('c1', 'c3', 'c4')"), 3);
    RUN(st, "DELETE FROM reps");

    /* a failed inner level inside a failed request leaves the database unchanged */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('f1', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('', 0)"), GJ_CONSTRAINT);
    gj_store_rollback(st);
    gj_store_rollback(st);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 0);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK); /* nothing open: a no-op */

    /* a flat level: inner levels only count; an inner rollback undoes the
     * whole flat level so far and its commit refuses */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('h0', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_begin_flat(st), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('h1', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('h2', 0)"), GJ_OK);
    gj_store_rollback(st);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 1); /* h1 went too */
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('h3', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_ERROR);
    CHECK(strstr(gj_store_errmsg(st), "undone") != NULL);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 1); /* h3 too: the level refused */
    CHECK_EQ_INT(gj_store_begin_flat(st), GJ_OK); /* a clean flat level commits */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('h4', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps WHERE name IN ('h0', 'h4')"), 2);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 2);
    RUN(st, "DELETE FROM reps");

    /* SQLite ending the transaction under open levels: the outer commit
     * reports it instead of claiming success */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('g1', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_exec(st, "ROLLBACK"), GJ_OK);
    /* later writes of the request are refused, not committed on their own */
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('g2', 0)"), GJ_ERROR);
    CHECK(strstr(gj_store_errmsg(st), "rolled back") != NULL);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('g3', 0)"), GJ_ERROR);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_ERROR);
    CHECK(strstr(gj_store_errmsg(st), "rolled back") != NULL);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 0);

    /* nested commit pairs commit once */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('d', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    CHECK_EQ_INT(gj_store_commit(st), GJ_OK);
    gj_store_rollback(st); /* nothing open: does not undo the commit */
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 1);

    /* a failed statement inside a transaction keeps the earlier ones until rollback */
    CHECK_EQ_INT(gj_store_begin(st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('e', 0)"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('', 0)"), GJ_CONSTRAINT);
    CHECK(strstr(gj_store_errmsg(st), "CHECK") != NULL);
    gj_store_rollback(st);
    CHECK(strstr(gj_store_errmsg(st), "CHECK") != NULL); /* rollback keeps the cause */
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 1);
    gj_store_close(st);
}

static void test_audit_table(void)
{
    gj_store *st = open_mem();
    int64_t n = -1;
    CHECK_EQ_INT(gj_store_set_session(st, "alice", 1, 12345), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('a', 0)"), GJ_OK);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM audit WHERE actor = 'alice' AND at = 12345"
                           " AND entity = 'reps' AND entity_id = 1 AND action = 'create'"
                           " AND json_extract(after, '$.name') = 'a' AND before IS NULL"), 1);
    CHECK_EQ_INT(RUN(st, "UPDATE audit SET actor = 'mallory'"), GJ_CONSTRAINT);
    CHECK(strstr(gj_store_errmsg(st), "append-only") != NULL);
    CHECK_EQ_INT(RUN(st, "DELETE FROM audit"), GJ_CONSTRAINT);
    CHECK(strstr(gj_store_errmsg(st), "append-only") != NULL);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM audit WHERE actor = 'alice'"), 1);
    /* with row audit off (bulk loads) nothing is logged */
    CHECK_EQ_INT(gj_store_set_session(st, NULL, 0, 0), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('b', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_store_int(st, "SELECT count(*) FROM audit", NULL, 0, &n), GJ_OK);
    CHECK_EQ_INT(n, 1);
    gj_store_close(st);
}

typedef struct { int rows; int stop_after; int64_t sum; } row_ctx;

static int count_rows(void *ctx, int ncols, const gj_value *v, const char *const *names)
{
    row_ctx *c = ctx;
    c->rows++;
    if (ncols >= 1 && v[0].type == GJ_VINT) c->sum += v[0].i;
    if (ncols >= 2) CHECK_STR(names[1], "name");
    return c->stop_after && c->rows >= c->stop_after;
}

static void test_run(void)
{
    gj_store *st = open_mem();
    row_ctx c = {0, 0, 0};
    int64_t last = 0;
    int changes = 0, i;
    char sql[96];
    CHECK_EQ_INT(gj_store_run(st, "INSERT INTO reps (name, created_at) VALUES ('a', 0), ('b', 0), ('c', 0)",
                              NULL, 0, NULL, NULL, &last, &changes), GJ_OK);
    CHECK_EQ_INT(last, 3);
    CHECK_EQ_INT(changes, 3);
    CHECK_EQ_INT(gj_store_run(st, "SELECT id, name FROM reps ORDER BY id", NULL, 0, count_rows, &c,
                              NULL, NULL), GJ_OK);
    CHECK_EQ_INT(c.rows, 3);
    CHECK_EQ_INT(c.sum, 6);
    /* a read stops when the callback says so */
    c.rows = 0; c.sum = 0; c.stop_after = 1;
    CHECK_EQ_INT(gj_store_run(st, "SELECT id, name FROM reps ORDER BY id", NULL, 0, count_rows, &c,
                              NULL, NULL), GJ_OK);
    CHECK_EQ_INT(c.rows, 1);
    /* a write runs to completion even when the callback stops */
    c.rows = 0; c.sum = 0; c.stop_after = 1;
    CHECK_EQ_INT(gj_store_run(st, "UPDATE reps SET team = 'x' RETURNING id, name", NULL, 0, count_rows,
                              &c, NULL, NULL), GJ_OK);
    CHECK_EQ_INT(c.rows, 1);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps WHERE team = 'x'"), 3);
    /* more distinct statements than cache slots, then the first again */
    for (i = 0; i < 300; i++) {
        int64_t v = 0;
        snprintf(sql, sizeof sql, "SELECT %d + count(*) FROM reps", i);
        if (gj_store_int(st, sql, NULL, 0, &v) != GJ_OK || v != i + 3) break;
    }
    CHECK_EQ_INT(i, 300);
    CHECK_EQ_INT(q_int(st, "SELECT 0 + count(*) FROM reps"), 3);
    CHECK_EQ_INT(q_int(st, "SELECT id FROM reps WHERE id > 99"), 0); /* no row: 0 */
    gj_store_close(st);
}

static void write_file(const char *path, const char *text, int times)
{
    FILE *f = fopen(path, "wb");
    if (!f) { perror(path); exit(2); }
    while (times-- > 0) fputs(text, f);
    fclose(f);
}

static void test_files(void)
{
    char dir[] = "/tmp/gj_test_store_XXXXXX", path[256], bad[256], small[256], missing[300];
    gj_db *db = NULL;
    gj_store *st = NULL;
    if (!mkdtemp(dir)) { perror("mkdtemp"); exit(2); }
    snprintf(path, sizeof path, "%s/ok.db", dir);
    snprintf(bad, sizeof bad, "%s/notes.txt", dir);
    snprintf(small, sizeof small, "%s/tiny.db", dir);
    snprintf(missing, sizeof missing, "%s/no/such/dir/x.db", dir);

    write_file(bad, "This is a text file, not a database. ", 200);
    CHECK_EQ_INT(gj_open(bad, &db), GJ_IO);
    CHECK(db != NULL);
    CHECK(strstr(gj_errmsg(db), "not a Genjin/SQLite database") != NULL);
    CHECK(strstr(gj_errmsg(db), bad) != NULL);
    gj_close(db);
    write_file(small, "hello", 1);
    db = NULL;
    CHECK_EQ_INT(gj_open(small, &db), GJ_IO);
    CHECK(strstr(gj_errmsg(db), "not a") != NULL);
    gj_close(db);
    db = NULL;
    CHECK_EQ_INT(gj_open(missing, &db), GJ_IO);
    CHECK(strstr(gj_errmsg(db), "cannot open") != NULL);
    gj_close(db);
    db = NULL;
    CHECK_EQ_INT(gj_open(dir, &db), GJ_IO); /* a directory */
    CHECK(*gj_errmsg(db) != 0);
    gj_close(db);

    /* a real file keeps its rows and is not migrated twice */
    CHECK_EQ_INT(gj_store_open(path, &st), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, created_at) VALUES ('keep', 0)"), GJ_OK);
    gj_store_close(st);
    st = NULL;
    CHECK_EQ_INT(gj_store_open(path, &st), GJ_OK);
    CHECK_EQ_INT(gj_store_schema_version(st), 4);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps WHERE name = 'keep'"), 1);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM pipeline_stages"), 4);
    /* a file from a newer Genjin is refused, not downgraded */
    CHECK_EQ_INT(gj_store_exec(st, "PRAGMA user_version = 99"), GJ_OK);
    gj_store_close(st);
    st = NULL;
    CHECK_EQ_INT(gj_store_open(path, &st), GJ_IO);
    CHECK(strstr(gj_store_errmsg(st), "newer") != NULL);
    gj_store_close(st);

    unlink(path);
    unlink(bad);
    unlink(small);
    CHECK_EQ_INT(rmdir(dir), 0);
}

/* A version-1 file (made with migration 1 alone) migrates to the latest:
 * its CHECK lists become OR chains, rows stay, the rules still hold. */
static void test_migrate_v1_file(void)
{
    const char *path = "test_store_v1.db";
    gj_sql *raw = NULL;
    gj_store *st = NULL;
    unsigned char *bytes;
    size_t n = 0;
    FILE *f;

    CHECK_EQ_INT(gj_sql_open(NULL, 0, &raw), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(raw, gj_schema_migration(1)), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(raw, "PRAGMA user_version = 1;"
                                  " INSERT INTO reps (name, role, created_at) VALUES ('old', 'service', 0)"),
                 GJ_OK);
    bytes = gj_sql_serialize(raw, &n);
    CHECK(bytes != NULL);
    gj_sql_close(raw);
    f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f || !bytes) { gj_free(bytes); return; }
    CHECK_EQ_INT((int)fwrite(bytes, 1, n, f), (int)n);
    fclose(f);
    gj_free(bytes);

    CHECK_EQ_INT(gj_store_open(path, &st), GJ_OK);
    CHECK_EQ_INT(gj_store_schema_version(st), 4);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE sql LIKE '% IN (''%'',''%'',''%'')%'"), 0);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM sqlite_schema WHERE name = 'followups'"
                           " AND sql LIKE '%(channel = ''phone'' OR channel = ''wechat'' OR%'"), 1);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps WHERE name = 'old'"), 1);
    /* the rules are the same rules */
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, role, created_at) VALUES ('x', 'boss', 0)"), GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO reps (name, role, created_at) VALUES ('y', 'manager', 0)"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, tier, created_at) VALUES ('c', 'D', 0)"), GJ_CONSTRAINT);
    CHECK_EQ_INT(RUN(st, "INSERT INTO customers (name, tier, created_at) VALUES ('c', NULL, 0)"), GJ_OK);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check = 'ok'"), 1);
    /* version 3: the audit log takes the customer actions, and still no other */
    CHECK_EQ_INT(RUN(st, "INSERT INTO audit (at, entity, action) VALUES (0, 'customers', 'pool_return')"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO audit (at, entity, action) VALUES (0, 'customers', 'merge')"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO audit (at, entity, action) VALUES (0, 'customers', 'claim')"), GJ_OK);
    CHECK_EQ_INT(RUN(st, "INSERT INTO audit (at, entity, action) VALUES (0, 'customers', 'rename')"), GJ_CONSTRAINT);
    gj_store_close(st);
    st = NULL;
    /* reopening neither migrates again nor loses anything */
    CHECK_EQ_INT(gj_store_open(path, &st), GJ_OK);
    CHECK_EQ_INT(q_int(st, "SELECT count(*) FROM reps"), 2);
    gj_store_close(st);
    unlink(path);
}

int main(void)
{
    test_open_migrate();
    test_migrate_v1_file();
    test_constraints();
    test_transactions();
    test_audit_table();
    test_run();
    test_files();
    return t_done("test_store");
}
