/*
 * Out of memory anywhere: for a representative set of requests, the Nth
 * allocation of the request fails, for every N until the request needs
 * fewer (the hook of store/mem.h covers the core's own allocations,
 * SQLite's and cJSON's). Each run must end in an error (nomem) or the
 * correct answer; after an error the database is unchanged and the same
 * handle answers the request correctly; the ASan build checks that no run
 * leaks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/mem.h"
#include "testlib.h"

/* A small database with a row of each kind the requests touch. */
static gj_db *fixture(void)
{
    gj_db *db = t_open();
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"王芳\"}}");
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"Li\"}}");
    t_create(db, "{\"op\":\"customfields.create\",\"args\":{\"entity\":\"customers\",\"key\":\"size\","
                 "\"label\":\"规模\",\"type\":\"text\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"张三\",\"company\":\"云帆\",\"owner_id\":1,"
                 "\"tier\":\"A\",\"tags\":\"vip,华东\",\"custom\":{\"size\":\"big\"}}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"李四\",\"owner_id\":2,\"tier\":\"B\"}}");
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"Wang\",\"owner_id\":1}}");
    t_create(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":1,\"title\":\"d1\",\"amount\":1000,"
                 "\"owner_id\":1}}");
    t_create(db, "{\"op\":\"deals.create\",\"args\":{\"customer_id\":2,\"title\":\"d2\",\"amount\":50,"
                 "\"owner_id\":2}}");
    t_create(db, "{\"op\":\"followups.create\",\"args\":{\"customer_id\":1,\"rep_id\":1,\"channel\":\"phone\","
                 "\"at\":\"2025-01-10T03:00:00Z\",\"summary\":\"首次\"}}");
    t_create(db, "{\"op\":\"followups.create\",\"args\":{\"customer_id\":2,\"rep_id\":2,\"channel\":\"visit\","
                 "\"at\":\"2025-01-12T03:00:00Z\",\"summary\":\"second\"}}");
    return db;
}

static const struct {
    const char *request;
    int writes;
} requests[] = {
    {"{\"op\":\"customers.list\",\"args\":{\"q\":\"张\",\"sort\":\"-name\"}}", 0},
    {"{\"op\":\"customers.list\",\"args\":{\"filter\":{\"tags\":\"vip\"},\"sort\":\"-last_followup_at\"}}", 0},
    {"{\"op\":\"deals.list\",\"args\":{}}", 0},
    {"{\"op\":\"customers.get\",\"args\":{\"id\":1}}", 0},
    {"{\"op\":\"settings.get\",\"args\":{}}", 0},
    {"{\"op\":\"metrics.compute\",\"args\":{\"from\":\"2025-01-01\",\"to\":\"2025-01-15\"}}", 0},
    {"{\"op\":\"export.csv\",\"args\":{\"kind\":\"customers\",\"labels\":\"zh-CN\"}}", 0},
    {"{\"op\":\"export.json\"}", 0},
    {"{\"op\":\"customers.create\",\"actor\":\"王芳\",\"args\":{\"name\":\"新客户\",\"owner_id\":1,"
     "\"tags\":\"a,b\",\"custom\":{\"size\":\"S\"}}}", 1},
    {"{\"op\":\"customers.update\",\"args\":{\"id\":2,\"tier\":\"A\",\"name\":\"李四四\"}}", 1},
    {"{\"op\":\"followups.create\",\"args\":{\"customer_id\":3,\"rep_id\":1,\"channel\":\"phone\","
     "\"at\":\"2025-01-14T03:00:00Z\",\"summary\":\"x\"}}", 1},
    {"{\"op\":\"settings.set\",\"args\":{\"currency\":\"USD\"}}", 1},
    {"{\"op\":\"import.csv\",\"args\":{\"kind\":\"customers\",\"text\":\"name,company\\n甲,x\\n乙,y\\n\"}}", 1},
    {"{\"op\":\"customers.delete\",\"args\":{\"id\":3}}", 1},
};

