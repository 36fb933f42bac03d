/*
 * The weekly report's pieces that the API case cannot reach one by one:
 * ISO week bounds (years with 53 weeks, weeks that start in the year
 * before, local time), numbers as the page's Intl formatting shows them,
 * and tables aligned by display width or written as Markdown.
 */
#include <stdlib.h>

#include "domain/timeutil.h"
#include "metrics/metrics_weekly.h"
#include "testlib.h"

static void check_week(gj_db *db, const char *week, const char *from)
{
    int64_t f = 0, t = 0, want = 0;
    CHECK_EQ_INT(gj_metrics_week_bounds(db, week, &f, &t), GJ_OK);
    CHECK_EQ_INT(gj_time_parse(from, &want), 0);
    CHECK_EQ_INT(f, want);
    CHECK_EQ_INT(t - f, 7 * 86400);
}

static void weeks(void)
{
    static const char *const bad[] = {"2021-W53", "2025-W00", "2025-W54", "2025-w22", "2025-22",
                                      "2025-W2", "2025-W222", "0000-W01", "", NULL};
    gj_db *db = t_open();
    int64_t f, t;
    int i;
    check_week(db, "2025-W22", "2025-05-26");
    check_week(db, "2020-W53", "2020-12-28");
    check_week(db, "2021-W01", "2021-01-04");
    check_week(db, "2025-W01", "2024-12-30"); /* week 1 starts in the year before */
    check_week(db, "2026-W53", "2026-12-28");
    for (i = 0; bad[i]; i++) {
        CHECK_EQ_INT(gj_metrics_week_bounds(db, bad[i], &f, &t), GJ_INVALID);
        CHECK_STR(gj_db_errfield(db), "week");
    }
    CHECK_EQ_INT(gj_metrics_week_bounds(db, NULL, &f, &t), GJ_INVALID);
    /* a local week: Monday 00:00 at UTC-5 is 05:00 UTC */
    cJSON_Delete(t_ok(db, "{\"op\":\"settings.set\",\"args\":{\"tz_offset_minutes\":-300}}"));
    check_week(db, "2025-W22", "2025-05-26T05:00:00Z");
    gj_close(db);
}

static void numbers(void)
{
    char b[64];
    CHECK_STR(gj_weekly_num(1234567.26, 1, b), "1,234,567.3");
    CHECK_STR(gj_weekly_num(2.5, 1, b), "2.5");
    CHECK_STR(gj_weekly_num(3.0, 1, b), "3");
    CHECK_STR(gj_weekly_num(999, 0, b), "999");
    CHECK_STR(gj_weekly_num(-1500, 0, b), "-1,500");
    CHECK_STR(gj_weekly_num(-0.04, 1, b), "0"); /* no "-0" */
    CHECK_STR(gj_weekly_pct(0.625, 1, b), "62.5%");
    CHECK_STR(gj_weekly_pct(0.6, 1, b), "60%");
    CHECK_STR(gj_weekly_pct(0.0833, 0, b), "8%");
    CHECK_STR(gj_weekly_money(120000, "CNY", b), "¥120,000");
    CHECK_STR(gj_weekly_money(-917.4, "CNY", b), "-¥917");
    CHECK_STR(gj_weekly_money(5, "USD", b), "$5");
    CHECK_STR(gj_weekly_money(5, "XYZ", b), "XYZ 5");
    CHECK_STR(gj_weekly_fill(b, sizeof b, "{a} · {b} {c}", (const char *[]){"a", "x", "b", "y", NULL}),
              "x · y {c}");
    /* cut to fit, but never inside a character */
    CHECK_STR(gj_weekly_fill(b, 6, "{n}", (const char *[]){"n", "周报", NULL}), "周");
}

static void tables(void)
{
    gj_wtable t;
    gj_mbuf b = {NULL, 0, 0, 0};
    gj_wtable_init(&t, 3, 0x2);
    gj_wtable_add(&t, (const char *[]){"客户", "值", "Note"});
    gj_wtable_add(&t, (const char *[]){"甲乙公司", "12", "a\nb"});
    gj_wtable_add(&t, (const char *[]){"A|B", "3", NULL});
    gj_wtable_render(&b, &t, 0);
    CHECK(!b.oom);
    CHECK_STR(b.s, "客户      值  Note\n"
                   "--------  --  ----\n"
                   "甲乙公司  12  a b\n"
                   "A|B        3\n");
    b.len = 0;
    gj_wtable_render(&b, &t, 1);
    CHECK_STR(b.s, "| 客户 | 值 | Note |\n"
                   "| --- | ---: | --- |\n"
                   "| 甲乙公司 | 12 | a b |\n"
                   "| A\\|B | 3 |  |\n");
    gj_wtable_free(&t);
    gj_wtable_free(NULL);
    free(b.s);
}

int main(void)
{
    weeks();
    numbers();
    tables();
    return t_done("test_metrics_weekly");
}
