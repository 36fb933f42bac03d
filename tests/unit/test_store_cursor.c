/*
 * The store's cursor (gj_store_query/step/col_*), which the metrics layer
 * reads whole tables with: every value type, parameters, an empty result,
 * a nested query while one is open, an early close, and errors.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "testlib.h"

static void test_types(gj_store *st)
{
    gj_store_cursor *c = NULL;
    gj_value p[2];
    int len = -1, rows = 0;
    p[0] = gj_vint(10);
    p[1] = gj_vtext("b");
    CHECK_EQ_INT(gj_store_exec(st, "CREATE TEMP TABLE t (i INTEGER, r REAL, s TEXT);"
                                   "INSERT INTO t VALUES (7, 2.5, 'héllo'), (NULL, NULL, ''), (12, 3, NULL),"
                                   " (20, NULL, 'b')"), GJ_OK);
    CHECK_EQ_INT(gj_store_query(st, "SELECT i, r, s FROM t WHERE coalesce(i, 0) < ?1 ORDER BY rowid", p, 1, &c),
                 GJ_OK);
    CHECK_EQ_INT(gj_store_col_count(c), 3);
    CHECK_EQ_INT(gj_store_step(c), 1);
    CHECK_EQ_INT(gj_store_col_type(c, 0), GJ_VINT);
    CHECK_EQ_INT(gj_store_col_int(c, 0), 7);
    CHECK_EQ_INT(gj_store_col_type(c, 1), GJ_VREAL);
    CHECK(gj_store_col_real(c, 1) == 2.5);
    CHECK_EQ_INT(gj_store_col_int(c, 1), 2); /* truncated, as SQLite converts */
    CHECK_EQ_INT(gj_store_col_type(c, 2), GJ_VTEXT);
    CHECK(strcmp(gj_store_col_text(c, 2, &len), "héllo") == 0);
    CHECK_EQ_INT(len, 6); /* bytes, not characters */
    CHECK_EQ_INT(gj_store_step(c), 1);
    CHECK_EQ_INT(gj_store_col_type(c, 0), GJ_VNULL);
    CHECK_EQ_INT(gj_store_col_int(c, 0), 0);
    CHECK(gj_store_col_real(c, 1) == 0);
    CHECK_EQ_INT(gj_store_col_type(c, 2), GJ_VTEXT); /* '' is text, not NULL */
    CHECK(gj_store_col_text(c, 2, &len) != NULL);
    CHECK_EQ_INT(len, 0);
    CHECK_EQ_INT(gj_store_step(c), 0); /* 12 and 20 are not < 10 */
    CHECK_EQ_INT(gj_store_cursor_rc(c), GJ_OK);
    gj_store_cursor_close(c);

    /* the cached statement is reused with other parameters; a NULL text */
    p[0] = gj_vint(15);
    CHECK_EQ_INT(gj_store_query(st, "SELECT i, r, s FROM t WHERE coalesce(i, 0) < ?1 ORDER BY rowid", p, 1, &c),
                 GJ_OK);
    while (gj_store_step(c) == 1) {
        rows++;
        if (gj_store_col_int(c, 0) == 12) {
            CHECK(gj_store_col_text(c, 2, &len) == NULL);
            CHECK_EQ_INT(len, 0);
        }
    }
    CHECK_EQ_INT(rows, 3);
    gj_store_cursor_close(c);

    /* text parameters bind too */
    CHECK_EQ_INT(gj_store_query(st, "SELECT i FROM t WHERE s = ?2", p, 2, &c), GJ_OK);
    CHECK_EQ_INT(gj_store_step(c), 1);
    CHECK_EQ_INT(gj_store_col_int(c, 0), 20);
    CHECK_EQ_INT(gj_store_step(c), 0);
    gj_store_cursor_close(c);
}

/* A query run while a cursor on the same SQL is open gets its own
 * statement; closing early leaves the cached one reusable. */
static void test_nested(gj_store *st)
{
    gj_store_cursor *a = NULL, *b = NULL;
    int64_t n = 0;
    CHECK_EQ_INT(gj_store_query(st, "SELECT i FROM t ORDER BY rowid", NULL, 0, &a), GJ_OK);
    CHECK_EQ_INT(gj_store_step(a), 1);
    CHECK_EQ_INT(gj_store_query(st, "SELECT i FROM t ORDER BY rowid", NULL, 0, &b), GJ_OK);
    CHECK_EQ_INT(gj_store_step(b), 1);
    CHECK_EQ_INT(gj_store_step(b), 1);
    CHECK_EQ_INT(gj_store_col_type(b, 0), GJ_VNULL);
    CHECK_EQ_INT(gj_store_col_int(a, 0), 7); /* a did not move */
    CHECK_EQ_INT(gj_store_int(st, "SELECT count(*) FROM t", NULL, 0, &n), GJ_OK);
    CHECK_EQ_INT(n, 4);
    gj_store_cursor_close(b);
    gj_store_cursor_close(a); /* early: two rows were never read */
    CHECK_EQ_INT(gj_store_query(st, "SELECT i FROM t ORDER BY rowid", NULL, 0, &a), GJ_OK);
    CHECK_EQ_INT(gj_store_step(a), 1);
    CHECK_EQ_INT(gj_store_col_int(a, 0), 7); /* from the start again */
    gj_store_cursor_close(a);
    gj_store_cursor_close(NULL);
}

static void test_errors(gj_store *st)
{
    gj_store_cursor *c = (gj_store_cursor *)&c;
    CHECK_EQ_INT(gj_store_query(st, "SELECT nope FROM t", NULL, 0, &c), GJ_ERROR);
    CHECK(c == NULL);
    CHECK(strstr(gj_store_errmsg(st), "nope") != NULL);
    /* a failure while stepping: -1, the code and the message */
    CHECK_EQ_INT(gj_store_query(st, "SELECT abs(-9223372036854775807 - 1)", NULL, 0, &c), GJ_OK);
    CHECK_EQ_INT(gj_store_step(c), -1);
    CHECK_EQ_INT(gj_store_cursor_rc(c), GJ_ERROR);
    CHECK(strstr(gj_store_errmsg(st), "overflow") != NULL);
    CHECK_EQ_INT(gj_store_step(c), -1); /* stays failed */
    gj_store_cursor_close(c);
}

int main(void)
{
    gj_store *st = NULL;
    if (gj_store_open(NULL, &st) != GJ_OK) {
        fprintf(stderr, "open: %s\n", gj_store_errmsg(st));
        return 2;
    }
    test_types(st);
    test_nested(st);
    test_errors(st);
    gj_store_close(st);
    return t_done("test_store_cursor");
}
