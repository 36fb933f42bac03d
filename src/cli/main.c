/*
 * genjin: the native command line. Every command is a thin shell over the
 * JSON API (gj_call), so the CLI and the browser exercise the same code.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genjin/genjin.h"

static const char usage[] =
    "genjin - customer follow-up CRM (core " GJ_VERSION ")\n"
    "\n"
    "usage:\n"
    "  genjin --db FILE call '<json>'     run one API request, print the response\n"
    "                                     (exit 0 if ok, 1 if not)\n"
    "  genjin --db FILE demo [--customers N] [--seed S] [--now ISO-TIME]\n"
    "                                     add deterministic demo data\n"
    "  genjin --db FILE info              schema version, record counts, size\n"
    "  genjin --help                      this text\n"
    "\n"
    "A request is {\"op\": \"customers.list\", \"args\": {...}}; ops are\n"
    "<entity>.create|get|update|delete|list for reps, customers, deals,\n"
    "followups, tickets, surveys, orders, events, customfields (and list/get\n"
    "for deal_stages and audit), settings.get|set, demo.generate, db.info.\n";

static int is_ok(const char *resp) { return resp && strncmp(resp, "{\"ok\":true", 10) == 0; }

/* Runs one request and prints the response; returns the exit status. */
static int run(gj_db *db, const char *req)
{
    char *resp = gj_call(db, req);
    int ok = is_ok(resp);
    if (!resp) {
        fprintf(stderr, "genjin: out of memory\n");
        return 1;
    }
    fputs(resp, stdout);
    fputc('\n', stdout);
    gj_free(resp);
    return ok ? 0 : 1;
}

/* Only digits: safe to paste into JSON unquoted. */
static int is_uint(const char *s)
{
    if (!s || !*s) return 0;
    for (; *s; s++)
        if (*s < '0' || *s > '9') return 0;
    return 1;
}

static int is_time_text(const char *s)
{
    for (; *s; s++)
        if (!strchr("0123456789-:+TZtz .", *s)) return 0;
    return 1;
}

int main(int argc, char **argv)
{
    const char *path = NULL, *cmd = NULL;
    gj_db *db = NULL;
    int i, status = 2, rc;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(usage, stdout);
            return 0;
        }
        if (strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
            path = argv[++i];
        } else {
            cmd = argv[i];
            break;
        }
    }
    if (!cmd) {
        fputs(usage, stderr);
        return 2;
    }
    if (!path) {
        fprintf(stderr, "genjin: --db FILE is required for '%s'\n", cmd);
        return 2;
    }
    rc = gj_open(path, &db);
    if (rc != GJ_OK) {
        fprintf(stderr, "genjin: %s\n", gj_errmsg(db));
        gj_close(db);
        return 1;
    }

    if (strcmp(cmd, "call") == 0) {
        if (i + 1 >= argc) fprintf(stderr, "genjin: call needs a JSON request\n");
        else status = run(db, argv[i + 1]);
    } else if (strcmp(cmd, "info") == 0) {
        status = run(db, "{\"op\":\"db.info\"}");
    } else if (strcmp(cmd, "demo") == 0) {
        const char *customers = "200", *seed = "1", *now = NULL;
        char req[256];
        status = 0;
        for (i = i + 1; i < argc && status == 0; i++) {
            if (strcmp(argv[i], "--customers") == 0 && i + 1 < argc) customers = argv[++i];
            else if (strcmp(argv[i], "--seed") == 0 && i + 1 < argc) seed = argv[++i];
            else if (strcmp(argv[i], "--now") == 0 && i + 1 < argc) now = argv[++i];
            else {
                fprintf(stderr, "genjin: demo: unknown option '%s'\n", argv[i]);
                status = 2;
            }
        }
        if (status == 0 && (!is_uint(customers) || !is_uint(seed) || (now && !is_time_text(now)))) {
            fprintf(stderr, "genjin: demo: --customers and --seed take whole numbers, --now an ISO time\n");
            status = 2;
        }
        if (status == 0) {
            snprintf(req, sizeof req,
                     "{\"op\":\"demo.generate\",\"args\":{\"customers\":%s,\"seed\":%s%s%s%s}}",
                     customers, seed, now ? ",\"now\":\"" : "", now ? now : "", now ? "\"" : "");
            status = run(db, req);
        }
    } else {
        fprintf(stderr, "genjin: unknown command '%s' (see genjin --help)\n", cmd);
    }
    gj_close(db);
    return status;
}
