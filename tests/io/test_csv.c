/*
 * The io layer's parts without a database: the CSV parser under every
 * chunk split, the CSV cell writer, the decoder (UTF-8 / GB18030, BOM,
 * split characters), dates, numbers, booleans, enum synonyms, header
 * suggestions.
 */
#include <iconv.h>
#include <stdlib.h>
#include <string.h>

#include "io/io.h"
#include "testlib.h"

/* Records as "a|b|c\n" lines, for comparing parses. */
static int collect(void *ctx, int n, char **f, const size_t *lens)
{
    gj_buf *b = ctx;
    int i;
    for (i = 0; i < n; i++) {
        if (i) gj_buf_add(b, "|", 1);
        gj_buf_add(b, f[i], lens[i]);
    }
    gj_buf_add(b, "\n", 1);
    return 0;
}

static char *parse_split(const char *s, size_t n, size_t cut, size_t step, int *rc)
{
    gj_buf b;
    gj_csv *p;
    size_t i;
    gj_buf_init(&b);
    p = gj_csv_new(collect, &b);
    *rc = gj_csv_feed(p, s, cut);
    for (i = cut; i < n && *rc == GJ_OK; i += step)
        *rc = gj_csv_feed(p, s + i, i + step > n ? n - i : step);
    if (*rc == GJ_OK) *rc = gj_csv_finish(p);
    gj_csv_free(p);
    return gj_buf_take(&b);
}

static void test_csv_splits(void)
{
    static const char text[] =
        "name,note,n\r\n"
        "\"Zhang, San\",\"line1\r\nline2\",1\r\n"
        "\"say \"\"hi\"\"\",plain,\r\n"
        "bare\rcr,\"\",3\n"
        "last,\"no newline at end\",4";
    const char *want = "name|note|n\nZhang, San|line1\r\nline2|1\nsay \"hi\"|plain|\nbare\n"
                       "cr||3\nlast|no newline at end|4\n";
    size_t n = strlen(text), cut;
    int rc;
    for (cut = 0; cut <= n; cut++) {
        char *got = parse_split(text, n, cut, n, &rc);
        CHECK_EQ_INT(rc, GJ_OK);
        CHECK_STR(got, want);
        free(got);
    }
    {
        char *got = parse_split(text, n, 0, 1, &rc); /* one byte at a time */
        CHECK_STR(got, want);
        free(got);
    }
    {
        char *got = parse_split("a,\"open", 7, 7, 1, &rc);
        CHECK_EQ_INT(rc, GJ_INVALID); /* a quote never closed */
        free(got);
    }
}

static void test_csv_cells(void)
{
    gj_buf b;
    gj_buf_init(&b);
    gj_csv_cell(&b, "plain", 1);
    gj_buf_add(&b, ";", 1);
    gj_csv_cell(&b, "a,b \"q\"", 1);
    gj_buf_add(&b, ";", 1);
    gj_csv_cell(&b, "=SUM(A1)", 1);
    gj_buf_add(&b, ";", 1);
    gj_csv_cell(&b, "-5", 1);
    gj_buf_add(&b, ";", 1);
    gj_csv_cell(&b, "@x,y", 1);
    gj_buf_add(&b, ";", 1);
    gj_csv_cell(&b, "-5", 0);
    CHECK_STR(gj_buf_str(&b), "plain;\"a,b \"\"q\"\"\";'=SUM(A1);'-5;\"'@x,y\";-5");
    gj_buf_free(&b);
}

static int append_text(void *ctx, const char *s, size_t n)
{
    gj_buf_add(ctx, s, n);
    return 0;
}

static char *decode_split(int enc, const char *s, size_t n, size_t step, int *rc, int *found)
{
    gj_buf b;
    gj_decoder *d = gj_decoder_new(enc);
    size_t i;
    gj_buf_init(&b);
    *rc = GJ_OK;
    for (i = 0; i < n && *rc == GJ_OK; i += step)
        *rc = gj_decoder_feed(d, s + i, i + step > n ? n - i : step, append_text, &b);
    if (*rc == GJ_OK) *rc = gj_decoder_finish(d, append_text, &b);
    *found = gj_decoder_encoding(d);
    gj_decoder_free(d);
    return gj_buf_take(&b);
}

static void test_decoder(void)
{
    const char *utf8 = "客户名称,电话\r\n张三,138\r\n王芳,139\r\n";
    char gb[256], *in = (char *)utf8, *out = gb, *got;
    size_t inleft = strlen(utf8), outleft = sizeof gb, step;
    iconv_t cd = iconv_open("GB18030", "UTF-8");
    int rc, enc;
    CHECK(cd != (iconv_t)-1);
    iconv(cd, &in, &inleft, &out, &outleft);
    iconv_close(cd);
    for (step = 1; step <= 7; step++) {
        got = decode_split(GJ_ENC_AUTO, gb, (size_t)(out - gb), step, &rc, &enc);
        CHECK_EQ_INT(rc, GJ_OK);
        CHECK_EQ_INT(enc, GJ_ENC_GB18030);
        CHECK_STR(got, utf8);
        free(got);
        got = decode_split(GJ_ENC_AUTO, "\xEF\xBB\xBF" "客户,a\n", 12, step, &rc, &enc);
        CHECK_EQ_INT(enc, GJ_ENC_UTF8);
        CHECK_STR(got, "客户,a\n"); /* the BOM is dropped */
        free(got);
    }
    got = decode_split(GJ_ENC_UTF8, gb, (size_t)(out - gb), 5, &rc, &enc);
    CHECK_EQ_INT(rc, GJ_INVALID); /* GB18030 bytes are not UTF-8 */
    free(got);
}

