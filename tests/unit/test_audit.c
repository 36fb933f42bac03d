/* The audit log: one row per create/update/delete with actor, entity, id,
 * action and before/after; nothing for failing requests; one 'bulk' row for
 * demo data. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static long long audits(gj_db *db) { return t_total(db, "audit", ""); }

/* The newest audit row (caller deletes). */
static cJSON *last_audit(gj_db *db)
{
    cJSON *d = t_ok(db, "{\"op\":\"audit.list\",\"args\":{\"sort\":\"-id\",\"limit\":1}}");
    cJSON *row = d ? cJSON_DetachItemFromArray(cJSON_GetObjectItem(d, "items"), 0) : NULL;
    cJSON_Delete(d);
    return row;
}

static void test_row_changes(void)
{
    gj_db *db = t_open();
    cJSON *a;
    long long n0;
    t_create(db, "{\"op\":\"customers.create\",\"actor\":\"alice\",\"args\":{\"name\":\"张三\",\"tier\":\"B\"}}");
    CHECK_EQ_INT(audits(db), 1);
    a = last_audit(db);
    CHECK_STR(t_str(a, "actor"), "alice");
    CHECK_STR(t_str(a, "entity"), "customers");
    CHECK_EQ_INT(t_num(a, "entity_id"), 1);
    CHECK_STR(t_str(a, "action"), "create");
    CHECK_STR(t_str(a, "at"), "2025-01-15T00:00:00Z");
    CHECK(cJSON_IsNull(t_at(a, "before")));
    CHECK_STR(t_str(a, "after.name"), "张三");
    CHECK_STR(t_str(a, "after.tier"), "B");
    CHECK_EQ_INT(t_num(a, "after.id"), 1);
    cJSON_Delete(a);

    gj_set_now(db, 1736985600); /* 2025-01-16 */
    cJSON_Delete(t_ok(db, "{\"op\":\"customers.update\",\"actor\":\"bob\",\"args\":{\"id\":1,\"name\":\"张三丰\"}}"));
    CHECK_EQ_INT(audits(db), 2);
    a = last_audit(db);
    CHECK_STR(t_str(a, "actor"), "bob");
    CHECK_STR(t_str(a, "action"), "update");
    CHECK_EQ_INT(t_num(a, "entity_id"), 1);
    CHECK_STR(t_str(a, "at"), "2025-01-16T00:00:00Z");
    CHECK_STR(t_str(a, "before.name"), "张三");
    CHECK_STR(t_str(a, "after.name"), "张三丰");
    CHECK_STR(t_str(a, "after.tier"), "B");
    cJSON_Delete(a);

    /* an update that changes nothing logs nothing */
    cJSON_Delete(t_ok(db, "{\"op\":\"customers.update\",\"actor\":\"bob\",\"args\":{\"id\":1,\"name\":\"张三丰\",\"tier\":\"B\"}}"));
    CHECK_EQ_INT(audits(db), 2);

    /* no actor in the request: none recorded (not the previous request's) */
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"R\"}}");
    a = last_audit(db);
    CHECK(cJSON_IsNull(t_at(a, "actor")));
    CHECK_STR(t_str(a, "entity"), "reps");
    cJSON_Delete(a);

    cJSON_Delete(t_ok(db, "{\"op\":\"customers.delete\",\"actor\":\"carol\",\"args\":{\"id\":1}}"));
    a = last_audit(db);
    CHECK_STR(t_str(a, "actor"), "carol");
    CHECK_STR(t_str(a, "action"), "delete");
    CHECK_EQ_INT(t_num(a, "entity_id"), 1);
    CHECK_STR(t_str(a, "before.name"), "张三丰");
    CHECK(cJSON_IsNull(t_at(a, "after")));
    cJSON_Delete(a);
    n0 = audits(db);
    CHECK_EQ_INT(n0, 4);
    CHECK_EQ_INT(t_total(db, "audit", "{\"entity\":\"customers\",\"entity_id\":1}"), 3);
    CHECK_EQ_INT(t_total(db, "audit", "{\"actor\":\"bob\"}"), 1);
    gj_close(db);
}

/* entity, create args, update args (ids are 1: each entity's first row) */
static const char *const rows[][3] = {
    {"reps", "{\"name\":\"R\"}", "{\"team\":\"T\"}"},
    {"customers", "{\"name\":\"C\",\"owner_id\":1}", "{\"tier\":\"A\"}"},
    {"deals", "{\"customer_id\":1,\"owner_id\":1}", "{\"stage\":\"needs\"}"},
    {"followups", "{\"customer_id\":1,\"deal_id\":1}", "{\"summary\":\"s\"}"},
    {"tickets", "{\"customer_id\":1}", "{\"priority\":\"urgent\"}"},
    {"surveys", "{\"customer_id\":1,\"ticket_id\":1,\"kind\":\"csat\",\"score\":4}", "{\"score\":5}"},
    {"orders", "{\"customer_id\":1,\"deal_id\":1,\"amount\":10}", "{\"amount\":12}"},
    {"events", "{\"customer_id\":1,\"kind\":\"login\"}", "{\"kind\":\"feature_use\"}"},
    {"customfields", "{\"entity\":\"deals\",\"key\":\"po\",\"label\":\"PO\",\"type\":\"text\"}", "{\"label\":\"P.O.\"}"},
};
#define NROWS ((int)(sizeof rows / sizeof rows[0]))

