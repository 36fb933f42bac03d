/* Records through gj_call: CRUD of every entity, validation errors naming
 * the field, custom fields, derived rules (deal stages and closing, ticket
 * resolution) and requests that are not requests. List queries, search and
 * deletes of records in use are in test_lists.c. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

/* docs/limits.md */
#define GJ_MAX_TEXT_BYTES 100000
#define GJ_MAX_SEARCH_BYTES 1000

typedef struct {
    const char *entity, *create, *update, *field, *want;
} crud_case;

/* rep 1 and customer 1 exist when these run */
static const crud_case cases[] = {
    {"reps", "{\"name\":\"王芳\",\"role\":\"service\",\"ext_id\":\"R-1\"}", "{\"team\":\"华东组\"}", "team", "华东组"},
    {"customers", "{\"name\":\"张三\",\"owner_id\":1}", "{\"tier\":\"A\"}", "tier", "A"},
    {"deals", "{\"customer_id\":1,\"amount\":1000}", "{\"title\":\"年度订阅\"}", "title", "年度订阅"},
    {"followups", "{\"customer_id\":1,\"at\":\"2025-01-10\"}", "{\"summary\":\"called\"}", "summary", "called"},
    {"tickets", "{\"customer_id\":1,\"subject\":\"无法登录\"}", "{\"priority\":\"high\"}", "priority", "high"},
    {"surveys", "{\"customer_id\":1,\"kind\":\"nps\",\"score\":9}", "{\"comment\":\"good\"}", "comment", "good"},
    {"orders", "{\"customer_id\":1,\"amount\":99.5}", "{\"product\":\"增值包\"}", "product", "增值包"},
    {"events", "{\"customer_id\":1,\"kind\":\"login\"}", "{\"kind\":\"feature_use\"}", "kind", "feature_use"},
    {"customfields", "{\"entity\":\"customers\",\"key\":\"size\",\"label\":\"Size\",\"type\":\"text\"}",
     "{\"label\":\"规模\"}", "label", "规模"},
};

static char *print(const cJSON *j) { return j ? cJSON_PrintUnformatted(j) : NULL; }

static void test_crud(void)
{
    gj_db *db = t_open();
    size_t i;
    CHECK_EQ_INT(t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"Base\"}}"), 1);
    CHECK_EQ_INT(t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"Base\"}}"), 1);
    for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const crud_case *c = &cases[i];
        long long before = t_total(db, c->entity, ""), id;
        cJSON *made = t_ok(db, "{\"op\":\"%s.create\",\"args\":%s}", c->entity, c->create);
        cJSON *got, *upd;
        char *a, *b;
        id = made ? (long long)t_num(made, "id") : 0;
        CHECK(id > 0);
        CHECK_EQ_INT(t_total(db, c->entity, ""), before + 1);
        got = t_ok(db, "{\"op\":\"%s.get\",\"args\":{\"id\":%lld}}", c->entity, id);
        a = print(made); b = print(got);
        CHECK_SAME(a, b); /* create answers with the stored row */
        free(a); free(b); cJSON_Delete(got);
        t_err(db, "invalid", "update", "{\"op\":\"%s.update\",\"args\":{\"id\":%lld,\"update\":0}}",
              c->entity, id);
        t_err(db, "invalid", "id", "{\"op\":\"%s.update\",\"args\":{}}", c->entity);
        upd = t_ok(db, "{\"op\":\"%s.update\",\"args\":{\"id\":%lld,%s}", c->entity, id, c->update + 1);
        CHECK_STR(t_str(upd, c->field), c->want);
        CHECK_EQ_INT(t_num(upd, "id"), id);
        got = t_ok(db, "{\"op\":\"%s.get\",\"args\":{\"id\":%lld}}", c->entity, id);
        a = print(upd); b = print(got);
        CHECK_SAME(a, b);
        free(a); free(b); cJSON_Delete(got); cJSON_Delete(upd); cJSON_Delete(made);
        got = t_ok(db, "{\"op\":\"%s.delete\",\"args\":{\"id\":%lld}}", c->entity, id);
        CHECK_EQ_INT(t_num(got, "deleted"), id);
        cJSON_Delete(got);
        CHECK_EQ_INT(t_total(db, c->entity, ""), before);
        t_err(db, "not_found", "id", "{\"op\":\"%s.get\",\"args\":{\"id\":%lld}}", c->entity, id);
        t_err(db, "not_found", "id", "{\"op\":\"%s.delete\",\"args\":{\"id\":%lld}}", c->entity, id);
        t_err(db, "not_found", "id", "{\"op\":\"%s.update\",\"args\":%s", c->entity, "{\"id\":999}}");
        t_err(db, "invalid", "id", "{\"op\":\"%s.get\",\"args\":{}}", c->entity);
        t_err(db, "invalid", "id", "{\"op\":\"%s.get\",\"args\":{\"id\":\"1\"}}", c->entity);
        t_err(db, "invalid", "id", "{\"op\":\"%s.delete\",\"args\":{\"id\":0}}", c->entity);
        t_err(db, "invalid", "id", "{\"op\":\"%s.create\",\"args\":{\"id\":5}}", c->entity);
        t_err(db, "bad_request", "op", "{\"op\":\"%s.frobnicate\",\"args\":{}}", c->entity);
    }
    gj_close(db);
}

