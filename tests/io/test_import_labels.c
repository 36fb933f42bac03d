/*
 * Exports with the labels of a language import back: the same customers
 * in an empty database (its reps made from the owner names), and the
 * preview suggests the right field for every labelled column.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

/* A request {"op": op, "args": {"kind": kind, "text": text, <extra>}}. */
static char *request(const char *op, const char *kind, const char *text, const char *extra)
{
    cJSON *req = cJSON_CreateObject(), *args = cJSON_AddObjectToObject(req, "args");
    char *s;
    cJSON_AddStringToObject(req, "op", op);
    cJSON_AddStringToObject(args, "kind", kind);
    cJSON_AddStringToObject(args, "text", text);
    if (extra) {
        cJSON *x = cJSON_Parse(extra), *it;
        cJSON_ArrayForEach(it, x) cJSON_AddItemToObject(args, it->string, cJSON_Duplicate(it, 1));
        cJSON_Delete(x);
    }
    s = cJSON_PrintUnformatted(req);
    cJSON_Delete(req);
    return s;
}

static gj_db *sample(void)
{
    gj_db *db = t_open();
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"王芳\"}}");
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"李强\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"张三\",\"ext_id\":\"C1\","
                 "\"company\":\"杭州云帆\",\"phone\":\"13800000001\",\"owner_id\":1,\"tier\":\"A\","
                 "\"status\":\"prospect\",\"tags\":\"vip, 华东\",\"budget\":120000.5,"
                 "\"created_at\":\"2024-05-01T05:45:07Z\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"李, 四\",\"ext_id\":\"C2\","
                 "\"email\":\"li@example.com\",\"owner_id\":2,\"archived\":true,"
                 "\"pain_points\":\"=1+2\",\"created_at\":\"2024-06-01T00:00:00Z\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"王五\","
                 "\"created_at\":\"2024-07-01T00:00:00Z\"}}");
    return db;
}

static void round_trip(const char *lang, const char *header_start)
{
    gj_db *db = sample(), *fresh = t_open();
    cJSON *e = t_ok(db, "{\"op\":\"export.csv\",\"args\":{\"kind\":\"customers\",\"labels\":\"%s\"}}", lang);
    const char *csv = t_str(e, "csv");
    char *req, *a, *b;
    cJSON *r;
    CHECK(strncmp(csv, header_start, strlen(header_start)) == 0);
    CHECK(strstr(csv, ",王芳,") != NULL); /* the owner by name, not id */
    /* the preview maps every labelled column */
    req = request("import.preview", "customers", csv, NULL);
    r = t_ok(db, "%s", req);
    free(req);
    {
        const cJSON *s = t_at(r, "suggestions"), *it;
        int mapped = 0;
        cJSON_ArrayForEach(it, s) {
            if (cJSON_IsString(it)) mapped++;
            else CHECK_STR(it->string, "ID"); /* the id is Genjin's: ignored */
        }
        CHECK_EQ_INT(mapped, 20);
        CHECK_STR(t_str(r, strcmp(lang, "en") == 0 ? "suggestions.Owner" : "suggestions.负责人"), "owner");
    }
    cJSON_Delete(r);
    /* into an empty database: the reps come from the owner column */
    req = request("import.csv", "customers", csv, "{\"create_missing_reps\":true}");
    r = t_ok(fresh, "%s", req);
    free(req);
    CHECK_EQ_INT(t_num(r, "created"), 3);
    CHECK_EQ_INT(t_num(r, "reps_created"), 2);
    cJSON_Delete(r);
    a = t_raw(db, "{\"op\":\"customers.list\",\"args\":{}}");
    b = t_raw(fresh, "{\"op\":\"customers.list\",\"args\":{}}");
    CHECK_SAME(a, b);
    gj_free(a);
    gj_free(b);
    /* without the option the unknown owner is a bad row naming the column */
    fresh = (gj_close(fresh), t_open());
    req = request("import.csv", "customers", csv, NULL);
    r = t_call(fresh, "%s", req);
    free(req);
    CHECK_STR(t_str(r, "error.code"), "invalid");
    CHECK_STR(t_str(r, "error.report.errors.0.column"), strcmp(lang, "en") == 0 ? "Owner" : "负责人");
    CHECK_STR(t_str(r, "error.report.errors.0.value"), "王芳");
    cJSON_Delete(r);
    cJSON_Delete(e);
    gj_close(db);
    gj_close(fresh);
}

/* An export follows the list's filter, search and sort. */
static void filtered(void)
{
    gj_db *db = sample();
    cJSON *e = t_ok(db, "{\"op\":\"export.csv\",\"args\":{\"kind\":\"customers\",\"labels\":\"en\","
                        "\"filter\":{\"tags\":\"vip\"},\"sort\":\"-name\"}}");
    const char *csv = t_str(e, "csv");
    CHECK(strstr(csv, "张三") != NULL);
    CHECK(strstr(csv, "王五") == NULL);
    cJSON_Delete(e);
    t_err(db, "invalid", "labels", "{\"op\":\"export.csv\",\"args\":{\"kind\":\"customers\",\"labels\":\"fr\"}}");
    gj_close(db);
}

int main(void)
{
    round_trip("zh-CN", "\xEF\xBB\xBF" "ID,客户编号,客户名称,公司,行业,来源,渠道,地区,电话,邮箱,微信,负责人,等级,");
    round_trip("en", "\xEF\xBB\xBF" "ID,Customer code,Name,Company,Industry,Source,Channel,Region,Phone,Email,WeChat,Owner,Tier,");
    filtered();
    return t_done("test_import_labels");
}
