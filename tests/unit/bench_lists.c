/*
 * Times API requests on an existing database, in process (opening the
 * file and the process start are left out): bench_lists DB RUNS JSON...
 * prints each request's best and median wall time and its best CPU time
 * in ms (on a shared machine the CPU time is the steadier number). Used
 * for the list numbers in docs/bench.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genjin/genjin.h"

static double now_ms(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static int cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
    gj_db *db = NULL;
    int runs, i, r;
    double *t, cpu_best = 0;
    if (argc < 4 || (runs = atoi(argv[2])) < 1) {
        fprintf(stderr, "usage: bench_lists DB RUNS JSON...\n");
        return 2;
    }
    if (gj_open(argv[1], &db) != 0) {
        fprintf(stderr, "bench_lists: cannot open %s\n", argv[1]);
        return 1;
    }
    if (!(t = malloc((size_t)runs * sizeof *t))) return 1;
    for (i = 3; i < argc; i++) {
        int ok = 1;
        for (r = 0; r < runs; r++) {
            double t0 = now_ms(CLOCK_MONOTONIC), c0 = now_ms(CLOCK_PROCESS_CPUTIME_ID);
            char *out = gj_call(db, argv[i]);
            double cpu = now_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
            t[r] = now_ms(CLOCK_MONOTONIC) - t0;
            if (r == 0 || cpu < cpu_best) cpu_best = cpu;
            if (!out || strncmp(out, "{\"ok\":true", 10) != 0) ok = 0;
            if (r == 0 && !ok) fprintf(stderr, "%s\n", out ? out : "(null)");
            gj_free(out);
        }
        qsort(t, (size_t)runs, sizeof *t, cmp);
        printf("%8.1f ms best %8.1f ms median %8.1f ms cpu  %s%s\n", t[0], t[runs / 2], cpu_best,
               ok ? "" : "FAILED ", argv[i]);
    }
    free(t);
    gj_close(db);
    return 0;
}
