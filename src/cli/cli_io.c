/*
 * genjin import / genjin export. import streams the file in
 * 1 MiB chunks through gj_import_* (so a million-row file never sits in
 * memory); export writes the streaming export's chunks (gj_export_*) as
 * they come.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "genjin/genjin.h"

int gj_cli_io(gj_db *db, const char *cmd, int argc, char **argv);

typedef struct {
    char *p;
    size_t len, cap;
} sbuf;

static int sb_add(sbuf *b, const char *s, size_t n)
{
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 1024;
        char *p;
        while (cap < b->len + n + 1) cap *= 2;
        if (!(p = realloc(b->p, cap))) return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = 0;
    return 0;
}

static int sb_str(sbuf *b, const char *s) { return sb_add(b, s, strlen(s)); }

/* Appends s as a JSON string literal. */
static int sb_json(sbuf *b, const char *s)
{
    char tmp[8];
    int rc = sb_add(b, "\"", 1);
    for (; *s && rc == 0; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') { tmp[0] = '\\'; tmp[1] = (char)c; rc = sb_add(b, tmp, 2); }
        else if (c < 0x20) { snprintf(tmp, sizeof tmp, "\\u%04x", c); rc = sb_str(b, tmp); }
        else rc = sb_add(b, s, 1);
    }
    return rc ? rc : sb_add(b, "\"", 1);
}

/* The readable report: counts, mapping, ignored columns, errors. */
static void print_report(const gj_import_report *r)
{
    int i, any = 0;
    printf("import: %lld rows, %lld created, %lld updated, %lld customers created, %lld reps created%s\n",
           (long long)r->rows, (long long)r->created, (long long)r->updated,
           (long long)r->customers_created, (long long)r->reps_created,
           r->dry_run ? " (dry run: nothing written)" : "");
    printf("encoding: %s\ncolumns:", r->encoding);
    for (i = 0; i < r->ncolumns; i++)
        if (r->targets[i]) printf(" %s -> %s", r->columns[i], r->targets[i]);
    for (i = 0; i < r->ncolumns; i++)
        if (!r->targets[i]) printf("%s %s", any++ ? "" : "\nignored:", r->columns[i]);
    putchar('\n');
    for (i = 0; i < r->nerrors; i++) {
        const gj_import_row_error *e = &r->errors[i];
        printf("row %lld", (long long)e->row);
        if (e->column) printf(", column %s", e->column);
        if (e->value) printf(", value '%s'", e->value);
        printf(": %s\n", e->message);
    }
    if (r->error_count > 0)
        printf("%lld bad row%s: nothing was imported\n", (long long)r->error_count,
               r->error_count == 1 ? "" : "s");
    if (r->fatal) printf("error: %s\n", r->fatal);
}

static int import_cmd(gj_db *db, int argc, char **argv)
{
    const char *kind = NULL, *file = NULL;
    sbuf opt = {0};
    int json = 0, i, rc = GJ_OK, frc = GJ_OK;
    gj_import *imp = NULL;
    FILE *f = NULL;
    gj_import_report *report;
    char *buf = NULL;
    size_t n;
    sb_str(&opt, "{");
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--map") == 0 && i + 1 < argc) {
            char *spec = strdup(argv[++i]), *tok, *save = NULL;
            int first = 1;
            if (!spec) goto nomem;
            sb_str(&opt, opt.len > 1 ? ",\"map\":{" : "\"map\":{");
            for (tok = strtok_r(spec, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                char *eq = strchr(tok, '=');
                if (!eq) {
                    fprintf(stderr, "genjin: import: --map takes 'source=field,...', got '%s'\n", tok);
                    free(spec);
                    goto usage;
                }
                *eq = 0;
                if (!first) sb_str(&opt, ",");
                first = 0;
                sb_json(&opt, tok);
                sb_str(&opt, ":");
                sb_json(&opt, eq + 1);
            }
            sb_str(&opt, "}");
            free(spec);
            continue;
        }
        if (opt.len > 1 && a[0] == '-' && strcmp(a, "--json") != 0) sb_str(&opt, ",");
        if (strcmp(a, "--create-missing-customers") == 0) sb_str(&opt, "\"create_missing_customers\":true");
        else if (strcmp(a, "--create-missing-reps") == 0) sb_str(&opt, "\"create_missing_reps\":true");
        else if (strcmp(a, "--duplicates") == 0 && i + 1 < argc) {
            sb_str(&opt, "\"duplicates\":");
            sb_json(&opt, argv[++i]);
        } else if (strcmp(a, "--dry-run") == 0) sb_str(&opt, "\"dry_run\":true");
        else if (strcmp(a, "--custom-fields") == 0) sb_str(&opt, "\"custom_fields\":true");
        else if (strcmp(a, "--json") == 0) json = 1;
        else if (strcmp(a, "--date-format") == 0 && i + 1 < argc) {
            sb_str(&opt, "\"date_format\":");
            sb_json(&opt, argv[++i]);
        } else if (strcmp(a, "--encoding") == 0 && i + 1 < argc) {
            sb_str(&opt, "\"encoding\":");
            sb_json(&opt, argv[++i]);
        } else if (strcmp(a, "--max-errors") == 0 && i + 1 < argc) {
            sb_str(&opt, "\"max_errors\":");
            sb_str(&opt, atoi(argv[++i]) >= 0 ? argv[i] : "0");
        } else if (a[0] == '-' && a[1]) {
            fprintf(stderr, "genjin: import: unknown option '%s'\n", a);
            goto usage;
        } else if (!kind) kind = a;
        else if (!file) file = a;
        else goto usage;
    }
    if (!kind || !file) goto usage;
    sb_str(&opt, opt.len > 1 ? ",\"kind\":" : "\"kind\":");
    sb_json(&opt, kind);
    if (sb_str(&opt, "}") != 0) goto nomem;
    f = strcmp(file, "-") == 0 ? stdin : fopen(file, "rb");
    if (!f) {
        fprintf(stderr, "genjin: import: cannot open %s\n", file);
        free(opt.p);
        return 1;
    }
    if (!(buf = malloc(1 << 20))) goto nomem;
    if ((rc = gj_import_begin(db, opt.p, &imp)) != GJ_OK) {
        fprintf(stderr, "genjin: import: %s\n", gj_errmsg(db));
        goto done;
    }
    while ((n = fread(buf, 1, 1 << 20, f)) > 0)
        if (gj_import_feed(imp, buf, n) != GJ_OK) break; /* finish reports it */
    if (ferror(f)) {
        fprintf(stderr, "genjin: import: cannot read %s\n", file);
        gj_import_free(imp);
        rc = 1;
        goto done;
    }
    report = gj_import_end(imp, &frc);
    if (!report) goto nomem;
    if (json) {
        char *text = gj_import_report_json(report);
        if (!text) { gj_import_report_free(report); goto nomem; }
        printf("%s\n", text);
        gj_free(text);
    } else {
        print_report(report);
    }
    gj_import_report_free(report);
    rc = frc;
