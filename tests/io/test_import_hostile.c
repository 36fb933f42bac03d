/*
 * The importer on hostile input: maps that send two columns to one field
 * or name an undefined custom field, ids that cannot exist, numbers too
 * large for a double, NUL bytes anywhere in the text, a UTF-8 file with a
 * bad sequence (the same answer for every chunk split), and bad rows that
 * must be reported as bad rows, never as "out of memory".
 */
#include <stdlib.h>
#include <string.h>

#include "io/io.h"
#include "testlib.h"

/* import.csv of `text` (JSON string contents) for `kind`, with extra JSON
 * members `more` ("" for none); the parsed response. */
static cJSON *import_csv(gj_db *db, const char *kind, const char *text, const char *more)
{
    return t_call(db, "{\"op\":\"import.csv\",\"args\":{\"kind\":\"%s\",\"text\":\"%s\"%s%s}}",
                  kind, text, *more ? "," : "", more);
}

static void test_map_twice_and_undefined_custom(void)
{
    gj_db *db = t_open();
    char *before = t_snapshot(db), *after;
    cJSON *r = import_csv(db, "customers", "a,b,c\\n1,2,3\\n", "\"map\":{\"a\":\"name\",\"b\":\"name\"}");
    CHECK_STR(t_str(r, "error.reason"), "mapped_twice");
    CHECK_STR(t_str(r, "error.field"), "map");
    CHECK_STR(t_str(r, "error.params.column"), "b");
    CHECK_STR(t_str(r, "error.params.other_column"), "a");
    cJSON_Delete(r);
    r = import_csv(db, "customers", "a,b,c\\n1,2,3\\n", "\"map\":{\"a\":\"name\",\"b\":\"custom.nope\"}");
    CHECK_STR(t_str(r, "error.reason"), "unknown_field");
    CHECK_STR(t_str(r, "error.params.column"), "b");
    CHECK_STR(t_str(r, "error.params.value"), "custom.nope");
    cJSON_Delete(r);
    /* a header that looks like a field leaves it to the column mapped there */
    r = t_ok(db, "{\"op\":\"import.csv\",\"args\":{\"kind\":\"customers\",\"text\":\"name,x\\n1,2\\n\","
                 "\"map\":{\"x\":\"name\"},\"dry_run\":true}}");
    CHECK_STR(t_str(r, "mapping.x"), "name");
    CHECK_STR(t_str(r, "ignored.0"), "name");
    cJSON_Delete(r);
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before); free(after);
    gj_close(db);
}

/* Bad rows are named as bad rows whatever their order (an error left on
 * the handle by one row once failed the next row's lookups). */
static void test_bad_rows_not_oom(void)
{
    static const char *const texts[] = {
        "name,company,owner\\n,x,\\nb,y,nobody\\n",
        "name,company,owner\\nb,y,nobody\\n,x,\\n",
    };
    int k;
    for (k = 0; k < 2; k++) {
        gj_db *db = t_open();
        cJSON *r = import_csv(db, "customers", texts[k], "");
        CHECK_STR(t_str(r, "error.reason"), "bad_rows");
        CHECK_EQ_INT(t_num(r, "error.report.error_count"), 2);
        CHECK(cJSON_IsNull(t_at(r, "error.report.fatal")));
        CHECK_STR(t_str(r, "error.report.errors.0.column"), k == 0 ? "name" : "owner");
        CHECK_STR(t_str(r, "error.report.errors.1.column"), k == 0 ? "owner" : "name");
        cJSON_Delete(r);
        gj_close(db);
    }
}

