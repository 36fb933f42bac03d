#include "testlib.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int gj_test_failures, gj_test_checks;

static char last_req[65536];

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

static char *vraw(gj_db *db, const char *fmt, va_list ap)
{
    char *resp;
    int n = vsnprintf(last_req, sizeof last_req, fmt, ap);
    if (n < 0 || (size_t)n >= sizeof last_req) {
        fprintf(stderr, "request too long: %.80s...\n", last_req);
        exit(2);
    }
    resp = gj_call(db, last_req);
    if (!resp) { fprintf(stderr, "gj_call returned NULL\n"); exit(2); }
    return resp;
}

static cJSON *vcall(gj_db *db, const char *fmt, va_list ap)
{
    char *resp = vraw(db, fmt, ap);
    cJSON *j = cJSON_Parse(resp);
    if (!j || !cJSON_IsObject(j)) { fprintf(stderr, "response is not a JSON object: %s\n", resp); exit(2); }
    gj_free(resp);
    return j;
}

char *t_raw(gj_db *db, const char *fmt, ...)
{
    va_list ap;
    char *r;
    va_start(ap, fmt);
    r = vraw(db, fmt, ap);
    va_end(ap);
    return r;
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

static cJSON *ok_data(cJSON *j)
{
    cJSON *data;
    gj_test_checks++;
    if (!cJSON_IsTrue(cJSON_GetObjectItem(j, "ok"))) {
        char *s = cJSON_PrintUnformatted(j);
        gj_test_failures++;
        fprintf(stderr, "expected ok for %s\n  got %s\n", last_req, s);
        free(s);
        cJSON_Delete(j);
        return NULL;
    }
    data = cJSON_DetachItemFromObject(j, "data");
    cJSON_Delete(j);
    return data;
}

cJSON *t_ok(gj_db *db, const char *fmt, ...)
{
    va_list ap;
    cJSON *j;
    va_start(ap, fmt);
    j = vcall(db, fmt, ap);
    va_end(ap);
    return ok_data(j);
}

long long t_create(gj_db *db, const char *fmt, ...)
{
    va_list ap;
    cJSON *data;
    long long id;
    va_start(ap, fmt);
    data = ok_data(vcall(db, fmt, ap));
    va_end(ap);
    id = data ? (long long)t_num(data, "id") : 0;
    cJSON_Delete(data);
    return id > 0 ? id : 0;
}

void t_err(gj_db *db, const char *code, const char *field, const char *fmt, ...)
{
    va_list ap;
    cJSON *j, *err;
    const char *c, *f, *m;
    va_start(ap, fmt);
    j = vcall(db, fmt, ap);
    va_end(ap);
    err = cJSON_GetObjectItem(j, "error");
    c = cJSON_GetStringValue(cJSON_GetObjectItem(err, "code"));
    f = cJSON_GetStringValue(cJSON_GetObjectItem(err, "field"));
    m = cJSON_GetStringValue(cJSON_GetObjectItem(err, "message"));
    gj_test_checks++;
    if (!cJSON_IsFalse(cJSON_GetObjectItem(j, "ok")) || !c || strcmp(c, code) != 0 ||
        !m || !*m || cJSON_GetObjectItem(j, "data") ||
        (field && (!f || strcmp(f, field) != 0))) {
        char *s = cJSON_PrintUnformatted(j);
        gj_test_failures++;
        fprintf(stderr, "expected error %s/%s for %s\n  got %s\n", code, field ? field : "*",
                last_req, s);
        free(s);
    }
    cJSON_Delete(j);
}

const cJSON *t_at(const cJSON *j, const char *path)
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
    const cJSON *v = t_at(j, path);
    return cJSON_IsNumber(v) ? v->valuedouble : -1e300;
}

const char *t_str(const cJSON *j, const char *path)
{
    const cJSON *v = t_at(j, path);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

long long t_total(gj_db *db, const char *entity, const char *filter)
{
    cJSON *d;
    long long n;
    if (filter && *filter)
        d = t_ok(db, "{\"op\":\"%s.list\",\"args\":{\"limit\":1,\"filter\":%s}}", entity, filter);
    else
        d = t_ok(db, "{\"op\":\"%s.list\",\"args\":{\"limit\":1}}", entity);
    n = d ? (long long)t_num(d, "total") : -1;
    cJSON_Delete(d);
    return n;
}

char *t_counts(gj_db *db)
{
    cJSON *d = t_ok(db, "{\"op\":\"db.info\"}");
    char *s = d ? cJSON_PrintUnformatted(cJSON_GetObjectItem(d, "counts")) : NULL;
    cJSON_Delete(d);
    if (!s) { fprintf(stderr, "db.info failed\n"); exit(2); }
    return s;
}

static const char *const entities[] = {"reps", "customers", "deals", "followups", "tickets",
                                       "surveys", "orders", "events", "customfields",
                                       "deal_stages", "audit", NULL};

char *t_snapshot(gj_db *db)
{
    size_t len = 0, cap = 1 << 16;
    char *out = malloc(cap);
    int i;
    if (!out) exit(2);
    out[0] = 0;
    for (i = 0; entities[i]; i++) {
        long long offset = 0, total = 1;
        while (offset < total) {
            char *r = t_raw(db, "{\"op\":\"%s.list\",\"args\":{\"limit\":100000,\"offset\":%lld}}",
                            entities[i], offset);
            cJSON *j = cJSON_Parse(r);
            size_t n = strlen(r);
            total = (long long)t_num(j, "data.total");
            offset += 100000;
            cJSON_Delete(j);
            while (len + n + 2 > cap) {
                cap *= 2;
                if (!(out = realloc(out, cap))) exit(2);
            }
            memcpy(out + len, r, n);
            len += n;
            out[len++] = '\n';
            out[len] = 0;
            gj_free(r);
        }
    }
    return out;
}

void t_check_same(const char *a, const char *b, const char *an, const char *bn,
                  const char *file, int line)
{
    size_t i = 0;
    gj_test_checks++;
    if (a && b && strcmp(a, b) == 0) return;
    gj_test_failures++;
    if (!a || !b) {
        fprintf(stderr, "%s:%d: %s or %s is NULL\n", file, line, an, bn);
        return;
    }
    while (a[i] && a[i] == b[i]) i++;
    fprintf(stderr, "%s:%d: %s != %s at byte %lu:\n  %.120s\n  %.120s\n", file, line, an, bn,
            (unsigned long)i, a + (i > 40 ? i - 40 : 0), b + (i > 40 ? i - 40 : 0));
}

int t_done(const char *name)
{
    printf("%s: %d checks, %d failed\n", name, gj_test_checks, gj_test_failures);
    return gj_test_failures ? 1 : 0;
}
