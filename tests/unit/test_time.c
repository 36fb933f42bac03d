/* gj_time_parse / gj_time_format: ISO 8601 in, UTC epoch seconds out. */
#include <stdint.h>
#include <string.h>

#include "domain/timeutil.h"
#include "testlib.h"

static int64_t parse(const char *s)
{
    int64_t t = -777;
    if (gj_time_parse(s, &t) != 0) return INT64_MIN;
    return t;
}

#define PARSES(s, want) CHECK_EQ_INT(parse(s), (want))
#define REJECTS(s) CHECK_EQ_INT(parse(s), INT64_MIN)

static void test_forms(void)
{
    PARSES("1970-01-01", 0);
    PARSES("2024-05-01", 1714521600);
    PARSES("2024-05-01 13:45", 1714571100);
    PARSES("2024-05-01 13:45:07", 1714571107);
    PARSES("2024-05-01T13:45:07", 1714571107);
    PARSES("2024-05-01T13:45:07Z", 1714571107);
    PARSES("2024-05-01t13:45:07z", 1714571107);
    PARSES("2024-05-01T13:45Z", 1714571100);
    PARSES("  2024-05-01T13:45:07Z  ", 1714571107);
    PARSES("2000-01-01T00:00:00Z", 946684800);
    PARSES("2025-01-15T00:00:00Z", 1736899200);
    PARSES("9999-12-31T23:59:59Z", 253402300799LL);
}

static void test_offsets(void)
{
    /* 13:45:07 at +08:00 is 05:45:07 UTC */
    PARSES("2024-05-01 13:45:07+08:00", 1714542307);
    PARSES("2024-05-01T13:45:07+08:00", 1714542307);
    PARSES("2024-05-01T13:45:07+0800", 1714542307);
    PARSES("2024-05-01T13:45:07+08", 1714542307);
    PARSES("2024-05-01T13:45+08:00", 1714542300);
    PARSES("2024-05-01T13:45:07-05:30", 1714571107 + 5 * 3600 + 30 * 60);
    PARSES("2024-05-01T13:45:07-0530", 1714571107 + 5 * 3600 + 30 * 60);
    PARSES("2024-05-01T13:45:07+00:00", 1714571107);
    PARSES("2024-05-01T13:45:07-00:00", 1714571107);
    PARSES("2024-05-01T13:45:07+14:00", 1714571107 - 14 * 3600);
    /* crossing the date line backwards: 01:00 at +08:00 is the previous UTC day */
    PARSES("2024-05-01T01:00:00+08:00", 1714521600 - 7 * 3600);
    REJECTS("2024-05-01T13:45:07+15:00");
    REJECTS("2024-05-01T13:45:07+08:60");
    REJECTS("2024-05-01T13:45:07+8:00");
    REJECTS("2024-05-01T13:45:07+08:0");
    REJECTS("2024-05-01T13:45:07+080");
    REJECTS("2024-05-01T13:45:07+");
    REJECTS("2024-05-01T13:45:07+08:"); /* a colon promises minutes */
    REJECTS("2024-05-01T13:45:07 +08:00x");
    REJECTS("2024-05-01T13:45:07ZZ");
}

static void test_fractions(void)
{
    PARSES("2024-05-01T13:45:07.123Z", 1714571107);
    PARSES("2024-05-01T13:45:07.999999+08:00", 1714542307);
    PARSES("2024-05-01 13:45:07,5", 1714571107);
    PARSES("2024-05-01T13:45:07.0", 1714571107);
    REJECTS("2024-05-01T13:45:07.");
    REJECTS("2024-05-01T13:45:07.Z");
    REJECTS("2024-05-01T13:45.5"); /* a fraction needs seconds */
}

static void test_calendar(void)
{
    PARSES("2024-02-29", 1709164800);
    PARSES("2000-02-29", 951782400); /* divisible by 400: leap */
    REJECTS("2023-02-29");
    REJECTS("1900-02-29"); /* divisible by 100: not leap */
    REJECTS("2024-02-30");
    REJECTS("2024-04-31");
    REJECTS("2024-13-01");
    REJECTS("2024-00-10");
    REJECTS("2024-01-00");
    REJECTS("2024-01-32");
    PARSES("2024-12-31T23:59:59Z", 1735689599);
    REJECTS("2024-05-01T24:00:00");
    REJECTS("2024-05-01T23:60:00");
    REJECTS("2024-05-01T23:59:60");
}

static void test_garbage(void)
{
    int64_t t = 42;
    CHECK(gj_time_parse(NULL, &t) != 0);
    REJECTS("");
    REJECTS(" ");
    REJECTS("yesterday");
    REJECTS("2024");
    REJECTS("2024-05");
    REJECTS("2024-5-1");
    REJECTS("2024/05/01");
    REJECTS("20240501");
    REJECTS("01-05-2024");
    REJECTS("2024-05-01T");
    REJECTS("2024-05-01T13");
    REJECTS("2024-05-01T13:4");
    REJECTS("2024-05-01T1:45");
    REJECTS("2024-05-01T13:45:7");
    REJECTS("2024-05-01 13:45:07 extra");
    REJECTS("2024-05-01x");
    REJECTS("2024-05-01T13:45:07Z\n1");
    REJECTS("-2024-05-01");
    /* a rejected text leaves *out alone */
    t = 42;
    CHECK(gj_time_parse("2024-02-30", &t) != 0);
    CHECK_EQ_INT(t, 42);
}

