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
    "                                     (exit 0 if ok, 1 if not); '-' reads it\n"
    "                                     from standard input (any size)\n"
    "  genjin --db FILE demo [--customers N] [--seed S] [--now ISO-TIME]\n"
    "                                     add deterministic demo data\n"
    "  genjin --db FILE info              schema version, record counts, size\n"
    "  genjin --db FILE metrics --from DATE --to DATE [--by rep|tier|channel|source]...\n"
    "        [--rep ID] [--team NAME] [--tier A|B|C] [--channel C] [--source S] [--json]\n"
    "                                     the metrics of [from, to): a text report,\n"
    "                                     or with --json the metrics object\n"
    "  genjin --db FILE report --week 2025-W22 [--rep NAME] [--team NAME]\n"
    "        [--format text|md] [--lang zh-CN|en]\n"
    "                                     the weekly report of an ISO week, for every\n"
    "                                     rep, one team or one rep, in the workspace\n"
    "                                     language\n"
    "  genjin bench [--sizes S,M,L] [--dir DIR] [--runs N] [--json]\n"
    "                                     time the metrics dashboard on generated\n"
    "                                     data (makes DIR/bench-<size>.db)\n"
    "  genjin --db FILE import KIND FILE.csv [--map 'src=dst,...'] [--dry-run]\n"
    "        [--create-missing-customers] [--create-missing-reps] [--duplicates refuse|later]\n"
    "        [--date-format ymd|mdy|dmy] [--custom-fields]\n"
    "        [--encoding auto|utf-8|gb18030] [--json]\n"
    "                                     import a CSV file, all rows or none\n"
    "                                     (exit 1 and the bad rows if any)\n"
    "  genjin --db FILE export KIND [--out FILE] [--q TEXT] [--filter JSON] [--sort F]\n"
    "        [--labels zh-CN|en]\n"
    "  genjin --db FILE export --json [--out FILE]\n"
    "                                     CSV of a list (UTF-8 with BOM), or the\n"
    "                                     JSON backup of everything\n"
    "  genjin --db FILE sync --folder DIR --passphrase-file P [--join] [--snapshot]\n"
    "                                     team sync through a local or mounted folder:\n"
    "                                     push this database's new changes, apply the\n"
    "                                     teammates'; --join starts a new FILE from the\n"
    "                                     newest snapshot, --snapshot writes one\n"
    "                                     (docs/sync.md)\n"
    "  genjin --db FILE sync export --out FILE [--since SEQ] [--passphrase-file P\n"
    "                                     (--folder DIR | --team HEX)]\n"
    "  genjin --db FILE sync import FILE [--passphrase-file P]\n"
    "                                     team sync by file: this database's changes\n"
    "                                     after SEQ as one file, or a teammate's file\n"
    "                                     applied (encrypted with the team passphrase)\n"
    "  genjin --help                      this text\n"
    "\n"
    "A request is {\"op\": \"customers.list\", \"args\": {...}}; ops are\n"
    "<entity>.create|get|update|delete|list for reps, customers, deals,\n"
    "followups, tickets, surveys, orders, events, customfields (and list/get\n"
    "for deal_stages and audit), settings.get|set, demo.generate, db.info,\n"
    "metrics.compute|report|weekly.\n";

int gj_cli_bench(int argc, char **argv); /* cli_bench.c: exit status */
int gj_cli_io(gj_db *db, const char *cmd, int argc, char **argv); /* cli_io.c */
int gj_cli_sync(gj_db *db, int argc, char **argv); /* cli_sync.c */
int gj_cli_sync_before_open(const char *path, int argc, char **argv);

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
/* All of standard input as a string: malloc'd, or NULL (a message on
 * stderr) when it cannot be read or holds a NUL byte, which would cut the
 * request short without a word. */