static void test_id_zero_and_infinite_numbers(void)
{
    gj_db *db = t_open();
    cJSON *r;
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\"}}");
    r = import_csv(db, "followups", "customer_id,kind,note\\n0,call,x\\n1,call,y\\n-3,call,z\\n", "");
    CHECK_STR(t_str(r, "error.reason"), "bad_rows");
    CHECK(cJSON_IsNull(t_at(r, "error.report.fatal")));
    CHECK_EQ_INT(t_num(r, "error.report.error_count"), 2);
    CHECK_EQ_INT(t_num(r, "error.report.errors.0.row"), 1);
    CHECK_STR(t_str(r, "error.report.errors.0.reason"), "no_match");
    CHECK_STR(t_str(r, "error.report.errors.0.message"), "no customer has id 0");
    CHECK_EQ_INT(t_num(r, "error.report.errors.1.row"), 3);
    cJSON_Delete(r);
    r = import_csv(db, "orders", "customer_id,amount\\n1,1e999\\n1,-1e400\\n1,12.5\\n", "");
    CHECK_EQ_INT(t_num(r, "error.report.error_count"), 2);
    CHECK_STR(t_str(r, "error.report.errors.0.column"), "amount");
    CHECK_STR(t_str(r, "error.report.errors.0.value"), "1e999");
    CHECK_STR(t_str(r, "error.report.errors.0.reason"), "not_a_number");
    CHECK_EQ_INT(t_num(r, "error.report.errors.1.row"), 2);
    cJSON_Delete(r);
    CHECK_EQ_INT(t_total(db, "orders", ""), 0);
    gj_close(db);
}

/* Feeds bytes s[0..n) in chunks of `step`; the report (parsed) and rc. */
static cJSON *feed(gj_db *db, const char *opts, const char *s, size_t n, size_t step, int *rc)
{
    gj_import *imp = NULL;
    char *report;
    cJSON *j;
    size_t i;
    *rc = gj_import_begin(db, opts, &imp);
    if (*rc != GJ_OK) return NULL;
    for (i = 0; i < n; i += step)
        if (gj_import_feed(imp, s + i, i + step > n ? n - i : step) != GJ_OK) break;
    report = gj_import_finish(imp, rc);
    j = cJSON_Parse(report);
    gj_free(report);
    return j;
}

/* A NUL byte in a cell: that row and column are named, every other row
 * is still read (nothing after the NUL is lost), nothing is written. */
#define B(lit) lit, sizeof lit - 1 /* bytes of a literal, NULs included */

static void test_nul_bytes(void)
{
    static const struct { const char *csv; size_t n; int row; const char *column, *value; } cases[] = {
        /* at the end of a line */
        {B("name,phone\nAlice,1\0\nBob,2\nCarol,3\n"), 1, "phone", "1\xE2\x90\x80"},
        /* inside a quoted cell that spans lines */
        {B("name,phone\n\"Al\0ice\nsmith\",1\nBob,2\nCarol,3\n"), 1, "name", "Al\xE2\x90\x80ice\nsmith"},
        /* at the start of a data row */
        {B("name,phone\nAlice,1\n\0Bob,2\nCarol,3\n"), 2, "name", "\xE2\x90\x80" "Bob"},
        /* the last byte of the file */
        {B("name,phone\nAlice,1\nBob,2\nCarol,3\0"), 3, "phone", "3\xE2\x90\x80"},
    };
    size_t k, step;
    for (k = 0; k < sizeof cases / sizeof cases[0]; k++)
        for (step = 1; step <= cases[k].n; step += 5) {
            gj_db *db = t_open();
            int rc;
            cJSON *r = feed(db, "{\"kind\":\"customers\"}", cases[k].csv, cases[k].n, step, &rc);
            CHECK_EQ_INT(rc, GJ_INVALID);
            CHECK_EQ_INT(t_num(r, "rows"), 3);
            CHECK_EQ_INT(t_num(r, "error_count"), 1);
            CHECK_EQ_INT(t_num(r, "errors.0.row"), cases[k].row);
            CHECK_STR(t_str(r, "errors.0.column"), cases[k].column);
            CHECK_STR(t_str(r, "errors.0.reason"), "nul_byte");
            CHECK_STR(t_str(r, "errors.0.value"), cases[k].value);
            CHECK_EQ_INT(t_num(r, "created"), 2);
            CHECK_EQ_INT(t_total(db, "customers", ""), 0);
            cJSON_Delete(r);
            gj_close(db);
        }
    {   /* at the start of the file: the header names no field */
        gj_db *db = t_open();
        int rc;
        cJSON *r = feed(db, "{\"kind\":\"customers\"}", B("\0name,phone\nAlice,1\n"), 20, &rc);
        CHECK_EQ_INT(rc, GJ_INVALID);
        CHECK(strstr(t_str(r, "fatal"), "column 1 of the header row") != NULL);
        cJSON_Delete(r);
        gj_close(db);
    }
}