static void test_defaults_and_readonly(void)
{
    gj_db *db = t_open();
    cJSON *d = t_ok(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"A\"}}");
    CHECK_STR(t_str(d, "role"), "sales");
    CHECK(cJSON_IsTrue(t_at(d, "active")));
    CHECK_STR(t_str(d, "created_at"), "2025-01-15T00:00:00Z");
    CHECK(cJSON_IsNull(t_at(d, "ext_id")));
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"  B  \",\"company\":\"  \",\"phone\":\"13800000000\"}}");
    CHECK_STR(t_str(d, "status"), "lead");
    CHECK(cJSON_IsFalse(t_at(d, "archived")));
    CHECK(cJSON_IsNull(t_at(d, "company"))); /* blank text is no value */
    CHECK_STR(t_str(d, "name"), "  B  "); /* text is kept as sent */
    cJSON_Delete(d);
    /* a number given for text is refused: 1.38e10 would lose a phone's digits */
    t_err(db, "invalid", "phone", "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\",\"phone\":13800000000}}");
    d = t_ok(db, "{\"op\":\"tickets.create\",\"args\":{\"customer_id\":1}}");
    CHECK_STR(t_str(d, "status"), "open");
    CHECK_STR(t_str(d, "priority"), "normal");
    CHECK_STR(t_str(d, "category"), "question");
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"csat\",\"score\":5}}");
    CHECK_STR(t_str(d, "touchpoint"), "after_service");
    CHECK_STR(t_str(d, "at"), "2025-01-15T00:00:00Z");
    cJSON_Delete(d);
    CHECK_EQ_INT(t_create(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1}}"), 1);
    t_err(db, "bad_request", NULL, "{\"op\":\"deal_stages.create\",\"args\":{\"deal_id\":1,\"stage\":\"needs\"}}");
    t_err(db, "bad_request", NULL, "{\"op\":\"deal_stages.update\",\"args\":{\"id\":1,\"stage\":\"needs\"}}");
    t_err(db, "bad_request", NULL, "{\"op\":\"deal_stages.delete\",\"args\":{\"id\":1}}");
    t_err(db, "bad_request", NULL, "{\"op\":\"audit.create\",\"args\":{\"actor\":\"x\"}}");
    t_err(db, "bad_request", NULL, "{\"op\":\"audit.update\",\"args\":{\"id\":1,\"actor\":\"x\"}}");
    t_err(db, "bad_request", NULL, "{\"op\":\"audit.delete\",\"args\":{\"id\":1}}");
    CHECK_EQ_INT(t_total(db, "deal_stages", ""), 1);
    CHECK_EQ_INT(t_total(db, "audit", ""), 5);
    d = t_ok(db, "{\"op\":\"deal_stages.get\",\"args\":{\"id\":1}}");
    CHECK_STR(t_str(d, "stage"), "first_contact");
    cJSON_Delete(d);
    gj_close(db);
}

