/* The raw SQL API (gj_sql_*, genjin.h): statements, binding, column
 * types, multi-statement tails, errors with SQLite's message, export and
 * reopening from bytes, scalar functions, and the borrow of an app
 * database (its writes visible to the JSON API, its functions removed on
 * close). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static gj_sql *open_empty(void)
{
    gj_sql *s = NULL;
    int rc = gj_sql_open(NULL, 0, &s);
    CHECK_EQ_INT(rc, GJ_OK);
    return s;
}

/* The first column of the only row of `sql`, as text ("" when none). */
static char text_buf[256];
static const char *one_text(gj_sql *s, const char *sql)
{
    gj_sql_stmt *st = NULL;
    text_buf[0] = 0;
    if (gj_sql_prepare(s, sql, &st, NULL) != GJ_OK || !st) return "(prepare failed)";
    if (gj_sql_step(st) == GJ_SQL_ROW && gj_sql_column_text(st, 0))
        snprintf(text_buf, sizeof text_buf, "%s", gj_sql_column_text(st, 0));
    gj_sql_finalize(st);
    return text_buf;
}

static void test_bind_step_types(void)
{
    gj_sql *s = open_empty();
    gj_sql_stmt *st = NULL;
    static const unsigned char blob[3] = {1, 0, 255};
    CHECK_EQ_INT(gj_sql_exec(s, "CREATE TABLE t (a, b, c, d, e)"), GJ_OK);
    CHECK_EQ_INT(gj_sql_prepare(s, "INSERT INTO t VALUES (?, :b, $c, @d, ?5)", &st, NULL), GJ_OK);
    CHECK_EQ_INT(gj_sql_bind_count(st), 5);
    CHECK_EQ_INT(gj_sql_bind_index(st, ":b"), 2);
    CHECK_EQ_INT(gj_sql_bind_index(st, "$c"), 3);
    CHECK_EQ_INT(gj_sql_bind_index(st, "@d"), 4);
    CHECK_EQ_INT(gj_sql_bind_index(st, "b"), 0);
    CHECK_EQ_INT(gj_sql_bind_int64(st, 1, INT64_C(9007199254740993)), GJ_OK);
    CHECK_EQ_INT(gj_sql_bind_double(st, 2, 2.5), GJ_OK);
    CHECK_EQ_INT(gj_sql_bind_text(st, 3, "跟进 xyz", 9), GJ_OK); /* 6 bytes + " xy" */
    CHECK_EQ_INT(gj_sql_bind_blob(st, 4, blob, 3), GJ_OK);
    CHECK_EQ_INT(gj_sql_bind_null(st, 5), GJ_OK);
    CHECK_EQ_INT(gj_sql_bind_null(st, 6), GJ_INVALID);
    CHECK_STR(gj_sql_errmsg(s), "column index out of range");
    CHECK_EQ_INT(gj_sql_step(st), GJ_SQL_DONE);
    CHECK_EQ_INT(gj_sql_changes(s), 1);
    /* Reset keeps bindings; clearing makes them NULL. */
    CHECK_EQ_INT(gj_sql_reset(st), GJ_OK);
    CHECK_EQ_INT(gj_sql_clear_bindings(st), GJ_OK);
    CHECK_EQ_INT(gj_sql_step(st), GJ_SQL_DONE);
    gj_sql_finalize(st);

    CHECK_EQ_INT(gj_sql_prepare(s, "SELECT a, b, c, d AS dee, e FROM t ORDER BY rowid", &st, NULL), GJ_OK);
    CHECK_EQ_INT(gj_sql_column_count(st), 5);
    CHECK_EQ_INT(gj_sql_data_count(st), 0);
    CHECK_STR(gj_sql_column_name(st, 3), "dee");
    CHECK_EQ_INT(gj_sql_step(st), GJ_SQL_ROW);
    CHECK_EQ_INT(gj_sql_data_count(st), 5);
    CHECK_EQ_INT(gj_sql_column_type(st, 0), GJ_SQL_INTEGER);
    CHECK(gj_sql_column_int64(st, 0) == INT64_C(9007199254740993));
    CHECK_EQ_INT(gj_sql_column_type(st, 1), GJ_SQL_FLOAT);
    CHECK_NUM(gj_sql_column_double(st, 1), 2.5);
    CHECK_EQ_INT(gj_sql_column_type(st, 2), GJ_SQL_TEXT);
    CHECK_STR(gj_sql_column_text(st, 2), "跟进 xy");
    CHECK_EQ_INT(gj_sql_column_type(st, 3), GJ_SQL_BLOB);
    CHECK_EQ_INT(gj_sql_column_bytes(st, 3), 3);
    CHECK(memcmp(gj_sql_column_blob(st, 3), blob, 3) == 0);
    CHECK_EQ_INT(gj_sql_column_type(st, 4), GJ_SQL_NULL);
    CHECK_EQ_INT(gj_sql_step(st), GJ_SQL_ROW);
    CHECK_EQ_INT(gj_sql_column_type(st, 0), GJ_SQL_NULL);
    CHECK_EQ_INT(gj_sql_step(st), GJ_SQL_DONE);
    CHECK_STR(gj_sql_stmt_sql(st), "SELECT a, b, c, d AS dee, e FROM t ORDER BY rowid");
    CHECK_STR(gj_sql_stmt_normalized_sql(st), "SELECT a,b,c,d AS dee,e FROM t ORDER BY rowid;");
    /* Left open on purpose: close finalizes it (ASan would see a leak). */
    gj_sql_close(s);
}