/* Through the JSON API: "\u0000" in import.csv's text reaches the
 * importer whole; anywhere else it is refused naming the field. */
static void test_nul_through_json(void)
{
    gj_db *db = t_open();
    cJSON *r = import_csv(db, "customers", "name,phone\\nAlice,1\\u0000\\nBob,2\\nCarol,3\\n", "");
    CHECK_STR(t_str(r, "error.reason"), "bad_rows");
    CHECK_EQ_INT(t_num(r, "error.report.rows"), 3);
    CHECK_EQ_INT(t_num(r, "error.report.created"), 2);
    CHECK_EQ_INT(t_num(r, "error.report.errors.0.row"), 1);
    CHECK_STR(t_str(r, "error.report.errors.0.column"), "phone");
    CHECK_STR(t_str(r, "error.report.errors.0.reason"), "nul_byte");
    cJSON_Delete(r);
    r = import_csv(db, "customers", "\\u0000", "");
    CHECK_STR(t_str(r, "error.reason"), "nul_byte");
    cJSON_Delete(r);
    /* a NUL escaped as a surrogate-free \u0000 in the middle of UTF-8 text */
    r = import_csv(db, "customers", "name,phone\\n\\\"张\\u0000三\\\",1\\n", "");
    CHECK_STR(t_str(r, "error.report.errors.0.value"), "张\xE2\x90\x80三");
    cJSON_Delete(r);
    r = import_csv(db, "customers", "name\\nA\\n", "\"actor\":\"a\\u0000b\"");
    CHECK_STR(t_str(r, "error.reason"), "nul_byte");
    CHECK_STR(t_str(r, "error.field"), "actor");
    cJSON_Delete(r);
    t_err(db, "invalid", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\\u0000b\",\"text\":1}}");
    r = t_ok(db, "{\"op\":\"import.preview\",\"args\":{\"kind\":\"customers\",\"text\":\"name\\nA\\u0000B\\n\"}}");
    CHECK_STR(t_str(r, "rows.0.0"), "A\xE2\x90\x80" "B");
    cJSON_Delete(r);
    CHECK_EQ_INT(t_total(db, "customers", ""), 0);
    gj_close(db);
}

/* Past the ext_ids kept in memory (keys_max, GJ_IMPORT_KEYS_MAX in use)
 * a record twice in the file is still found: created by this import (id
 * above the table's highest at begin) or updated by it (its bit). */
