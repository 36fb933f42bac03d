/*
 * The importer end to end on fixtures (tests/fixtures/import): a real-looking
 * Excel export (BOM, CRLF, Chinese headers, multi-line quoted cells), the
 * same file in GB18030, references by ext_id and rep name, one bad row
 * that imports nothing, re-import updates, dry run, cancel, every chunk
 * split, the error limit, the bulk path (indexes and audit triggers come
 * back), and the CSV export -> import round trip.
 * Usage: test_import FIXTURE_DIR
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static const char *dir;

static char *slurp(const char *name, size_t *n)
{
    char path[512];
    FILE *f;
    char *buf;
    long len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    f = fopen(path, "rb");
    if (!f) { fprintf(stderr, "cannot open %s\n", path); exit(2); }
    fseek(f, 0, SEEK_END);
    len = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = malloc((size_t)len + 1);
    if (!buf || fread(buf, 1, (size_t)len, f) != (size_t)len) exit(2);
    buf[len] = 0;
    fclose(f);
    *n = (size_t)len;
    return buf;
}

/* Imports bytes in chunks of `step` (0 = one go); returns the report
 * (parsed) and the finish rc in *rc. */
static cJSON *import_bytes(gj_db *db, const char *opts, const char *s, size_t n, size_t step, int *rc)
{
    gj_import *imp = NULL;
    char *report;
    cJSON *j;
    size_t i;
    if (n == (size_t)-1) n = strlen(s); /* a C string */
    *rc = gj_import_begin(db, opts, &imp);
    if (*rc != GJ_OK) return NULL;
    if (!step) step = n ? n : 1;
    for (i = 0; i < n; i += step)
        if (gj_import_feed(imp, s + i, i + step > n ? n - i : step) != GJ_OK) break;
    report = gj_import_finish(imp, rc);
    j = cJSON_Parse(report);
    gj_free(report);
    return j;
}

static cJSON *import_file(gj_db *db, const char *opts, const char *name, int *rc)
{
    size_t n;
    char *s = slurp(name, &n);
    cJSON *j = import_bytes(db, opts, s, n, 4096, rc);
    free(s);
    return j;
}

