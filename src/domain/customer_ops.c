/*
 * Duplicate lookup of customers, and the tag list functions of merges
 * (customer_merge.c) and bulk edits (customer_bulk.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "customer_ops.h"

char *gj_phone_digits(const char *phone, char *out, size_t cap)
{
    size_t n = 0;
    const char *p = phone ? phone : "";
    for (; *p && n + 1 < cap; p++)
        if (*p >= '0' && *p <= '9') out[n++] = *p;
    out[n] = 0;
    /* +86 138..., 0086 138...: the same mobile number as 138... */
    if (n > 4 && strncmp(out, "0086", 4) == 0) memmove(out, out + 4, n - 3);
    else if (n == 13 && strncmp(out, "86", 2) == 0) memmove(out, out + 2, n - 1);
    return out;
}

static int blank(const char *s)
{
    if (!s) return 1;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    return *s == 0;
}

/* The same digits rule in SQL, so the comparison runs inside the scan. */
#define SQL_PHONE_DIGITS(col) \
    "replace(replace(replace(replace(replace(replace(" col ", ' ', ''), '-', ''), '+', ''),"    \
    " '(', ''), ')', ''), '.', '')"

#define GJ_LIKE_CAP 512

/* %text% with LIKE's wildcards escaped and blanks trimmed, into out
 * (GJ_LIKE_CAP bytes; a longer text gives %, which matches anything). */
static const char *like_pattern(const char *text, char *out)
{
    const char *s = text ? text : "", *end;
    size_t k = 0;
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n')) end--;
    out[k++] = '%';
    for (; s < end && k + 4 < GJ_LIKE_CAP; s++) {
        if (*s == '%' || *s == '_' || *s == '\\') out[k++] = '\\';
        out[k++] = *s;
    }
    if (s < end) k = 1; /* too long to cut safely (UTF-8): let the exact test decide */
    out[k++] = '%';
    out[k] = 0;
    return out;
}

typedef struct {
    gj_dup_fn fn;
    void *ctx;
} dup_ctx;

static int dup_row(void *ctx, int n, const gj_value *vals, const char *const *names)
{
    dup_ctx *d = ctx;
    (void)names;
    return d->fn(d->ctx, vals, (unsigned)vals[n - 1].i);
}