static void test_tail_and_errors(void)
{
    gj_sql *s = open_empty();
    gj_sql_stmt *st = NULL;
    const char *sql = "SELECT 1; /* c */ SELECT 2;  -- end\n", *tail = NULL;
    int n = 0;
    while (*sql) {
        CHECK_EQ_INT(gj_sql_prepare(s, sql, &st, &tail), GJ_OK);
        sql = tail;
        if (!st) continue; /* the trailing comment */
        n++;
        CHECK_EQ_INT(gj_sql_step(st), GJ_SQL_ROW);
        CHECK_EQ_INT(gj_sql_column_int64(st, 0), n);
        gj_sql_finalize(st);
    }
    CHECK_EQ_INT(n, 2);

    CHECK_EQ_INT(gj_sql_prepare(s, "SELEC 1", &st, NULL), GJ_ERROR);
    CHECK(st == NULL);
    CHECK_STR(gj_sql_errmsg(s), "near \"SELEC\": syntax error");
    CHECK_EQ_INT(gj_sql_exec(s, "SELECT * FROM nowhere"), GJ_ERROR);
    CHECK_STR(gj_sql_errmsg(s), "no such table: nowhere");

    CHECK_EQ_INT(gj_sql_exec(s, "CREATE TABLE u (x UNIQUE)"), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "INSERT INTO u VALUES (1)"), GJ_OK);
    CHECK_EQ_INT(gj_sql_prepare(s, "INSERT INTO u VALUES (1)", &st, NULL), GJ_OK);
    CHECK_EQ_INT(gj_sql_step(st), GJ_CONSTRAINT);
    CHECK_STR(gj_sql_errmsg(s), "UNIQUE constraint failed: u.x");
    gj_sql_finalize(st);
    gj_sql_finalize(NULL);

    /* sql.js's defaults: no foreign keys, double-quoted strings allowed, math functions. */
    CHECK_STR(one_text(s, "PRAGMA foreign_keys"), "0");
    CHECK_STR(one_text(s, "PRAGMA recursive_triggers"), "0");
    CHECK_STR(one_text(s, "SELECT \"dq\""), "dq");
    CHECK_STR(one_text(s, "SELECT sqrt(16)"), "4.0");
    gj_sql_close(s);
    gj_sql_close(NULL);
}