/* A fresh database with the reps of the fixtures. */
static gj_db *with_reps(void)
{
    gj_db *db = t_open();
    int rc;
    cJSON *r = import_file(db, "{\"kind\":\"reps\"}", "reps.csv", &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    cJSON_Delete(r);
    return db;
}

/* Reps and customers (the Excel fixture): the base data. */
static gj_db *load_base(void)
{
    gj_db *db = with_reps();
    int rc;
    cJSON *r = import_file(db, "{\"kind\":\"customers\"}", "excel_customers.csv", &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    cJSON_Delete(r);
    return db;
}

static void test_excel_file(void)
{
    gj_db *db = load_base();
    cJSON *c = t_ok(db, "{\"op\":\"customers.list\",\"args\":{}}");
    CHECK_EQ_INT(t_num(c, "total"), 3); /* the empty ",,,," row is skipped */
    CHECK_STR(t_str(c, "items.0.name"), "张三");
    CHECK_STR(t_str(c, "items.0.pain_points"), "需要排课系统,\r\n预算 10 万");
    CHECK_STR(t_str(c, "items.0.created_at"), "2024-03-05T00:00:00Z");
    CHECK_STR(t_str(c, "items.0.tier"), "A");
    CHECK_EQ_INT(t_num(c, "items.0.owner_id"), 1); /* 负责人 王芳 by name */
    CHECK_STR(t_str(c, "items.1.company"), "上海\"启明\"贸易");
    CHECK_STR(t_str(c, "items.1.pain_points"), "第一行\r\n第二行\r\n第三行");
    CHECK_STR(t_str(c, "items.1.created_at"), "2024-03-15T14:30:00Z"); /* M/D/YYYY H:MM */
    CHECK_STR(t_str(c, "items.2.created_at"), "2024-04-01T01:00:00Z"); /* +08:00 */
    CHECK_STR(t_str(c, "items.2.phone"), "=1+2");
    cJSON_Delete(c);
    /* one summary audit entry per import, no row entries */
    CHECK_EQ_INT(t_total(db, "audit", "{\"action\":\"bulk\"}"), 2);
    CHECK_EQ_INT(t_total(db, "audit", "{\"action\":\"create\"}"), 0);
    gj_close(db);
}

static void test_gb18030(void)
{
    size_t n, left, outleft;
    char *utf8 = slurp("excel_customers.csv", &n), *in = utf8 + 3; /* GBK files carry no BOM */
    char *gb = malloc(n * 2), *out = gb, *a, *b;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    gj_db *d1 = with_reps(), *d2 = with_reps();
    cJSON *r;
    int rc;
    left = n - 3;
    outleft = n * 2;
    CHECK(iconv(cd, &in, &left, &out, &outleft) != (size_t)-1);
    iconv_close(cd);
    r = import_bytes(d1, "{\"kind\":\"customers\"}", gb, (size_t)(out - gb), 3, &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_STR(t_str(r, "encoding"), "gb18030");
    cJSON_Delete(r);
    r = import_bytes(d2, "{\"kind\":\"customers\"}", utf8, n, 0, &rc);
    CHECK_STR(t_str(r, "encoding"), "utf-8");
    cJSON_Delete(r);
    a = t_snapshot(d1);
    b = t_snapshot(d2);
    CHECK_SAME(a, b);
    free(a); free(b); free(gb); free(utf8);
    gj_close(d1);
    gj_close(d2);
}

static void test_bad_row_and_reimport(void)
{
    gj_db *db = load_base();
    char *before = t_snapshot(db), *after;
    cJSON *r;
    int rc;
    r = import_file(db, "{\"kind\":\"followups\"}", "followups_bad.csv", &rc);
    CHECK_EQ_INT(rc, GJ_INVALID);
    CHECK_EQ_INT(t_num(r, "error_count"), 1);
    CHECK_EQ_INT(t_num(r, "errors.0.row"), 3);
    CHECK_STR(t_str(r, "errors.0.column"), "跟进时间");
    CHECK_STR(t_str(r, "errors.0.field"), "at");
    CHECK_STR(t_str(r, "errors.0.value"), "2024/13/45");
    CHECK(cJSON_IsFalse(cJSON_GetObjectItem(r, "committed")));
    cJSON_Delete(r);
    after = t_snapshot(db);
    CHECK_SAME(before, after); /* nothing written, not even audit */
    free(after);
    /* dry run of the good file: the same report, nothing written */
    r = import_file(db, "{\"kind\":\"followups\",\"dry_run\":true}", "followups.csv", &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_EQ_INT(t_num(r, "created"), 4);
    CHECK(cJSON_IsFalse(cJSON_GetObjectItem(r, "committed")));
    cJSON_Delete(r);
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(after);
    /* real import, then the same file again: updates, no duplicates */
    r = import_file(db, "{\"kind\":\"followups\"}", "followups.csv", &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_EQ_INT(t_num(r, "created"), 4);
    CHECK_STR(t_str(r, "mapping.负责人"), "rep");
    cJSON_Delete(r);
    r = import_file(db, "{\"kind\":\"followups\"}", "followups.csv", &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_EQ_INT(t_num(r, "created"), 0);
    CHECK_EQ_INT(t_num(r, "updated"), 4);
    cJSON_Delete(r);
    CHECK_EQ_INT(t_total(db, "followups", ""), 4);
    r = t_ok(db, "{\"op\":\"followups.list\",\"args\":{\"filter\":{\"ext_id\":\"F2\"}}}");
    CHECK_STR(t_str(r, "items.0.summary"), "发送报价,\n等待回复");
    CHECK_STR(t_str(r, "items.0.channel"), "wechat");
    CHECK_EQ_INT(t_num(r, "items.0.rep_id"), 2);
    cJSON_Delete(r);
    free(before);
    gj_close(db);
}

static void test_splits_and_cancel(void)
{
    size_t n, step;
    char *s = slurp("excel_customers.csv", &n), *want = NULL;
    int rc;
    for (step = 1; step <= n; step += (step < 40 ? 1 : 37)) {
        gj_db *db = with_reps();
        cJSON *r = import_bytes(db, "{\"kind\":\"customers\"}", s, n, step, &rc);
        char *snap = t_snapshot(db);
        CHECK_EQ_INT(rc, GJ_OK);
        if (!want) want = snap;
        else { CHECK_SAME(snap, want); free(snap); }
        cJSON_Delete(r);
        gj_close(db);
    }
    {   /* cancel (free before finish) rolls back */
        gj_db *db = with_reps();
        gj_import *imp = NULL;
        char *a = t_snapshot(db), *b;
        CHECK_EQ_INT(gj_import_begin(db, "{\"kind\":\"customers\"}", &imp), GJ_OK);
        CHECK_EQ_INT(gj_import_feed(imp, s, n), GJ_OK);
        CHECK_EQ_INT(gj_import_rows(imp), 4);
        gj_import_free(imp);
        b = t_snapshot(db);
        CHECK_SAME(a, b);
        free(a); free(b);
        gj_close(db);
    }
    free(want);
    free(s);
}

static void test_options_and_limits(void)
{
    gj_db *db = load_base();
    gj_import *imp = NULL;
    cJSON *r;
    int rc;
    CHECK_EQ_INT(gj_import_begin(db, "{\"kind\":\"widgets\"}", &imp), GJ_INVALID);
    CHECK(imp == NULL);
    CHECK_EQ_INT(gj_import_begin(db, "{\"kind\":\"customers\",\"map\":{\"a\":\"nope\"}}", &imp), GJ_INVALID);
    CHECK_EQ_INT(gj_import_begin(db, "{\"kind\":\"customers\",\"date_format\":\"xyz\"}", &imp), GJ_INVALID);
    /* max_errors: two listed, all counted */
    r = import_bytes(db, "{\"kind\":\"orders\",\"max_errors\":2}",
                     "customer_ext_id,amount\nC001,x\nC001,-1\nNOPE,5\nC001,7\n", (size_t)-1, 0, &rc);
    CHECK_EQ_INT(rc, GJ_INVALID);
    CHECK_EQ_INT(t_num(r, "error_count"), 3);
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(r, "errors")), 2);
    CHECK_STR(t_str(r, "errors.1.field"), "amount"); /* the domain's rule, after a rollback */
    cJSON_Delete(r);
    CHECK_EQ_INT(t_total(db, "orders", ""), 0);
    /* --map, create_missing_customers, custom_fields, no required column */
    r = import_bytes(db, "{\"kind\":\"followups\",\"create_missing_customers\":true,"
                     "\"map\":{\"who\":\"customer_ext_id\",\"when\":\"at\",\"x\":\"\"}}",
                     "who,when,x\nNEW1,2024-06-01,1\nNEW1,2024-06-02,2\n", (size_t)-1, 0, &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_EQ_INT(t_num(r, "customers_created"), 1);
    CHECK_STR(t_str(r, "ignored.0"), "x");
    cJSON_Delete(r);
    r = import_bytes(db, "{\"kind\":\"customers\",\"custom_fields\":true}",
                     "客户名称,备注,Shoe Size\n赵六,老客户,42\n", (size_t)-1, 0, &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_STR(t_str(r, "custom_fields.0"), "col_2");
    CHECK_STR(t_str(r, "custom_fields.1"), "shoe_size");
    cJSON_Delete(r);
    r = t_ok(db, "{\"op\":\"customers.list\",\"args\":{\"filter\":{\"name\":\"赵六\"}}}");
    CHECK_STR(t_str(r, "items.0.custom.col_2"), "老客户");
    CHECK_STR(t_str(r, "items.0.custom.shoe_size"), "42");
    cJSON_Delete(r);
    r = import_bytes(db, "{\"kind\":\"followups\"}", "summary\nhello\n", 14, 0, &rc);
    CHECK_EQ_INT(rc, GJ_INVALID);
    CHECK(strstr(t_str(r, "fatal"), "customer_ext_id") != NULL);
    cJSON_Delete(r);
    gj_close(db);
}

/* > 10,000 rows take the bulk path (indexes and audit triggers dropped and
 * restored); the database must behave the same afterwards. */
static void test_bulk_path(void)
{
    gj_db *db = load_base();
    size_t cap = 1 << 20, n;
    char *s = malloc(cap);
    int i, rc;
    cJSON *r;
    n = (size_t)snprintf(s, cap, "ext_id,customer_ext_id,at,rep\n");
    for (i = 0; i < 12000; i++)
        n += (size_t)snprintf(s + n, cap - n, "B%d,C00%d,2024-01-%02d,%s\n", i, 1 + i % 3, 1 + i % 28,
                              i % 2 ? "王芳" : "李强");
    r = import_bytes(db, "{\"kind\":\"followups\"}", s, n, 65536, &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_EQ_INT(t_num(r, "created"), 12000);
    cJSON_Delete(r);
    CHECK_EQ_INT(t_total(db, "followups", "{\"customer_id\":2}"), 4000);
    CHECK_EQ_INT(t_total(db, "audit", "{\"entity\":\"followups\"}"), 1);
    cJSON_Delete(t_ok(db, "{\"op\":\"followups.update\",\"args\":{\"id\":1,\"summary\":\"x\"}}"));
    CHECK_EQ_INT(t_total(db, "audit", "{\"entity\":\"followups\"}"), 2); /* row audit is back */
    {
        gj_sql *q = NULL;
        gj_sql_stmt *st = NULL;
        CHECK_EQ_INT(gj_sql_from_db(db, &q), GJ_OK);
        CHECK_EQ_INT(gj_sql_prepare(q, "SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'followups'"
                                       " AND type = 'index' AND sql IS NOT NULL", &st, NULL), GJ_OK);
        CHECK_EQ_INT(gj_sql_step(st), GJ_SQL_ROW);
        CHECK_EQ_INT(gj_sql_column_int64(st, 0), 4);
        gj_sql_finalize(st);
        gj_sql_close(q);
    }
    free(s);
    gj_close(db);
}

/* export.csv of each list, imported into a fresh database: the same rows. */
static void test_round_trip(void)
{
    static const char *const kinds[] = {"reps", "customers", "followups", NULL};
    gj_db *db = load_base(), *fresh = t_open();
    /* (reps come from the export too) */
    cJSON *r;
    int rc, k;
    r = import_file(db, "{\"kind\":\"followups\"}", "followups.csv", &rc);
    cJSON_Delete(r);
    for (k = 0; kinds[k]; k++) {
        cJSON *e = t_ok(db, "{\"op\":\"export.csv\",\"args\":{\"kind\":\"%s\"}}", kinds[k]);
        const char *csv = t_str(e, "csv");
        char opts[64];
        snprintf(opts, sizeof opts, "{\"kind\":\"%s\"}", kinds[k]);
        CHECK(strncmp(csv, "\xEF\xBB\xBF" "id,ext_id,", 9) == 0);
        r = import_bytes(fresh, opts, csv, strlen(csv), 100, &rc);
        CHECK_EQ_INT(rc, GJ_OK);
        cJSON_Delete(r);
        cJSON_Delete(e);
    }
    /* compared once all are in: customer items carry their last follow-up */
    for (k = 0; kinds[k]; k++) {
        char *a, *b;
        a = t_raw(db, "{\"op\":\"%s.list\",\"args\":{\"limit\":1000}}", kinds[k]);
        b = t_raw(fresh, "{\"op\":\"%s.list\",\"args\":{\"limit\":1000}}", kinds[k]);
        CHECK_SAME(a, b);
        gj_free(a);
        gj_free(b);
    }
    gj_close(db);
    gj_close(fresh);
}

/* `rows` follow-up lines <key>1.. for customer C001; summary "boom" on
 * the rows listed in `boom` (0-terminated), "s<i>" elsewhere. Caller frees. */
static char *followup_csv(const char *key, int rows, const int *boom)
{
    size_t cap = 64 + (size_t)rows * 48, len;
    char *s = malloc(cap);
    int i, k;
    if (!s) exit(2);
    len = (size_t)snprintf(s, cap, "ext_id,customer_ext_id,at,summary\n");
    for (i = 1; i <= rows; i++) {
        int b = 0;
        for (k = 0; boom && boom[k]; k++) b |= boom[k] == i;
        if (b) len += (size_t)snprintf(s + len, cap - len, "%s%d,C001,2024-05-01,boom\n", key, i);
        else len += (size_t)snprintf(s + len, cap - len, "%s%d,C001,2024-05-01,s%d\n", key, i, i);
    }
    return s;
}

/* New rows go to the database GJ_BATCH_ROWS at a time (domain batch.c):
 * every row arrives, a key twice in one file updates, and a row the
 * database refuses when its batch is written is reported on its own row. */
static void test_batches(void)
{
    gj_db *db = load_base();
    const int booms[] = {5, 37, 0};
    char *csv = followup_csv("F", 70, NULL), *before, *after;
    gj_sql *raw = NULL;
    cJSON *r;
    int rc;

    r = import_bytes(db, "{\"kind\":\"followups\"}", csv, (size_t)-1, 100, &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_EQ_INT(t_num(r, "created"), 70);
    cJSON_Delete(r);
    free(csv);
    CHECK_EQ_INT(t_total(db, "followups", ""), 70);
    CHECK_EQ_INT(t_total(db, "followups", "{\"ext_id\":\"F33\",\"summary\":\"s33\"}"), 1);
    CHECK_EQ_INT(t_total(db, "followups", "{\"ext_id\":\"F70\",\"summary\":\"s70\"}"), 1);

    /* one key twice in a file, the later row winning: created once (its
     * row still queued in the batch), then updated by its second line */
    r = import_bytes(db, "{\"kind\":\"followups\",\"duplicates\":\"later\"}",
                     "ext_id,customer_ext_id,at,summary\nD1,C001,2024-05-02,first\n"
                     "D2,C001,2024-05-02,x\nD1,C001,2024-05-03,second\n", (size_t)-1, 0, &rc);
    CHECK_EQ_INT(rc, GJ_OK);
    CHECK_EQ_INT(t_num(r, "created"), 2);
    CHECK_EQ_INT(t_num(r, "updated"), 0);
    cJSON_Delete(r);
    CHECK_EQ_INT(t_total(db, "followups", "{\"ext_id\":\"D1\",\"summary\":\"second\"}"), 1);

    /* A rule only the database knows (a trigger): rows 5 and 37 are refused
     * when their batches are written, and nothing is imported. */
    CHECK_EQ_INT(gj_sql_from_db(db, &raw), GJ_OK);
    CHECK_EQ_INT(gj_sql_exec(raw, "CREATE TRIGGER boom BEFORE INSERT ON followups"
                                  " WHEN NEW.summary = 'boom' BEGIN SELECT RAISE(ABORT, 'boom is refused'); END"),
                 GJ_OK);
    gj_sql_close(raw);
    before = t_snapshot(db);
    csv = followup_csv("G", 40, booms);
    r = import_bytes(db, "{\"kind\":\"followups\"}", csv, (size_t)-1, 0, &rc);
    free(csv);
    CHECK_EQ_INT(rc, GJ_INVALID);
    CHECK_EQ_INT(t_num(r, "error_count"), 2);
    CHECK_EQ_INT(t_num(r, "errors.0.row"), 5);
    CHECK(strstr(t_str(r, "errors.0.message"), "boom is refused") != NULL);
    CHECK_EQ_INT(t_num(r, "errors.1.row"), 37);
    cJSON_Delete(r);
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before);
    free(after);
    gj_close(db);
}

int main(int argc, char **argv)
{
    dir = argc > 1 ? argv[1] : "tests/fixtures/import";
    test_excel_file();
    test_gb18030();
    test_bad_row_and_reimport();
    test_splits_and_cancel();
    test_options_and_limits();
    test_bulk_path();
    test_round_trip();
    test_batches();
    return t_done("test_import");
}