static void test_duplicates_past_kept_keys(void)
{
    static const char csv[] =
        "ext_id,customer_id,kind\n"
        "E0,1,a\nE1,1,b\n"      /* the two keys kept */
        "E2,1,c\nP1,1,d\n"      /* new; an update of a record made before */
        "P1,1,e\nE2,1,f\n"      /* both again: past the kept keys */
        "E0,1,g\nE3,1,h\n";     /* a kept key again; a new one */
    int later;
    for (later = 0; later < 2; later++) {
        gj_db *db = t_open();
        gj_import_options o;
        gj_import *imp = NULL;
        char *report;
        cJSON *r;
        int rc;
        t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\"}}");
        t_create(db, "{\"op\":\"events.create\",\"args\":{\"ext_id\":\"P1\",\"customer_id\":1,\"kind\":\"z\"}}");
        gj_import_options_init(&o);
        o.kind = "events";
        o.keys_max = 2;
        o.duplicates_later = later;
        CHECK_EQ_INT(gj_io_import_begin(db, &o, &imp), GJ_OK);
        CHECK_EQ_INT(gj_import_feed(imp, csv, sizeof csv - 1), GJ_OK);
        report = gj_import_finish(imp, &rc);
        r = cJSON_Parse(report);
        gj_free(report);
        if (!later) {
            CHECK_EQ_INT(rc, GJ_INVALID);
            CHECK_EQ_INT(t_num(r, "error_count"), 3);
            CHECK_EQ_INT(t_num(r, "errors.0.row"), 5);
            CHECK_STR(t_str(r, "errors.0.reason"), "duplicate_in_file");
            CHECK_STR(t_str(r, "errors.0.value"), "P1");
            CHECK_EQ_INT(t_num(r, "errors.1.row"), 6);
            CHECK_STR(t_str(r, "errors.1.reason"), "duplicate_in_file");
            CHECK_EQ_INT(t_num(r, "errors.2.row"), 7);
            CHECK_STR(t_str(r, "errors.2.reason"), "duplicate_row");
            CHECK_EQ_INT(t_num(r, "errors.2.params.first_row"), 1);
            CHECK_EQ_INT(t_total(db, "events", ""), 1);
        } else {
            CHECK_EQ_INT(rc, GJ_OK);
            CHECK_EQ_INT(t_num(r, "created"), 4);
            CHECK_EQ_INT(t_num(r, "updated"), 1);
            CHECK_EQ_INT(t_total(db, "events", ""), 5);
            CHECK_EQ_INT(t_total(db, "events", "{\"ext_id\":\"P1\",\"kind\":\"e\"}"), 1);
            CHECK_EQ_INT(t_total(db, "events", "{\"ext_id\":\"E2\",\"kind\":\"f\"}"), 1);
            CHECK_EQ_INT(t_total(db, "events", "{\"ext_id\":\"E0\",\"kind\":\"g\"}"), 1);
        }
        cJSON_Delete(r);
        gj_close(db);
    }
}

/* A UTF-8 file with one bad byte: refused naming the row and column of
 * the byte, the same for every chunk split (in one piece it was once read
 * as GB18030); a GB18030 file is still read as GB18030. */
static void test_encoding_split_independent(void)
{
    char csv[4096];
    size_t n = 0, step;
    int i;
    n += (size_t)snprintf(csv + n, sizeof csv - n, "name,phone\n");
    for (i = 0; i < 30; i++) n += (size_t)snprintf(csv + n, sizeof csv - n, "客户%d,1\n", i);
    n += (size_t)snprintf(csv + n, sizeof csv - n, "坏\xff字,2\n张三,3\n");
    for (step = 1; step <= n; step += (step < 64 ? 1 : 97)) {
        gj_db *db = t_open();
        int rc;
        cJSON *r = feed(db, "{\"kind\":\"customers\"}", csv, n, step, &rc);
        CHECK_EQ_INT(rc, GJ_INVALID);
        CHECK_STR(t_str(r, "encoding"), "utf-8");
        CHECK(strstr(t_str(r, "fatal"), "row 31, column name: the file is not valid UTF-8") != NULL);
        CHECK_EQ_INT(t_total(db, "customers", ""), 0);
        cJSON_Delete(r);
        gj_close(db);
    }
    {   /* GB18030 ("客户,电话" then 张三): decided the same way */
        static const char gb[] = "\xbf\xcd\xbb\xa7,\xb5\xe7\xbb\xb0\n\xd5\xc5\xc8\xfd,1\n";
        gj_db *db = t_open();
        int rc;
        cJSON *r = feed(db, "{\"kind\":\"customers\",\"map\":{\"客户\":\"name\",\"电话\":\"phone\"}}",
                        gb, sizeof gb - 1, 1, &rc);
        CHECK_EQ_INT(rc, GJ_OK);
        CHECK_STR(t_str(r, "encoding"), "gb18030");
        CHECK_EQ_INT(t_total(db, "customers", "{\"name\":\"张三\"}"), 1);
        cJSON_Delete(r);
        gj_close(db);
    }
}

int main(void)
{
    test_map_twice_and_undefined_custom();
    test_bad_rows_not_oom();
    test_id_zero_and_infinite_numbers();
    test_nul_bytes();
    test_nul_through_json();
    test_duplicates_past_kept_keys();
    test_encoding_split_independent();
    return t_done("test_import_hostile");
}