static char *read_stdin(void)
{
    size_t len = 0, cap = 1 << 16, n;
    char *buf = malloc(cap), *grown;
    if (!buf) goto nomem;
    while ((n = fread(buf + len, 1, cap - len - 1, stdin)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            if (!(grown = realloc(buf, cap * 2))) goto nomem;
            buf = grown;
            cap *= 2;
        }
    }
    if (ferror(stdin)) {
        fprintf(stderr, "genjin: call: cannot read the request from standard input\n");
        goto fail;
    }
    buf[len] = 0;
    if (strlen(buf) != len) {
        fprintf(stderr, "genjin: call: the request holds a NUL byte at byte %zu\n", strlen(buf));
        goto fail;
    }
    return buf;
nomem:
    fprintf(stderr, "genjin: call: out of memory reading the request\n");
fail:
    free(buf);
    return NULL;
}

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

/* Appends s to buf as a JSON string literal. Returns -1 when it does not fit. */
static int json_str(char *buf, size_t cap, size_t *len, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    if (*len + 2 >= cap) return -1;
    buf[(*len)++] = '"';
    for (; *p; p++) {
        if (*len + 8 >= cap) return -1;
        if (*p == '"' || *p == '\\') {
            buf[(*len)++] = '\\';
            buf[(*len)++] = (char)*p;
        } else if (*p < 0x20) {
            *len += (size_t)snprintf(buf + *len, cap - *len, "\\u%04x", *p);
        } else {
            buf[(*len)++] = (char)*p;
        }
    }
    buf[(*len)++] = '"';
    buf[*len] = 0;
    return 0;
}

/* Prints the JSON string value that starts at p (after its opening quote) to f. */
static void print_json_text(FILE *f, const char *p)
{
    for (; *p && *p != '"'; p++) {
        if (*p != '\\') { fputc(*p, f); continue; }
        switch (*++p) {
        case 'n': fputc('\n', f); break;
        case 't': fputc('\t', f); break;
        case 'r': fputc('\r', f); break;
        case 'b': fputc('\b', f); break;
        case 'f': fputc('\f', f); break;
        case 'u': /* cJSON escapes only control characters this way */
            fputc((int)strtol((char[]){p[1], p[2], p[3], p[4], 0}, NULL, 16), f);
            p += 4;
            break;
        case 0: return;
        default: fputc(*p, f); break;
        }
    }
}

/* genjin report: the weekly report (metrics.weekly) as text or Markdown.
 * Returns the exit status: 1 with the error's message on stderr when the
 * week is malformed or the rep or team unknown, 2 on a bad option. */
static int report_cmd(gj_db *db, int argc, char **argv, int i)
{
    static const char *const opts[] = {"--week", "week", "--rep", "rep", "--team", "team", "--format", "format",
                                       "--lang", "lang", NULL};
    char args[2048] = "{", req[2200];
    size_t len = 1;
    const char *t;
    char *resp;
    int k, ok;
    for (i = i + 1; i < argc; i++) {
        for (k = 0; opts[k] && strcmp(argv[i], opts[k]) != 0; k += 2) {}
        if (!opts[k] || i + 1 >= argc) {
            fprintf(stderr, "genjin: report: unknown option '%s' (see genjin --help)\n", argv[i]);
            return 2;
        }
        len += (size_t)snprintf(args + len, sizeof args - len, "%s\"%s\":", len > 1 ? "," : "", opts[k + 1]);
        if (len >= sizeof args || json_str(args, sizeof args, &len, argv[++i]) != 0 || len + 2 > sizeof args) {
            fprintf(stderr, "genjin: report: options too long\n");
            return 2;
        }
    }
    snprintf(req, sizeof req, "{\"op\":\"metrics.weekly\",\"args\":%s}}", args);
    if (!(resp = gj_call(db, req))) {
        fprintf(stderr, "genjin: out of memory\n");
        return 1;
    }
    ok = is_ok(resp);
    t = strstr(resp, ok ? "\"text\":\"" : "\"message\":\"");
    if (!ok) fputs("genjin: report: ", stderr);
    if (t) print_json_text(ok ? stdout : stderr, t + (ok ? 8 : 11));
    if (!ok) fputc('\n', stderr);
    gj_free(resp);
    return ok ? 0 : 1;
}

/* genjin metrics: builds a metrics.compute (--json) or metrics.report
 * request from the options; returns the exit status. */
