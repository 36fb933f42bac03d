/*
 * Times API requests on an existing database, in process (opening the
 * file and the process start are left out): bench_lists DB RUNS JSON...
 * prints each request's best and median time in ms. Used for the list
 * numbers in docs/bench.md.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genjin/genjin.h"

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
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
    double *t;
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
            double t0 = now_ms();
            char *out = gj_call(db, argv[i]);
            t[r] = now_ms() - t0;
            if (!out || strncmp(out, "{\"ok\":true", 10) != 0) ok = 0;
            if (r == 0 && !ok) fprintf(stderr, "%s\n", out ? out : "(null)");
            gj_free(out);
        }
        qsort(t, (size_t)runs, sizeof *t, cmp);
        printf("%8.1f ms best %8.1f ms median  %s%s\n", t[0], t[runs / 2], ok ? "" : "FAILED ",
               argv[i]);
    }
    free(t);
    gj_close(db);
    return 0;
}