static void test_validation(void)
{
    gj_db *db = t_open();
    char *before, *after;
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"A\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\",\"ext_id\":\"C-1\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"D\",\"ext_id\":\"C-2\"}}");
    t_create(db, "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"nps\",\"score\":9}}");
    before = t_snapshot(db);
    /* unknown field, wrong types */
    t_err(db, "invalid", "nmae", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"nmae\":\"b\"}}");
    t_err(db, "invalid", "amount", "{\"op\":\"orders.create\",\"args\":{\"customer_id\":1,\"amount\":\"lots\"}}");
    t_err(db, "invalid", "budget", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"budget\":[1]}}");
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"nps\",\"score\":4.5}}");
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"nps\",\"score\":true}}");
    t_err(db, "invalid", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":true}}");
    t_err(db, "invalid", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":{\"first\":\"a\"}}}");
    t_err(db, "invalid", "customer_id", "{\"op\":\"deals.create\",\"args\":{\"customer_id\":\"1\"}}");
    t_err(db, "invalid", "created_at", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"created_at\":\"yesterday\"}}");
    t_err(db, "invalid", "created_at", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"created_at\":\"2024-02-30\"}}");
    t_err(db, "invalid", "created_at", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"created_at\":1714542307}}");
    t_err(db, "invalid", "amount", "{\"op\":\"orders.create\",\"args\":{\"customer_id\":1,\"amount\":1e999}}");
    t_err(db, "invalid", "archived", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"archived\":\"yes\"}}");
    t_err(db, "invalid", "active", "{\"op\":\"reps.create\",\"args\":{\"name\":\"a\",\"active\":2}}");
    /* enums */
    t_err(db, "invalid", "tier", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"tier\":\"D\"}}");
    t_err(db, "invalid", "channel", "{\"op\":\"followups.create\",\"args\":{\"customer_id\":1,\"channel\":\"fax\"}}");
    t_err(db, "invalid", "kind", "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"ces\",\"score\":3}}");
    t_err(db, "invalid", "status", "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"status\":\"maybe\"}}");
    /* required */
    t_err(db, "invalid", "name", "{\"op\":\"customers.create\",\"args\":{}}");
    t_err(db, "invalid", "name", "{\"op\":\"customers.create\"}");
    t_err(db, "invalid", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":\"   \"}}");
    t_err(db, "invalid", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":null}}");
    t_err(db, "invalid", "name", "{\"op\":\"customers.update\",\"args\":{\"id\":1,\"name\":\"\"}}");
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"csat\"}}");
    t_err(db, "invalid", "amount", "{\"op\":\"orders.create\",\"args\":{\"customer_id\":1}}");
    t_err(db, "invalid", "kind", "{\"op\":\"events.create\",\"args\":{\"customer_id\":1}}");
    t_err(db, "invalid", "customer_id", "{\"op\":\"deals.create\",\"args\":{\"amount\":5}}");
    /* ranges and references */
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"args\":{\"kind\":\"csat\",\"score\":9}}");
    t_err(db, "invalid", "score", "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"nps\",\"score\":-1}}");
    t_err(db, "invalid", "score", "{\"op\":\"surveys.update\",\"args\":{\"id\":1,\"kind\":\"csat\"}}");
    t_err(db, "invalid", "amount", "{\"op\":\"orders.create\",\"args\":{\"customer_id\":1,\"amount\":-1}}");
    t_err(db, "invalid", "goal_followups", "{\"op\":\"reps.create\",\"args\":{\"name\":\"a\",\"goal_followups\":-3}}");
    t_err(db, "invalid", "customer_id", "{\"op\":\"deals.create\",\"args\":{\"customer_id\":999}}");
    t_err(db, "invalid", "owner_id", "{\"op\":\"customers.update\",\"args\":{\"id\":1,\"owner_id\":42}}");
    t_err(db, "invalid", "rep_id", "{\"op\":\"orders.create\",\"args\":{\"customer_id\":1,\"amount\":1,\"rep_id\":0}}");
    /* ext_id is unique per entity */
    t_err(db, "conflict", "ext_id", "{\"op\":\"customers.create\",\"args\":{\"name\":\"x\",\"ext_id\":\"C-1\"}}");
    t_err(db, "conflict", "ext_id", "{\"op\":\"customers.update\",\"args\":{\"id\":2,\"ext_id\":\"C-1\"}}");
    after = t_snapshot(db);
    CHECK_SAME(before, after); /* no failing request wrote anything */
    free(before); free(after);
    CHECK_EQ_INT(t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"x\",\"ext_id\":\"C-1\"}}"), 2);
    cJSON_Delete(t_ok(db, "{\"op\":\"customers.update\",\"args\":{\"id\":1,\"ext_id\":\"C-1\",\"name\":\"C2\"}}"));
    CHECK_EQ_INT(t_total(db, "customers", "{\"ext_id\":\"C-1\"}"), 1);
    gj_close(db);
}