static void test_export_reopen(void)
{
    gj_sql *s = open_empty(), *t = NULL;
    unsigned char *bytes;
    size_t n = 0;

    bytes = gj_sql_serialize(s, &n); /* empty: one page, as sql.js */
    CHECK(bytes != NULL);
    CHECK(n >= 512 && memcmp(bytes, "SQLite format 3", 16) == 0);
    gj_free(bytes);

    CHECK_EQ_INT(gj_sql_exec(s, "CREATE TABLE t (x); INSERT INTO t VALUES ('kept')"), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "BEGIN; INSERT INTO t VALUES ('pending')"), GJ_OK);
    CHECK(gj_sql_serialize(s, &n) == NULL);
    CHECK(strstr(gj_sql_errmsg(s), "Unable to export") != NULL);
    CHECK_EQ_INT(gj_sql_exec(s, "ROLLBACK"), GJ_OK);
    bytes = gj_sql_serialize(s, &n);
    CHECK(bytes && n > 0 && n % 512 == 0);
    CHECK_EQ_INT(bytes[18], 1);

    CHECK_EQ_INT(gj_sql_open(bytes, n, &t), GJ_OK);
    CHECK_STR(one_text(t, "SELECT group_concat(x) FROM t"), "kept");
    /* A copy: changing it leaves the original alone. */
    CHECK_EQ_INT(gj_sql_exec(t, "INSERT INTO t VALUES ('more')"), GJ_OK);
    CHECK_STR(one_text(s, "SELECT count(*) FROM t"), "1");
    gj_sql_close(t);

    /* A file in WAL mode (format versions 2) opens from its bytes too. */
    bytes[18] = bytes[19] = 2;
    CHECK_EQ_INT(gj_sql_open(bytes, n, &t), GJ_OK);
    CHECK_STR(one_text(t, "SELECT group_concat(x) FROM t"), "kept");
    CHECK_EQ_INT(gj_sql_exec(t, "INSERT INTO t VALUES ('more')"), GJ_OK);
    CHECK_STR(one_text(t, "SELECT count(*) FROM t"), "2");
    CHECK_EQ_INT(bytes[18], 2); /* the caller's bytes are left alone */
    gj_sql_close(t);
    gj_free(bytes);
    gj_sql_close(s);

    /* Bytes that are not a database fail at the first statement. */
    CHECK_EQ_INT(gj_sql_open("this is not a database, not at all......", 40, &t), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(t, "SELECT * FROM sqlite_schema"), GJ_IO);
    CHECK_STR(gj_sql_errmsg(t), "file is not a database");
    gj_sql_close(t);
}

/* addn(x, y) = x + y as integers; "boom" fails; counts destroy calls. */
static int destroyed;
static void fn_add(void *user, gj_sql_ctx *ctx, int argc, gj_sql_value **argv)
{
    int64_t sum = *(int *)user;
    int i;
    for (i = 0; i < argc; i++) {
        if (gj_sql_value_type(argv[i]) == GJ_SQL_TEXT &&
            strcmp(gj_sql_value_text(argv[i]), "boom") == 0) {
            gj_sql_result_error(ctx, "boom from C");
            return;
        }
        sum += gj_sql_value_int64(argv[i]);
    }
    gj_sql_result_int64(ctx, sum);
}
static void fn_echo(void *user, gj_sql_ctx *ctx, int argc, gj_sql_value **argv)
{
    switch (gj_sql_value_type(argv[0])) {
    case GJ_SQL_BLOB: gj_sql_result_blob(ctx, gj_sql_value_blob(argv[0]), gj_sql_value_bytes(argv[0])); break;
    case GJ_SQL_TEXT: gj_sql_result_text(ctx, gj_sql_value_text(argv[0]), gj_sql_value_bytes(argv[0])); break;
    case GJ_SQL_FLOAT: gj_sql_result_double(ctx, gj_sql_value_double(argv[0]) * 2); break;
    default: gj_sql_result_null(ctx);
    }
}
static void on_destroy(void *user) { destroyed++; }

static void test_functions(void)
{
    gj_sql *s = open_empty();
    static int base = 100;
    destroyed = 0;
    CHECK_EQ_INT(gj_sql_create_function(s, "addn", 2, fn_add, &base, on_destroy), GJ_OK);
    CHECK_EQ_INT(gj_sql_create_function(s, "echo", 1, fn_echo, NULL, on_destroy), GJ_OK);
    CHECK_STR(one_text(s, "SELECT addn(1, 2)"), "103");
    CHECK_STR(one_text(s, "SELECT typeof(echo(x'00ff')) || length(echo(x'00ff'))"), "blob2");
    CHECK_STR(one_text(s, "SELECT echo('文') || echo(1.25) || ifnull(echo(NULL), 'n')"), "文2.5n");
    CHECK_EQ_INT(gj_sql_exec(s, "SELECT addn(1, 'boom')"), GJ_ERROR);
    CHECK_STR(gj_sql_errmsg(s), "boom from C");
    CHECK_EQ_INT(gj_sql_exec(s, "SELECT addn(1)"), GJ_ERROR);
    CHECK_STR(gj_sql_errmsg(s), "wrong number of arguments to function addn()");
    /* Replacing destroys the old one. */
    CHECK_EQ_INT(gj_sql_create_function(s, "ADDN", 2, fn_add, &base, on_destroy), GJ_OK);
    CHECK_EQ_INT(destroyed, 1);
    gj_sql_close(s);
    CHECK_EQ_INT(destroyed, 3);
}

