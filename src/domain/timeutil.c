/*
 * Calendar arithmetic without the C library's time zone machinery (which
 * depends on the environment, differs under Emscripten, and is not
 * needed: every offset is explicit). Algorithms after H. Hinnant's
 * "chrono-compatible low-level date algorithms".
 */
#include "timeutil.h"

#include <stdio.h>

int64_t gj_days_from_civil(int64_t y, int m, int d)
{
    int64_t era, yoe, doy, doe;
    y -= m <= 2;
    era = (y >= 0 ? y : y - 399) / 400;
    yoe = y - era * 400;
    doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void gj_civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
    int64_t era, doe, yoe, doy, mp;
    z += 719468;
    era = (z >= 0 ? z : z - 146096) / 146097;
    doe = z - era * 146097;
    yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static int days_in_month(int64_t y, int m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) return 29;
    return dm[m - 1];
}

/* Reads exactly n digits. */
static int digits(const char **p, int n, int *out)
{
    int v = 0, i;
    for (i = 0; i < n; i++) {
        char c = (*p)[i];
        if (c < '0' || c > '9') return -1;
        v = v * 10 + (c - '0');
    }
    *p += n;
    *out = v;
    return 0;
}

static int space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

int gj_time_parse_local(const char *s, int tz_minutes, int64_t *out)
{
    const char *p = s;
    int y, mo, d, h = 0, mi = 0, sec = 0, off = tz_minutes;
    int64_t t;
    if (!s) return -1;
    while (space(*p)) p++;
    if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) || *p++ != '-' ||
        digits(&p, 2, &d))
        return -1;
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return -1;
    if (*p == 'T' || *p == 't' || (*p == ' ' && p[1] >= '0' && p[1] <= '9')) {
        p++;
        if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi)) return -1;
        if (*p == ':') {
            p++;
            if (digits(&p, 2, &sec)) return -1;
            if (*p == '.' || *p == ',') {
                p++;
                if (*p < '0' || *p > '9') return -1;
                while (*p >= '0' && *p <= '9') p++;
            }
        }
        if (h > 23 || mi > 59 || sec > 59) return -1;
        if (*p == 'Z' || *p == 'z') {
            p++;
            off = 0;
        } else if (*p == '+' || *p == '-') {
            int sign = *p++ == '-' ? -1 : 1, oh, om = 0;
            if (digits(&p, 2, &oh)) return -1;
            if (*p == ':') {
                p++;
                if (digits(&p, 2, &om)) return -1; /* "+08:" needs its minutes */
            } else if (*p >= '0' && *p <= '9' && digits(&p, 2, &om)) {
                return -1;
            }
            if (oh > 14 || om > 59) return -1;
            off = sign * (oh * 60 + om);
        }
    }
    while (space(*p)) p++;
    if (*p) return -1;
    t = gj_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - (int64_t)off * 60;
    /* only what gj_time_format writes back: years 1-9999 in UTC (an offset
     * can move 0001-01-01 into year 0 or 9999-12-31 into 10000) */
    if (t < GJ_TIME_MIN || t > GJ_TIME_MAX) return -1;
    *out = t;
    return 0;
}

int gj_time_parse(const char *s, int64_t *out) { return gj_time_parse_local(s, 0, out); }

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
}

char *gj_time_format(int64_t t, char *buf)
{
    int64_t days = floor_div(t, 86400), y, rem = t - days * 86400;
    int m, d;
    gj_civil_from_days(days, &y, &m, &d);
    snprintf(buf, 32, "%04d-%02d-%02dT%02d:%02d:%02dZ", (int)y, m, d,
             (int)(rem / 3600), (int)(rem / 60 % 60), (int)(rem % 60));
    return buf;
}

char *gj_date_format(int64_t t, char *buf)
{
    int64_t y;
    int m, d;
    gj_civil_from_days(floor_div(t, 86400), &y, &m, &d);
    snprintf(buf, 11, "%04d-%02d-%02d", (int)y, m, d);
    return buf;
}
