/*
 * Cell values as spreadsheets write them: dates in several local forms,
 * numbers with thousands separators and currency signs, yes/no in Chinese,
 * enum values by their Chinese names. Everything here is pure (no db).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "io.h"

static int is_digit(char c) { return c >= '0' && c <= '9'; }
/* The white space the API's time parser skips (a quoted cell keeps its
 * line breaks): what the API accepts, an import accepts too. */
static int is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Reads 1..max digits; returns the count read (0 = none). */
static int num(const char **p, int max, int *out)
{
    int n = 0, v = 0;
    while (n < max && is_digit(**p)) {
        v = v * 10 + (**p - '0');
        (*p)++;
        n++;
    }
    *out = v;
    return n;
}

static int skip(const char **p, const char *word)
{
    size_t n = strlen(word);
    if (strncmp(*p, word, n) != 0) return 0;
    *p += n;
    return 1;
}

static int leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

static int valid_date(int y, int m, int d)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1 || m < 1 || m > 12 || d < 1) return 0;
    return d <= dm[m - 1] + (m == 2 && leap(y));
}

/* The date part: sets y, m, d and advances *p. 0 or -1. */
static int parse_date(const char **p, int date_format, int *y, int *m, int *d)
{
    const char *s = *p;
    int a, b, c, na;
    char sep;
    na = num(&s, 4, &a);
    if (na == 4) { /* Y sep M sep D, or Y年M月D日 */
        if (skip(&s, "年")) {
            if (!num(&s, 2, m) || !skip(&s, "月") || !num(&s, 2, d)) return -1;
            skip(&s, "日");
            *y = a;
            *p = s;
            return 0;
        }
        sep = *s;
        if (sep != '-' && sep != '/' && sep != '.') return -1;
        s++;
        if (!num(&s, 2, m) || *s != sep) return -1;
        s++;
        if (!num(&s, 2, d)) return -1;
        *y = a;
        *p = s;
        return 0; /* year-first is never ambiguous */
    }
    if (na < 1 || na > 2) return -1;
    sep = *s; /* M/D/YYYY or D/M/YYYY */
    if (sep != '/' && sep != '-' && sep != '.') return -1;
    s++;
    if (!num(&s, 2, &b) || *s != sep) return -1;
    s++;
    if (num(&s, 4, &c) != 4) return -1;
    if (date_format == GJ_DATE_YMD) return -1;
    if (date_format == GJ_DATE_DMY || (date_format == GJ_DATE_AUTO && a > 12)) {
        *d = a;
        *m = b;
    } else {
        *m = a;
        *d = b;
    }
    *y = c;
    *p = s;
    return 0;
}

int gj_io_parse_time(const char *s, int date_format, int tz_minutes, int64_t *out)
{
    int y, mo, d, h = 0, mi = 0, se = 0, has_off = 0, off = 0;
    while (is_space(*s)) s++;
    if (parse_date(&s, date_format, &y, &mo, &d) != 0 || !valid_date(y, mo, d)) return -1;
    if (*s == 'T' || *s == 't' || *s == ' ') {
        const char *t = s + 1;
        while (is_space(*t)) t++;
        if (*t) {
            if (!num(&t, 2, &h) || *t++ != ':' || num(&t, 2, &mi) != 2) return -1;
            if (*t == ':') {
                t++;
                if (num(&t, 2, &se) != 2) return -1;
                if (*t == '.' || *t == ',') { /* fractions are dropped, as in the API */
                    t++;
                    while (is_digit(*t)) t++;
                }
            }
            if (h > 23 || mi > 59 || se > 59) return -1;
            s = t;
        }
    }
    if (*s == 'Z' || *s == 'z') {
        has_off = 1;
        s++;
    } else if (*s == '+' || *s == '-') {
        int sign = *s == '-' ? -1 : 1, oh, om = 0;
        s++;
        if (num(&s, 2, &oh) != 2) return -1;
        if (*s == ':') s++;
        if (is_digit(*s) && num(&s, 2, &om) != 2) return -1;
        if (oh > 23 || om > 59) return -1;
        has_off = 1;
        off = sign * (oh * 60 + om);
    }
    while (is_space(*s)) s++;
    if (*s) return -1;
    *out = gj_days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
           (int64_t)(has_off ? off : tz_minutes) * 60;
    return 0;
}

