/* demo.generate: deterministic (same options => same rows), realistic
 * coverage of every state the metrics need, and all-or-nothing. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define DEMO "{\"op\":\"demo.generate\",\"args\":{\"customers\":300,\"seed\":%d,\"now\":\"2025-06-01\"}}"

static const char *const entities[] = {"reps", "customers", "deals", "followups", "tickets",
                                       "surveys", "orders", "events", "deal_stages", NULL};

static void test_determinism(gj_db *a)
{
    gj_db *b = t_open(), *c = t_open(), *d = t_open();
    char *ra, *rb, *sa, *sb, *sc, *sd;
    cJSON *rc;
    /* lists carry clocks (days in stage, SLA states): read all at one time */
    gj_set_now(a, 1748736000 + 5 * 3600 + 17);
    gj_set_now(b, 1748736000 + 5 * 3600 + 17);
    gj_set_now(d, 1748736000 + 5 * 3600 + 17);
    ra = t_raw(a, DEMO, 7);
    rb = t_raw(b, DEMO, 7);
    CHECK(strncmp(ra, "{\"ok\":true", 10) == 0);
    CHECK_SAME(ra, rb);
    sa = t_snapshot(a);
    sb = t_snapshot(b);
    CHECK_SAME(sa, sb);
    /* "today" is the UTC day of now: later the same day, via the handle's clock */
    gj_set_now(c, 1748736000 + 5 * 3600 + 17); /* 2025-06-01T05:00:17Z */
    rc = t_ok(c, "{\"op\":\"demo.generate\",\"args\":{\"customers\":300,\"seed\":7}}");
    cJSON_Delete(rc);
    sc = t_snapshot(c);
    CHECK_SAME(sa, sc);
    /* another seed gives other data */
    cJSON_Delete(t_ok(d, DEMO, 8));
    sd = t_snapshot(d);
    CHECK(sd && sa && strcmp(sa, sd) != 0);
    CHECK_EQ_INT(t_total(d, "customers", ""), 300);
    gj_set_now(a, 0);
    gj_free(ra); gj_free(rb); free(sa); free(sb); free(sc); free(sd);
    gj_close(b); gj_close(c); gj_close(d);
}

static long long n(gj_db *db, const char *entity, const char *filter)
{
    return t_total(db, entity, filter);
}

static void test_coverage(gj_db *db)
{
    cJSON *orders;
    const cJSON *it;
    static int per_customer[400];
    int i, one = 0, repeat = 0;
    /* made counts equal what is stored */
    CHECK(n(db, "reps", "") >= 4);
    CHECK_EQ_INT(n(db, "customers", ""), 300);
    for (i = 0; entities[i]; i++) CHECK(n(db, entities[i], "") > 0);
    /* deals in every stage and status */
    CHECK(n(db, "deals", "{\"stage\":\"first_contact\"}") > 0);
    CHECK(n(db, "deals", "{\"stage\":\"needs\"}") > 0);
    CHECK(n(db, "deals", "{\"stage\":\"proposal\"}") > 0);
    CHECK(n(db, "deals", "{\"stage\":\"contract\"}") > 0);
    CHECK(n(db, "deals", "{\"status\":\"open\"}") > 0);
    CHECK(n(db, "deals", "{\"status\":\"won\"}") > 0);
    CHECK(n(db, "deals", "{\"status\":\"lost\"}") > 0);
    CHECK_EQ_INT(n(db, "deals", "{\"status\":\"open\",\"closed_at\":{\"ne\":null}}"), 0);
    CHECK(n(db, "deal_stages", "") > n(db, "deals", "")); /* history of moves */
    /* follow-ups with and without replies and next steps */
    CHECK(n(db, "followups", "{\"customer_replied\":true}") > 0);
    CHECK(n(db, "followups", "{\"customer_replied\":false}") > 0);
    CHECK(n(db, "followups", "{\"next_due_at\":null}") > 0);
    CHECK(n(db, "followups", "{\"next_due_at\":{\"ne\":null}}") > 0);
    CHECK(n(db, "followups", "{\"channel\":\"wechat\"}") > 0);
    /* tickets with and without a first response, some resolved */
    CHECK(n(db, "tickets", "{\"first_response_at\":null}") > 0);
    CHECK(n(db, "tickets", "{\"first_response_at\":{\"ne\":null}}") > 0);
    CHECK(n(db, "tickets", "{\"status\":\"resolved\"}") > 0);
    CHECK(n(db, "tickets", "{\"category\":\"complaint\"}") > 0);
    /* surveys of both kinds, scores in range */
    CHECK(n(db, "surveys", "{\"kind\":\"csat\"}") > 0);
    CHECK(n(db, "surveys", "{\"kind\":\"nps\"}") > 0);
    CHECK_EQ_INT(n(db, "surveys", "{\"kind\":\"csat\",\"score\":{\"gt\":5}}"), 0);
    /* everything lies in the 12 months before "now" */
    CHECK_EQ_INT(n(db, "customers", "{\"created_at\":{\"lt\":\"2024-06-01\"}}"), 0);
    CHECK_EQ_INT(n(db, "followups", "{\"at\":{\"gte\":\"2025-06-01\"}}"), 0);
    CHECK_EQ_INT(n(db, "orders", "{\"at\":{\"gte\":\"2025-06-01\"}}"), 0);
    CHECK_EQ_INT(n(db, "events", "{\"at\":{\"gte\":\"2025-06-01\"}}"), 0);
    CHECK_EQ_INT(n(db, "tickets", "{\"created_at\":{\"gte\":\"2025-06-01\"}}"), 0);
    CHECK_EQ_INT(n(db, "deals", "{\"closed_at\":{\"gte\":\"2025-06-01\"}}"), 0);
    CHECK(n(db, "events", "{\"at\":{\"lt\":\"2024-09-01\"}}") > 0);
    CHECK(n(db, "events", "{\"kind\":\"login\"}") > 0);
    /* realistic Chinese names and companies */
    CHECK_EQ_INT(n(db, "customers", "{\"company\":{\"ne\":null}}"), 300);
    CHECK(n(db, "customers", "{\"status\":\"churned\"}") > 0);
    CHECK(n(db, "customers", "{\"status\":\"lead\"}") > 0);
    /* repeat buyers and one-off buyers */
    orders = t_ok(db, "{\"op\":\"orders.list\",\"args\":{\"limit\":100000}}");
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(orders, "items")) {
        int c = (int)t_num(it, "customer_id");
        if (c > 0 && c < 400) per_customer[c]++;
    }
    cJSON_Delete(orders);
    for (i = 0; i < 400; i++) {
        if (per_customer[i] == 1) one++;
        if (per_customer[i] >= 2) repeat++;
    }
    CHECK(one > 0);
    CHECK(repeat > 0);
}

