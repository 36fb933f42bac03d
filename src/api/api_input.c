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

/* Whether the raw key text [k, k+n) is exactly word. */
static int key_is(const char *k, size_t n, const char *word)
{
    return k && n == strlen(word) && memcmp(k, word, n) == 0;
}

int gj_api_check_nul(gj_db *db, const char *json, cJSON *req, int text_may_hold_nul)
{
    /* keys are kept as spans of the request text (escapes and all): a key
     * of any length names the field whole */
    const char *key = NULL, *last = NULL, *outer = NULL, *p = json;
    size_t key_len = 0, last_len = 0, outer_len = 0;
    int depth = 0, after_colon = 0, text_done = 0;
    while (*p) {
        const char *start;
        size_t n;
        int nul;
        if (*p == ':') { key = last; key_len = last_len; after_colon = 1; p++; continue; }
        if (*p == '{' || *p == '[') depth++;
        if (*p == '}' || *p == ']') depth--;
        if (*p != '"') {
            if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r') after_colon = 0;
            p++;
            continue;
        }
        start = p + 1;
        p = json_string(start, NULL, 0, &n, &nul);
        last = start;
        last_len = (size_t)(p - start) - (p[-1] == '"' ? 1 : 0);
        if (!after_colon && depth == 1) { outer = last; outer_len = last_len; }
        if (nul && after_colon && depth == 2 && text_may_hold_nul && !text_done &&
            key_is(outer, outer_len, "args") && key_is(key, key_len, "text")) {
            /* CSV text: the importer names the row and column of a NUL */
            text_done = 1;
            if (whole_text(db, req, start) != GJ_OK) return GJ_NOMEM;
        } else if (nul) {
            char *name = NULL;
            if (key && (name = gj_db_strndup(db, key, key_len)) == NULL)
                return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
            gj_db_fail_reason(db, GJ_INVALID, name, "nul_byte",
                              "%s must not contain a NUL character (\\u0000)",
                              name ? name : "the request");
            return GJ_INVALID;
        }
        after_colon = 0;
    }
    return GJ_OK;
}

int gj_api_json_depth(const char *json)
{
    const char *p;
    int depth = 0, max = 0, in_string = 0;
    for (p = json; *p; p++) {
        if (in_string) {
            if (*p == '\\' && p[1]) p++;
            else if (*p == '"') in_string = 0;
        } else if (*p == '"') {
            in_string = 1;
        } else if (*p == '[' || *p == '{') {
            if (++depth > max) max = depth;
        } else if ((*p == ']' || *p == '}') && depth > 0) {
            depth--;
        }
    }
    return max;
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