int gj_io_parse_number(const char *s, double *out)
{
    char tmp[64], *end;
    size_t n = 0;
    while (*s == ' ') s++;
    if (skip(&s, "¥") || skip(&s, "￥") || skip(&s, "$"))
        while (*s == ' ') s++;
    for (; *s && n + 1 < sizeof tmp; s++) {
        if (*s == ',' && n > 0) continue; /* thousands separator */
        if (*s == ' ') break;
        tmp[n++] = *s;
    }
    while (*s == ' ') s++;
    skip(&s, "元");
    if (*s || n == 0) return -1;
    tmp[n] = 0;
    *out = strtod(tmp, &end);
    if (*end || end == tmp) return -1;
    /* strtod takes "inf", "nan" and hex: numbers in a sheet are decimal */
    for (end = tmp; *end; end++)
        if (!is_digit(*end) && !strchr("+-.eE", *end)) return -1;
    /* 1e999 overflows to infinity: no amount or score is that large */
    return isfinite(*out) ? 0 : -1;
}

static int same_ci(const char *a, const char *b)
{
    for (; *a && *b; a++, b++) {
        char x = *a >= 'A' && *a <= 'Z' ? (char)(*a + 32) : *a;
        char y = *b >= 'A' && *b <= 'Z' ? (char)(*b + 32) : *b;
        if (x != y) return 0;
    }
    return *a == *b;
}

int gj_io_parse_bool(const char *s, int *out)
{
    static const char *const yes[] = {"true", "1", "yes", "y", "是", "有", "已回复", "对", NULL};
    static const char *const no[] = {"false", "0", "no", "n", "否", "无", "未回复", "没有", NULL};
    int i;
    for (i = 0; yes[i]; i++)
        if (same_ci(s, yes[i])) { *out = 1; return 0; }
    for (i = 0; no[i]; i++)
        if (same_ci(s, no[i])) { *out = 0; return 0; }
    return -1;
}

/* synonym -> choice, for all enum fields (a synonym counts only when the
 * field has that choice). */
static const char *const synonyms[][2] = {
    {"电话", "phone"}, {"手机", "phone"}, {"微信", "wechat"}, {"邮件", "email"},
    {"e-mail", "email"}, {"邮箱", "email"}, {"拜访", "visit"}, {"上门", "visit"},
    {"上门拜访", "visit"}, {"会议", "meeting"}, {"网页", "web"}, {"网站", "web"},
    {"其他", "other"}, {"其它", "other"},
    {"呼出", "outbound"}, {"去电", "outbound"}, {"主动", "outbound"},
    {"呼入", "inbound"}, {"来电", "inbound"}, {"被动", "inbound"},
    {"销售", "sales"}, {"客服", "service"}, {"服务", "service"}, {"经理", "manager"},
    {"主管", "manager"},
    {"线索", "lead"}, {"潜在客户", "prospect"}, {"意向客户", "prospect"},
    {"成交客户", "customer"}, {"客户", "customer"}, {"流失", "churned"}, {"已流失", "churned"},
    {"进行中", "open"}, {"跟进中", "open"}, {"赢单", "won"}, {"成交", "won"}, {"已成交", "won"},
    {"输单", "lost"}, {"丢单", "lost"}, {"失败", "lost"},
    {"咨询", "question"}, {"问题", "question"}, {"投诉", "complaint"}, {"售后", "after_sales"},
    {"低", "low"}, {"普通", "normal"}, {"中", "normal"}, {"高", "high"}, {"紧急", "urgent"},
    {"待处理", "open"}, {"新建", "open"}, {"处理中", "pending"}, {"挂起", "pending"},
    {"已解决", "resolved"}, {"已关闭", "closed"}, {"关闭", "closed"},
    {"跟进后", "after_followup"}, {"成交后", "after_deal"}, {"服务后", "after_service"},
};

const char *gj_io_enum_value(const gj_field *f, const char *s)
{
    size_t i, k;
    if (f->type != GJ_FT_ENUM) return NULL;
    for (k = 0; f->choices[k]; k++)
        if (same_ci(s, f->choices[k])) return f->choices[k];
    for (i = 0; i < sizeof synonyms / sizeof synonyms[0]; i++) {
        if (!same_ci(s, synonyms[i][0])) continue;
        for (k = 0; f->choices[k]; k++)
            if (strcmp(synonyms[i][1], f->choices[k]) == 0) return f->choices[k];
    }
    return NULL;
}
