/* Customer operations below the API: phone digits, tag lists, nested
 * transactions around domain writes, and failed operations leaving the
 * database exactly as it was. */
#include <stdlib.h>
#include <string.h>

#include "domain/customer_ops.h"
#include "testlib.h"

static void test_phone_digits(void)
{
    char buf[32];
    CHECK_STR(gj_phone_digits("+86 138-0013-8000", buf, sizeof buf), "13800138000");
    CHECK_STR(gj_phone_digits("0086 13800138000", buf, sizeof buf), "13800138000");
    CHECK_STR(gj_phone_digits("(021) 5555.1234", buf, sizeof buf), "02155551234");
    CHECK_STR(gj_phone_digits("8613800138000", buf, sizeof buf), "13800138000");
    CHECK_STR(gj_phone_digits("86123", buf, sizeof buf), "86123"); /* too short for a prefix */
    CHECK_STR(gj_phone_digits("分机", buf, sizeof buf), "");
    CHECK_STR(gj_phone_digits(NULL, buf, sizeof buf), "");
    CHECK_STR(gj_phone_digits("123456789", buf, 5), "1234");
}

static void test_tags(void)
{
    gj_db *db = t_open();
    const char *out = NULL;
    const char *add[] = {"新客", "vip", NULL}, *rem[] = {"华东", NULL}, *none[] = {NULL};
    const char *tags = "vip， 华东、重点;vip";
    CHECK_EQ_INT(gj_tags_edit(db, tags, add, rem, &out), GJ_OK);
    CHECK_STR(out, "vip,重点,新客");
    CHECK_EQ_INT(gj_tags_edit(db, "a,b", none, none, &out), GJ_OK);
    CHECK(out != NULL && strcmp(out, "a,b") == 0);
    tags = " a , b ";
    CHECK_EQ_INT(gj_tags_edit(db, tags, NULL, NULL, &out), GJ_OK);
    CHECK(out == tags); /* unchanged: the stored text stays as it was typed */
    CHECK_EQ_INT(gj_tags_edit(db, "a", NULL, (const char *[]){"a", NULL}, &out), GJ_OK);
    CHECK(out == NULL);
    CHECK_EQ_INT(gj_tags_edit(db, NULL, (const char *[]){"x", " ", NULL}, NULL, &out), GJ_OK);
    CHECK_STR(out, "x");
    gj_close(db);
}

/* A failing create inside an open transaction undoes only itself. */
static void test_nested_domain_writes(void)
{
    gj_db *db = t_open();
    const gj_entity *e = gj_entity_find("customers");
    gj_record rec;
    int64_t id = 0;
    CHECK_EQ_INT(gj_db_begin(db), GJ_OK);
    gj_record_init(&rec);
    rec.v[gj_entity_field(e, "name")] = gj_vtext("甲");
    rec.set[gj_entity_field(e, "name")] = 1;
    CHECK_EQ_INT(gj_record_create(db, e, &rec, &id), GJ_OK);
    rec.v[gj_entity_field(e, "tier")] = gj_vtext("Z");
    rec.set[gj_entity_field(e, "tier")] = 1;
    CHECK_EQ_INT(gj_record_create(db, e, &rec, &id), GJ_INVALID);
    gj_record_init(&rec);
    rec.v[gj_entity_field(e, "name")] = gj_vtext("乙");
    rec.set[gj_entity_field(e, "name")] = 1;
    CHECK_EQ_INT(gj_record_create(db, e, &rec, &id), GJ_OK);
    CHECK_EQ_INT(gj_db_commit(db), GJ_OK);
    CHECK_EQ_INT(t_total(db, "customers", ""), 2);
    CHECK_EQ_INT(t_total(db, "audit", ""), 2);
    gj_close(db);
}

/* Every refused operation leaves every row and the audit log unchanged. */
static void test_failures_change_nothing(void)
{
    gj_db *db = t_open();
    char *before, *after;
    int i;
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"王芳\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"甲\",\"owner_id\":1}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"乙\",\"tags\":\"a\"}}");
    t_create(db, "{\"op\":\"followups.create\",\"args\":{\"customer_id\":2}}");
    before = t_snapshot(db);
    t_err(db, "not_found", "ids", "{\"op\":\"customers.bulk_update\",\"args\":{\"ids\":[1,2,9],"
          "\"set\":{\"tier\":\"A\"},\"add_tags\":[\"b\"]}}");
    t_err(db, "invalid", "tier", "{\"op\":\"customers.bulk_update\",\"args\":{\"ids\":[2,1],"
          "\"set\":{\"tier\":\"Q\"}}}");
    t_err(db, "conflict", "id", "{\"op\":\"customers.claim\",\"args\":{\"id\":1,\"rep_id\":1}}");
    t_err(db, "not_found", "merged_id", "{\"op\":\"customers.merge\",\"args\":{\"survivor_id\":1,"
          "\"merged_id\":3}}");
    t_err(db, "invalid", "pool_days", "{\"op\":\"settings.set\",\"args\":{\"pool_days\":2.5}}");
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before);
    free(after);
    /* at most GJ_DUP_MAX matches, oldest first */
    for (i = 0; i < GJ_DUP_MAX + 5; i++)
        t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"同号%d\",\"phone\":\"139 0000 0000\"}}", i);
    {
        cJSON *d = t_ok(db, "{\"op\":\"customers.duplicates\",\"args\":{\"phone\":\"+8613900000000\"}}");
        CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(d, "items")), GJ_DUP_MAX);
        CHECK_EQ_INT(t_num(d, "items.0.id"), 3);
        cJSON_Delete(d);
    }
    gj_close(db);
}

/* A read-only copy (a second browser tab) still answers followups.due;
 * the pool rule waits for the tab that can write. */
static void test_pool_on_readonly_copy(void)
{
    const char *name = "genjin-mem:pool-ro";
    gj_pages *p = gj_pages_open(name);
    gj_db *db = NULL;
    cJSON *d;
    CHECK_EQ_INT(gj_open(name, &db), GJ_OK);
    gj_set_now(db, 1740787200); /* 2025-03-01 */
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"王芳\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"甲\",\"owner_id\":1,"
             "\"created_at\":\"2025-01-01T00:00:00Z\"}}");
    cJSON_Delete(t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"pool_days\":30}}"));
    gj_close(db);
    gj_pages_set_readonly(p, 1);
    db = NULL;
    CHECK_EQ_INT(gj_open(name, &db), GJ_OK);
    gj_set_now(db, 1740787200);
    cJSON_Delete(t_ok(db, "{\"op\":\"followups.due\"}"));
    d = t_ok(db, "{\"op\":\"customers.get\",\"args\":{\"id\":1}}");
    CHECK_EQ_INT(t_num(d, "owner_id"), 1);
    CHECK_STR(t_str(d, "pool_return_at"), "2025-01-31T00:00:00Z");
    cJSON_Delete(d);
    t_err(db, "io", NULL, "{\"op\":\"pool.apply\"}");
    gj_close(db);
    gj_pages_set_readonly(p, 0);
    db = NULL;
    CHECK_EQ_INT(gj_open(name, &db), GJ_OK);
    gj_set_now(db, 1740787200);
    cJSON_Delete(t_ok(db, "{\"op\":\"followups.due\"}"));
    CHECK_EQ_INT(t_total(db, "customers", "{\"owner_id\":null}"), 1);
    gj_close(db);
    gj_pages_drop(name);
}

int main(void)
{
    test_phone_digits();
    test_tags();
    test_nested_domain_writes();
    test_failures_change_nothing();
    test_pool_on_readonly_copy();
    return t_done("test_customer_ops");
}
