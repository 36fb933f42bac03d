/*
 * The words and the layout of the weekly report (metrics_weekly.c): the
 * report page's wording in both languages, numbers formatted the way the
 * page's Intl formatting shows them, and tables as aligned text or as
 * Markdown pipe tables.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_weekly.h"

/* The page's catalogue (web/app/i18n/{zh-CN,en}/report.js, dashboard.js,
 * common.js), same keys, same words. */
static const char *const words[2][GJ_W_COUNT] = {
    {"周报 {week}", "{from} 至 {to} · {who}", "全体团队", "摘要", "；",
     "本周跟进 {n} 次，较上周 {change}", "本周跟进 {n} 次", "首次响应中位数 {v}",
     "赢单 {won} 个，金额 {amount}（赢单率 {rate}）", "满意度 {v}（{n} 份答卷）",
     "到期跟进中 {v} 被漏跟", "核心指标", "指标", "本期", "上期", "变化", "{n} 个百分点",
     "销售评分卡", "排名", "销售", "总分", "赢单目标完成", "跟进目标完成", "逾期跟进", "客户",
     "负责人", "到期原因", "到期", "逾期天数", "共 {n} 条逾期", "流失预警", "客户价值", "规则",
     "无。", "没有流失预警。", "未分配", "{n} 小时", "{n} 天"},
    {"Weekly report {week}", "{from} to {to} · {who}", "Whole team", "Summary", "; ",
     "This week {n} follow-ups, {change} on last week", "This week {n} follow-ups",
     "median first response {v}", "{won} deals won worth {amount} (win rate {rate})",
     "CSAT {v} from {n} answers", "{v} of due follow-ups missed", "Headline metrics", "Metric",
     "This period", "Period before", "Change", "{n} pts", "Rep scorecard", "Rank", "Rep", "Score",
     "Won vs goal", "Follow-ups vs goal", "Overdue follow-ups", "Customer", "Owner", "Why due",
     "Due", "Days overdue", "{n} overdue in all", "Churn warnings", "Value", "Rule", "None.",
     "No churn warnings.", "Unassigned", "{n} h", "{n} d"},
};

/* metric.<key> and rule.<key> of the catalogue. */
static const char *const names[][3] = {
    {"activity.active_rate", "活跃率", "Active rate"},
    {"conversion.win_rate", "赢单率", "Win rate"},
    {"satisfaction.csat_pct", "满意度（CSAT）", "CSAT"},
    {"satisfaction.nps", "NPS", "NPS"},
    {"response.first_response_hours.median", "首次响应（中位数）", "First response (median)"},
    {"response.same_day_rate", "当日响应率", "Same-day rate"},
    {"retention.repurchase_rate", "复购率", "Repurchase rate"},
    {"retention.churn_rate", "流失率", "Churn rate"},
    {"response.missed_followup_rate", "漏跟进率", "Missed follow-ups"},
    {"response.stage_deadline_rate", "阶段时限达成率", "Stage deadlines met"},
    {"satisfaction.complaint_rate", "投诉率", "Complaint rate"},
    {"cycle.median_days", "销售周期（中位数）", "Sales cycle (median)"},
    {"retention.clv_historical", "客户终身价值", "Customer lifetime value"},
    {"conversion.won_amount", "赢单金额", "Won amount"},
    {"no_reply", "多次未回复", "No reply"},
    {"purchase_gap", "超期未复购", "Purchase overdue"},
    {"activity_drop", "活跃度下降", "Activity dropped"},
    {"cadence", "超出跟进周期", "Cadence missed"},
    {"open_complaint", "投诉未解决", "Open complaint"},
    {"next_due", "约定的下次跟进", "Next follow-up date"},
    {"first_contact", "首次联系", "First contact"},
    {"stage_deadline", "阶段时限", "Stage deadline"},
};

const char *gj_weekly_word(int english, int w) { return words[english ? 1 : 0][w]; }

const char *gj_weekly_name(int english, const char *key)
{
    size_t i;
    for (i = 0; key && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(names[i][0], key) == 0) return names[i][english ? 2 : 1];
    return key ? key : "";
}

/* The length of buf[0..len) without an incomplete UTF-8 sequence at its
 * end, so text cut to fit a buffer stays valid UTF-8. */
