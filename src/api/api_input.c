/*
 * Checks of the request text the JSON parser lets through: a "\u0000"
 * escape (cJSON would cut the string there, storing less than was sent)
 * and bytes that are not UTF-8 (the page could not show them, SQLite's
 * text functions would misread them). Both are refused naming the field,
 * except a NUL in the CSV text of an import, which goes to the importer
 * whole (it names the row and column).
 */
#include <string.h>

#include "api_internal.h"
#include "io/io.h"

static unsigned hex4(const char *p)
{
    unsigned v = 0;
    int i;
    for (i = 0; i < 4; i++) {
        char c = p[i];
        v = v * 16 + (unsigned)(c <= '9' ? c - '0' : (c | 32) - 'a' + 10);
    }
    return v;
}

static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    if (cp < 0x10000) {
        out[0] = (char)(0xE0 | cp >> 12); out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | cp >> 18); out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/*
 * Decodes the JSON string whose text starts at p (after the opening quote;
 * the request already parsed, so it is well formed) into out, which has
 * room for cap bytes (more is cut; cap 0 only measures). Returns the
 * position after the closing quote; *len the decoded length, *nul whether
 * it holds a NUL.
 */
static const char *json_string(const char *p, char *out, size_t cap, size_t *len, int *nul)
{
    size_t n = 0;
    *nul = 0;
    while (*p && *p != '"') {
        char tmp[4];
        size_t k = 1;
        if (*p != '\\') {
            tmp[0] = *p++;
        } else if (p[1] == 'u') {
            unsigned cp = hex4(p + 2);
            p += 6;
            if (cp >= 0xD800 && cp < 0xDC00 && p[0] == '\\' && p[1] == 'u') {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (hex4(p + 2) - 0xDC00);
                p += 6;
            }
            if (cp == 0) *nul = 1;
            k = put_utf8(tmp, cp);
        } else {
            static const char esc[] = "b\bf\fn\nr\rt\t\"\"\\\\//";
            const char *e = strchr(esc, p[1]);
            tmp[0] = e && ((e - esc) % 2) == 0 ? e[1] : p[1];
            p += 2;
        }
        if (n + k <= cap) memcpy(out + n, tmp, k);
        n += k;
    }
    *len = n;
    return *p ? p + 1 : p;
}

/* args.text of this request holds a NUL: its item gets the whole text
 * (valuestring cut at the NUL by the parser) and its length. */
static int whole_text(gj_db *db, const cJSON *req, const char *p)
{
    cJSON *text = cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(req, "args"), "text");
    size_t len;
    int nul;
    char *buf;
    if (!cJSON_IsString(text)) return GJ_OK;
    json_string(p, NULL, 0, &len, &nul);
    if (!(buf = cJSON_malloc(len + 1))) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    json_string(p, buf, len, &len, &nul);
    buf[len] = 0;
    cJSON_free(text->valuestring);
    text->valuestring = buf;
    text->valueint = 1; /* see gj_api_str */
    text->valuedouble = (double)len;
    return GJ_OK;
}

int gj_api_check_nul(gj_db *db, const char *json, cJSON *req, int text_may_hold_nul)
{
    char key[64] = "", last[64] = "", outer[64] = "";
    const char *p = json;
    int depth = 0, after_colon = 0, text_done = 0;
    while (*p) {
        const char *start;
        size_t n;
        int nul;
        if (*p == ':') { memcpy(key, last, sizeof key); after_colon = 1; p++; continue; }
        if (*p == '{' || *p == '[') depth++;
        if (*p == '}' || *p == ']') depth--;
        if (*p != '"') {
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') after_colon = 0;
            p++;
            continue;
        }
        start = p + 1;
        p = json_string(start, last, sizeof last - 1, &n, &nul);
        last[n < sizeof last ? n : sizeof last - 1] = 0;
        if (!after_colon && depth == 1) memcpy(outer, last, sizeof outer);
        if (nul && after_colon && depth == 2 && text_may_hold_nul && !text_done &&
            strcmp(outer, "args") == 0 && strcmp(key, "text") == 0) {
            /* CSV text: the importer names the row and column of a NUL */
            text_done = 1;
            if (whole_text(db, req, start) != GJ_OK) return GJ_NOMEM;
        } else if (nul) {
            gj_db_fail_reason(db, GJ_INVALID, key[0] ? key : NULL, "nul_byte",
                              "%s must not contain a NUL character (\\u0000)",
                              key[0] ? key : "the request");
            return GJ_INVALID;
        }
        after_colon = 0;
    }
    return GJ_OK;
}

const char *gj_api_str(const cJSON *item, size_t *len)
{
    *len = item->valueint == 1 ? (size_t)item->valuedouble : strlen(item->valuestring);
    return item->valuestring;
}

int gj_api_check_utf8(gj_db *db, const cJSON *item, const char *field)
{
    const cJSON *c;
    if (item->string && !gj_utf8_valid(item->string, strlen(item->string)))
        return gj_db_fail_reason(db, GJ_INVALID, NULL, "bad_utf8",
                                 "a field name is not valid UTF-8");
    if (item->string) field = item->string;
    if (cJSON_IsString(item) && !gj_utf8_valid(item->valuestring, strlen(item->valuestring)))
        return gj_db_fail_reason(db, GJ_INVALID, field, "bad_utf8", "%s is not valid UTF-8 text",
                                 field ? field : "the request");
    for (c = item->child; c; c = c->next)
        if (gj_api_check_utf8(db, c, field) != GJ_OK) return GJ_INVALID;
    return GJ_OK;
}

int gj_api_known_args(gj_db *db, const cJSON *args, const char *const *known)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, args) {
        int k, ok = 0;
        for (k = 0; known[k] && !ok; k++) ok = strcmp(known[k], it->string) == 0;
        if (!ok)
            return gj_db_fail_reason(db, GJ_INVALID, it->string, "unknown_field",
                                     "unknown argument '%s'", it->string);
    }
    return GJ_OK;
}
