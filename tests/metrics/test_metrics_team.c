/*
 * The team filter of the metrics ops: on demo data, a team's counts are
 * the sums of its reps' counts and its rates are recounted from them, a
 * team given by name equals the same reps given as ids, every op that
 * takes `team` keeps only the team's records, and bad values are errors
 * naming the field `team` with their reason.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define PERIOD "\"from\":\"2025-05-01\",\"to\":\"2025-06-01\""

static gj_db *db;

/* Counts of metrics.compute that add up over reps. */
static const char *const additive[] = {
    "activity.customers", "activity.active_customers", "activity.active_unconverted",
    "conversion.deals_created", "conversion.followups", "conversion.won", "conversion.lost",
    "conversion.won_amount", "conversion.followed_up_customers", "conversion.not_followed_up_customers",
    "conversion.funnel.0.reached", "conversion.funnel.1.reached", "cycle.won_deals",
    "satisfaction.csat_responses", "satisfaction.nps_responses", "satisfaction.promoters",
    "satisfaction.passives", "satisfaction.detractors", "response.tickets", "response.unanswered",
    "response.due_items", "response.missed_items", "response.stage_entries",
    "retention.ordering_customers", NULL};

/* The rep ids of the team called `name` in reps.teams; returns how many. */
static int team_reps(const char *name, long long *ids, int max)
{
    cJSON *d = t_ok(db, "{\"op\":\"reps.teams\"}"), *it;
    int n = 0;
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(d, "items")) {
        const cJSON *r;
        if (strcmp(t_str(it, "name"), name) != 0) continue;
        cJSON_ArrayForEach(r, cJSON_GetObjectItem(it, "rep_ids")) if (n < max) ids[n++] = (long long)r->valuedouble;
    }
    cJSON_Delete(d);
    return n;
}

static void teams_listed(void)
{
    cJSON *d = t_ok(db, "{\"op\":\"reps.teams\"}");
    const cJSON *it;
    int total = 0;
    CHECK(d != NULL);
    cJSON_ArrayForEach(it, cJSON_GetObjectItem(d, "items")) {
        char filter[256];
        const char *name = t_str(it, "name");
        snprintf(filter, sizeof filter, "{\"team\":\"%s\"}", name);
        /* a team lists exactly the reps whose team it is */
        CHECK_EQ_INT(cJSON_GetArraySize(cJSON_GetObjectItem(it, "rep_ids")), t_total(db, "reps", filter));
        total++;
    }
    CHECK_EQ_INT(total, 3); /* the demo's 华东组, 华南组, 客服组 */
    CHECK_EQ_INT(t_num(d, "total"), 3);
    CHECK_STR(t_str(d, "items.0.name"), "华东组");
    cJSON_Delete(d);
}

/* metrics.compute of the team equals the sum over its reps, both ways of naming it. */
static void compute_is_the_sum(const char *team)
{
    long long ids[16];
    int n = team_reps(team, ids, 16), i, k;
    cJSON *byname = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"team\":\"%s\",\"by\":\"rep\"}}", team);
    cJSON *per[16], *byids;
    char list[256] = "";
    size_t len = 0;
    CHECK(n >= 1 && byname != NULL);
    for (i = 0; i < n; i++) {
        per[i] = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"rep_id\":%lld}}", ids[i]);
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%lld", i ? "," : "", ids[n - 1 - i]);
    }
    for (k = 0; additive[k]; k++) {
        double sum = 0;
        for (i = 0; i < n; i++) sum += t_num(per[i], additive[k]);
        CHECK_NUM(t_num(byname, additive[k]), sum);
    }
    /* rates are recounted from the team's own counts */
    {
        double won = t_num(byname, "conversion.won"), lost = t_num(byname, "conversion.lost");
        double cust = t_num(byname, "activity.customers"), act = t_num(byname, "activity.active_customers");
        if (won + lost > 0) CHECK_NUM(t_num(byname, "conversion.win_rate"), won / (won + lost));
        if (cust > 0) CHECK_NUM(t_num(byname, "activity.active_rate"), act / cust);
    }
    /* the breakdown by rep holds exactly the team's reps, each as alone */
    CHECK_EQ_INT(cJSON_GetArraySize(t_at(byname, "by.rep")), n);
    for (i = 0; i < n; i++) {
        const cJSON *g = t_at(byname, "by.rep");
        const cJSON *row;
        int found = 0;
        cJSON_ArrayForEach(row, g) if ((long long)t_num(row, "rep_id") == ids[i]) {
            found = 1;
            CHECK_NUM(t_num(row, "conversion.followups"), t_num(per[i], "conversion.followups"));
            CHECK_NUM(t_num(row, "activity.customers"), t_num(per[i], "activity.customers"));
        }
        CHECK(found);
    }
    /* the same reps as a list of ids (any order, repeated): the same answer */
    len += (size_t)snprintf(list + len, sizeof list - len, ",%lld", ids[0]);
    byids = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"team\":[%s],\"by\":\"rep\"}}", list);
    {
        char *a = cJSON_PrintUnformatted(byname), *b = cJSON_PrintUnformatted(byids);
        CHECK_SAME(a, b);
        free(a);
        free(b);
    }
    cJSON_Delete(byids);
    for (i = 0; i < n; i++) cJSON_Delete(per[i]);
    cJSON_Delete(byname);
}

