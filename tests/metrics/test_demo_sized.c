/*
 * demo.generate with exact counts per entity (the benchmark sizes of
 * `genjin bench`): every count is met exactly, the same options give the
 * same rows, unset counts take their per-customer default, bad counts are
 * refused naming the field, and the data exercises the dashboard (every
 * churn rule fires, the funnel and the due list are not empty).
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define SIZED "{\"op\":\"demo.generate\",\"args\":{\"customers\":300,\"deals\":500,\"followups\":2600," \
              "\"tickets\":450,\"surveys\":280,\"orders\":1100,\"events\":7000,\"seed\":%d,"            \
              "\"now\":\"2025-06-01\"}}"

static void test_exact_counts(void)
{
    gj_db *a = t_open(), *b = t_open();
    cJSON *made = t_ok(a, SIZED, 3), *alerts, *due, *m;
    char *sa, *sb;
    CHECK_EQ_INT(t_num(made, "customers"), 300);
    CHECK_EQ_INT(t_num(made, "deals"), 500);
    CHECK_EQ_INT(t_num(made, "followups"), 2600);
    CHECK_EQ_INT(t_num(made, "tickets"), 450);
    CHECK_EQ_INT(t_num(made, "surveys"), 280);
    CHECK_EQ_INT(t_num(made, "orders"), 1100);
    CHECK_EQ_INT(t_num(made, "events"), 7000);
    cJSON_Delete(made);
    /* what the database holds, not only what the generator says it made */
    CHECK_EQ_INT(t_total(a, "deals", ""), 500);
    CHECK_EQ_INT(t_total(a, "followups", ""), 2600);
    CHECK_EQ_INT(t_total(a, "tickets", ""), 450);
    CHECK_EQ_INT(t_total(a, "surveys", ""), 280);
    CHECK_EQ_INT(t_total(a, "orders", ""), 1100);
    CHECK_EQ_INT(t_total(a, "events", ""), 7000);

    /* deterministic: another database, same options, same rows */
    cJSON_Delete(t_ok(b, SIZED, 3));
    sa = t_snapshot(a);
    sb = t_snapshot(b);
    CHECK_SAME(sa, sb);
    free(sa);
    free(sb);

    /* the data drives the whole dashboard */
    gj_set_now(a, 1748736000);
    alerts = t_ok(a, "{\"op\":\"alerts.churn\",\"args\":{\"as_of\":\"2025-06-01\"}}");
    CHECK(t_num(alerts, "fired.no_reply") > 0);
    CHECK(t_num(alerts, "fired.purchase_gap") > 0);
    CHECK(t_num(alerts, "fired.activity_drop") > 0);
    CHECK(t_num(alerts, "fired.cadence") > 0);
    CHECK(t_num(alerts, "fired.open_complaint") > 0);
    cJSON_Delete(alerts);
    due = t_ok(a, "{\"op\":\"followups.due\",\"args\":{\"date\":\"2025-06-01\"}}");
    CHECK(t_num(due, "total") > 0);
    cJSON_Delete(due);
    m = t_ok(a, "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"2024-06-01\",\"to\":\"2025-06-01\"}}");
    CHECK(t_num(m, "conversion.won") > 0 && t_num(m, "conversion.lost") > 0);
    CHECK(t_num(m, "conversion.funnel.3.reached") > 0);
    CHECK(t_num(m, "retention.repurchase_rate") > 0 && t_num(m, "retention.repurchase_rate") < 1);
    CHECK(t_num(m, "satisfaction.csat_responses") > 0 && t_num(m, "satisfaction.nps_responses") > 0);
    cJSON_Delete(m);
    gj_close(a);
    gj_close(b);
}

static void test_defaults_and_errors(void)
{
    gj_db *db = t_open();
    cJSON *made;
    /* only events given: the others take their default per customer */
    made = t_ok(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":50,\"events\":123,\"seed\":4,"
                    "\"now\":\"2025-06-01\"}}");
    CHECK_EQ_INT(t_num(made, "events"), 123);
    CHECK_EQ_INT(t_num(made, "deals"), 100);
    CHECK_EQ_INT(t_num(made, "followups"), 500);
    CHECK_EQ_INT(t_num(made, "tickets"), 100);
    CHECK_EQ_INT(t_num(made, "surveys"), 50);
    CHECK_EQ_INT(t_num(made, "orders"), 200);
    cJSON_Delete(made);
    /* out of range or not a whole number: refused, nothing written */
    t_err(db, "invalid", "events", "{\"op\":\"demo.generate\",\"args\":{\"events\":-1,\"seed\":5}}");
    t_err(db, "invalid", "deals", "{\"op\":\"demo.generate\",\"args\":{\"deals\":10000001,\"seed\":5}}");
    t_err(db, "invalid", "orders", "{\"op\":\"demo.generate\",\"args\":{\"orders\":1.5,\"seed\":5}}");
    CHECK_EQ_INT(t_total(db, "customers", ""), 50);
    gj_close(db);
}

int main(void)
{
    test_exact_counts();
    test_defaults_and_errors();
    return t_done("test_demo_sized");
}