int gj_customer_duplicates(gj_db *db, const gj_dup_query *q, gj_dup_fn fn, void *ctx)
{
    char digits[64];
    char glob[2 * sizeof digits + 2], *g = glob;
    char email_like[GJ_LIKE_CAP], name_like[GJ_LIKE_CAP];
    gj_value p[9];
    dup_ctx d;
    size_t i;
    int rc;
    gj_phone_digits(blank(q->phone) ? NULL : q->phone, digits, sizeof digits);
    if (strlen(digits) < GJ_DUP_MIN_DIGITS) digits[0] = 0; /* still being typed */
    /* *1*3*8*...*: the stored number holds these digits in this order.
     * Cheap, and it spares the exact comparison's string work on nearly
     * every row of the scan. */
    for (i = 0; digits[i]; i++) {
        *g++ = '*';
        *g++ = digits[i];
    }
    *g++ = '*';
    *g = 0;
    p[0] = digits[0] ? gj_vtext(digits) : gj_vnull();
    p[1] = blank(q->email) ? gj_vnull() : gj_vtext(q->email);
    p[2] = blank(q->wechat) ? gj_vnull() : gj_vtext(q->wechat);
    p[3] = blank(q->name) ? gj_vnull() : gj_vtext(q->name);
    p[4] = gj_vint(q->exclude_id);
    p[5] = gj_vint(GJ_DUP_MAX);
    p[6] = gj_vtext(glob);
    /* LIKE ignores ASCII case: a cheap test before the exact one */
    p[7] = gj_vtext(like_pattern(q->email, email_like));
    p[8] = gj_vtext(like_pattern(q->name, name_like));
    if (p[0].type == GJ_VNULL && p[1].type == GJ_VNULL && p[2].type == GJ_VNULL &&
        p[3].type == GJ_VNULL)
        return GJ_OK;
    d.fn = fn;
    d.ctx = ctx;
    /* Columns are the customers fields in order, then the match bits. */
    rc = gj_store_run(gj_db_store(db),
        "SELECT * FROM (SELECT id, ext_id, name, company, industry, source, channel, region,"
        " phone, email, wechat, owner_id, tier, status, budget, decision_maker, pain_points, tags,"
        " custom, created_at, archived,"
        " (CASE WHEN ?1 IS NOT NULL AND phone GLOB ?7 AND (SELECT CASE"
        "   WHEN d LIKE '0086_%' THEN substr(d, 5) WHEN length(d) = 13 AND d LIKE '86%' THEN substr(d, 3)"
        "   ELSE d END FROM (SELECT " SQL_PHONE_DIGITS("phone") " AS d)) = ?1 THEN 1 ELSE 0 END)"
        " | (CASE WHEN email LIKE ?8 ESCAPE '\\' AND lower(trim(email)) = lower(trim(?2)) THEN 2 ELSE 0 END)"
        " | (CASE WHEN wechat = ?3 THEN 4 ELSE 0 END)"
        " | (CASE WHEN name LIKE ?9 ESCAPE '\\' AND lower(trim(name)) = lower(trim(?4)) THEN 8 ELSE 0 END)"
        " AS matched"
        " FROM customers WHERE id <> ?5)"
        " WHERE matched <> 0 ORDER BY id LIMIT ?6",
        p, 9, dup_row, &d, NULL, NULL);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

/* ---- tags ---- */

#define MAX_TAGS 256

/* Splits text into trimmed tags (pointers into buf). Returns the count. */
static int split_tags(const char *text, char *buf, size_t cap, char **tags)
{
    int n = 0;
    char *p, *start;
    snprintf(buf, cap, "%s", text ? text : "");
    for (p = start = buf;; p++) {
        int sep = 0;
        if (*p == ',' || *p == ';') sep = 1;
        else if (strncmp(p, "\xef\xbc\x8c", 3) == 0 || strncmp(p, "\xe3\x80\x81", 3) == 0) sep = 3;
        if (sep || !*p) {
            char *end = p, last = *p;
            *p = 0;
            while (*start == ' ' || *start == '\t') start++;
            while (end > start && (end[-1] == ' ' || end[-1] == '\t')) *--end = 0;
            if (*start && n < MAX_TAGS) tags[n++] = start;
            if (!last) break;
            p += sep - 1;
            start = p + 1;
        }
    }
    return n;
}

static int has_tag(char **tags, int n, const char *t)
{
    int i;
    for (i = 0; i < n; i++)
        if (strcmp(tags[i], t) == 0) return 1;
    return 0;
}

int gj_tags_edit(gj_db *db, const char *tags, const char *const *add, const char *const *remove,
                 const char **out)
{
    static char buf[8192], joined[8192];
    char *list[MAX_TAGS + 64], *keep[MAX_TAGS + 64];
    int n = split_tags(tags, buf, sizeof buf, list), nkeep = 0, i, changed = 0;
    size_t len = 0;
    for (i = 0; i < n; i++) {
        int drop = 0;
        const char *const *r;
        for (r = remove; r && *r; r++)
            if (strcmp(list[i], *r) == 0) drop = 1;
        if (drop || has_tag(keep, nkeep, list[i])) changed = 1;
        else keep[nkeep++] = list[i];
    }
    for (; add && *add; add++) {
        const char *t = *add;
        if (blank(t) || has_tag(keep, nkeep, t) || nkeep >= MAX_TAGS + 63) continue;
        keep[nkeep++] = (char *)t;
        changed = 1;
    }
    if (!changed) { *out = tags; return GJ_OK; }
    joined[0] = 0;
    for (i = 0; i < nkeep; i++)
        len += (size_t)snprintf(joined + len, len < sizeof joined ? sizeof joined - len : 0, "%s%s",
                                i ? "," : "", keep[i]);
    if (nkeep == 0) { *out = NULL; return GJ_OK; }
    *out = gj_db_strdup(db, joined);
    return *out ? GJ_OK : gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

int gj_tags_union(gj_db *db, const char *tags, const char *more, const char **out)
{
    static char buf[8192]; /* static: the WASM stack is small */
    const char *add[MAX_TAGS + 1];
    char *list[MAX_TAGS];
    int n = split_tags(more, buf, sizeof buf, list), k;
    for (k = 0; k < n; k++) add[k] = list[k];
    add[n] = NULL;
    return gj_tags_edit(db, tags, add, NULL, out);
}