static size_t utf8_whole(const char *buf, size_t len)
{
    size_t i = len, need;
    unsigned char c;
    while (i > 0 && ((unsigned char)buf[i - 1] & 0xc0) == 0x80) i--;
    if (i == 0) return 0;
    c = (unsigned char)buf[i - 1];
    need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
    return len - (i - 1) >= need ? len : i - 1;
}

const char *gj_weekly_fill(char *buf, size_t cap, const char *pattern, const char *const *kv)
{
    size_t len = 0;
    const char *p = pattern;
    while (*p && len + 1 < cap) {
        const char *end = *p == '{' ? strchr(p, '}') : NULL, *v = NULL;
        int k;
        for (k = 0; end && kv[k] && !v; k += 2)
            if (strlen(kv[k]) == (size_t)(end - p - 1) && strncmp(kv[k], p + 1, (size_t)(end - p - 1)) == 0)
                v = kv[k + 1];
        if (!v) {
            buf[len++] = *p++;
            continue;
        }
        while (*v && len + 1 < cap) buf[len++] = *v++;
        p = end + 1;
    }
    buf[utf8_whole(buf, len)] = 0;
    return buf;
}

const char *gj_weekly_num(double v, int digits, char *buf)
{
    char t[48];
    size_t n, i, ints, len = 0;
    snprintf(t, sizeof t, "%.*f", digits, fabs(v));
    n = strlen(t);
    if (strchr(t, '.')) { /* Intl shows at most `digits` decimals: no trailing zeros */
        while (t[n - 1] == '0') t[--n] = 0;
        if (t[n - 1] == '.') t[--n] = 0;
    }
    ints = strchr(t, '.') ? (size_t)(strchr(t, '.') - t) : n;
    if (v < 0 && strcmp(t, "0") != 0) buf[len++] = '-';
    for (i = 0; i < n; i++) {
        if (i > 0 && i < ints && (ints - i) % 3 == 0) buf[len++] = ',';
        buf[len++] = t[i];
    }
    buf[len] = 0;
    return buf;
}

const char *gj_weekly_pct(double r, int digits, char *buf)
{
    gj_weekly_num(r * 100, digits, buf);
    strcat(buf, "%");
    return buf;
}

const char *gj_weekly_money(double v, const char *currency, char *buf)
{
    static const char *const sym[][2] = {{"CNY", "¥"}, {"JPY", "¥"}, {"USD", "$"}, {"EUR", "€"},
                                         {"GBP", "£"}, {"HKD", "HK$"}, {"TWD", "NT$"}};
    const char *s = NULL;
    char n[48];
    size_t i;
    for (i = 0; i < sizeof sym / sizeof sym[0] && !s; i++)
        if (strcmp(currency, sym[i][0]) == 0) s = sym[i][1];
    gj_weekly_num(fabs(v), 0, n);
    snprintf(buf, 64, "%s%s%s%s", v < 0 && strcmp(n, "0") != 0 ? "-" : "", s ? s : currency,
             s ? "" : " ", n);
    return buf;
}

/* Columns a UTF-8 string takes in a terminal: East Asian wide and
 * full-width characters take two, combining marks none. */
static size_t width(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t w = 0;
    while (*p) {
        unsigned c = *p;
        int n = c < 0x80 ? 0 : c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
        int k;
        if (c >= 0x80) c &= 0x3fu >> n;
        for (p++, k = 0; k < n && (*p & 0xc0) == 0x80; k++, p++) c = (c << 6) | (*p & 0x3fu);
        if ((c >= 0x300 && c < 0x370) || c == 0x200b) continue;
        w += (c >= 0x1100 && c <= 0x115f) || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) ||
             (c >= 0xf900 && c <= 0xfaff) || (c >= 0xfe30 && c <= 0xfe4f) || (c >= 0xff00 && c <= 0xff60) ||
             (c >= 0xffe0 && c <= 0xffe6) || (c >= 0x20000 && c <= 0x3fffd) ? 2 : 1;
    }
    return w;
}