/* sum of squares per group, state in a tiny table keyed by group. */
static struct { void *key; double sum; } groups[8];
static double *group_sum(gj_sql_ctx *ctx)
{
    void *key = gj_sql_aggregate_key(ctx);
    int i;
    for (i = 0; i < 8 && groups[i].key && groups[i].key != key; i++) {}
    if (i == 8) return NULL;
    if (!groups[i].key) { groups[i].key = key; groups[i].sum = 0; }
    return &groups[i].sum;
}
static void sq_step(void *user, gj_sql_ctx *ctx, int argc, gj_sql_value **argv)
{
    double v = gj_sql_value_double(argv[0]), *sum = group_sum(ctx);
    if (sum) *sum += v * v;
}
static void sq_final(void *user, gj_sql_ctx *ctx)
{
    double *sum = group_sum(ctx);
    gj_sql_result_double(ctx, sum ? *sum : -1);
    if (sum) memset(groups, 0, sizeof groups); /* one group at a time here */
}

static char hook_log[256];
static void on_update(void *user, int op, const char *db, const char *table, int64_t rowid)
{
    size_t n = strlen(hook_log);
    snprintf(hook_log + n, sizeof hook_log - n, "%s%d:%s.%s:%lld", n ? " " : "", op, db, table,
             (long long)rowid);
}

static void test_aggregate_and_hook(void)
{
    gj_sql *s = open_empty();
    CHECK_EQ_INT(gj_sql_create_aggregate(s, "sumsq", 1, sq_step, sq_final, NULL, on_destroy), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "CREATE TABLE t (g, v); INSERT INTO t VALUES (1, 1), (1, 2), (2, 3)"), GJ_OK);
    CHECK_STR(one_text(s, "SELECT group_concat(x) FROM (SELECT sumsq(v) AS x FROM t GROUP BY g ORDER BY g)"), "5.0,9.0");
    CHECK_STR(one_text(s, "SELECT sumsq(v) FROM t WHERE 0"), "0.0"); /* final without a step */

    hook_log[0] = 0;
    CHECK_EQ_INT(gj_sql_update_hook(s, on_update, NULL), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "INSERT INTO t VALUES (3, 4); UPDATE t SET v = 0 WHERE g = 3; DELETE FROM t WHERE g = 3"), GJ_OK);
    CHECK_STR(hook_log, "18:main.t:4 23:main.t:4 9:main.t:4");
    CHECK_EQ_INT(gj_sql_update_hook(s, NULL, NULL), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "INSERT INTO t VALUES (5, 5)"), GJ_OK);
    CHECK_STR(hook_log, "18:main.t:4 23:main.t:4 9:main.t:4");
    CHECK_EQ_INT(gj_sql_update_hook(s, on_update, NULL), GJ_OK); /* freed by close */
    gj_sql_close(s);
}