static void test_all_or_nothing(void)
{
    gj_db *db = t_open();
    char *before, *after;
    cJSON *d;
    /* deals need a custom field the generator does not fill: demo writes reps,
     * customers and follow-ups, then fails at its first deal */
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"deals\",\"key\":\"po\",\"label\":\"PO\",\"type\":\"text\",\"required\":true}}");
    before = t_snapshot(db);
    t_err(db, "invalid", "customers", "{\"op\":\"demo.generate\",\"args\":{\"customers\":0}}");
    t_err(db, "invalid", "customers", "{\"op\":\"demo.generate\",\"args\":{\"customers\":1000001}}");
    t_err(db, "invalid", "customers", "{\"op\":\"demo.generate\",\"args\":{\"customers\":\"many\"}}");
    t_err(db, "invalid", "customers", "{\"op\":\"demo.generate\",\"args\":{\"customers\":2.5}}");
    t_err(db, "invalid", "seed", "{\"op\":\"demo.generate\",\"args\":{\"seed\":-1}}");
    t_err(db, "invalid", "now", "{\"op\":\"demo.generate\",\"args\":{\"now\":\"June\"}}");
    t_err(db, "invalid", "custom.po", "{\"op\":\"demo.generate\",\"args\":{\"customers\":20}}");
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before); free(after);
    /* the handle's clock and actor are restored after the failure */
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"X\"}}");
    d = t_ok(db, "{\"op\":\"events.create\",\"args\":{\"customer_id\":1,\"kind\":\"login\"}}");
    CHECK_STR(t_str(d, "at"), "2025-01-15T00:00:00Z");
    cJSON_Delete(d);
    CHECK_EQ_INT(n(db, "audit", "{\"actor\":\"demo\"}"), 0);
    gj_close(db);
}

static void test_custom_pipeline(void)
{
    gj_db *db = t_open();
    long long total;
    cJSON_Delete(t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\",\"deadline_days\":2},"
                      "{\"name\":\"b\",\"deadline_days\":4},{\"name\":\"c\"}]}}"));
    cJSON_Delete(t_ok(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":60,\"seed\":3}}"));
    total = n(db, "deals", "");
    CHECK(total > 0);
    CHECK_EQ_INT(n(db, "deals", "{\"stage\":\"a\"}") + n(db, "deals", "{\"stage\":\"b\"}") +
                 n(db, "deals", "{\"stage\":\"c\"}"), total);
    gj_close(db);
}

/* Loading the same demo data twice is refused whole. */
static void test_same_seed_twice(void)
{
    gj_db *db = t_open();
    char *before, *after;
    cJSON_Delete(t_ok(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":30,\"seed\":5}}"));
    before = t_snapshot(db);
    t_err(db, "conflict", NULL, "{\"op\":\"demo.generate\",\"args\":{\"customers\":30,\"seed\":5}}");
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before); free(after);
    CHECK_EQ_INT(n(db, "customers", ""), 30);
    gj_close(db);
}

int main(void)
{
    gj_db *db = t_open();
    test_determinism(db);
    test_coverage(db);
    gj_close(db);
    test_all_or_nothing();
    test_custom_pipeline();
    test_same_seed_twice();
    return t_done("test_demo");
}