/* `op` with args `extra` plus team == the sum over the reps of `path`. */
static void list_is_the_sum(const char *op, const char *extra, const char *path, const char *team)
{
    long long ids[16];
    int n = team_reps(team, ids, 16), i;
    cJSON *t = t_ok(db, "{\"op\":\"%s\",\"args\":{%s%s\"team\":\"%s\"}}", op, extra, *extra ? "," : "", team);
    double sum = 0;
    for (i = 0; i < n; i++) {
        cJSON *r = t_ok(db, "{\"op\":\"%s\",\"args\":{%s%s\"rep_id\":%lld}}", op, extra, *extra ? "," : "", ids[i]);
        sum += t_num(r, path);
        cJSON_Delete(r);
    }
    gj_test_checks++;
    if (t_num(t, path) != sum) {
        gj_test_failures++;
        fprintf(stderr, "%s %s of %s: team %g, reps %g\n", op, path, team, t_num(t, path), sum);
    }
    cJSON_Delete(t);
}

static void every_op_filters(void)
{
    static const char *const teams[] = {"华南组", "华东组", "客服组", NULL};
    int i;
    for (i = 0; teams[i]; i++) {
        compute_is_the_sum(teams[i]);
        list_is_the_sum("followups.due", "\"date\":\"2025-06-01\",\"range\":\"week\"", "total", teams[i]);
        list_is_the_sum("alerts.churn", "\"as_of\":\"2025-06-01\"", "total", teams[i]);
        list_is_the_sum("metrics.explain", PERIOD ",\"metric\":\"conversion.win_rate\"", "denominator_count", teams[i]);
        list_is_the_sum("metrics.explain", PERIOD ",\"metric\":\"response.missed_followup_rate\"", "numerator_count",
                        teams[i]);
        list_is_the_sum("metrics.trend", PERIOD ",\"metric\":\"conversion.followups\",\"bucket\":\"week\"",
                        "points.2.value", teams[i]);
        list_is_the_sum("metrics.rfm", "\"to\":\"2025-06-01\"", "total", teams[i]);
    }
}

static void scorecard_and_weekly(void)
{
    long long ids[16];
    int n = team_reps("华南组", ids, 16);
    cJSON *sc = t_ok(db, "{\"op\":\"metrics.scorecard\",\"args\":{" PERIOD ",\"team\":\"华南组\"}}");
    cJSON *wk = t_ok(db, "{\"op\":\"metrics.weekly\",\"args\":{\"week\":\"2025-W21\",\"team\":\"华南组\",\"lang\":\"en\"}}");
    cJSON *all = t_ok(db, "{\"op\":\"metrics.weekly\",\"args\":{\"week\":\"2025-W21\",\"lang\":\"en\"}}");
    cJSON *ids_wk = t_ok(db, "{\"op\":\"metrics.weekly\",\"args\":{\"week\":\"2025-W21\",\"team\":[%lld,%lld],"
                             "\"lang\":\"en\"}}", ids[0], ids[1]);
    cJSON *f = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"2025-05-19\",\"to\":\"2025-05-26\","
                        "\"team\":\"华南组\"}}");
    const char *text = t_str(wk, "text");
    char line[128];
    CHECK_EQ_INT(n, 2);
    /* ranked among the team only */
    CHECK_EQ_INT(cJSON_GetArraySize(t_at(sc, "reps")), n);
    CHECK_EQ_INT(t_num(sc, "reps.0.rank"), 1);
    CHECK_EQ_INT(t_num(sc, "reps.1.rank"), 2);
    /* the report names the team and counts its follow-ups */
    CHECK(text && strstr(text, "· 华南组\n") != NULL);
    snprintf(line, sizeof line, "%.0f follow-ups", t_num(f, "conversion.followups"));
    CHECK(text && strstr(text, line) != NULL);
    CHECK(strcmp(text, t_str(all, "text")) != 0);
    /* a list of ids is titled by the reps' names */
    CHECK(t_str(ids_wk, "text") && strstr(t_str(ids_wk, "text"), "华南组") == NULL);
    cJSON_Delete(sc);
    cJSON_Delete(wk);
    cJSON_Delete(all);
    cJSON_Delete(ids_wk);
    cJSON_Delete(f);
}

