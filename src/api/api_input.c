/*
 * Checks of the request text the JSON parser lets through: a "\u0000"
 * escape (cJSON would cut the string there, storing less than was sent)
 * and bytes that are not UTF-8 (the page could not show them, SQLite's
 * text functions would misread them). Both are refused naming the field.
 */
#include <string.h>

#include "api_internal.h"
#include "io/io.h"

static int hex4_zero(const char *p)
{
    return p[0] == '0' && p[1] == '0' && p[2] == '0' && p[3] == '0';
}

int gj_api_check_nul(gj_db *db, const char *json)
{
    /* the field named is the last key seen: the text before a ':' */
    const char *key = NULL, *last = NULL, *p = json;
    size_t key_len = 0, last_len = 0;
    while (*p) {
        const char *start;
        int nul = 0;
        if (*p == ':') {
            key = last;
            key_len = last_len;
            p++;
            continue;
        }
        if (*p != '"') { p++; continue; }
        start = ++p;
        while (*p && *p != '"') {
            if (*p == '\\' && p[1]) {
                if (p[1] == 'u' && strlen(p + 2) >= 4 && hex4_zero(p + 2)) nul = 1;
                p++;
            }
            p++;
        }
        if (nul) {
            /* the key as sent (escapes and all): it names the field whole */
            char *name = NULL;
            if (key && (name = gj_db_strndup(db, key, key_len)) == NULL)
                return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
            gj_db_fail_reason(db, GJ_INVALID, name, "nul_byte",
                              "%s must not contain a NUL character (\\u0000)",
                              name ? name : "the request");
            return GJ_INVALID;
        }
        last = start;
        last_len = (size_t)(p - start);
        if (*p) p++;
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