static void test_custom_fields(void)
{
    gj_db *db = t_open();
    cJSON *d;
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"size\",\"label\":\"规模\",\"type\":\"select\",\"options\":[\"S\",\"M\",\"L\"]}}");
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"employees\",\"label\":\"E\",\"type\":\"number\"}}");
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"vip\",\"label\":\"V\",\"type\":\"bool\"}}");
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"since\",\"label\":\"S\",\"type\":\"date\"}}");
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"deals\",\"key\":\"source\",\"label\":\"Src\",\"type\":\"text\"}}");
    d = t_ok(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":{\"size\":\"M\",\"employees\":120,\"vip\":true,\"since\":\"2024-05-01\"}}}");
    CHECK_STR(t_str(d, "custom.size"), "M");
    CHECK_EQ_INT(t_num(d, "custom.employees"), 120);
    CHECK(cJSON_IsTrue(t_at(d, "custom.vip")));
    cJSON_Delete(d);
    t_err(db, "invalid", "custom.nope", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":{\"nope\":1}}}");
    t_err(db, "invalid", "custom.employees", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":{\"employees\":\"many\"}}}");
    t_err(db, "invalid", "custom.size", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":{\"size\":\"XL\"}}}");
    t_err(db, "invalid", "custom.size", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":{\"size\":1}}}");
    t_err(db, "invalid", "custom.vip", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":{\"vip\":1}}}");
    t_err(db, "invalid", "custom.since", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":{\"since\":\"2024-02-30\"}}}");
    t_err(db, "invalid", "custom", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":\"size=M\"}}");
    t_err(db, "invalid", "custom", "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"custom\":[1]}}");
    t_err(db, "invalid", "custom.size", "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"custom\":{\"size\":\"M\"}}}");
    d = t_ok(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"custom\":{\"source\":\"web\"}}}");
    CHECK_STR(t_str(d, "custom.source"), "web");
    cJSON_Delete(d);
    /* definitions are validated too */
    t_err(db, "invalid", "options", "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"k\",\"label\":\"K\",\"type\":\"select\"}}");
    t_err(db, "invalid", "options", "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"k\",\"label\":\"K\",\"type\":\"select\",\"options\":[]}}");
    t_err(db, "invalid", "key", "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"Bad Key\",\"label\":\"K\",\"type\":\"text\"}}");
    t_err(db, "invalid", "type", "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"k\",\"label\":\"K\",\"type\":\"color\"}}");
    t_err(db, "invalid", "entity", "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"tickets\",\"key\":\"k\",\"label\":\"K\",\"type\":\"text\"}}");
    t_err(db, "conflict", NULL, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"vip\",\"label\":\"V2\",\"type\":\"bool\"}}");
    t_err(db, "invalid", "key", "{\"op\":\"customfields.update\",\"args\":{\"id\":1,\"key\":\"sz\"}}");
    t_err(db, "invalid", "type", "{\"op\":\"customfields.update\",\"args\":{\"id\":2,\"type\":\"text\"}}");
    /* a required custom field */
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"code\",\"label\":\"Code\",\"type\":\"text\",\"required\":true}}");
    t_err(db, "invalid", "custom.code", "{\"op\":\"customers.create\",\"args\":{\"name\":\"b\"}}");
    t_err(db, "invalid", "custom.code", "{\"op\":\"customers.create\",\"args\":{\"name\":\"b\",\"custom\":{\"code\":null}}}");
    t_err(db, "invalid", "custom.code", "{\"op\":\"customers.update\",\"args\":{\"id\":1,\"custom\":{\"size\":\"S\"}}}");
    CHECK(t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"b\",\"custom\":{\"code\":\"X1\"}}}") > 0);
    d = t_ok(db, "{\"op\":\"customers.update\",\"args\":{\"id\":1,\"tier\":\"B\"}}"); /* custom untouched */
    CHECK_STR(t_str(d, "custom.size"), "M");
    cJSON_Delete(d);
    CHECK_EQ_INT(t_total(db, "customers", ""), 2);
    gj_close(db);
}