done:
    if (f && f != stdin) fclose(f);
    free(buf);
    free(opt.p);
    return rc == GJ_OK ? 0 : 1;
nomem:
    fprintf(stderr, "genjin: out of memory\n");
    rc = GJ_NOMEM;
    goto done;
usage:
    fprintf(stderr, "usage: genjin --db FILE import KIND FILE.csv [--map 'src=dst,...'] "
                    "[--create-missing-customers] [--create-missing-reps] [--duplicates refuse|later] "
                    "[--dry-run] [--date-format ymd|mdy|dmy] "
                    "[--custom-fields] [--encoding auto|utf-8|gb18030] [--max-errors N] [--json]\n");
    free(opt.p);
    return 2;
}

static int export_cmd(gj_db *db, int argc, char **argv)
{
    const char *kind = NULL, *out = NULL, *chunk;
    sbuf opt = {0};
    int json = 0, i, status = 1, rc;
    gj_export *exp = NULL;
    FILE *f = stdout;
    size_t n;
    sb_str(&opt, "{\"format\":\"csv\",");
    for (i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) json = 1;
        else if (strcmp(a, "--out") == 0 && i + 1 < argc) out = argv[++i];
        else if ((strcmp(a, "--q") == 0 || strcmp(a, "--sort") == 0 || strcmp(a, "--labels") == 0) &&
                 i + 1 < argc) {
            sb_str(&opt, strcmp(a, "--q") == 0 ? "\"q\":" : strcmp(a, "--sort") == 0 ? "\"sort\":"
                                                                              : "\"labels\":");
            sb_json(&opt, argv[++i]);
            sb_str(&opt, ",");
        } else if (strcmp(a, "--filter") == 0 && i + 1 < argc) {
            sb_str(&opt, "\"filter\":"); /* JSON, checked by the core */
            sb_str(&opt, argv[++i]);
            sb_str(&opt, ",");
        } else if (a[0] != '-' && !kind) kind = a;
        else {
            fprintf(stderr, "usage: genjin --db FILE export KIND [--out FILE] [--q TEXT] "
                            "[--filter JSON] [--sort FIELD] [--labels zh-CN|en]\n"
                            "       genjin --db FILE export --json [--out FILE]\n");
            free(opt.p);
            return 2;
        }
    }
    if (json) {
        opt.len = 0;
        sb_str(&opt, "{\"format\":\"json\"}");
    } else {
        if (!kind) {
            fprintf(stderr, "genjin: export needs KIND (customers, deals, ...) or --json\n");
            free(opt.p);
            return 2;
        }
        sb_str(&opt, "\"kind\":");
        sb_json(&opt, kind);
        sb_str(&opt, "}");
    }
    if (!opt.p) {
        fprintf(stderr, "genjin: out of memory\n");
        return 1;
    }
    if (gj_export_begin(db, opt.p, &exp) != GJ_OK) {
        fprintf(stderr, "genjin: export: %s\n", gj_errmsg(db));
        goto done;
    }
    if (out && !(f = fopen(out, "wb"))) {
        fprintf(stderr, "genjin: export: cannot write %s\n", out);
        f = stdout;
        goto done;
    }
    /* Chunk by chunk: the export is never whole in memory. */
    while ((rc = gj_export_next(exp, &chunk, &n)) == GJ_OK && n > 0)
        if (fwrite(chunk, 1, n, f) != n) break;
    if (rc != GJ_OK) fprintf(stderr, "genjin: export: %s\n", gj_errmsg(db));
    else if (json) fputc('\n', f);
    status = rc != GJ_OK || ferror(f) ? 1 : 0;
done:
    if (f != stdout && fclose(f) != 0) status = 1;
    if (f != stdout && status != 0) remove(out); /* no half-written file */
    if (gj_export_finish(exp) != GJ_OK) status = 1;
    free(opt.p);
    return status;
}

/* Runs "import" or "export" (argv[0] is the command); the exit status. */
int gj_cli_io(gj_db *db, const char *cmd, int argc, char **argv)
{
    return strcmp(cmd, "import") == 0 ? import_cmd(db, argc, argv) : export_cmd(db, argc, argv);
}