/* A teammate's changes file (base64): a new customer and an edit of
 * customer 1's tier, made on a database of its own (malloc'ed). */
static char *sync_file(void)
{
    gj_db *mate = fixture();
    char *r, *file;
    const char *p;
    gj_free(gj_call(mate, "{\"op\":\"sync.enable\"}"));
    gj_free(gj_call(mate, "{\"op\":\"customers.create\",\"args\":{\"name\":\"队友的客户\"}}"));
    gj_free(gj_call(mate, "{\"op\":\"customers.update\",\"args\":{\"id\":1,\"tier\":\"C\"}}"));
    r = gj_call(mate, "{\"op\":\"sync.export\"}");
    p = r ? strstr(r, "\"file\":\"") : NULL;
    if (!p) exit(2);
    p += 8;
    file = malloc(strcspn(p, "\"") + 1);
    if (!file) exit(2);
    memcpy(file, p, strcspn(p, "\""));
    file[strcspn(p, "\"")] = 0;
    gj_free(r);
    gj_close(mate);
    return file;
}

static int is_ok(const char *resp) { return strncmp(resp, "{\"ok\":true", 10) == 0; }

/* Runs req with every N; returns the number of runs. */
static int run_request(const char *req, int writes)
{
    gj_db *db = fixture();
    char *before = t_snapshot(db), *ref, *after_ref, *snap;
    int64_t n;
    int runs = 0, errors = 0;
    ref = gj_call(db, req);
    CHECK(ref && is_ok(ref));
    after_ref = t_snapshot(db);
    gj_close(db);
    db = fixture();
    for (n = 1; n < 1000000; n++) {
        char *resp;
        int64_t left;
        gj_mem_fail_at(n);
        resp = gj_call(db, req);
        left = gj_mem_pending();
        gj_mem_fail_at(0);
        runs++;
        if (resp && is_ok(resp)) {
            /* the failure was absorbed (or never reached): the right answer */
            if (strcmp(resp, ref) != 0) {
                fprintf(stderr, "%s: N=%lld: a different answer:\n  %s\n  expected %s\n", req,
                        (long long)n, resp, ref);
                CHECK(0);
            }
            if (writes) {
                snap = t_snapshot(db);
                CHECK_SAME(snap, after_ref);
                free(snap);
                gj_close(db);
                db = fixture();
            }
        } else {
            errors++;
            if (resp && !strstr(resp, "\"code\":\"nomem\"")) {
                fprintf(stderr, "%s: N=%lld: not nomem: %s\n", req, (long long)n, resp);
                CHECK(0);
            }
            if (writes) {
                snap = t_snapshot(db);
                CHECK_SAME(snap, before);
                free(snap);
            } else {
                /* the handle is whole: the next try answers right */
                char *again = gj_call(db, req);
                CHECK(again && strcmp(again, ref) == 0);
                if (again && strcmp(again, ref) != 0)
                    fprintf(stderr, "%s: after N=%lld: %s\n", req, (long long)n, again);
                gj_free(again);
            }
        }
        gj_free(resp);
        if (left > 0) break; /* the request made fewer than n allocations */
    }
    CHECK(errors > 0);
    printf("%-70.70s %6d runs, %6d errors\n", req, runs, errors);
    gj_close(db);
    gj_free(ref);
    free(before);
    free(after_ref);
    return runs;
}

int main(void)
{
    size_t i;
    int runs = 0;
    char *file, *req;
    for (i = 0; i < sizeof requests / sizeof requests[0]; i++) runs += run_request(requests[i].request, requests[i].writes);
    /* team sync: a teammate's changes file applied, and the conflicts list */
    file = sync_file();
    req = malloc(strlen(file) + 64);
    CHECK(req != NULL);
    sprintf(req, "{\"op\":\"sync.apply\",\"args\":{\"files\":[\"%s\"]}}", file);
    runs += run_request(req, 1);
    runs += run_request("{\"op\":\"sync.conflicts\",\"args\":{}}", 0);
    free(req);
    free(file);
    printf("%d runs\n", runs);
    return t_done("test_nomem");
}
