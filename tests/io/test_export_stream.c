/*
 * The streaming export (gj_export_*): its chunks, concatenated, are the
 * bytes of export.csv's text and of export.json's data as gj_call prints
 * it; chunks stay near their size; bad options fail at begin naming the
 * option; an export writes nothing and leaves no transaction open.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

#define CHUNK (64 * 1024)

typedef struct {
    char *p;
    size_t len;
    int chunks;
    size_t largest;
} bytes;

/* Runs a whole export; GJ_OK with *out filled, or the code. */
static int stream(gj_db *db, const char *options, bytes *out)
{
    gj_export *x = NULL;
    const char *chunk;
    size_t n;
    int rc;
    memset(out, 0, sizeof *out);
    if ((rc = gj_export_begin(db, options, &x)) != GJ_OK) {
        CHECK(x == NULL);
        return rc;
    }
    while ((rc = gj_export_next(x, &chunk, &n)) == GJ_OK && n > 0) {
        char *p = realloc(out->p, out->len + n + 1);
        if (!p) abort();
        out->p = p;
        memcpy(out->p + out->len, chunk, n);
        out->len += n;
        out->p[out->len] = 0;
        out->chunks++;
        if (n > out->largest) out->largest = n;
    }
    CHECK_EQ_INT(gj_export_finish(x), rc);
    return rc;
}

/* export.csv's "csv" text for these args. */
static char *csv_op(gj_db *db, const char *args)
{
    cJSON *data = t_ok(db, "{\"op\":\"export.csv\",\"args\":%s}", args);
    char *s = data ? strdup(t_str(data, "csv")) : NULL;
    cJSON_Delete(data);
    return s;
}

static void check_csv(gj_db *db, const char *args)
{
    char opts[512];
    bytes b;
    char *whole = csv_op(db, args);
    snprintf(opts, sizeof opts, "{\"format\":\"csv\",%s", args + 1);
    CHECK_EQ_INT(stream(db, opts, &b), GJ_OK);
    CHECK(whole != NULL && b.p != NULL);
    if (whole && b.p) {
        CHECK_EQ_INT(b.len, strlen(whole));
        CHECK(memcmp(b.p, whole, b.len) == 0);
    }
    CHECK(b.largest <= CHUNK + 4096); /* a chunk and at most one row */
    free(whole);
    free(b.p);
}

static void test_csv_same_bytes(gj_db *db)
{
    bytes b;
    check_csv(db, "{\"kind\":\"customers\"}");
    check_csv(db, "{\"kind\":\"customers\",\"labels\":\"zh-CN\"}");
    check_csv(db, "{\"kind\":\"customers\",\"labels\":\"en\",\"sort\":\"-name\"}");
    check_csv(db, "{\"kind\":\"customers\",\"filter\":{\"tier\":\"A\"},\"q\":\"a\"}");
    check_csv(db, "{\"kind\":\"followups\"}");
    check_csv(db, "{\"kind\":\"deals\",\"limit\":7,\"offset\":3}");
    check_csv(db, "{\"kind\":\"tickets\",\"q\":\"no such text anywhere\"}");
    /* a large table comes in several chunks, each about the chunk size */
    CHECK_EQ_INT(stream(db, "{\"format\":\"csv\",\"kind\":\"events\"}", &b), GJ_OK);
    CHECK(b.chunks > 3);
    CHECK(b.largest >= CHUNK && b.largest <= CHUNK + 4096);
    free(b.p);
}

static void test_json_same_bytes(gj_db *db)
{
    const char *prefix = "{\"ok\":true,\"data\":";
    char *resp = t_raw(db, "{\"op\":\"export.json\"}");
    bytes b;
    CHECK_EQ_INT(stream(db, "{\"format\":\"json\"}", &b), GJ_OK);
    CHECK(resp && strncmp(resp, prefix, strlen(prefix)) == 0);
    if (resp && b.p) {
        size_t n = strlen(resp) - strlen(prefix) - 1; /* without the envelope's } */
        CHECK_EQ_INT(b.len, n);
        CHECK(b.len == n && memcmp(b.p, resp + strlen(prefix), n) == 0);
    }
    CHECK(b.chunks > 3);
    CHECK(b.largest <= CHUNK + 4096);
    gj_free(resp);
    free(b.p);
}

static void test_bad_options(gj_db *db)
{
    gj_export *x = (gj_export *)1;
    bytes b;
    CHECK_EQ_INT(stream(db, "{\"format\":\"xml\"}", &b), GJ_INVALID);
    CHECK_STR(gj_errmsg(db), "format must be csv or json");
    CHECK_EQ_INT(stream(db, "{\"format\":\"csv\",\"kind\":\"widgets\"}", &b), GJ_INVALID);
    CHECK(strstr(gj_errmsg(db), "kind") != NULL);
    CHECK_EQ_INT(stream(db, "{\"format\":\"csv\",\"kind\":\"customers\",\"labels\":\"fr\"}", &b), GJ_INVALID);
    CHECK_EQ_INT(stream(db, "{\"format\":\"csv\",\"kind\":\"customers\",\"nope\":1}", &b), GJ_INVALID);
    CHECK_EQ_INT(stream(db, "{\"format\":\"json\",\"kind\":\"customers\"}", &b), GJ_INVALID);
    CHECK_EQ_INT(stream(db, "{\"format\":\"csv\",\"kind\":\"customers\",\"filter\":{\"nope\":1}}", &b),
                 GJ_INVALID);
    CHECK_EQ_INT(gj_export_begin(db, "[1,", &x), GJ_BADREQUEST);
    CHECK(x == NULL);
    CHECK_EQ_INT(gj_export_finish(NULL), GJ_OK);
}

/* An export reads only, and finishing it, done or not, ends its
 * transaction: the next write commits. */
static void test_writes_nothing(gj_db *db)
{
    char *before = t_snapshot(db), *after;
    gj_export *x = NULL;
    const char *chunk;
    size_t n;
    bytes b;
    CHECK_EQ_INT(stream(db, "{\"format\":\"json\"}", &b), GJ_OK);
    free(b.p);
    CHECK_EQ_INT(gj_export_begin(db, "{\"format\":\"csv\",\"kind\":\"events\"}", &x), GJ_OK);
    CHECK_EQ_INT(gj_export_next(x, &chunk, &n), GJ_OK);
    CHECK(n > 0);
    CHECK_EQ_INT(gj_export_finish(x), GJ_OK); /* abandoned half way */
    after = t_snapshot(db);
    CHECK_SAME(before, after);
    free(after);
    t_create(db, "{\"op\":\"reps.create\",\"args\":{\"name\":\"after the export\"}}");
    CHECK_EQ_INT(t_total(db, "reps", "{\"name\":\"after the export\"}"), 1);
    free(before);
}

int main(void)
{
    gj_db *db = t_open();
    cJSON_Delete(t_ok(db, "{\"op\":\"demo.generate\",\"args\":{\"customers\":300,\"seed\":5,"
                          "\"now\":\"2025-01-10\"}}"));
    /* text the CSV must quote and guard, and a long row */
    t_create(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"=SUM(A1)\",\"company\":\"a, \\\"b\\\"\\nc\","
                 "\"pain_points\":\"%s\"}}", "长文本 long text long text long text long text long text");
    test_csv_same_bytes(db);
    test_json_same_bytes(db);
    test_bad_options(db);
    test_writes_nothing(db);
    gj_close(db);
    return t_done("test_export_stream");
}
