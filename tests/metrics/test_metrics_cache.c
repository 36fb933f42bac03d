/*
 * The metrics layer keeps customers and follow-ups between ops while the
 * database is unchanged: every kind of change must show in the next op.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testlib.h"

static const char compute[] =
    "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"2025-01-01\",\"to\":\"2025-02-01\",\"by\":[\"rep\"]}}";

static double num(gj_db *db, const char *path)
{
    cJSON *m = t_ok(db, compute);
    double v = t_num(m, path);
    cJSON_Delete(m);
    return v;
}

/* Imports `old` follow-ups f1..f<old> of 2024 (outside the period) and
 * `fresh` more of 2025-01-10, one per customer 1..fresh. */
static void import_followups(gj_db *db, int old, int fresh)
{
    size_t cap = (size_t)(old + fresh) * 48 + 64, len = 0;
    char *csv = malloc(cap), *req, *resp;
    cJSON *r = cJSON_CreateObject(), *args = cJSON_AddObjectToObject(r, "args");
    int i;
    len += (size_t)snprintf(csv + len, cap - len, "ext_id,customer_id,at\n");
    for (i = 0; i < old; i++)
        len += (size_t)snprintf(csv + len, cap - len, "f%d,%d,2024-06-01T00:00:00Z\n", i + 1, i % 20 + 1);
    for (i = 0; i < fresh; i++)
        len += (size_t)snprintf(csv + len, cap - len, "n%d,%d,2025-01-10T00:00:00Z\n", i + 1, i + 1);
    cJSON_AddStringToObject(r, "op", "import.csv");
    cJSON_AddStringToObject(args, "kind", "followups");
    cJSON_AddStringToObject(args, "text", csv);
    req = cJSON_PrintUnformatted(r);
    resp = gj_call(db, req); /* longer than testlib's request buffer */
    CHECK(resp && strncmp(resp, "{\"ok\":true", 10) == 0);
    gj_free(resp);
    free(req);
    free(csv);
    cJSON_Delete(r);
}

