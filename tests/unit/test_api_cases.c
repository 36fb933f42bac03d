/*
 * Data-driven API tests: runs every .json case file in tests/api (the same
 * files the Node.js runner sends to the WASM build). A case file is
 *   {"name": "...", "now": "<ISO time>", "steps": [{"req": {...}, "expect": {...}}]}
 * and runs on a fresh in-memory database with the clock at "now". `expect`
 * is a pattern of the response: objects match when every key of the
 * pattern matches (extra keys in the response are fine), arrays element by
 * element with equal length, "$any" matches any present value, numbers
 * equal within 1e-9, other scalars exactly. A mismatch names the file, the
 * step (counted from 0) and the path in the response ($.data.items[0].name).
 */
#include <dirent.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "testlib.h"

/* Matches got against the pattern; on mismatch fills path and why. */
static int match(const cJSON *want, const cJSON *got, char *path, size_t cap, char *why, size_t wcap)
{
    size_t len = strlen(path);
    if (cJSON_IsString(want) && strcmp(want->valuestring, "$any") == 0) {
        if (got) return 1;
        snprintf(why, wcap, "missing (expected any value)");
        return 0;
    }
    if (!got) { snprintf(why, wcap, "missing"); return 0; }
    if (cJSON_IsObject(want)) {
        const cJSON *k;
        if (!cJSON_IsObject(got)) { snprintf(why, wcap, "expected an object"); return 0; }
        cJSON_ArrayForEach(k, want) {
            snprintf(path + len, cap - len, ".%s", k->string);
            if (!match(k, cJSON_GetObjectItemCaseSensitive(got, k->string), path, cap, why, wcap))
                return 0;
        }
        path[len] = 0;
        return 1;
    }
    if (cJSON_IsArray(want)) {
        int i, n = cJSON_GetArraySize(want);
        if (!cJSON_IsArray(got)) { snprintf(why, wcap, "expected an array"); return 0; }
        if (cJSON_GetArraySize(got) != n) {
            snprintf(why, wcap, "expected %d elements, got %d", n, cJSON_GetArraySize(got));
            return 0;
        }
        for (i = 0; i < n; i++) {
            snprintf(path + len, cap - len, "[%d]", i);
            if (!match(cJSON_GetArrayItem(want, i), cJSON_GetArrayItem(got, i), path, cap, why, wcap))
                return 0;
        }
        path[len] = 0;
        return 1;
    }
    if (cJSON_IsNumber(want)) {
        if (cJSON_IsNumber(got) && fabs(want->valuedouble - got->valuedouble) <= 1e-9) return 1;
    } else if (cJSON_IsString(want)) {
        if (cJSON_IsString(got) && strcmp(want->valuestring, got->valuestring) == 0) return 1;
    } else if (cJSON_IsBool(want)) {
        if (cJSON_IsBool(got) && cJSON_IsTrue(want) == cJSON_IsTrue(got)) return 1;
    } else if (cJSON_IsNull(want)) {
        if (cJSON_IsNull(got)) return 1;
    }
    {
        char *w = cJSON_PrintUnformatted(want), *g = cJSON_PrintUnformatted(got);
        snprintf(why, wcap, "expected %.200s, got %.200s", w ? w : "?", g ? g : "?");
        free(w); free(g);
    }
    return 0;
}

static char *read_all(const char *path)
{
    FILE *f = fopen(path, "rb");
    char *buf;
    long n;
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    n = ftell(f);
    fseek(f, 0, SEEK_SET);
    buf = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) { free(buf); buf = NULL; }
    if (buf) buf[n] = 0;
    fclose(f);
    return buf;
}

#define FAIL(...) do { gj_test_failures++; fprintf(stderr, __VA_ARGS__); } while (0)

