/*
 * genjin bench: the metrics dashboard benchmark (native side).
 *
 *   genjin bench [--sizes S,M,L] [--dir DIR] [--runs N] [--json]
 *
 * For each size it makes DIR/bench-<size>.db with demo.generate and exact
 * counts (seed 1, "today" 2025-06-01, so every run and the WASM and sql.js
 * scripts see the same rows; an existing file with the right counts is
 * reused), then times the full dashboard through gj_call, as the page asks
 * for it:
 *
 *   metrics.compute for the last month with by rep (totals and rep rows),
 *   metrics.trend of the five headline metrics over 12 months,
 *   alerts.churn and followups.due as of today.
 *
 * cold = a fresh handle per run (the first dashboard after opening reads
 * customers and follow-ups); warm = the same handle again (a refresh).
 * Prints medians and minimums of --runs runs (default 5). Timing is wall
 * clock (CLOCK_MONOTONIC); the OS file cache is warm in both.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genjin/genjin.h"

#define BENCH_TODAY "2025-06-01"
#define BENCH_MAXRUNS 50

typedef struct {
    const char *name;
    int customers, deals, followups, tickets, surveys, orders, events;
} bench_size;

/* L is the benchmark's full size; S and M keep its ratios at 2k and 20k customers. */
static const bench_size sizes[] = {
    {"S", 2000, 4000, 20000, 4000, 2000, 8000, 40000},
    {"M", 20000, 40000, 200000, 40000, 20000, 80000, 400000},
    {"L", 50000, 100000, 500000, 100000, 50000, 200000, 1000000},
};

/* The dashboard's requests. */
static const char *const ops[][2] = {
    {"compute by rep", "{\"op\":\"metrics.compute\",\"args\":{\"from\":\"2025-05-01\",\"to\":\"" BENCH_TODAY
                       "\",\"by\":[\"rep\"]}}"},
#define TREND(m) "{\"op\":\"metrics.trend\",\"args\":{\"metric\":\"" m "\",\"from\":\"2024-06-01\",\"to\":\"" \
                 BENCH_TODAY "\"}}"
    {"trend activity.active_rate", TREND("activity.active_rate")},
    {"trend conversion.win_rate", TREND("conversion.win_rate")},
    {"trend satisfaction.csat_avg", TREND("satisfaction.csat_avg")},
    {"trend response.first_response_hours.median", TREND("response.first_response_hours.median")},
    {"trend retention.repurchase_rate", TREND("retention.repurchase_rate")},
#undef TREND
    {"alerts.churn", "{\"op\":\"alerts.churn\",\"args\":{\"as_of\":\"" BENCH_TODAY "\",\"limit\":50}}"},
    {"followups.due", "{\"op\":\"followups.due\",\"args\":{\"date\":\"" BENCH_TODAY "\",\"limit\":50}}"},
};
#define NOPS ((int)(sizeof ops / sizeof ops[0]))

static double now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double minimum(const double *v, int n)
{
    double m = v[0];
    int i;
    for (i = 1; i < n; i++)
        if (v[i] < m) m = v[i];
    return m;
}

/* Runs req; 0 when it answered ok, else prints the answer and returns 1. */
static int call_ok(gj_db *db, const char *req, const char *what)
{
    char *resp = gj_call(db, req);
    int ok = resp && strncmp(resp, "{\"ok\":true", 10) == 0;
    if (!ok) fprintf(stderr, "genjin: bench: %s failed: %.300s\n", what, resp ? resp : "(out of memory)");
    gj_free(resp);
    return ok ? 0 : 1;
}

/* Whether the file at path already holds size z (db.info counts). */
static int has_size(gj_db *db, const bench_size *z)
{
    char *resp = gj_call(db, "{\"op\":\"db.info\"}"), want[64];
    int ok;
    if (!resp) return 0;
    snprintf(want, sizeof want, "\"customers\":%d,", z->customers);
    ok = strstr(resp, want) != NULL;
    snprintf(want, sizeof want, "\"events\":%d,", z->events);
    ok = ok && strstr(resp, want) != NULL;
    gj_free(resp);
    return ok;
}

