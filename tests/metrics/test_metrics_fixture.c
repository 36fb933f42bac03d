/*
 * Runs hand-built metric fixtures (tests/fixtures/metrics_*.json): loads
 * the setup requests into a fresh database, runs each case and compares
 * every expected value exactly.
 *
 * Fixture: {"now": ISO, "setup": [step...], "cases": [case...]}
 *   step: {"op", "args", "now"?}  (now: the clock for that request)
 *   case: {"name", "now"?, "before"?: [step...], "request": {"op", "args"},
 *          "expect"?: [[path, value, why]...], "error"?: [code, field],
 *          "after"?: [step...]}
 * Settings changed by a case are restored after it; "after" undoes the rest.
 * A value is a JSON value compared exactly, or "=expr" (+ - * / and
 * parentheses, evaluated in doubles) for a number written as its fraction.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "testlib.h"

static char *read_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    long n;
    if (!f) return NULL;
    if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
        (buf = malloc((size_t)n + 1)) != NULL) {
        if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
            free(buf);
            buf = NULL;
        } else {
            buf[n] = 0;
        }
    }
    fclose(f);
    return buf;
}

/* ---- "=expr": a tiny recursive-descent evaluator ---- */

static double expr(const char **p);

static double atom(const char **p)
{
    double v;
    char *end;
    while (isspace((unsigned char)**p)) (*p)++;
    if (**p == '(') {
        (*p)++;
        v = expr(p);
        while (isspace((unsigned char)**p)) (*p)++;
        if (**p == ')') (*p)++;
        return v;
    }
    if (**p == '-') {
        (*p)++;
        return -atom(p);
    }
    v = strtod(*p, &end);
    *p = end;
    return v;
}

static double term(const char **p)
{
    double v = atom(p);
    for (;;) {
        while (isspace((unsigned char)**p)) (*p)++;
        if (**p == '*') { (*p)++; v *= atom(p); }
        else if (**p == '/') { (*p)++; v /= atom(p); }
        else return v;
    }
}

static double expr(const char **p)
{
    double v = term(p);
    for (;;) {
        while (isspace((unsigned char)**p)) (*p)++;
        if (**p == '+') { (*p)++; v += term(p); }
        else if (**p == '-') { (*p)++; v -= term(p); }
        else return v;
    }
}

/* ---- running requests ---- */

static void set_clock(gj_db *db, const cJSON *now, int64_t dflt)
{
    int64_t t = dflt;
    if (cJSON_IsString(now) && gj_time_parse(now->valuestring, &t) != 0) {
        fprintf(stderr, "bad time %s\n", now->valuestring);
        exit(2);
    }
    gj_set_now(db, t);
}

/* Runs one request; returns the parsed response (caller deletes). */
static cJSON *call(gj_db *db, const cJSON *req)
{
    char *text = cJSON_PrintUnformatted(req), *resp;
    cJSON *j;
    resp = gj_call(db, text);
    cJSON_free(text);
    if (!resp || !(j = cJSON_Parse(resp))) {
        fprintf(stderr, "no JSON response\n");
        exit(2);
    }
    gj_free(resp);
    return j;
}

static void run_steps(gj_db *db, const cJSON *steps, int64_t dflt_now)
{
    const cJSON *st;
    cJSON_ArrayForEach(st, steps) {
        cJSON *req = cJSON_CreateObject(), *resp;
        cJSON_AddItemReferenceToObject(req, "op", cJSON_GetObjectItem(st, "op"));
        cJSON_AddItemReferenceToObject(req, "args", cJSON_GetObjectItem(st, "args"));
        set_clock(db, cJSON_GetObjectItem(st, "now"), dflt_now);
        resp = call(db, req);
        gj_test_checks++;
        if (!cJSON_IsTrue(cJSON_GetObjectItem(resp, "ok"))) {
            char *a = cJSON_PrintUnformatted(req), *b = cJSON_PrintUnformatted(resp);
            gj_test_failures++;
            fprintf(stderr, "setup step failed: %s\n  -> %s\n", a, b);
            free(a);
            free(b);
        }
        cJSON_Delete(resp);
        cJSON_Delete(req);
    }
}

