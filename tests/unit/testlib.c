#include "testlib.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int gj_test_failures, gj_test_checks;

gj_db *t_open(void)
{
    gj_db *db = NULL;
    if (gj_open(":memory:", &db) != GJ_OK) {
        fprintf(stderr, "cannot open: %s\n", gj_errmsg(db));
        exit(2);
    }
    gj_set_now(db, 1736899200); /* 2025-01-15T00:00:00Z */
    return db;
}

static cJSON *vcall(gj_db *db, const char *fmt, va_list ap)
{
    char req[16384];
    char *resp;
    cJSON *j;
    vsnprintf(req, sizeof req, fmt, ap);
    resp = gj_call(db, req);
    if (!resp) { fprintf(stderr, "gj_call returned NULL\n"); exit(2); }
    j = cJSON_Parse(resp);
    if (!j) { fprintf(stderr, "response is not JSON: %s\n", resp); exit(2); }
    gj_free(resp);
    return j;
}

cJSON *t_call(gj_db *db, const char *fmt, ...)
{
    va_list ap;
    cJSON *j;
    va_start(ap, fmt);
    j = vcall(db, fmt, ap);
    va_end(ap);
    return j;
}

cJSON *t_ok(gj_db *db, const char *fmt, ...)
{
    va_list ap;
    cJSON *j, *data;
    va_start(ap, fmt);
    j = vcall(db, fmt, ap);
    va_end(ap);
    gj_test_checks++;
    if (!cJSON_IsTrue(cJSON_GetObjectItem(j, "ok"))) {
        char *s = cJSON_PrintUnformatted(j);
        gj_test_failures++;
        fprintf(stderr, "expected ok for %s\n  got %s\n", fmt, s);
        free(s);
        cJSON_Delete(j);
        return NULL;
    }
    data = cJSON_DetachItemFromObject(j, "data");
    cJSON_Delete(j);
    return data;
}

void t_err(gj_db *db, const char *code, const char *field, const char *fmt, ...)
{
    va_list ap;
    cJSON *j, *err;
    const char *c, *f;
    va_start(ap, fmt);
    j = vcall(db, fmt, ap);
    va_end(ap);
    err = cJSON_GetObjectItem(j, "error");
    c = cJSON_GetStringValue(cJSON_GetObjectItem(err, "code"));
    f = cJSON_GetStringValue(cJSON_GetObjectItem(err, "field"));
    gj_test_checks++;
    if (!cJSON_IsFalse(cJSON_GetObjectItem(j, "ok")) || !c || strcmp(c, code) != 0 ||
        (field && (!f || strcmp(f, field) != 0))) {
        char *s = cJSON_PrintUnformatted(j);
        gj_test_failures++;
        fprintf(stderr, "expected error %s/%s for %s\n  got %s\n", code, field ? field : "*", fmt, s);
        free(s);
    }
    cJSON_Delete(j);
}

static const cJSON *walk(const cJSON *j, const char *path)
{
    char buf[256], *tok, *save = NULL;
    snprintf(buf, sizeof buf, "%s", path);
    for (tok = strtok_r(buf, ".", &save); tok && j; tok = strtok_r(NULL, ".", &save)) {
        if (cJSON_IsArray(j)) j = cJSON_GetArrayItem(j, atoi(tok));
        else j = cJSON_GetObjectItemCaseSensitive(j, tok);
    }
    return j;
}

double t_num(const cJSON *j, const char *path)
{
    const cJSON *v = walk(j, path);
    return cJSON_IsNumber(v) ? v->valuedouble : -1e300;
}

const char *t_str(const cJSON *j, const char *path)
{
    const cJSON *v = walk(j, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int t_done(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, gj_test_checks, gj_test_failures);
    return gj_test_failures ? 1 : 0;
}