static int metrics_cmd(gj_db *db, int argc, char **argv, int i)
{
    static const char *const text_opts[] = {"--from", "from", "--to", "to", "--tier", "tier",
                                            "--channel", "channel", "--source", "source", "--team", "team", NULL};
    char args[4096] = "{", by[256] = "";
    size_t len = 1, blen = 0;
    int json = 0, k;
    char *resp;
    for (i = i + 1; i < argc; i++) {
        for (k = 0; text_opts[k] && strcmp(argv[i], text_opts[k]) != 0; k += 2) {}
        if (text_opts[k] && i + 1 < argc) {
            len += (size_t)snprintf(args + len, sizeof args - len, "%s\"%s\":",
                                    len > 1 ? "," : "", text_opts[k + 1]);
            if (len >= sizeof args || json_str(args, sizeof args, &len, argv[++i]) != 0) goto too_long;
        } else if (strcmp(argv[i], "--rep") == 0 && i + 1 < argc && is_uint(argv[i + 1])) {
            len += (size_t)snprintf(args + len, sizeof args - len, "%s\"rep_id\":%s",
                                    len > 1 ? "," : "", argv[++i]);
        } else if (strcmp(argv[i], "--by") == 0 && i + 1 < argc) {
            if (blen) by[blen++] = ',';
            by[blen] = 0;
            if (json_str(by, sizeof by, &blen, argv[++i]) != 0) goto too_long;
        } else if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else {
            fprintf(stderr, "genjin: metrics: unknown option '%s'\n", argv[i]);
            return 2;
        }
        if (len >= sizeof args) goto too_long;
    }
    len += (size_t)snprintf(args + len, sizeof args - len, "%s\"by\":[%s]}", len > 1 ? "," : "", by);
    if (len >= sizeof args) goto too_long;
    {
        char req[4200];
        snprintf(req, sizeof req, "{\"op\":\"metrics.%s\",\"args\":%s}", json ? "compute" : "report", args);
        resp = gj_call(db, req);
    }
    if (!resp) {
        fprintf(stderr, "genjin: out of memory\n");
        return 1;
    }
    if (!is_ok(resp)) {
        fprintf(stderr, "genjin: metrics: %s\n", resp);
        gj_free(resp);
        return 1;
    }
    if (json) {
        /* {"ok":true,"data":{...}} -> the data object */
        size_t n = strlen(resp), skip = strlen("{\"ok\":true,\"data\":");
        fwrite(resp + skip, 1, n - skip - 1, stdout);
        putchar('\n');
    } else {
        const char *t = strstr(resp, "\"text\":\"");
        if (t) print_json_text(stdout, t + 8);
    }
    gj_free(resp);
    return 0;
too_long:
    fprintf(stderr, "genjin: metrics: options too long\n");
    return 2;
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
    /* genjin bench makes its own databases (src/cli/cli_bench.c) */
    if (strcmp(cmd, "bench") == 0) return gj_cli_bench(argc - i, argv + i);
    if (!path) {
        fprintf(stderr, "genjin: --db FILE is required for '%s'\n", cmd);
        return 2;
    }
    /* sync --join makes the database file from a teammate's snapshot */
    if (strcmp(cmd, "sync") == 0 && (status = gj_cli_sync_before_open(path, argc - i, argv + i)) != 0)
        return status;
    rc = gj_open(path, &db);
    if (rc != GJ_OK) {
        fprintf(stderr, "genjin: %s\n", gj_errmsg(db));
        gj_close(db);
        return 1;
    }

    if (strcmp(cmd, "call") == 0) {
        if (i + 1 >= argc) fprintf(stderr, "genjin: call needs a JSON request\n");
        else if (strcmp(argv[i + 1], "-") != 0) status = run(db, argv[i + 1]);
        else {
            char *req = read_stdin();
            status = req ? run(db, req) : 2;
            free(req);
        }
    } else if (strcmp(cmd, "import") == 0 || strcmp(cmd, "export") == 0) {
        status = gj_cli_io(db, cmd, argc - i, argv + i); /* cli_io.c */
    } else if (strcmp(cmd, "sync") == 0) {
        status = gj_cli_sync(db, argc - i, argv + i); /* cli_sync.c */
    } else if (strcmp(cmd, "metrics") == 0) {
        status = metrics_cmd(db, argc, argv, i);
    } else if (strcmp(cmd, "report") == 0) {
        status = report_cmd(db, argc, argv, i);
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