static void test_values(void)
{
    int64_t t = 0;
    double d = 0;
    int b = -1;
    const gj_entity *fu = gj_entity_find("followups");
    CHECK(gj_io_parse_time("2024-05-01", GJ_DATE_AUTO, 0, &t) == 0 && t == 1714521600);
    CHECK(gj_io_parse_time("2024/5/1 9:05", GJ_DATE_AUTO, 0, &t) == 0 && t == 1714521600 + 9 * 3600 + 300);
    CHECK(gj_io_parse_time("2024年5月1日", GJ_DATE_AUTO, 0, &t) == 0 && t == 1714521600);
    CHECK(gj_io_parse_time("5/1/2024", GJ_DATE_AUTO, 0, &t) == 0 && t == 1714521600);   /* M/D */
    CHECK(gj_io_parse_time("5/1/2024", GJ_DATE_DMY, 0, &t) == 0 && t == 1704412800);    /* D/M: 5 Jan */
    CHECK(gj_io_parse_time("13/1/2024", GJ_DATE_AUTO, 0, &t) == 0 && t == 1705104000);  /* D/M: 13 Jan */
    CHECK(gj_io_parse_time("13/1/2024", GJ_DATE_MDY, 0, &t) != 0);
    CHECK(gj_io_parse_time("5/1/2024", GJ_DATE_YMD, 0, &t) != 0);
    CHECK(gj_io_parse_time("2024-05-01T08:00:00+08:00", GJ_DATE_AUTO, 0, &t) == 0 && t == 1714521600);
    CHECK(gj_io_parse_time("2024-05-01 08:00", GJ_DATE_AUTO, 480, &t) == 0 && t == 1714521600); /* workspace +08:00 */
    CHECK(gj_io_parse_time("2023-02-29", GJ_DATE_AUTO, 0, &t) != 0);
    CHECK(gj_io_parse_time("2024/13/45", GJ_DATE_AUTO, 0, &t) != 0);
    CHECK(gj_io_parse_time("soon", GJ_DATE_AUTO, 0, &t) != 0);
    CHECK(gj_io_parse_number("1,234.50", &d) == 0 && d == 1234.5);
    CHECK(gj_io_parse_number("¥ 12", &d) == 0 && d == 12);
    CHECK(gj_io_parse_number("-3", &d) == 0 && d == -3);
    CHECK(gj_io_parse_number("inf", &d) != 0);
    CHECK(gj_io_parse_number("12abc", &d) != 0);
    CHECK(gj_io_parse_bool("是", &b) == 0 && b == 1);
    CHECK(gj_io_parse_bool("FALSE", &b) == 0 && b == 0);
    CHECK(gj_io_parse_bool("maybe", &b) != 0);
    CHECK_STR(gj_io_enum_value(&fu->fields[gj_entity_field(fu, "channel")], "微信"), "wechat");
    CHECK_STR(gj_io_enum_value(&fu->fields[gj_entity_field(fu, "channel")], "Phone"), "phone");
    CHECK(gj_io_enum_value(&fu->fields[gj_entity_field(fu, "channel")], "fax") == NULL);
}

static void test_headers(void)
{
    const gj_entity *c = gj_entity_find("customers"), *fu = gj_entity_find("followups");
    const gj_entity *dl = gj_entity_find("deals");
    gj_target t;
    CHECK_STR(gj_header_suggest(c, "客户名称"), "name");
    CHECK_STR(gj_header_suggest(c, " Phone Number "), "phone");
    CHECK_STR(gj_header_suggest(c, "手机"), "phone");
    CHECK_STR(gj_header_suggest(c, "*邮箱"), "email");
    CHECK_STR(gj_header_suggest(c, "负责人"), "owner");
    CHECK_STR(gj_header_suggest(fu, "负责人"), "rep");
    CHECK_STR(gj_header_suggest(fu, "客户名称"), "customer_name");
    CHECK_STR(gj_header_suggest(fu, "Customer_Ext_ID"), "customer_ext_id");
    CHECK_STR(gj_header_suggest(dl, "金额"), "amount");
    CHECK_STR(gj_header_suggest(dl, "阶段"), "stage");
    CHECK(gj_header_suggest(c, "id") == NULL); /* ids are Genjin's */
    CHECK(gj_header_suggest(c, "备注") == NULL);
    CHECK(gj_target_parse(fu, "customer_ext_id", &t) == 0 && t.kind == GJ_T_CUSTOMER_EXT);
    CHECK(gj_target_parse(c, "customer_ext_id", &t) != 0);
    CHECK(gj_target_parse(c, "custom.size", &t) == 0 && t.kind == GJ_T_CUSTOM);
    CHECK(gj_target_parse(fu, "custom.size", &t) != 0);
    CHECK(gj_target_parse(c, "nonsense", &t) != 0);
}

int main(void)
{
    test_csv_splits();
    test_csv_cells();
    test_decoder();
    test_values();
    test_headers();
    return t_done("test_csv");
}