static int64_t parse_at(const char *s, int tz)
{
    int64_t t = -777;
    if (gj_time_parse_local(s, tz, &t) != 0) return INT64_MIN;
    return t;
}

/* Without an offset a date or time is the workspace's local time. */
static void test_local(void)
{
    /* 2024-05-01 00:00 at +08:00 is 2024-04-30 16:00 UTC */
    CHECK_EQ_INT(parse_at("2024-05-01", 480), 1714521600 - 8 * 3600);
    CHECK_EQ_INT(parse_at("2024-05-01 13:45", 480), 1714571100 - 8 * 3600);
    CHECK_EQ_INT(parse_at("2024-05-01", -300), 1714521600 + 5 * 3600);
    CHECK_EQ_INT(parse_at("2024-05-01T23:30:00", -300), 1714521600 + 23 * 3600 + 1800 + 5 * 3600);
    /* an explicit offset wins over the workspace's */
    CHECK_EQ_INT(parse_at("2024-05-01T13:45:07Z", 480), 1714571107);
    CHECK_EQ_INT(parse_at("2024-05-01T13:45:07+08:00", -300), 1714542307);
    CHECK_EQ_INT(parse_at("2024-05-01T13:45:07-00:00", 480), 1714571107);
    /* surrounding white space of any kind */
    CHECK_EQ_INT(parse_at("\t 2024-05-01 \r\n", 480), 1714521600 - 8 * 3600);
    CHECK_EQ_INT(parse_at("\n2024-05-01T13:45:07Z\t", 0), 1714571107);
    CHECK_EQ_INT(parse_at("2024-05-01\t13:45", 0), INT64_MIN);
    /* years 1-9999 */
    CHECK_EQ_INT(parse_at("0001-01-01", 0), gj_days_from_civil(1, 1, 1) * 86400);
    CHECK_EQ_INT(parse_at("0000-12-31", 0), INT64_MIN);
    CHECK_EQ_INT(parse_at("10000-01-01", 0), INT64_MIN);
    CHECK_EQ_INT(parse_at("9999-12-31T23:59:59", 480), 253402300799LL - 8 * 3600);
}

static void test_format(void)
{
    char buf[32], day[11];
    CHECK_STR(gj_time_format(0, buf), "1970-01-01T00:00:00Z");
    CHECK_STR(gj_time_format(1714542307, buf), "2024-05-01T05:45:07Z");
    CHECK_STR(gj_time_format(1709164800 + 86399, buf), "2024-02-29T23:59:59Z");
    CHECK_STR(gj_time_format(253402300799LL, buf), "9999-12-31T23:59:59Z");
    /* before the epoch: floor division, not truncation */
    CHECK_STR(gj_time_format(-1, buf), "1969-12-31T23:59:59Z");
    CHECK_STR(gj_time_format(-86400, buf), "1969-12-31T00:00:00Z");
    CHECK_STR(gj_time_format(-86401, buf), "1969-12-30T23:59:59Z");
    CHECK_STR(gj_time_format(-2208988800LL, buf), "1900-01-01T00:00:00Z");
    CHECK_STR(gj_date_format(1714542307, day), "2024-05-01");
    CHECK_STR(gj_date_format(-1, day), "1969-12-31");
    PARSES("1969-12-31T23:59:59Z", -1);
    PARSES("1969-12-31", -86400);
    PARSES("1970-01-01T07:59:59+08:00", -1);
    PARSES("1900-01-01", -2208988800LL);
}

static void test_round_trips(void)
{
    static const int64_t samples[] = {0, 1, -1, 59, 86399, 86400, -86399, 951782400, 1709164800,
                                      1714542307, 1736899200, 4102444800LL, -2208988800LL,
                                      -62135596800LL /* 0001-01-01 */};
    size_t i;
    int64_t t;
    char buf[32];
    for (i = 0; i < sizeof samples / sizeof samples[0]; i++) {
        CHECK(gj_time_parse(gj_time_format(samples[i], buf), &t) == 0);
        CHECK_EQ_INT(t, samples[i]);
    }
    /* every day for 800 years around the epoch and leap years in between */
    for (t = -200LL * 365 * 86400; t < 600LL * 365 * 86400; t += 86400 * 7 + 3601) {
        int64_t back = 0;
        if (gj_time_parse(gj_time_format(t, buf), &back) != 0 || back != t) {
            CHECK_EQ_INT(back, t);
            break;
        }
    }
    CHECK(t >= 600LL * 365 * 86400);
    /* civil <-> days agree */
    {
        int64_t y;
        int m, d;
        gj_civil_from_days(gj_days_from_civil(2024, 2, 29), &y, &m, &d);
        CHECK(y == 2024 && m == 2 && d == 29);
        CHECK_EQ_INT(gj_days_from_civil(1970, 1, 1), 0);
        CHECK_EQ_INT(gj_days_from_civil(1969, 12, 31), -1);
        CHECK_EQ_INT(gj_days_from_civil(2000, 3, 1) - gj_days_from_civil(2000, 2, 28), 2);
        CHECK_EQ_INT(gj_days_from_civil(2100, 3, 1) - gj_days_from_civil(2100, 2, 28), 1);
    }
}

int main(void)
{
    test_forms();
    test_offsets();
    test_fractions();
    test_calendar();
    test_garbage();
    test_local();
    test_format();
    test_round_trips();
    return t_done("test_time");
}