static void test_deal_rules(void)
{
    gj_db *db = t_open();
    cJSON *d;
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"A\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\"}}");
    d = t_ok(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"owner_id\":1,\"created_at\":\"2025-01-10\"}}");
    CHECK_STR(t_str(d, "stage"), "first_contact"); /* the first pipeline stage */
    CHECK_STR(t_str(d, "status"), "open");
    CHECK(cJSON_IsNull(t_at(d, "closed_at")));
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"deal_stages.list\",\"args\":{\"filter\":{\"deal_id\":1}}}");
    CHECK_EQ_INT(t_num(d, "total"), 1);
    CHECK_STR(t_str(d, "items.0.stage"), "first_contact");
    CHECK_STR(t_str(d, "items.0.entered_at"), "2025-01-10T00:00:00Z");
    CHECK_EQ_INT(t_num(d, "items.0.rep_id"), 1);
    cJSON_Delete(d);
    gj_set_now(db, 1736985600); /* 2025-01-16 */
    cJSON_Delete(t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"needs\"}}"));
    cJSON_Delete(t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"needs\",\"amount\":5}}"));
    gj_set_now(db, 1737072000); /* 2025-01-17 */
    cJSON_Delete(t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"contract\"}}"));
    d = t_ok(db, "{\"op\":\"deal_stages.list\",\"args\":{\"filter\":{\"deal_id\":1},\"sort\":\"entered_at\"}}");
    CHECK_EQ_INT(t_num(d, "total"), 3); /* staying in a stage adds no row */
    CHECK_STR(t_str(d, "items.1.stage"), "needs");
    CHECK_STR(t_str(d, "items.1.entered_at"), "2025-01-16T00:00:00Z");
    CHECK_STR(t_str(d, "items.2.stage"), "contract");
    CHECK_STR(t_str(d, "items.2.entered_at"), "2025-01-17T00:00:00Z");
    cJSON_Delete(d);
    t_err(db, "invalid", "stage", "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"signed\"}}");
    t_err(db, "invalid", "stage", "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":null}}");
    t_err(db, "invalid", "closed_at", "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"closed_at\":\"2025-01-16\"}}");
    d = t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"status\":\"won\"}}");
    CHECK_STR(t_str(d, "closed_at"), "2025-01-17T00:00:00Z"); /* winning stamps the close */
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"status\":\"open\"}}");
    CHECK(cJSON_IsNull(t_at(d, "closed_at"))); /* reopening clears it */
    CHECK_STR(t_str(d, "status"), "open");
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"status\":\"lost\",\"closed_at\":\"2025-01-12T08:00:00+08:00\",\"lost_reason\":\"价格\"}}");
    CHECK_STR(t_str(d, "closed_at"), "2025-01-12T00:00:00Z");
    cJSON_Delete(d);
    t_err(db, "invalid", "closed_at", "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"closed_at\":\"2025-01-09\"}}");
    /* created after the clock and won now: closed before created */
    t_err(db, "invalid", "closed_at", "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"status\":\"won\",\"created_at\":\"2025-02-01\"}}");
    t_err(db, "invalid", "closed_at", "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"closed_at\":\"2025-01-16\"}}");
    d = t_ok(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"stage\":\"proposal\",\"status\":\"won\"}}");
    CHECK_STR(t_str(d, "closed_at"), "2025-01-17T00:00:00Z");
    CHECK_STR(t_str(d, "stage"), "proposal");
    cJSON_Delete(d);
    CHECK_EQ_INT(t_total(db, "deal_stages", "{\"deal_id\":2,\"stage\":\"proposal\"}"), 1);
    gj_close(db);
}