/* On the app's database: SQL writes are the JSON API's data. */
static void test_borrow_app_db(void)
{
    gj_db *db = t_open();
    gj_sql *s = NULL;
    gj_sql_stmt *st = NULL;
    cJSON *r;
    CHECK_EQ_INT(gj_sql_from_db(db, &s), GJ_OK);
    CHECK(s != NULL);
    CHECK_EQ_INT(gj_sql_exec(s, "INSERT INTO customers (name, created_at) VALUES ('经由SQL', 0)"), GJ_OK);
    CHECK_EQ_INT(gj_sql_changes(s), 1);
    r = t_ok(db, "{\"op\":\"customers.list\",\"args\":{}}");
    CHECK_STR(t_str(r, "items.0.name"), "经由SQL");
    cJSON_Delete(r);
    CHECK_EQ_INT(gj_sql_create_function(s, "gj_test_fn", 0, fn_echo, NULL, NULL), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "SELECT gj_test_fn(1)"), GJ_ERROR); /* wrong count */
    CHECK_EQ_INT(gj_sql_prepare(s, "SELECT name FROM customers", &st, NULL), GJ_OK);
    gj_sql_close(s); /* finalizes st, removes gj_test_fn, keeps db open */
    CHECK_EQ_INT(gj_sql_from_db(db, &s), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "SELECT gj_test_fn()"), GJ_ERROR);
    CHECK_STR(gj_sql_errmsg(s), "no such function: gj_test_fn");
    /* A hook set through a borrow ends with it. */
    hook_log[0] = 0;
    CHECK_EQ_INT(gj_sql_update_hook(s, on_update, NULL), GJ_OK);
    gj_sql_close(s);
    r = t_ok(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"after\"}}");
    cJSON_Delete(r);
    CHECK_STR(hook_log, "");
    r = t_ok(db, "{\"op\":\"db.info\",\"args\":{}}");
    CHECK(r != NULL);
    cJSON_Delete(r);
    gj_close(db);
}

/* sql.js's legacy extension functions: on a database of its own only. */
static void test_legacy_functions(void)
{
    gj_db *db;
    gj_sql *s = open_empty();
    CHECK_STR(one_text(s, "SELECT typeof(ceil(2.5))"), "real"); /* SQLite's own */
    CHECK_EQ_INT(gj_sql_legacy_functions(s), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(s, "CREATE TABLE v (x); INSERT INTO v VALUES (1), (2), (2), (4), (5), (6),"
                                " (7), (8), (9), (NULL)"), GJ_OK);
    CHECK_STR(one_text(s, "SELECT mode(x) || ' ' || median(x) || ' ' || lower_quartile(x) || ' ' ||"
                          " upper_quartile(x) FROM v"), "2 5 2 7");
    CHECK_STR(one_text(s, "SELECT printf('%.4f %.4f', variance(x), stdev(x)) FROM v"), "8.1111 2.8480");
    CHECK_STR(one_text(s, "SELECT ceil(2.5) || typeof(ceil(2.5)) || ceil(1e300)"),
              "3integer9223372036854775807");
    CHECK_STR(one_text(s, "SELECT padl('跟进', 4) || '|' || reverse('跟进ab') || '|' || proper('hELLO wORLD')"),
              "  跟进|ba进跟|Hello World");
    CHECK_EQ_INT(gj_sql_exec(s, "SELECT replicate('a', -1)"), GJ_ERROR);
    CHECK_STR(gj_sql_errmsg(s), "domain error");
    gj_sql_close(s);

    db = t_open();
    CHECK_EQ_INT(gj_sql_from_db(db, &s), GJ_OK);
    CHECK_EQ_INT(gj_sql_legacy_functions(s), GJ_INVALID);
    gj_sql_close(s);
    gj_close(db);
}

/* Full-text search is compiled in: FTS4 and FTS5 with trigrams. */
static void test_full_text_search(void)
{
    gj_sql *s = open_empty();
    CHECK_EQ_INT(gj_sql_exec(s, "CREATE VIRTUAL TABLE f4 USING fts4(t);"
                                " INSERT INTO f4 VALUES ('follow up with the buyer');"
                                " CREATE VIRTUAL TABLE f5 USING fts5(t, tokenize = 'trigram');"
                                " INSERT INTO f5 VALUES ('跟进北京客户')"), GJ_OK);
    CHECK_STR(one_text(s, "SELECT t FROM f4 WHERE f4 MATCH 'buy*'"), "follow up with the buyer");
    CHECK_STR(one_text(s, "SELECT t FROM f5 WHERE f5 MATCH '北京客'"), "跟进北京客户");
    gj_sql_close(s);
}

int main(void)
{
    test_bind_step_types();
    test_tail_and_errors();
    test_export_reopen();
    test_functions();
    test_aggregate_and_hook();
    test_borrow_app_db();
    test_legacy_functions();
    test_full_text_search();
    return t_done("test_sqlapi");
}