void gj_weekly_heading(gj_mbuf *b, const char *title, int level, int md)
{
    size_t i, w = width(title);
    if (md) {
        gj_mbuf_put(b, "%s%s %s\n\n", level > 1 ? "\n" : "", level > 1 ? "##" : "#", title);
        return;
    }
    gj_mbuf_put(b, "%s%s\n", level > 1 ? "\n" : "", title);
    for (i = 0; i < w; i++) gj_mbuf_put(b, "%c", level > 1 ? '-' : '=');
    gj_mbuf_put(b, "\n");
}

/* ---- tables ---- */

void gj_wtable_init(gj_wtable *t, int ncols, unsigned right)
{
    memset(t, 0, sizeof *t);
    t->ncols = ncols;
    t->right = right;
}

/* A copy of s for one table cell: control characters (a name's line
 * breaks) become spaces, so a cell stays on its line. NULL when out of
 * memory. */
static char *cell_copy(const char *s)
{
    char *c = gj_malloc(strlen(s) + 1), *p;
    if (!c) return NULL;
    strcpy(c, s);
    for (p = c; *p; p++)
        if ((unsigned char)*p < 0x20 || *p == 0x7f) *p = ' ';
    return c;
}

void gj_wtable_add(gj_wtable *t, const char *const *cells)
{
    int k;
    if (t->oom) return;
    if (t->nrows == t->cap) {
        int cap = t->cap ? t->cap * 2 : 16;
        char **nc = gj_realloc(t->cell, (size_t)cap * (size_t)t->ncols * sizeof *nc);
        if (!nc) { t->oom = 1; return; }
        t->cell = nc;
        t->cap = cap;
    }
    for (k = 0; k < t->ncols; k++) {
        char *c = cell_copy(cells[k] ? cells[k] : "");
        if (!c) {
            while (k-- > 0) free(t->cell[t->nrows * t->ncols + k]);
            t->oom = 1;
            return;
        }
        t->cell[t->nrows * t->ncols + k] = c;
    }
    t->nrows++;
}

/* A Markdown cell: a '|' in the text would end the cell, so it is escaped. */
static void md_cell(gj_mbuf *b, const char *s)
{
    gj_mbuf_put(b, "| ");
    for (; *s; s++) gj_mbuf_put(b, *s == '|' ? "\\|" : "%c", *s);
    gj_mbuf_put(b, " ");
}

void gj_wtable_render(gj_mbuf *b, const gj_wtable *t, int md)
{
    size_t w[GJ_WTABLE_MAXCOLS] = {0};
    int r, k;
    if (t->oom) { b->oom = 1; return; }
    for (r = 0; r < t->nrows; r++)
        for (k = 0; k < t->ncols && k < GJ_WTABLE_MAXCOLS; k++)
            if (width(t->cell[r * t->ncols + k]) > w[k]) w[k] = width(t->cell[r * t->ncols + k]);
    for (r = 0; r < t->nrows; r++) {
        for (k = 0; k < t->ncols && k < GJ_WTABLE_MAXCOLS; k++) {
            const char *c = t->cell[r * t->ncols + k];
            int right = (t->right >> k) & 1u;
            size_t pad = w[k] - width(c);
            if (md) { md_cell(b, c); continue; }
            if (k) gj_mbuf_put(b, "  ");
            if (right) gj_mbuf_put(b, "%*s%s", (int)pad, "", c);
            else gj_mbuf_put(b, "%s%*s", c, (int)pad, "");
        }
        while (!md && !b->oom && b->len && b->s[b->len - 1] == ' ') b->len--; /* an empty last cell */
        gj_mbuf_put(b, md ? "|\n" : "\n");
        if (r > 0) continue;
        for (k = 0; k < t->ncols && k < GJ_WTABLE_MAXCOLS; k++) { /* under the heading row */
            size_t i;
            if (md) {
                gj_mbuf_put(b, (t->right >> k) & 1u ? "| ---: " : "| --- ");
                continue;
            }
            if (k) gj_mbuf_put(b, "  ");
            for (i = 0; i < w[k]; i++) gj_mbuf_put(b, "-");
        }
        gj_mbuf_put(b, md ? "|\n" : "\n");
    }
}

void gj_wtable_free(gj_wtable *t)
{
    int i;
    if (!t) return;
    for (i = 0; i < t->nrows * t->ncols; i++) free(t->cell[i]);
    free(t->cell);
    t->cell = NULL;
    t->nrows = t->cap = 0;
}
