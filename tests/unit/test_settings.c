/* settings.get / settings.set: defaults, scalars, pipeline, activity
 * weights, validation naming the key, and pipelines that would orphan deals. */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

static void test_defaults(void)
{
    gj_db *db = t_open();
    cJSON *s = t_ok(db, "{\"op\":\"settings.get\"}");
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "pipeline")), 4);
    CHECK_STR(t_str(s, "pipeline.0.name"), "first_contact");
    CHECK_NUM(t_num(s, "pipeline.0.deadline_days"), 0);
    CHECK_STR(t_str(s, "pipeline.1.name"), "needs");
    CHECK_NUM(t_num(s, "pipeline.1.deadline_days"), 3);
    CHECK_STR(t_str(s, "pipeline.2.name"), "proposal");
    CHECK_NUM(t_num(s, "pipeline.2.deadline_days"), 5);
    CHECK_STR(t_str(s, "pipeline.3.name"), "contract");
    CHECK_NUM(t_num(s, "pipeline.3.deadline_days"), 7);
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "activity_weights")), 3);
    CHECK_NUM(t_num(s, "activity_weights.login"), 1);
    CHECK_NUM(t_num(s, "activity_weights.feature_use"), 3);
    CHECK_NUM(t_num(s, "activity_weights.interaction"), 5);
    CHECK_NUM(t_num(s, "active_threshold"), 5);
    CHECK_NUM(t_num(s, "cadence_a_days"), 7);
    CHECK_NUM(t_num(s, "cadence_b_days"), 14);
    CHECK_NUM(t_num(s, "cadence_c_days"), 30);
    CHECK_NUM(t_num(s, "weight_behaviour"), 20);
    CHECK_NUM(t_num(s, "weight_process"), 30);
    CHECK_NUM(t_num(s, "weight_result"), 40);
    CHECK_NUM(t_num(s, "weight_collaboration"), 10);
    CHECK_NUM(t_num(s, "tz_offset_minutes"), 0);
    CHECK_NUM(t_num(s, "grace_days"), 0);
    CHECK_NUM(t_num(s, "churn_window_days"), 180);
    CHECK_NUM(t_num(s, "rule_purchase_gap_factor"), 1.5);
    CHECK_NUM(t_num(s, "rule_activity_drop_ratio"), 0.7);
    CHECK_NUM(t_num(s, "rule_open_complaint_hours"), 48);
    CHECK(cJSON_IsTrue(t_at(s, "rule_no_reply")));
    CHECK(cJSON_IsTrue(t_at(s, "rule_cadence")));
    CHECK_STR(t_str(s, "currency"), "CNY");
    CHECK_STR(t_str(s, "locale"), "zh-CN");
    cJSON_Delete(s);
    gj_close(db);
}

static void test_set(void)
{
    gj_db *db = t_open();
    cJSON *s = t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"tz_offset_minutes\":480,\"active_threshold\":7.5,"
                        "\"currency\":\"USD\",\"rule_no_reply\":false,\"cadence_a_days\":10}}");
    CHECK_NUM(t_num(s, "tz_offset_minutes"), 480);
    CHECK_NUM(t_num(s, "active_threshold"), 7.5);
    CHECK_STR(t_str(s, "currency"), "USD");
    CHECK(cJSON_IsFalse(t_at(s, "rule_no_reply")));
    CHECK_NUM(t_num(s, "cadence_a_days"), 10);
    CHECK_NUM(t_num(s, "cadence_b_days"), 14); /* untouched keys keep their values */
    cJSON_Delete(s);
    s = t_ok(db, "{\"op\":\"settings.get\"}"); /* stored, not only echoed */
    CHECK_NUM(t_num(s, "tz_offset_minutes"), 480);
    CHECK(cJSON_IsFalse(t_at(s, "rule_no_reply")));
    CHECK_STR(t_str(s, "locale"), "zh-CN");
    cJSON_Delete(s);
    s = t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"lead_in\",\"deadline_days\":1},"
                 "{\"name\":\"demo\",\"deadline_days\":2.5},{\"name\":\"signed\"}],"
                 "\"activity_weights\":{\"login\":2,\"report_export\":4}}}");
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "pipeline")), 3);
    CHECK_STR(t_str(s, "pipeline.0.name"), "lead_in");
    CHECK_NUM(t_num(s, "pipeline.1.deadline_days"), 2.5);
    CHECK_NUM(t_num(s, "pipeline.2.deadline_days"), 0);
    CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "activity_weights")), 2);
    CHECK_NUM(t_num(s, "activity_weights.report_export"), 4);
    CHECK(t_at(s, "activity_weights.interaction") == NULL); /* weights are replaced as a whole */
    cJSON_Delete(s);
    /* new deals start in the new first stage; old stage names are refused */
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\"}}");
    s = t_ok(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1}}");
    CHECK_STR(t_str(s, "stage"), "lead_in");
    cJSON_Delete(s);
    t_err(db, "invalid", "stage", "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"needs\"}}");
    cJSON_Delete(t_ok(db, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"demo\"}}"));
    /* an empty set changes nothing */
    s = t_ok(db, "{\"op\":\"settings.set\",\"args\":{}}");
    CHECK_NUM(t_num(s, "active_threshold"), 7.5);
    cJSON_Delete(s);
    gj_close(db);
}