static void test_ticket_followup_rules(void)
{
    gj_db *db = t_open();
    cJSON *d;
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\"}}");
    d = t_ok(db, "{\"op\":\"tickets.create\",\"args\":{\"customer_id\":1,\"created_at\":\"2025-01-10 09:00\",\"first_response_at\":\"2025-01-10 09:30\",\"resolved_at\":\"2025-01-11\"}}");
    CHECK_STR(t_str(d, "status"), "resolved"); /* a resolution time resolves it */
    CHECK_STR(t_str(d, "first_response_at"), "2025-01-10T09:30:00Z");
    cJSON_Delete(d);
    t_err(db, "invalid", "first_response_at", "{\"op\":\"tickets.create\",\"args\":{\"customer_id\":1,\"created_at\":\"2025-01-10 09:00\",\"first_response_at\":\"2025-01-10 08:59\"}}");
    t_err(db, "invalid", "resolved_at", "{\"op\":\"tickets.create\",\"args\":{\"customer_id\":1,\"created_at\":\"2025-01-10\",\"resolved_at\":\"2025-01-09\"}}");
    t_err(db, "invalid", "first_response_at", "{\"op\":\"tickets.update\",\"args\":{\"id\":1,\"first_response_at\":\"2025-01-01\"}}");
    d = t_ok(db, "{\"op\":\"tickets.update\",\"args\":{\"id\":1,\"status\":\"open\"}}");
    CHECK(cJSON_IsNull(t_at(d, "resolved_at"))); /* reopened */
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"tickets.update\",\"args\":{\"id\":1,\"status\":\"closed\"}}");
    CHECK_STR(t_str(d, "resolved_at"), "2025-01-15T00:00:00Z"); /* closing stamps it */
    cJSON_Delete(d);
    d = t_ok(db, "{\"op\":\"tickets.create\",\"args\":{\"customer_id\":1,\"created_at\":\"2025-01-10\"}}");
    CHECK_STR(t_str(d, "status"), "open");
    CHECK(cJSON_IsNull(t_at(d, "resolved_at")));
    cJSON_Delete(d);
    t_err(db, "invalid", "next_due_at", "{\"op\":\"followups.create\",\"args\":{\"customer_id\":1,\"at\":\"2025-01-10\",\"next_due_at\":\"2025-01-09\"}}");
    d = t_ok(db, "{\"op\":\"followups.create\",\"args\":{\"customer_id\":1,\"at\":\"2025-01-10\",\"next_due_at\":\"2025-01-12\",\"customer_replied\":true}}");
    CHECK_STR(t_str(d, "next_due_at"), "2025-01-12T00:00:00Z");
    CHECK(cJSON_IsTrue(t_at(d, "customer_replied")));
    CHECK_STR(t_str(d, "direction"), "outbound");
    cJSON_Delete(d);
    t_err(db, "invalid", "next_due_at", "{\"op\":\"followups.update\",\"args\":{\"id\":1,\"at\":\"2025-01-13\"}}");
    gj_close(db);
}

static void test_bad_requests(void)
{
    gj_db *db = t_open();
    char *before = t_snapshot(db), *after, *r;
    t_err(db, "bad_request", NULL, "{");
    t_err(db, "bad_request", NULL, "");
    t_err(db, "bad_request", NULL, "[]");
    t_err(db, "bad_request", NULL, "null");
    t_err(db, "bad_request", NULL, "{\"op\":\"customers.list\"} trailing");
    t_err(db, "bad_request", "op", "{\"args\":{}}");
    t_err(db, "bad_request", "op", "{\"op\":5}");
    t_err(db, "bad_request", "op", "{\"op\":\"nope\"}");
    t_err(db, "bad_request", "op", "{\"op\":\"nope.list\"}");
    t_err(db, "bad_request", "op", "{\"op\":\"customers\"}");
    t_err(db, "bad_request", "op", "{\"op\":\".list\"}");
    t_err(db, "bad_request", "args", "{\"op\":\"customers.list\",\"args\":[1]}");
    t_err(db, "bad_request", "args", "{\"op\":\"customers.create\",\"args\":\"name=a\"}");
    r = gj_call(db, NULL);
    CHECK(r && strstr(r, "\"bad_request\"") != NULL);
    gj_free(r);
    CHECK(gj_call(NULL, "{}") == NULL);
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before); free(after);
    gj_close(db);
}

/* Values longer than any fixed buffer on the way (messages, field names,
 * the search pattern) are handled whole or cut safely. */