static int make_db(const char *path, const bench_size *z)
{
    gj_db *db = NULL;
    char req[512];
    double t0;
    int rc;
    if (gj_open(path, &db) != GJ_OK) {
        fprintf(stderr, "genjin: bench: %s: %s\n", path, gj_errmsg(db));
        gj_close(db);
        return 1;
    }
    if (has_size(db, z)) {
        gj_close(db);
        return 0;
    }
    gj_close(db);
    remove(path);
    if (gj_open(path, &db) != GJ_OK) {
        fprintf(stderr, "genjin: bench: %s: %s\n", path, gj_errmsg(db));
        gj_close(db);
        return 1;
    }
    snprintf(req, sizeof req,
             "{\"op\":\"demo.generate\",\"args\":{\"customers\":%d,\"deals\":%d,\"followups\":%d,"
             "\"tickets\":%d,\"surveys\":%d,\"orders\":%d,\"events\":%d,\"seed\":1,\"now\":\"" BENCH_TODAY
             "\"}}",
             z->customers, z->deals, z->followups, z->tickets, z->surveys, z->orders, z->events);
    fprintf(stderr, "generating %s (%d customers, %d events)...\n", path, z->customers, z->events);
    t0 = now_ms();
    rc = call_ok(db, req, "demo.generate");
    if (rc == 0) fprintf(stderr, "  %.1f s\n", (now_ms() - t0) / 1e3);
    gj_close(db);
    return rc;
}

/* One dashboard on db: per-op times into t[op], the total into *total. */
static int dashboard(gj_db *db, double *t, double *total)
{
    int i;
    *total = 0;
    for (i = 0; i < NOPS; i++) {
        double t0 = now_ms();
        if (call_ok(db, ops[i][1], ops[i][0])) return 1;
        t[i] = now_ms() - t0;
        *total += t[i];
    }
    return 0;
}

static int bench_one(const char *path, const bench_size *z, int runs, int json)
{
    static double cold[NOPS + 1][BENCH_MAXRUNS], warm[NOPS + 1][BENCH_MAXRUNS];
    double t[NOPS], total;
    gj_db *db = NULL;
    int r, i;
    for (r = 0; r < runs; r++) {
        if (gj_open(path, &db) != GJ_OK) goto fail;
        if (dashboard(db, t, &total)) goto fail;
        for (i = 0; i < NOPS; i++) cold[i][r] = t[i];
        cold[NOPS][r] = total;
        gj_close(db);
        db = NULL;
    }
    if (gj_open(path, &db) != GJ_OK || dashboard(db, t, &total)) goto fail; /* warm it up */
    for (r = 0; r < runs; r++) {
        if (dashboard(db, t, &total)) goto fail;
        for (i = 0; i < NOPS; i++) warm[i][r] = t[i];
        warm[NOPS][r] = total;
    }
    gj_close(db);
    if (json) {
        printf("{\"size\":\"%s\",\"system\":\"native\",\"runs\":%d,\"ops\":[", z->name, runs);
        for (i = 0; i <= NOPS; i++)
            printf("%s{\"op\":\"%s\",\"cold_ms\":%.2f,\"cold_min_ms\":%.2f,\"warm_ms\":%.2f,\"warm_min_ms\":%.2f}",
                   i ? "," : "", i < NOPS ? ops[i][0] : "total", median(cold[i], runs),
                   minimum(cold[i], runs), median(warm[i], runs), minimum(warm[i], runs));
        printf("]}\n");
    } else {
        printf("size %s (%s): median (min) of %d runs, ms\n", z->name, path, runs);
        printf("  %-44s %16s %16s\n", "op", "cold", "warm");
        for (i = 0; i <= NOPS; i++)
            printf("  %-44s %8.1f (%5.1f) %8.1f (%5.1f)\n", i < NOPS ? ops[i][0] : "TOTAL full dashboard",
                   median(cold[i], runs), minimum(cold[i], runs), median(warm[i], runs),
                   minimum(warm[i], runs));
    }
    fflush(stdout);
    return 0;
fail:
    fprintf(stderr, "genjin: bench: %s: %s\n", path, db ? gj_errmsg(db) : "cannot open");
    gj_close(db);
    return 1;
}

int gj_cli_bench(int argc, char **argv)
{
    const char *list = "S,M,L", *dir = ".";
    int runs = 5, json = 0, i, k, status = 0;
    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--sizes") == 0 && i + 1 < argc) list = argv[++i];
        else if (strcmp(argv[i], "--dir") == 0 && i + 1 < argc) dir = argv[++i];
        else if (strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = atoi(argv[++i]);
        else if (strcmp(argv[i], "--json") == 0) json = 1;
        else {
            fprintf(stderr, "genjin: bench: unknown option '%s'\n", argv[i]);
            return 2;
        }
    }
    if (runs < 1 || runs > BENCH_MAXRUNS) {
        fprintf(stderr, "genjin: bench: --runs must be 1 to %d\n", BENCH_MAXRUNS);
        return 2;
    }
    for (k = 0; k < (int)(sizeof sizes / sizeof sizes[0]) && status == 0; k++) {
        char path[1024];
        const char *p = strstr(list, sizes[k].name);
        if (!p || (p > list && p[-1] != ',') || (p[1] && p[1] != ',')) continue;
        snprintf(path, sizeof path, "%s/bench-%s.db", dir, sizes[k].name);
        status = make_db(path, &sizes[k]) || bench_one(path, &sizes[k], runs, json);
    }
    return status;
}