/* rep_id and team together: the rep when it is in the team, else nothing. */
static void rep_and_team(void)
{
    long long east[4], south[4];
    cJSON *in, *alone, *out;
    team_reps("华东组", east, 4);
    team_reps("华南组", south, 4);
    in = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"team\":\"华南组\",\"rep_id\":%lld}}", south[0]);
    alone = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"rep_id\":%lld}}", south[0]);
    out = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"team\":\"华南组\",\"rep_id\":%lld}}", east[0]);
    CHECK_NUM(t_num(in, "conversion.followups"), t_num(alone, "conversion.followups"));
    CHECK(t_num(alone, "conversion.followups") > 0);
    CHECK_NUM(t_num(out, "conversion.followups"), 0);
    CHECK_NUM(t_num(out, "activity.customers"), 0);
    cJSON_Delete(in);
    cJSON_Delete(alone);
    cJSON_Delete(out);
}

/* One bad `team` on `op`: invalid, naming team, with `reason`. */
static void bad(const char *op, const char *args, const char *team, const char *reason)
{
    cJSON *j = t_call(db, "{\"op\":\"%s\",\"args\":{%s%s\"team\":%s}}", op, args, *args ? "," : "", team);
    const char *code = t_str(j, "error.code"), *field = t_str(j, "error.field"), *r = t_str(j, "error.reason");
    gj_test_checks++;
    if (!code || strcmp(code, "invalid") != 0 || !field || strcmp(field, "team") != 0 || !r ||
        strcmp(r, reason) != 0) {
        char *s = cJSON_PrintUnformatted(j);
        gj_test_failures++;
        fprintf(stderr, "%s team %s: want invalid/team/%s, got %s\n", op, team, reason, s);
        free(s);
    }
    cJSON_Delete(j);
}

static void bad_values(void)
{
    static const struct {
        const char *op, *args;
    } ops[] = {{"metrics.compute", PERIOD},
               {"metrics.scorecard", PERIOD},
               {"metrics.trend", PERIOD ",\"metric\":\"conversion.followups\""},
               {"metrics.explain", PERIOD ",\"metric\":\"conversion.win_rate\""},
               {"followups.due", ""},
               {"alerts.churn", ""},
               {"metrics.rfm", ""},
               {"metrics.weekly", "\"week\":\"2025-W21\""}};
    size_t i;
    for (i = 0; i < sizeof ops / sizeof ops[0]; i++) {
        bad(ops[i].op, ops[i].args, "\"无此组\"", "unknown_team");
        bad(ops[i].op, ops[i].args, "\"\"", "unknown_team");
        bad(ops[i].op, ops[i].args, "7", "wrong_type");
        bad(ops[i].op, ops[i].args, "{\"name\":\"华东组\"}", "wrong_type");
        bad(ops[i].op, ops[i].args, "[]", "too_few");
        bad(ops[i].op, ops[i].args, "[1,\"2\"]", "not_an_integer");
        bad(ops[i].op, ops[i].args, "[1.5]", "not_an_integer");
        bad(ops[i].op, ops[i].args, "[0]", "bad_id");
        bad(ops[i].op, ops[i].args, "[1,99999]", "not_found");
    }
    /* the unknown name and the missing rep are in the error's params */
    {
        cJSON *j = t_call(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"team\":\"无此组\"}}");
        cJSON *k = t_call(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"team\":[99999]}}");
        CHECK_STR(t_str(j, "error.params.value"), "无此组");
        CHECK_NUM(t_num(k, "error.params.id"), 99999);
        CHECK_STR(t_str(k, "error.params.entity"), "reps");
        cJSON_Delete(j);
        cJSON_Delete(k);
    }
    /* null is no filter */
    {
        cJSON *a = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD ",\"team\":null}}");
        cJSON *b = t_ok(db, "{\"op\":\"metrics.compute\",\"args\":{" PERIOD "}}");
        CHECK_NUM(t_num(a, "activity.customers"), t_num(b, "activity.customers"));
        cJSON_Delete(a);
        cJSON_Delete(b);
    }
}

int main(void)
{
    db = t_open();
    cJSON_Delete(t_ok(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":200,\"seed\":1,"
                          "\"now\":\"2025-06-01T00:00:00Z\"}}"));
    gj_set_now(db, 1748736000);
    teams_listed();
    every_op_filters();
    scorecard_and_weekly();
    rep_and_team();
    bad_values();
    gj_close(db);
    return t_done("test_metrics_team");
}
