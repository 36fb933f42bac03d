/*
 * bench_dashboard DB [TODAY]: times the metrics behind one dashboard view
 * through gj_call on an existing database (e.g. one made by genjin demo):
 * totals and by rep for the month before TODAY's (YYYY-MM-DD, default
 * 2025-06-01), 12-month trends, churn alerts, the due list and RFM. Runs the set twice: the first run reads customers and
 * follow-ups, the second reuses them as a dashboard refresh would.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genjin/genjin.h"

static double ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    const char *today = argc > 2 ? argv[2] : "2025-06-01";
    char req[8][512];
    const char *names[8] = {"compute by rep (month)", "trend conversion.win_rate (12 months)",
                            "trend activity.active_rate (12 months)",
                            "trend retention.repurchase_rate (12 months)", "alerts.churn",
                            "followups.due", "metrics.rfm", NULL};
    int year = atoi(today), month, run, i;
    gj_db *db = NULL;
    if (argc < 2 || gj_open(argv[1], &db) != GJ_OK) {
        fprintf(stderr, "usage: bench_dashboard DB [TODAY]\n");
        gj_close(db);
        return 2;
    }
    /* the month before TODAY's month */
    month = atoi(today + 5) - 1;
    snprintf(req[0], sizeof req[0], "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"%04d-%02d-01\","
             "\"to\":\"%.7s-01\",\"by\":[\"rep\"]}}", month ? year : year - 1, month ? month : 12, today);
    snprintf(req[1], sizeof req[1], "{\"op\":\"metrics.trend\",\"args\":{\"metric\":\"conversion.win_rate\","
             "\"from\":\"%04d%s\",\"to\":\"%s\"}}", year - 1, today + 4, today);
    snprintf(req[2], sizeof req[2], "{\"op\":\"metrics.trend\",\"args\":{\"metric\":\"activity.active_rate\","
             "\"from\":\"%04d%s\",\"to\":\"%s\"}}", year - 1, today + 4, today);
    snprintf(req[3], sizeof req[3], "{\"op\":\"metrics.trend\",\"args\":{\"metric\":\"retention.repurchase_rate\","
             "\"from\":\"%04d%s\",\"to\":\"%s\"}}", year - 1, today + 4, today);
    snprintf(req[4], sizeof req[4], "{\"op\":\"alerts.churn\",\"args\":{\"as_of\":\"%s\",\"limit\":20}}", today);
    snprintf(req[5], sizeof req[5], "{\"op\":\"followups.due\",\"args\":{\"date\":\"%s\",\"limit\":20}}", today);
    snprintf(req[6], sizeof req[6], "{\"op\":\"metrics.rfm\",\"args\":{\"to\":\"%s\",\"limit\":20}}", today);
    for (run = 0; run < 2; run++) {
        double total = 0;
        printf("%s run\n", run ? "second (shared data)" : "first");
        for (i = 0; names[i]; i++) {
            double t0 = ms(), dt;
            char *resp = gj_call(db, req[i]);
            dt = ms() - t0;
            total += dt;
            if (!resp || strncmp(resp, "{\"ok\":true", 10) != 0)
                printf("  FAILED %s: %.200s\n", names[i], resp ? resp : "(null)");
            printf("  %8.1f ms  %s\n", dt, names[i]);
            gj_free(resp);
        }
        printf("  %8.1f ms  total\n", total);
    }
    gj_close(db);
    return 0;
}