int main(void)
{
    gj_db *a = t_open(), *b;
    cJSON_Delete(t_ok(a, "{\"op\":\"reps.create\",\"args\":{\"name\":\"r1\"}}"));
    cJSON_Delete(t_ok(a, "{\"op\":\"reps.create\",\"args\":{\"name\":\"r2\"}}"));
    cJSON_Delete(t_ok(a, "{\"op\":\"customers.create\",\"args\":{\"name\":\"c\",\"owner_id\":1,"
                         "\"created_at\":\"2024-01-01T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "by.rep.0.activity.customers"), 1);
    CHECK_EQ_INT(num(a, "by.rep.0.followups"), 0);

    /* a new follow-up */
    cJSON_Delete(t_ok(a, "{\"op\":\"followups.create\",\"args\":{\"customer_id\":1,\"rep_id\":1,"
                         "\"at\":\"2025-01-10T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "by.rep.0.followups"), 1);
    CHECK_EQ_INT(num(a, "conversion.followed_up_customers"), 1);

    /* a changed follow-up time moves it out of the period */
    cJSON_Delete(t_ok(a, "{\"op\":\"followups.update\",\"args\":{\"id\":1,\"at\":\"2025-03-10T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "by.rep.0.followups"), 0);

    /* a changed owner moves the customer to the other rep's row */
    cJSON_Delete(t_ok(a, "{\"op\":\"customers.update\",\"args\":{\"id\":1,\"owner_id\":2}}"));
    CHECK_EQ_INT(num(a, "by.rep.0.activity.customers"), 0);
    CHECK_EQ_INT(num(a, "by.rep.1.activity.customers"), 1);

    /* a deleted follow-up */
    cJSON_Delete(t_ok(a, "{\"op\":\"followups.delete\",\"args\":{\"id\":1}}"));
    CHECK_EQ_INT(num(a, "conversion.followed_up_customers"), 0);

    /* every other table the metrics keep in memory: orders, deals and their
     * stage history, events, tickets, surveys (each change must show) */
    CHECK_EQ_INT(num(a, "retention.ordering_customers"), 0);
    cJSON_Delete(t_ok(a, "{\"op\":\"orders.create\",\"args\":{\"customer_id\":1,\"amount\":10,"
                         "\"at\":\"2025-01-05T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "retention.ordering_customers"), 1);
    cJSON_Delete(t_ok(a, "{\"op\":\"orders.update\",\"args\":{\"id\":1,\"at\":\"2025-03-05T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "retention.ordering_customers"), 0);
    CHECK_EQ_INT(num(a, "activity.avg_score"), 0);
    cJSON_Delete(t_ok(a, "{\"op\":\"events.create\",\"args\":{\"customer_id\":1,\"kind\":\"login\","
                         "\"at\":\"2025-01-05T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "activity.avg_score"), 1);
    cJSON_Delete(t_ok(a, "{\"op\":\"events.delete\",\"args\":{\"id\":1}}"));
    CHECK_EQ_INT(num(a, "activity.avg_score"), 0);
    cJSON_Delete(t_ok(a, "{\"op\":\"tickets.create\",\"args\":{\"customer_id\":1,"
                         "\"created_at\":\"2025-01-05T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "response.tickets"), 1);
    cJSON_Delete(t_ok(a, "{\"op\":\"tickets.update\",\"args\":{\"id\":1,"
                         "\"first_response_at\":\"2025-01-05T02:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "response.first_response_hours.median"), 2);
    cJSON_Delete(t_ok(a, "{\"op\":\"surveys.create\",\"args\":{\"customer_id\":1,\"kind\":\"csat\","
                         "\"score\":4,\"at\":\"2025-01-06T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "satisfaction.csat_avg"), 4);
    cJSON_Delete(t_ok(a, "{\"op\":\"surveys.update\",\"args\":{\"id\":1,\"score\":2}}"));
    CHECK_EQ_INT(num(a, "satisfaction.csat_avg"), 2);
    cJSON_Delete(t_ok(a, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"owner_id\":2,"
                         "\"created_at\":\"2025-01-03T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "conversion.deals_created"), 1);
    CHECK_EQ_INT(num(a, "conversion.funnel.1.reached"), 0);
    cJSON_Delete(t_ok(a, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"stage\":\"proposal\"}}"));
    CHECK_EQ_INT(num(a, "conversion.funnel.1.reached"), 1);
    cJSON_Delete(t_ok(a, "{\"op\":\"deals.update\",\"args\":{\"id\":1,\"status\":\"won\","
                         "\"closed_at\":\"2025-01-20T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(a, "conversion.won"), 1);
    cJSON_Delete(t_ok(a, "{\"op\":\"deals.delete\",\"args\":{\"id\":1}}"));
    CHECK_EQ_INT(num(a, "conversion.deals_created"), 0);
    CHECK_EQ_INT(num(a, "conversion.won"), 0);

    /* a request that fails and rolls back leaves the data as it was */
    t_err(a, "invalid", NULL, "{\"op\":\"customers.create\",\"args\":{\"name\":\"\"}}");
    CHECK_EQ_INT(num(a, "activity.customers"), 1);

    /* another handle never sees the first one's data */
    b = t_open();
    CHECK_EQ_INT(num(b, "activity.customers"), 0);
    CHECK_EQ_INT(num(a, "activity.customers"), 1);
    cJSON_Delete(t_ok(b, "{\"op\":\"customers.create\",\"args\":{\"name\":\"x\","
                         "\"created_at\":\"2024-01-01T00:00:00Z\"}}"));
    CHECK_EQ_INT(num(b, "activity.customers"), 1);
    gj_close(b);

    /* a handle opened after another was closed (maybe at the same address) */
    b = t_open();
    CHECK_EQ_INT(num(b, "activity.customers"), 0);
    gj_close(b);
    gj_close(a);

    /* another connection writing the same file */
    {
        char path[] = "/tmp/gj_metrics_cacheXXXXXX";
        int fd = mkstemp(path);
        gj_db *w = NULL;
        if (fd >= 0) close(fd);
        remove(path);
        CHECK(gj_open(path, &a) == GJ_OK);
        CHECK_EQ_INT(num(a, "activity.customers"), 0);
        CHECK(gj_open(path, &w) == GJ_OK);
        cJSON_Delete(t_ok(w, "{\"op\":\"customers.create\",\"args\":{\"name\":\"y\","
                             "\"created_at\":\"2024-01-01T00:00:00Z\"}}"));
        gj_close(w);
        CHECK_EQ_INT(num(a, "activity.customers"), 1);
        gj_close(a);
        remove(path);
    }
    /* a large re-import drops and remakes the temp triggers of the table
     * it fills: rows it adds after that must still reach the copy, even when
     * the rows before (the same as stored) changed nothing */
    {
        enum { OLD = 10000, CUSTOMERS = 20 };
        int i;
        a = t_open();
        for (i = 0; i < CUSTOMERS; i++)
            cJSON_Delete(t_ok(a, "{\"op\":\"customers.create\",\"args\":{\"name\":\"c\","
                                 "\"created_at\":\"2024-01-01T00:00:00Z\"}}"));
        import_followups(a, OLD, 0);
        CHECK_EQ_INT(num(a, "conversion.followed_up_customers"), 0);
        import_followups(a, OLD, CUSTOMERS);
        CHECK_EQ_INT(num(a, "conversion.followed_up_customers"), CUSTOMERS);
        gj_close(a);
    }
    return t_done("test_metrics_cache");
}