static void check_value(const char *file, const char *name, const cJSON *data, const cJSON *exp)
{
    const char *path = cJSON_GetArrayItem(exp, 0)->valuestring;
    const cJSON *want = cJSON_GetArrayItem(exp, 1), *got = t_at(data, path);
    char *g = got ? cJSON_PrintUnformatted(got) : NULL;
    int ok;
    gj_test_checks++;
    if (cJSON_IsString(want) && want->valuestring[0] == '=') {
        const char *p = want->valuestring + 1;
        double v = expr(&p);
        ok = cJSON_IsNumber(got) && got->valuedouble == v;
        if (!ok) fprintf(stderr, "%s: %s: %s = %s, expected %s = %.17g\n", file, name, path,
                         g ? g : "(missing)", want->valuestring + 1, v);
    } else {
        ok = got && cJSON_Compare(got, want, 1);
        if (!ok) {
            char *w = cJSON_PrintUnformatted(want);
            fprintf(stderr, "%s: %s: %s = %s, expected %s\n", file, name, path, g ? g : "(missing)", w);
            free(w);
        }
    }
    if (!ok) gj_test_failures++;
    free(g);
}

static void run_case(const char *file, gj_db *db, const cJSON *c, int64_t now)
{
    const char *name = cJSON_GetStringValue(cJSON_GetObjectItem(c, "name"));
    const cJSON *err = cJSON_GetObjectItem(c, "error"), *exp;
    cJSON *resp, *saved = t_ok(db, "{\"op\":\"settings.get\"}");
    run_steps(db, cJSON_GetObjectItem(c, "before"), now);
    set_clock(db, cJSON_GetObjectItem(c, "now"), now);
    resp = call(db, cJSON_GetObjectItem(c, "request"));
    gj_test_checks++;
    if (err) {
        const cJSON *e = cJSON_GetObjectItem(resp, "error");
        const char *code = cJSON_GetStringValue(cJSON_GetObjectItem(e, "code"));
        const char *field = cJSON_GetStringValue(cJSON_GetObjectItem(e, "field"));
        if (!code || strcmp(code, cJSON_GetArrayItem(err, 0)->valuestring) != 0 || !field ||
            strcmp(field, cJSON_GetArrayItem(err, 1)->valuestring) != 0) {
            char *s = cJSON_PrintUnformatted(resp);
            gj_test_failures++;
            fprintf(stderr, "%s: %s: expected error %s/%s, got %s\n", file, name,
                    cJSON_GetArrayItem(err, 0)->valuestring, cJSON_GetArrayItem(err, 1)->valuestring, s);
            free(s);
        }
    } else if (!cJSON_IsTrue(cJSON_GetObjectItem(resp, "ok"))) {
        char *s = cJSON_PrintUnformatted(resp);
        gj_test_failures++;
        fprintf(stderr, "%s: %s: request failed: %s\n", file, name, s);
        free(s);
    } else {
        cJSON_ArrayForEach(exp, cJSON_GetObjectItem(c, "expect"))
            check_value(file, name, cJSON_GetObjectItem(resp, "data"), exp);
    }
    cJSON_Delete(resp);
    run_steps(db, cJSON_GetObjectItem(c, "after"), now);
    /* a case's settings do not leak into the next case */
    {
        cJSON *req = cJSON_CreateObject();
        cJSON_AddStringToObject(req, "op", "settings.set");
        cJSON_AddItemToObject(req, "args", saved);
        cJSON_Delete(call(db, req));
        cJSON_Delete(req);
    }
}

static void run_file(const char *path)
{
    char *text = read_file(path);
    cJSON *fx = text ? cJSON_Parse(text) : NULL, *c;
    const cJSON *nowj;
    int64_t now = 0;
    gj_db *db;
    free(text);
    if (!fx) {
        fprintf(stderr, "cannot read fixture %s\n", path);
        gj_test_failures++;
        return;
    }
    nowj = cJSON_GetObjectItem(fx, "now");
    if (cJSON_IsString(nowj)) gj_time_parse(nowj->valuestring, &now);
    db = t_open();
    run_steps(db, cJSON_GetObjectItem(fx, "setup"), now);
    cJSON_ArrayForEach(c, cJSON_GetObjectItem(fx, "cases")) run_case(path, db, c, now);
    gj_close(db);
    cJSON_Delete(fx);
}

int main(int argc, char **argv)
{
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: test_metrics_fixture FIXTURE.json...\n");
        return 2;
    }
    for (i = 1; i < argc; i++) run_file(argv[i]);
    return t_done("test_metrics_fixture");
}