/* The newest audit row is `action` on entity row 1 by `actor`. */
static void check_last(gj_db *db, const char *entity, const char *action, const char *actor)
{
    cJSON *a = last_audit(db);
    CHECK_STR(t_str(a, "entity"), entity);
    CHECK_STR(t_str(a, "action"), action);
    CHECK_STR(t_str(a, "actor"), actor);
    CHECK_EQ_INT(t_num(a, "entity_id"), 1);
    CHECK(strcmp(action, "create") == 0 ? cJSON_IsNull(t_at(a, "before")) : cJSON_IsObject(t_at(a, "before")));
    CHECK(strcmp(action, "delete") == 0 ? cJSON_IsNull(t_at(a, "after")) : cJSON_IsObject(t_at(a, "after")));
    cJSON_Delete(a);
}

static void test_every_entity(void)
{
    gj_db *db = t_open();
    int i;
    long long n;
    char *before, *after, actor[16];
    for (i = 0; i < NROWS; i++) {
        n = audits(db);
        CHECK_EQ_INT(t_create(db, "{\"op\":\"%s.create\",\"actor\":\"u%d\",\"args\":%s}", rows[i][0], i,
                              rows[i][1]), 1);
        CHECK_EQ_INT(audits(db), n + 1); /* exactly one row: stage history is not logged */
        snprintf(actor, sizeof actor, "u%d", i);
        check_last(db, rows[i][0], "create", actor);
    }
    /* failing requests leave no trace in the log */
    before = t_snapshot(db);
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"actor\":\"x\",\"args\":{\"kind\":\"csat\",\"score\":9}}");
    t_err(db, "invalid", "custom.nope", "{\"op\":\"deals.update\",\"actor\":\"x\",\"args\":{\"id\":1,\"stage\":\"proposal\",\"custom\":{\"nope\":1}}}");
    t_err(db, "conflict", NULL, "{\"op\":\"customers.delete\",\"actor\":\"x\",\"args\":{\"id\":1}}");
    t_err(db, "conflict", NULL, "{\"op\":\"deals.delete\",\"actor\":\"x\",\"args\":{\"id\":1}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"actor\":\"x\",\"args\":{\"pipeline\":[{\"name\":\"a\"},{\"name\":\"b\"}]}}");
    t_err(db, "not_found", "id", "{\"op\":\"events.delete\",\"actor\":\"x\",\"args\":{\"id\":99}}");
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before); free(after);
    CHECK_EQ_INT(t_total(db, "audit", "{\"actor\":\"x\"}"), 0);
    /* one row per update (a stage move appends history, which is not logged) */
    for (i = 0; i < NROWS; i++) {
        n = audits(db);
        cJSON_Delete(t_ok(db, "{\"op\":\"%s.update\",\"actor\":\"v\",\"args\":{\"id\":1,%s}", rows[i][0], rows[i][2] + 1));
        CHECK_EQ_INT(audits(db), n + 1);
        check_last(db, rows[i][0], "update", "v");
    }
    CHECK_EQ_INT(t_total(db, "deal_stages", ""), 2);
    /* one row per delete, children first */
    for (i = NROWS - 1; i >= 0; i--) {
        n = audits(db);
        cJSON_Delete(t_ok(db, "{\"op\":\"%s.delete\",\"actor\":\"w\",\"args\":{\"id\":1}}", rows[i][0]));
        CHECK_EQ_INT(audits(db), n + 1);
        check_last(db, rows[i][0], "delete", "w");
    }
    CHECK_EQ_INT(audits(db), 3 * NROWS);
    gj_close(db);
}

static void test_demo_bulk(void)
{
    gj_db *db = t_open();
    cJSON *a;
    cJSON_Delete(t_ok(db, "{\"op\":\"demo.generate\",\"actor\":\"admin\",\"args\":{\"customers\":20,\"seed\":3}}"));
    CHECK(t_total(db, "customers", "") == 20 && t_total(db, "followups", "") > 0);
    CHECK_EQ_INT(audits(db), 1); /* one summary row, not thousands */
    a = last_audit(db);
    CHECK_STR(t_str(a, "action"), "bulk");
    CHECK(cJSON_IsNull(t_at(a, "before")));
    CHECK_EQ_INT(t_num(a, "after.customers"), 20);
    CHECK_EQ_INT(t_num(a, "after.seed"), 3);
    cJSON_Delete(a);
    /* row audit is back on for the next request */
    t_create(db, "{\"op\":\"events.create\",\"actor\":\"admin\",\"args\":{\"customer_id\":1,\"kind\":\"login\"}}");
    CHECK_EQ_INT(audits(db), 2);
    a = last_audit(db);
    CHECK_STR(t_str(a, "actor"), "admin");
    CHECK_STR(t_str(a, "action"), "create");
    cJSON_Delete(a);
    gj_close(db);
}

int main(void)
{
    test_row_changes();
    test_every_entity();
    test_demo_bulk();
    return t_done("test_audit");
}