static void test_invalid(void)
{
    gj_db *db = t_open();
    char *before, *after;
    /* checked by validation (naming the key), not only by the schema */
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\"},{\"name\":\"  \"}]}}");
    t_err(db, "invalid", "activity_weights", "{\"op\":\"settings.set\",\"args\":{\"activity_weights\":{\" \":1}}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\",\"deadline_days\":1e999},{\"name\":\"b\"}]}}");
    t_err(db, "invalid", "activity_weights", "{\"op\":\"settings.set\",\"args\":{\"activity_weights\":{\"login\":1e999}}}");
    t_err(db, "invalid", "active_threshold", "{\"op\":\"settings.set\",\"args\":{\"active_threshold\":1e999}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"C\"}}");
    t_create(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"stage\":\"proposal\"}}");
    before = t_snapshot(db);
    t_err(db, "invalid", "tz_offset_minutes", "{\"op\":\"settings.set\",\"args\":{\"tz_offset_minutes\":900}}");
    t_err(db, "invalid", "tz_offset_minutes", "{\"op\":\"settings.set\",\"args\":{\"tz_offset_minutes\":\"+08:00\"}}");
    t_err(db, "invalid", "active_threshold", "{\"op\":\"settings.set\",\"args\":{\"active_threshold\":-1}}");
    t_err(db, "invalid", "cadence_b_days", "{\"op\":\"settings.set\",\"args\":{\"cadence_b_days\":0}}");
    t_err(db, "invalid", "rule_activity_drop_ratio", "{\"op\":\"settings.set\",\"args\":{\"rule_activity_drop_ratio\":1.5}}");
    t_err(db, "invalid", "rule_cadence", "{\"op\":\"settings.set\",\"args\":{\"rule_cadence\":0.5}}");
    t_err(db, "invalid", "currency", "{\"op\":\"settings.set\",\"args\":{\"currency\":\"\"}}");
    t_err(db, "invalid", "currency", "{\"op\":\"settings.set\",\"args\":{\"currency\":\"a very long currency name\"}}");
    t_err(db, "invalid", "locale", "{\"op\":\"settings.set\",\"args\":{\"locale\":7}}");
    t_err(db, "invalid", "colour", "{\"op\":\"settings.set\",\"args\":{\"colour\":\"blue\"}}");
    t_err(db, "invalid", "weight_result", "{\"op\":\"settings.set\",\"args\":{\"weight_behaviour\":0,"
          "\"weight_process\":0,\"weight_result\":0,\"weight_collaboration\":0}}");
    /* one bad key refuses the whole request, even after good ones */
    t_err(db, "invalid", "grace_days", "{\"op\":\"settings.set\",\"args\":{\"active_threshold\":9,\"grace_days\":-2}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":\"a,b\"}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"only\"}]}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\"},{\"name\":\"a\"}]}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\"},{\"name\":\"\"}]}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\"},{\"name\":\"  \"}]}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\"},{\"nom\":\"b\"}]}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\",\"deadline_days\":-1},{\"name\":\"b\"}]}}");
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"a\",\"deadline_days\":\"3\"},{\"name\":\"b\"}]}}");
    t_err(db, "invalid", "activity_weights", "{\"op\":\"settings.set\",\"args\":{\"activity_weights\":[1]}}");
    t_err(db, "invalid", "activity_weights", "{\"op\":\"settings.set\",\"args\":{\"activity_weights\":{\"login\":-1}}}");
    t_err(db, "invalid", "activity_weights", "{\"op\":\"settings.set\",\"args\":{\"activity_weights\":{\"login\":\"x\"}}}");
    /* the deal is in "proposal": a pipeline without it is refused */
    t_err(db, "invalid", "pipeline", "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"first_contact\"},"
          "{\"name\":\"needs\"},{\"name\":\"contract\"}]}}");
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(before); free(after);
    {
        cJSON *s = t_ok(db, "{\"op\":\"settings.get\"}");
        CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(s, "pipeline")), 4);
        CHECK_NUM(t_num(s, "active_threshold"), 5);
        CHECK_NUM(t_num(s, "grace_days"), 0);
        CHECK_STR(t_str(s, "currency"), "CNY");
        cJSON_Delete(s);
    }
    /* reordering and renaming unused stages is fine while "proposal" stays */
    cJSON_Delete(t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"pipeline\":[{\"name\":\"intro\"},"
                      "{\"name\":\"proposal\",\"deadline_days\":4}]}}"));
    CHECK_EQ_INT(t_total(db, "deals", "{\"stage\":\"proposal\"}"), 1);
    gj_close(db);
}

int main(void)
{
    test_defaults();
    test_set();
    test_invalid();
    return t_done("test_settings");
}
