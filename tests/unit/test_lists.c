/* <entity>.list: filters, text search (Chinese text, LIKE metacharacters
 * taken literally), sort, paging and totals; ISO 8601 UTC times; deleting
 * records in use; failing requests leave the database unchanged. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static const char *const people[] = {
    "{\"name\":\"张三\",\"company\":\"杭州云帆科技有限公司\",\"phone\":\"13800000001\",\"tier\":\"A\",\"created_at\":\"2024-01-01\"}",
    "{\"name\":\"李四\",\"company\":\"上海启明贸易\",\"phone\":\"13900000002\",\"tier\":\"B\",\"created_at\":\"2024-05-01 13:45:07+08:00\"}",
    "{\"name\":\"100%% Pure\",\"created_at\":\"2024-06-01\"}",
    "{\"name\":\"100 Pure\",\"created_at\":\"2024-06-15\"}",
    "{\"name\":\"a_b\",\"created_at\":\"2024-12-31T23:59:59Z\"}",
    "{\"name\":\"axb\",\"created_at\":\"2025-01-01\"}",
    "{\"name\":\"Wang Wei\",\"company\":\"ACME\",\"email\":\"wang@example.com\",\"tier\":\"A\",\"archived\":true,\"created_at\":\"2025-01-10\"}",
};

static gj_db *setup(void)
{
    gj_db *db = t_open();
    size_t i;
    char fmt[512];
    for (i = 0; i < sizeof people / sizeof people[0]; i++) {
        snprintf(fmt, sizeof fmt, "{\"op\":\"customers.create\",\"args\":%s}", people[i]);
        CHECK_EQ_INT(t_create(db, fmt), (long long)i + 1);
    }
    return db;
}

/* total and the first item's name of customers.list with these args */
static void expect(gj_db *db, const char *args, long long total, const char *first)
{
    cJSON *d = t_ok(db, "{\"op\":\"customers.list\",\"args\":%s}", args);
    gj_test_checks++;
    if (!d || t_num(d, "total") != (double)total ||
        (first && (!t_str(d, "items.0.name") || strcmp(t_str(d, "items.0.name"), first) != 0)) ||
        (!first && cJSON_GetArraySize(cJSON_GetObjectItem(d, "items")) != 0)) {
        char *s = d ? cJSON_PrintUnformatted(d) : NULL;
        gj_test_failures++;
        fprintf(stderr, "list %s: expected total %lld first %s\n  got %.300s\n", args, total,
                first ? first : "(none)", s ? s : "(error)");
        free(s);
    }
    cJSON_Delete(d);
}

static void test_search(gj_db *db)
{
    expect(db, "{}", 7, "张三");
    expect(db, "{\"q\":\"张\"}", 1, "张三");
    expect(db, "{\"q\":\"云帆\"}", 1, "张三");          /* company */
    expect(db, "{\"q\":\"13900\"}", 1, "李四");         /* phone */
    expect(db, "{\"q\":\"上海\"}", 1, "李四");
    expect(db, "{\"q\":\"100%\"}", 1, "100% Pure");   /* % is literal */
    expect(db, "{\"q\":\"%\"}", 1, "100% Pure");
    expect(db, "{\"q\":\"100\"}", 2, "100% Pure");
    expect(db, "{\"q\":\"a_b\"}", 1, "a_b");            /* _ is literal */
    expect(db, "{\"q\":\"_\"}", 1, "a_b");
    expect(db, "{\"q\":\"\\\\\"}", 0, NULL);            /* a backslash */
    expect(db, "{\"q\":\"O'Brien\"}", 0, NULL);
    expect(db, "{\"q\":\"wang\"}", 1, "Wang Wei");      /* ASCII case-insensitive */
    expect(db, "{\"q\":\"PURE\"}", 2, "100% Pure");
    expect(db, "{\"q\":\"\"}", 7, "张三");
    expect(db, "{\"q\":\"王\"}", 0, NULL);
    expect(db, "{\"q\":\"Pure\",\"filter\":{\"created_at\":{\"gte\":\"2024-06-10\"}}}", 1, "100 Pure");
}

