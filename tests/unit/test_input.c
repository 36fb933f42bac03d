/*
 * Input the JSON parser lets through but the page could not show or the
 * database would store differently from what was sent: a \u0000 escape
 * (cut there by the parser) and bytes that are not UTF-8. Both are refused
 * naming the field, and nothing is written. Escaped text around them is
 * kept exactly. And the email fields schema.describe announces.
 */
#include <stdlib.h>
#include <string.h>

#include "testlib.h"

/* The error of a call expected to fail, with this reason and field. */
static void refused(gj_db *db, const char *reason, const char *field, const char *req)
{
    char *raw = gj_call(db, req);
    cJSON *r = cJSON_Parse(raw);
    CHECK(r && cJSON_IsFalse(cJSON_GetObjectItem(r, "ok")));
    if (r && cJSON_IsFalse(cJSON_GetObjectItem(r, "ok"))) {
        CHECK_STR(t_str(r, "error.code"), "invalid");
        CHECK_STR(t_str(r, "error.reason"), reason);
        CHECK_STR(t_str(r, "error.field"), field);
        CHECK_STR(t_str(r, "error.params.field"), field);
    }
    cJSON_Delete(r);
    gj_free(raw);
}

static void test_nul(void)
{
    gj_db *db = t_open();
    refused(db, "nul_byte", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":\"A\\u0000B\"}}");
    refused(db, "nul_byte", "note",
            "{\"op\":\"customers.create\",\"args\":{\"name\":\"A\",\"custom\":{\"note\":\"x\\u0000\"}}}");
    refused(db, "nul_byte", "company",
            "{\"op\":\"customers.create\",\"args\":{\"name\":\"a:\\\"b\\\"\",\"company\":\"\\u0000\"}}");
    CHECK_EQ_INT(t_total(db, "customers", ""), 0);
    {
        /* an escaped backslash before u0000 is six characters of text */
        cJSON *d = t_ok(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"A\\\\u0000B\"}}");
        CHECK_STR(t_str(d, "name"), "A\\u0000B");
        cJSON_Delete(d);
    }
    gj_close(db);
}

static void test_utf8(void)
{
    gj_db *db = t_open();
    refused(db, "bad_utf8", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":\"A\xff\"}}");
    refused(db, "bad_utf8", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":\"\xc0\xaf\"}}"); /* overlong '/' */
    refused(db, "bad_utf8", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":\"\xed\xa0\x80\"}}"); /* surrogate */
    refused(db, "bad_utf8", "name", "{\"op\":\"customers.create\",\"args\":{\"name\":\"\xe4\xb8\"}}"); /* cut */
    refused(db, "bad_utf8", "tags",
            "{\"op\":\"customers.create\",\"args\":{\"name\":\"A\",\"tags\":\"vip\x80\"}}");
    CHECK_EQ_INT(t_total(db, "customers", ""), 0);
    {
        cJSON *d = t_ok(db, "{\"op\":\"customers.create\",\"args\":{\"name\":\"\xe7\x8e\x8b\xe8\x8a\xb3 \xf0\x9f\x98\x80\"}}");
        CHECK_STR(t_str(d, "name"), "\xe7\x8e\x8b\xe8\x8a\xb3 \xf0\x9f\x98\x80"); /* 王芳 and an emoji */
        cJSON_Delete(d);
    }
    gj_close(db);
}

/* Email fields say so in schema.describe, so forms can use type=email. */
static void test_email_format(void)
{
    gj_db *db = t_open();
    cJSON *d = t_ok(db, "{\"op\":\"schema.describe\"}");
    const char *const ents[] = {"reps", "customers"};
    int i;
    for (i = 0; i < 2; i++) {
        char path[64];
        const cJSON *f;
        int emails = 0, formats = 0;
        snprintf(path, sizeof path, "entities.%s.fields", ents[i]);
        cJSON_ArrayForEach(f, t_at(d, path)) {
            const cJSON *fmt = cJSON_GetObjectItem(f, "format");
            emails += strcmp(t_str(f, "name"), "email") == 0;
            formats += fmt != NULL;
            if (fmt) CHECK_STR(t_str(f, "name"), "email");
        }
        CHECK_EQ_INT(emails, 1);
        CHECK_EQ_INT(formats, 1);
    }
    cJSON_Delete(d);
    gj_close(db);
}

int main(void)
{
    test_nul();
    test_utf8();
    test_email_format();
    return t_done("test_input");
}
