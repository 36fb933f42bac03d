/*
 * The customer list's own filters: tags, custom values, "no follow-up
 * since", and id sets computed elsewhere (ABC tiers, RFM segments come
 * from the metrics engine as a JSON array of ids). Each becomes one
 * " AND ..." clause with bound parameters, so text never enters the SQL.
 */
#include <stdio.h>
#include <string.h>

#include "domain.h"

/* The stored tags text with every separator the customer operations read
 * (customer_ops.h: , ， 、 ;) turned into ',' and the blanks dropped,
 * framed by commas: ",vip,华东," holds ",vip,". */
#define TAGS_NORM                                                                     \
    "(',' || replace(replace(replace(replace(replace(coalesce(tags, ''),"             \
    " '，', ','), '、', ','), ';', ','), ' ', ''), char(9), '') || ',')"

int gj_list_query_tag(gj_db *db, gj_list_query *q, const char *tag)
{
    if (q->ntags >= GJ_MAX_TAG_FILTERS) {
        gj_db_fail_reason(db, GJ_INVALID, "tags", "too_many", "at most %d tags to filter on",
                          GJ_MAX_TAG_FILTERS);
        return gj_db_error_param_num(db, "limit", GJ_MAX_TAG_FILTERS);
    }
    q->tag[q->ntags++] = tag;
    return GJ_OK;
}

int gj_list_query_custom(gj_db *db, gj_list_query *q, const char *key, gj_value value)
{
    char field[96];
    const char *p;
    snprintf(field, sizeof field, "custom.%s", key);
    for (p = key; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_')) break;
    if (!*key || *p || strlen(key) > GJ_CUSTOM_KEY_MAX) {
        gj_db_fail_reason(db, GJ_INVALID, field, "bad_key",
                          "%s: a custom field key is a-z, 0-9 and _", field);
        return gj_db_error_param(db, "value", key);
    }
    if (q->ncustom >= GJ_MAX_TAG_FILTERS) {
        gj_db_fail_reason(db, GJ_INVALID, field, "too_many",
                          "at most %d custom fields to filter on", GJ_MAX_TAG_FILTERS);
        return gj_db_error_param_num(db, "limit", GJ_MAX_TAG_FILTERS);
    }
    snprintf(q->custom[q->ncustom].path, sizeof q->custom[q->ncustom].path, "$.%s", key);
    q->custom[q->ncustom].value = value;
    q->ncustom++;
    return GJ_OK;
}

/* Appends s to buf at *len; 0, or -1 when it does not fit. */
static int put(char *buf, size_t cap, size_t *len, const char *s)
{
    size_t n = strlen(s);
    if (*len + n + 1 > cap) return -1;
    memcpy(buf + *len, s, n + 1);
    *len += n;
    return 0;
}

int gj_list_extra_sql(const gj_entity *e, const gj_list_query *q, char *buf, size_t cap,
                      gj_value *params, int n)
{
    size_t len = 0;
    char tmp[256];
    int i;
    buf[0] = 0;
    for (i = 0; i < q->ntags; i++) {
        /* the tag as the list holds it: spaces dropped, framed by commas */
        snprintf(tmp, sizeof tmp, " AND instr(" TAGS_NORM ", ',' || replace(replace(?%d, ' ', ''),"
                 " char(9), '') || ',') > 0", n + 1);
        params[n++] = gj_vtext(q->tag[i]);
        if (put(buf, cap, &len, tmp)) return -1;
    }
    for (i = 0; i < q->ncustom; i++) {
        gj_value v = q->custom[i].value;
        if (v.type == GJ_VNULL) {
            snprintf(tmp, sizeof tmp, " AND json_extract(custom, ?%d) IS NULL", n + 1);
        } else {
            snprintf(tmp, sizeof tmp, " AND json_extract(custom, ?%d) = ?%d", n + 1, n + 2);
            params[n + 1] = v;
        }
        params[n] = gj_vtext(q->custom[i].path);
        n += v.type == GJ_VNULL ? 1 : 2;
        if (put(buf, cap, &len, tmp)) return -1;
    }
    if (q->has_quiet) {
        snprintf(tmp, sizeof tmp, " AND NOT EXISTS (SELECT 1 FROM followups f WHERE f.customer_id"
                 " = %s.id AND f.at >= ?%d)", e->name, n + 1);
        params[n++] = gj_vint(q->quiet_since);
        if (put(buf, cap, &len, tmp)) return -1;
    }
    if (q->ids) {
        snprintf(tmp, sizeof tmp, " AND %s.id %sIN (SELECT value FROM json_each(?%d))", e->name,
                 q->ids_negate ? "NOT " : "", n + 1);
        params[n++] = gj_vtext(q->ids);
        if (put(buf, cap, &len, tmp)) return -1;
    }
    return n;
}