static void test_filters(gj_db *db)
{
    expect(db, "{\"filter\":{\"tier\":\"A\"}}", 2, "张三");
    expect(db, "{\"filter\":{\"tier\":{\"eq\":\"B\"}}}", 1, "李四");
    expect(db, "{\"filter\":{\"tier\":null}}", 4, "100% Pure");
    expect(db, "{\"filter\":{\"tier\":{\"ne\":null}}}", 3, "张三");
    expect(db, "{\"filter\":{\"archived\":true}}", 1, "Wang Wei");
    expect(db, "{\"filter\":{\"archived\":false,\"tier\":\"A\"}}", 1, "张三");
    expect(db, "{\"filter\":{\"created_at\":{\"gte\":\"2024-06-01\",\"lt\":\"2025-01-01\"}}}", 3, "100% Pure");
    expect(db, "{\"filter\":{\"created_at\":{\"gte\":\"2024-05-01T05:45:07Z\"}}}", 6, "李四");
    expect(db, "{\"filter\":{\"created_at\":{\"lt\":\"2024-05-01 13:45:07+08:00\"}}}", 1, "张三");
    expect(db, "{\"filter\":{\"created_at\":\"2024-05-01 13:45:07+08:00\"}}", 1, "李四");
    expect(db, "{\"filter\":{\"created_at\":{\"from\":\"2024-06-01\",\"to\":\"2024-06-15\"}}}", 1, "100% Pure");
    expect(db, "{\"filter\":{\"created_at\":{\"gt\":\"2024-06-01\",\"lte\":\"2024-06-15\"}}}", 1, "100 Pure");
    expect(db, "{\"filter\":{\"name\":\"nobody\"}}", 0, NULL);
    t_err(db, "invalid", "nope", "{\"op\":\"customers.list\",\"args\":{\"filter\":{\"nope\":1}}}");
    t_err(db, "invalid", "created_at", "{\"op\":\"customers.list\",\"args\":{\"filter\":{\"created_at\":{\"gte\":\"soon\"}}}}");
    t_err(db, "invalid", "created_at", "{\"op\":\"customers.list\",\"args\":{\"filter\":{\"created_at\":{\"after\":\"2024-01-01\"}}}}");
    t_err(db, "invalid", "tier", "{\"op\":\"customers.list\",\"args\":{\"filter\":{\"tier\":\"Z\"}}}");
    t_err(db, "invalid", "filter", "{\"op\":\"customers.list\",\"args\":{\"filter\":[1]}}");
    t_err(db, "invalid", "sort", "{\"op\":\"customers.list\",\"args\":{\"sort\":\"nope\"}}");
    t_err(db, "invalid", "sort", "{\"op\":\"customers.list\",\"args\":{\"sort\":5}}");
    t_err(db, "invalid", "limit", "{\"op\":\"customers.list\",\"args\":{\"limit\":0}}");
    t_err(db, "invalid", "limit", "{\"op\":\"customers.list\",\"args\":{\"limit\":100001}}");
    t_err(db, "invalid", "limit", "{\"op\":\"customers.list\",\"args\":{\"limit\":2.5}}");
    t_err(db, "invalid", "offset", "{\"op\":\"customers.list\",\"args\":{\"offset\":-1}}");
    t_err(db, "invalid", "q", "{\"op\":\"customers.list\",\"args\":{\"q\":5}}");
    t_err(db, "invalid", "page", "{\"op\":\"customers.list\",\"args\":{\"page\":2}}");
}

static void test_sort_and_paging(gj_db *db)
{
    cJSON *d;
    expect(db, "{\"sort\":\"name\"}", 7, "100 Pure"); /* byte order: ' ' < '%' */
    expect(db, "{\"sort\":\"-name\"}", 7, "李四");
    expect(db, "{\"sort\":\"-created_at\"}", 7, "Wang Wei");
    expect(db, "{\"sort\":\"created_at\",\"offset\":2}", 7, "100% Pure");
    expect(db, "{\"sort\":\"-tier\",\"offset\":1}", 7, "Wang Wei"); /* ties: id, same direction */
    d = t_ok(db, "{\"op\":\"customers.list\",\"args\":{\"sort\":\"name\"}}");
    CHECK_STR(t_str(d, "items.1.name"), "100% Pure");
    CHECK_STR(t_str(d, "items.2.name"), "Wang Wei");
    CHECK_STR(t_str(d, "items.3.name"), "a_b");
    CHECK_STR(t_str(d, "items.5.name"), "张三");
    CHECK_STR(t_str(d, "items.6.name"), "李四");
    CHECK_EQ_INT(t_num(d, "limit"), 50);
    CHECK_EQ_INT(t_num(d, "offset"), 0);
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"customers.list\",\"args\":{\"sort\":\"created_at\",\"limit\":2,\"offset\":2}}");
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(d, "items")), 2);
    CHECK_EQ_INT(t_num(d, "items.0.id"), 3);
    CHECK_EQ_INT(t_num(d, "items.1.id"), 4);
    CHECK_EQ_INT(t_num(d, "total"), 7);
    CHECK_EQ_INT(t_num(d, "limit"), 2);
    CHECK_EQ_INT(t_num(d, "offset"), 2);
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"customers.list\",\"args\":{\"limit\":5,\"offset\":6}}");
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(d, "items")), 1);
    cJSON_Delete(d);
    expect(db, "{\"offset\":10}", 7, NULL);
    /* times come back as ISO 8601 UTC */
    d = t_ok(db, "{\"op\":\"customers.get\",\"args\":{\"id\":2}}");
    CHECK_STR(t_str(d, "created_at"), "2024-05-01T05:45:07Z");
    cJSON_Delete(d);
}

