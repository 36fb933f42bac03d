/*
 * bench_dashboard DB REQUEST [N]: runs one API request N times (default
 * 10) on one handle and prints each CPU time, for profiling one op of the
 * dashboard (perf record ./bench_dashboard ...). The whole dashboard is
 * timed by `genjin bench` (src/cli/cli_bench.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "genjin/genjin.h"

/* CPU time of the process: on a shared machine it moves less than the
 * wall clock when other work competes for the cores. */
static double ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int main(int argc, char **argv)
{
    gj_db *db = NULL;
    int i, n = argc > 3 ? atoi(argv[3]) : 10;
    if (argc < 3 || gj_open(argv[1], &db) != GJ_OK) {
        fprintf(stderr, "usage: bench_dashboard DB REQUEST [N]\n");
        gj_close(db);
        return 2;
    }
    for (i = 0; i < n; i++) {
        double t0 = ms();
        char *resp = gj_call(db, argv[2]);
        printf("%8.1f ms cpu%s\n", ms() - t0, i ? "" : " (first: loads the shared data)");
        if (!resp || strncmp(resp, "{\"ok\":true", 10) != 0) {
            printf("FAILED: %.300s\n", resp ? resp : "(null)");
            gj_free(resp);
            gj_close(db);
            return 1;
        }
        gj_free(resp);
    }
    gj_close(db);
    return 0;
}