/* Runs one case file; returns the number of steps run. */
static int run_file(const char *dir, const char *file)
{
    char path[1024], where[512], why[512];
    char *text;
    cJSON *c, *steps, *step;
    const cJSON *now;
    gj_db *db = NULL;
    int64_t t;
    int i = 0;
    snprintf(path, sizeof path, "%s/%s", dir, file);
    text = read_all(path);
    c = text ? cJSON_Parse(text) : NULL;
    free(text);
    gj_test_checks++;
    now = cJSON_GetObjectItemCaseSensitive(c, "now");
    steps = cJSON_GetObjectItemCaseSensitive(c, "steps");
    if (!c || !cJSON_IsString(cJSON_GetObjectItemCaseSensitive(c, "name")) || !cJSON_IsString(now) ||
        gj_time_parse(now->valuestring, &t) != 0 || !cJSON_IsArray(steps) || !cJSON_GetArraySize(steps)) {
        FAIL("%s: not a case file {\"name\", \"now\", \"steps\": [...]}\n", file);
        cJSON_Delete(c);
        return 0;
    }
    if (gj_open(":memory:", &db) != GJ_OK) { fprintf(stderr, "open: %s\n", gj_errmsg(db)); exit(2); }
    gj_set_now(db, t);
    cJSON_ArrayForEach(step, steps) {
        const cJSON *req = cJSON_GetObjectItemCaseSensitive(step, "req");
        const cJSON *want = cJSON_GetObjectItemCaseSensitive(step, "expect");
        char *rq, *resp;
        cJSON *got;
        gj_test_checks++;
        if (!cJSON_IsObject(req) || !cJSON_IsObject(want)) {
            FAIL("%s: step %d: needs \"req\" and \"expect\" objects\n", file, i);
            i++;
            continue;
        }
        rq = cJSON_PrintUnformatted(req);
        resp = gj_call(db, rq);
        got = resp ? cJSON_Parse(resp) : NULL;
        snprintf(where, sizeof where, "$");
        why[0] = 0;
        if (!got || !match(want, got, where, sizeof where, why, sizeof why))
            FAIL("%s: step %d: at %s: %s\n  request:  %.300s\n  response: %.600s\n", file, i, where,
                 got ? why : "response is not JSON", rq, resp ? resp : "(null)");
        cJSON_Delete(got);
        gj_free(resp);
        free(rq);
        i++;
    }
    gj_close(db);
    cJSON_Delete(c);
    return i;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The matcher itself must be able to fail. */
static void self_test(void)
{
    static const char *const pairs[][3] = {
        /* pattern, value, matches? */
        {"{\"a\":1}", "{\"a\":1,\"b\":2}", "y"}, {"{\"a\":1}", "{\"a\":2}", "n"},
        {"{\"a\":1}", "{\"b\":1}", "n"}, {"{\"a\":\"$any\"}", "{\"a\":null}", "y"},
        {"{\"a\":\"$any\"}", "{}", "n"}, {"[1,2]", "[1,2]", "y"}, {"[1,2]", "[1,2,3]", "n"},
        {"[{}]", "[{\"x\":1}]", "y"}, {"{\"n\":0.1}", "{\"n\":0.1000000000001}", "y"},
        {"{\"n\":0.1}", "{\"n\":0.1001}", "n"}, {"{\"s\":\"1\"}", "{\"s\":1}", "n"},
        {"{\"b\":false}", "{\"b\":0}", "n"}, {"{\"z\":null}", "{\"z\":false}", "n"},
        {"{\"o\":{\"p\":[true]}}", "{\"o\":{\"p\":[true],\"q\":1}}", "y"},
    };
    size_t i;
    char where[256], why[256];
    for (i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        cJSON *w = cJSON_Parse(pairs[i][0]), *g = cJSON_Parse(pairs[i][1]);
        snprintf(where, sizeof where, "$");
        CHECK_EQ_INT(match(w, g, where, sizeof where, why, sizeof why), pairs[i][2][0] == 'y');
        cJSON_Delete(w);
        cJSON_Delete(g);
    }
}

int main(int argc, char **argv)
{
    const char *dir = argc > 1 ? argv[1] : "tests/api";
    DIR *d = opendir(dir);
    struct dirent *ent;
    char *names[256];
    int n = 0, i, steps = 0;
    self_test();
    if (!d) { fprintf(stderr, "cannot read %s\n", dir); return 2; }
    while ((ent = readdir(d)) && n < 256) {
        size_t len = strlen(ent->d_name);
        if (len > 5 && strcmp(ent->d_name + len - 5, ".json") == 0) names[n++] = strdup(ent->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof names[0], by_name);
    CHECK(n > 0);
    for (i = 0; i < n; i++) {
        steps += run_file(dir, names[i]);
        free(names[i]);
    }
    printf("test_api_cases: %d files, %d steps\n", n, steps);
    return t_done("test_api_cases");
}