static void test_in_use(gj_db *db)
{
    char *before, *after, *c0, *c1;
    cJSON *d;
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"R\"}}");
    cJSON_Delete(t_ok(db, "{\"op\":\"customers.update\",\"args\":{\"id\":3,\"owner_id\":1}}"));
    t_create(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"amount\":10}}");
    cJSON_Delete(t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"needs\"}}"));
    t_create(db, "{\"op\":\"tickets.create\",\"args\":{\"customer_id\":2}}");
    t_create(db, "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":2,\"ticket_id\":1,\"kind\":\"csat\",\"score\":4}}");
    before = t_snapshot(db);
    c0 = t_counts(db);
    t_err(db, "conflict", NULL, "{\"op\":\"customers.delete\",\"args\":{\"id\":1}}");
    t_err(db, "conflict", NULL, "{\"op\":\"reps.delete\",\"args\":{\"id\":1}}");
    t_err(db, "conflict", NULL, "{\"op\":\"tickets.delete\",\"args\":{\"id\":1}}");
    t_err(db, "conflict", NULL, "{\"op\":\"customers.delete\",\"args\":{\"id\":2}}");
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"args\":{\"kind\":\"csat\",\"score\":9}}");
    t_err(db, "invalid", "closed_at", "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"proposal\",\"closed_at\":\"2025-01-14\"}}");
    t_err(db, "invalid", "customer_id", "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"amount\":99,\"customer_id\":77}}");
    t_err(db, "invalid", "tier", "{\"op\":\"customers.update\",\"args\":{\"id\":4,\"name\":\"renamed\",\"tier\":\"Q\"}}");
    t_err(db, "bad_request", NULL, "{\"op\":\"customers.delete\",\"args\":{\"id\":4}");
    c1 = t_counts(db);
    after = t_snapshot(db);
    CHECK_SAME(c0, c1);
    CHECK_SAME(before, after);
    free(before); free(after); free(c0); free(c1);
    d = t_ok(db, "{\"op\":\"customers.get\",\"args\":{\"id\":1}}");
    CHECK_STR(t_str(d, "name"), "张三"); /* still there */
    cJSON_Delete(d);
    /* with the deal gone (its stage history goes with it) the customer can go */
    CHECK_EQ_INT(t_total(db, "deal_stages", "{\"deal_id\":1}"), 2);
    cJSON_Delete(t_ok(db, "{\"op\":\"deals.delete\",\"args\":{\"id\":1}}"));
    CHECK_EQ_INT(t_total(db, "deal_stages", ""), 0);
    cJSON_Delete(t_ok(db, "{\"op\":\"customers.delete\",\"args\":{\"id\":1}}"));
    t_err(db, "not_found", "id", "{\"op\":\"customers.get\",\"args\":{\"id\":1}}");
    CHECK_EQ_INT(t_total(db, "customers", ""), 6);
    /* other entities filter by reference */
    CHECK_EQ_INT(t_total(db, "surveys", "{\"customer_id\":2,\"kind\":\"csat\"}"), 1);
    CHECK_EQ_INT(t_total(db, "tickets", "{\"resolved_at\":null}"), 1);
    CHECK_EQ_INT(t_total(db, "audit", "{\"entity\":\"customers\",\"action\":\"delete\",\"entity_id\":1}"), 1);
}

int main(void)
{
    gj_db *db = setup();
    test_search(db);
    test_filters(db);
    test_sort_and_paging(db);
    test_in_use(db);
    gj_close(db);
    return t_done("test_lists");
}