static void test_long_values(void)
{
    gj_db *db = t_open();
    size_t big = 200000, i;
    char *name = malloc(big + 1), *req = malloc(big + 4096), *r;
    cJSON *j;
    for (i = 0; i < big; i++) name[i] = (char)('a' + i % 26);
    name[big] = 0;
    snprintf(req, big + 4096, "{\"op\":\"customers.create\",\"args\":{\"name\":\"%s\"}}", name);
    r = gj_call(db, req); /* over the limit: refused naming it, not cut */
    CHECK(r && strstr(r, "\"reason\":\"too_long\"") && strstr(r, "\"field\":\"name\"") &&
          strstr(r, "\"max\":100000"));
    gj_free(r);
    name[GJ_MAX_TEXT_BYTES] = 0; /* at the limit: stored whole */
    snprintf(req, big + 4096, "{\"op\":\"customers.create\",\"args\":{\"name\":\"%s\"}}", name);
    r = gj_call(db, req);
    j = cJSON_Parse(r);
    CHECK(j && strcmp(t_str(j, "data.name") ? t_str(j, "data.name") : "", name) == 0);
    cJSON_Delete(j); gj_free(r);
    /* an unknown field named by 300 characters */
    snprintf(req, big + 4096, "{\"op\":\"customers.create\",\"args\":{\"name\":\"a\",\"%.300s\":1}}", name);
    r = gj_call(db, req);
    CHECK(r && strstr(r, "\"code\":\"invalid\"") && strstr(r, "\"field\":\"abcdef"));
    gj_free(r);
    /* a search text at the limit, full of % and _, matches literally */
    for (i = 0; i < GJ_MAX_SEARCH_BYTES; i++) name[i] = i % 2 ? '%' : '_';
    name[GJ_MAX_SEARCH_BYTES] = 0;
    snprintf(req, big + 4096, "{\"op\":\"customers.list\",\"args\":{\"q\":\"%s\"}}", name);
    r = gj_call(db, req);
    CHECK(r && strstr(r, "\"total\":0"));
    gj_free(r);
    /* the whole search text counts: no row holds "QQQ" after the Zs */
    cJSON_Delete(t_ok(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"ZZZZZZZZZZ\"}}"));
    memset(name, 'Z', 509);
    snprintf(req, big + 4096, "{\"op\":\"customers.create\",\"args\":{\"name\":\"%.509sZZ\"}}", name);
    gj_free(gj_call(db, req));
    snprintf(req, big + 4096, "{\"op\":\"customers.list\",\"args\":{\"q\":\"%.509sQQQ\"}}", name);
    r = gj_call(db, req);
    CHECK(r && strstr(r, "\"total\":0"));
    gj_free(r);
    snprintf(req, big + 4096, "{\"op\":\"customers.list\",\"args\":{\"q\":\"%.509sZ\"}}", name);
    r = gj_call(db, req);
    CHECK(r && strstr(r, "\"total\":1"));
    gj_free(r);
    /* longer: refused naming the limit */
    memset(name, 'y', GJ_MAX_SEARCH_BYTES + 1);
    name[GJ_MAX_SEARCH_BYTES + 1] = 0;
    snprintf(req, big + 4096, "{\"op\":\"customers.list\",\"args\":{\"q\":\"%s\"}}", name);
    r = gj_call(db, req);
    CHECK(r && strstr(r, "\"field\":\"q\"") && strstr(r, "\"reason\":\"too_long\"") &&
          strstr(r, "\"max\":1000"));
    gj_free(r);
    for (i = 0; i < 3000; i++) name[i] = i % 2 ? '%' : '_';
    name[3000] = 0;
    /* an unknown op of 3000 characters */
    snprintf(req, big + 4096, "{\"op\":\"%s.list\"}", name);
    r = gj_call(db, req);
    CHECK(r && strstr(r, "\"bad_request\""));
    gj_free(r);
    free(name); free(req);
    gj_close(db);
}

int main(void)
{
    test_crud();
    test_defaults_and_readonly();
    test_validation();
    test_custom_fields();
    test_deal_rules();
    test_ticket_followup_rules();
    test_bad_requests();
    test_long_values();
    return t_done("test_records");
}
