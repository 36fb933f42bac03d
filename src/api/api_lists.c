/*
 * What lists add to the plain field filters and rows: the customer
 * filters that need more than a column (tags, custom values, follow-up
 * recency, the computed ABC tier and RFM segment from the metrics engine)
 * and the derived values of list items (computed columns, stage clocks,
 * SLA clocks).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"
#include "metrics/metrics.h"

/* ids -> "[1,2,3]" in the handle's arena; NULL on OOM. */
static const char *ids_json(gj_db *db, const int64_t *ids, size_t n)
{
    size_t cap = n * 21 + 3, len = 0, i;
    char *buf = gj_malloc(cap);
    const char *copy;
    if (!buf) return NULL;
    buf[len++] = '[';
    for (i = 0; i < n; i++)
        len += (size_t)snprintf(buf + len, cap - len, i ? ",%lld" : "%lld", (long long)ids[i]);
    buf[len++] = ']';
    buf[len] = 0;
    copy = gj_db_strdup(db, buf);
    free(buf);
    return copy;
}

/* filter.abc_tier / filter.rfm_segment: the matching ids as of now. */
static int metrics_filter(gj_db *db, const cJSON *abc, const cJSON *seg, gj_list_query *q)
{
    int64_t *ids = NULL;
    size_t n = 0;
    int segment = -1, rc;
    char tier = 0;
    if (abc) {
        if (!cJSON_IsString(abc) || strlen(abc->valuestring) != 1 ||
            !strchr("ABC", abc->valuestring[0])) {
            rc = gj_db_fail_reason(db, GJ_INVALID, "abc_tier", "not_in_choices",
                                   "abc_tier must be one of A, B, C");
            gj_db_error_param(db, "choices", "A, B, C");
            if (cJSON_IsString(abc)) gj_db_error_param(db, "value", abc->valuestring);
            return rc;
        }
        tier = abc->valuestring[0];
    }
    if (seg) {
        if (!cJSON_IsString(seg) || (segment = gj_metrics_segment_find(seg->valuestring)) < 0) {
            rc = gj_db_fail_reason(db, GJ_INVALID, "rfm_segment", "not_in_choices",
                                   "rfm_segment must be one of champions, loyal, at_risk, "
                                   "hibernating, new, regular");
            gj_db_error_param(db, "choices", "champions, loyal, at_risk, hibernating, new, regular");
            if (cJSON_IsString(seg)) gj_db_error_param(db, "value", seg->valuestring);
            return rc;
        }
    }
    if ((rc = gj_metrics_customers_where(db, gj_db_now(db), tier, segment, &ids, &n)) != GJ_OK)
        return rc;
    q->ids = ids_json(db, ids, n);
    free(ids);
    return q->ids ? GJ_OK : gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

static int tags_filter(gj_db *db, const cJSON *f, gj_list_query *q)
{
    const cJSON *t;
    int rc;
    if (cJSON_IsString(f)) return gj_list_query_tag(db, q, f->valuestring);
    if (cJSON_IsArray(f)) {
        cJSON_ArrayForEach(t, f) {
            if (!cJSON_IsString(t)) break;
            if ((rc = gj_list_query_tag(db, q, t->valuestring)) != GJ_OK) return rc;
        }
        if (!t) return GJ_OK;
    }
    gj_db_fail_reason(db, GJ_INVALID, "tags", "wrong_type",
                      "filter tags must be a tag or a list of tags");
    return gj_db_error_param(db, "expected", "text");
}

int gj_api_customer_filter(gj_db *db, const gj_entity *e, const cJSON *filter,
                           gj_list_query *q, const cJSON **rest)
{
    const cJSON *abc = NULL, *seg = NULL, *f;
    cJSON *others = NULL;
    int rc = GJ_OK;
    *rest = filter;
    if (strcmp(e->name, "customers") != 0 || !cJSON_IsObject(filter)) return GJ_OK;
    if (!(others = cJSON_CreateObject())) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    cJSON_ArrayForEach(f, filter) {
        if (strcmp(f->string, "abc_tier") == 0) abc = f;
        else if (strcmp(f->string, "rfm_segment") == 0) seg = f;
        else if (strcmp(f->string, "tags") == 0) rc = tags_filter(db, f, q);
        else if (strcmp(f->string, "no_followup_days") == 0) {
            if (!cJSON_IsNumber(f) || f->valuedouble < 0 || f->valuedouble > 36500 ||
                f->valuedouble != (double)(int64_t)f->valuedouble) {
                rc = gj_db_fail_reason(db, GJ_INVALID, "no_followup_days", "out_of_range",
                                       "no_followup_days must be a whole number of days 0-36500");
                gj_db_error_param_num(db, "min", 0);
                gj_db_error_param_num(db, "max", 36500);
            } else {
                q->has_quiet = 1;
                q->quiet_since = gj_db_now(db) - (int64_t)f->valuedouble * 86400;
            }
        } else if (strncmp(f->string, "custom.", 7) == 0) {
            gj_value v;
            if (cJSON_IsObject(f) || cJSON_IsArray(f))
                rc = gj_db_fail_reason(db, GJ_INVALID, f->string, "wrong_type",
                                       "%s: filter by one value", f->string);
            else if ((rc = gj_api_value(db, f, f->string, &v)) == GJ_OK)
                rc = gj_list_query_custom(db, q, f->string + 7, v);
        } else {
            cJSON_AddItemReferenceToObject(others, f->string, (cJSON *)f);
        }
        if (rc != GJ_OK) break;
    }
    if (rc == GJ_OK && (abc || seg)) rc = metrics_filter(db, abc, seg, q);
    if (rc != GJ_OK) {
        cJSON_Delete(others);
        return rc;
    }
    *rest = others;
    return GJ_OK;
}

static void add_time(cJSON *o, const char *name, int has, int64_t t)
{
    char buf[32];
    if (has) cJSON_AddStringToObject(o, name, gj_time_format(t, buf));
    else cJSON_AddNullToObject(o, name);
}

int gj_api_list_extras(gj_db *db, const gj_entity *e, const gj_value *vals, int computed,
                       cJSON *row)
{
    int k, rc;
    for (k = 0; computed && k < e->ncomputed; k++) {
        gj_field f = {e->computed[k].name, e->computed[k].type, 0, NULL, NULL};
        gj_api_add(row, f.name, gj_api_field_json(&f, vals[e->nfields + k]));
    }
    if (strcmp(e->name, "deals") == 0) {
        gj_deal_timing t;
        const gj_value *entered = computed ? &vals[e->nfields] : NULL;
        rc = gj_deal_timing_of(db, vals, entered && entered->type == GJ_VINT ? entered->i : 0, &t);
        if (rc != GJ_OK) return rc;
        cJSON_DeleteItemFromObjectCaseSensitive(row, "stage_entered_at"); /* null when no history */
        add_time(row, "stage_entered_at", 1, t.entered_at);
        cJSON_AddNumberToObject(row, "days_in_stage", (double)t.days_in_stage);
        add_time(row, "stage_deadline_at", t.has_deadline, t.deadline_at);
        if (t.has_deadline) cJSON_AddStringToObject(row, "deadline_state", gj_deadline_state_name(t.state));
        else cJSON_AddNullToObject(row, "deadline_state");
    } else if (strcmp(e->name, "tickets") == 0) {
        gj_ticket_sla s;
        if ((rc = gj_ticket_sla_of(db, vals, &s)) != GJ_OK) return rc;
        add_time(row, "first_response_due_at", 1, s.first_response_due_at);
        cJSON_AddStringToObject(row, "first_response_state", gj_sla_state_name(s.first_response_state));
        add_time(row, "resolution_due_at", 1, s.resolution_due_at);
        cJSON_AddStringToObject(row, "resolution_state", gj_sla_state_name(s.resolution_state));
    }
    return GJ_OK;
}
