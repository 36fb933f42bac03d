/*
 * The metrics ops that return lists of customers or records (metrics.rfm,
 * alerts.churn, followups.due, metrics.explain): their arguments and JSON.
 * Together with api_metrics.c, the only code that turns metric structs
 * into JSON.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "api_internal.h"
#include "domain/timeutil.h"
#include "metrics/metrics.h"

static void add_num(cJSON *o, const char *key, double v)
{
    if (isfinite(v)) cJSON_AddNumberToObject(o, key, v);
    else cJSON_AddNullToObject(o, key);
}

static void add_tier(cJSON *o, const char *key, char t)
{
    char s[2] = {t, 0};
    if (t) cJSON_AddStringToObject(o, key, s);
    else cJSON_AddNullToObject(o, key);
}

/* Adds "name" of customer `id` (null when it cannot be read). */
static void add_customer_name(gj_db *db, cJSON *o, int64_t id)
{
    const gj_entity *e = gj_entity_find("customers");
    gj_record rec;
    int f = gj_entity_field(e, "name");
    if (gj_record_get(db, e, id, &rec) == GJ_OK && rec.v[f].type == GJ_VTEXT)
        cJSON_AddStringToObject(o, "name", rec.v[f].s);
    else
        cJSON_AddNullToObject(o, "name");
    gj_db_clear_error(db);
}

/* GJ_INVALID: value of field is not one of choices ("a, b, c"). */
static int not_in_choices(gj_db *db, const char *field, const char *value, const char *choices)
{
    gj_db_fail_reason(db, GJ_INVALID, field, "not_in_choices", "%s must be one of %s, got '%s'", field,
                      choices, value);
    gj_db_error_param(db, "value", value);
    return gj_db_error_param(db, "choices", choices);
}

/* A time argument (local when it has no zone); `dflt` when absent. */
static int time_arg(gj_db *db, const cJSON *args, const char *name, int64_t dflt, int64_t *out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(args, name);
    *out = dflt;
    if (!it || cJSON_IsNull(it)) return GJ_OK;
    if (!cJSON_IsString(it)) {
        gj_db_fail_reason(db, GJ_INVALID, name, "wrong_type", "%s must be a date or time", name);
        return gj_db_error_param(db, "expected", "time");
    }
    return gj_metrics_parse_time(db, it->valuestring, name, out);
}

static int text_arg(gj_db *db, const cJSON *args, const char *name, const char **out)
{
    const cJSON *it = cJSON_GetObjectItemCaseSensitive(args, name);
    *out = NULL;
    if (!it || cJSON_IsNull(it)) return GJ_OK;
    if (!cJSON_IsString(it)) {
        gj_db_fail_reason(db, GJ_INVALID, name, "wrong_type", "%s must be text", name);
        return gj_db_error_param(db, "expected", "text");
    }
    *out = it->valuestring;
    return GJ_OK;
}

/* ---- metrics.rfm ---- */

static cJSON *rfm_row_json(gj_db *db, const gj_metrics_rfm_row *row)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "customer_id", (double)row->customer_id);
    add_customer_name(db, o, row->customer_id);
    if (row->owner_id) cJSON_AddNumberToObject(o, "owner_id", (double)row->owner_id);
    else cJSON_AddNullToObject(o, "owner_id");
    add_num(o, "recency_days", row->recency_days);
    cJSON_AddNumberToObject(o, "frequency", (double)row->frequency);
    add_num(o, "monetary", row->monetary);
    cJSON_AddNumberToObject(o, "r", row->r);
    cJSON_AddNumberToObject(o, "f", row->f);
    cJSON_AddNumberToObject(o, "m", row->m);
    cJSON_AddStringToObject(o, "segment", gj_metrics_segment_name(row->segment));
    add_tier(o, "tier", row->tier);
    add_tier(o, "computed_tier", row->abc_tier);
    add_tier(o, "manual_tier", row->manual_tier);
    return o;
}

static int metrics_rfm(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    static const char *const known[] = {"to", "segment", "tier", "rep_id", "team", "limit", "offset", NULL};
    static const char *const tiers[] = {"A", "B", "C"};
    gj_metrics_rfm *r = NULL;
    const char *segment, *tier;
    int64_t to, rep, limit, offset, matched = 0, grid[5][5] = {{0}};
    cJSON *o, *seg, *t, *ct, *items, *g;
    size_t i;
    int rc, k, want = -1;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = time_arg(db, args, "to", gj_db_now(db), &to)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "segment", &segment)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "tier", &tier)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "rep_id", 0, 1, INT64_MAX / 2, &rep)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "limit", 50, 1, 100000, &limit)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "offset", 0, 0, INT64_MAX / 2, &offset)) != GJ_OK) return rc;
    for (k = 0; segment && k < GJ_RFM_NSEGMENTS; k++)
        if (strcmp(segment, gj_metrics_segment_name(k)) == 0) want = k;
    if (segment && want < 0)
        return not_in_choices(db, "segment", segment, "champions, loyal, at_risk, hibernating, new, regular");
    if (tier && (strlen(tier) != 1 || !strchr("ABC", tier[0])))
        return not_in_choices(db, "tier", tier, "A, B, C");
    if ((rc = gj_metrics_rfm_compute(db, to, &r)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    gj_api_add(o, "to", cJSON_CreateString(gj_time_format(to, (char[32]){0})));
    cJSON_AddNumberToObject(o, "customers", (double)r->customers);
    cJSON_AddNumberToObject(o, "ordering_customers", (double)r->n);
    seg = cJSON_AddObjectToObject(o, "segments");
    for (k = 0; k < GJ_RFM_NSEGMENTS; k++)
        cJSON_AddNumberToObject(seg, gj_metrics_segment_name(k), (double)r->segments[k]);
    t = cJSON_AddObjectToObject(o, "tiers");
    ct = cJSON_AddObjectToObject(o, "computed_tiers");
    for (k = 0; k < 3; k++) {
        cJSON_AddNumberToObject(t, tiers[k], (double)r->tiers[k]);
        cJSON_AddNumberToObject(ct, tiers[k], (double)r->abc[k]);
    }
    items = cJSON_AddArrayToObject(o, "items");
    for (i = 0; i < r->n; i++) {
        const gj_metrics_rfm_row *row = &r->rows[i];
        if ((want >= 0 && row->segment != want) || (tier && row->tier != tier[0]) ||
            !gj_metrics_rep_in(rep, team, row->owner_id))
            continue;
        if (matched >= offset && matched < offset + limit)
            gj_api_push(items, rfm_row_json(db, row));
        matched++;
        if (row->r >= 1 && row->r <= 5 && row->f >= 1 && row->f <= 5) grid[row->r - 1][row->f - 1]++;
    }
    cJSON_AddNumberToObject(o, "total", (double)matched);
    /* the R x F heat map of the matching customers: grid[r-1][f-1] */
    g = cJSON_AddArrayToObject(o, "grid");
    for (k = 0; k < 5; k++) {
        cJSON *line = cJSON_CreateArray();
        int f;
        for (f = 0; f < 5; f++) gj_api_push(line, cJSON_CreateNumber((double)grid[k][f]));
        gj_api_push(g, line);
    }
    gj_metrics_rfm_free(r);
    *data = o;
    return GJ_OK;
}

/* ---- alerts.churn ---- */

static cJSON *alert_json(gj_db *db, const gj_metrics_alerts *r, const gj_metrics_alert *al)
{
    cJSON *o = cJSON_CreateObject(), *ws;
    size_t k;
    int i;
    cJSON_AddNumberToObject(o, "customer_id", (double)al->customer_id);
    add_customer_name(db, o, al->customer_id);
    if (al->owner_id) cJSON_AddNumberToObject(o, "owner_id", (double)al->owner_id);
    else cJSON_AddNullToObject(o, "owner_id");
    add_tier(o, "tier", al->tier);
    add_num(o, "value", al->value);
    ws = cJSON_AddArrayToObject(o, "warnings");
    for (k = 0; k < al->n; k++) {
        const gj_metrics_warning *w = &r->warnings[al->first + k];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "rule", gj_metrics_alert_rule(w->rule));
        for (i = 0; i < 3; i++)
            if (gj_metrics_alert_field(w->rule, i)) add_num(x, gj_metrics_alert_field(w->rule, i), w->x[i]);
        if (w->rule == GJ_ALERT_NO_REPLY) cJSON_AddNumberToObject(x, "followup_id", (double)w->ref_id);
        if (w->rule == GJ_ALERT_OPEN_COMPLAINT) cJSON_AddNumberToObject(x, "ticket_id", (double)w->ref_id);
        gj_api_push(ws, x);
    }
    return o;
}

static int alerts_churn(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    static const char *const known[] = {"as_of", "rep_id", "team", "rule", "limit", "offset", NULL};
    gj_metrics_alerts *r = NULL;
    const char *rule;
    int64_t as_of, rep, limit, offset, matched = 0;
    cJSON *o, *fired, *items;
    size_t i, k;
    int rc, want = -1;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = time_arg(db, args, "as_of", gj_db_now(db), &as_of)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "rule", &rule)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "rep_id", 0, 1, INT64_MAX / 2, &rep)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "limit", 50, 1, 100000, &limit)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "offset", 0, 0, INT64_MAX / 2, &offset)) != GJ_OK) return rc;
    for (k = 0; rule && k < GJ_ALERT_NRULES; k++)
        if (strcmp(rule, gj_metrics_alert_rule((int)k)) == 0) want = (int)k;
    if (rule && want < 0)
        return not_in_choices(db, "rule", rule, "no_reply, purchase_gap, activity_drop, cadence, open_complaint");
    if ((rc = gj_metrics_alerts_compute(db, as_of, rep, team, &r)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    gj_api_add(o, "as_of", cJSON_CreateString(gj_time_format(as_of, (char[32]){0})));
    fired = cJSON_AddObjectToObject(o, "fired");
    for (k = 0; k < GJ_ALERT_NRULES; k++)
        cJSON_AddNumberToObject(fired, gj_metrics_alert_rule((int)k), (double)r->fired[k]);
    items = cJSON_AddArrayToObject(o, "items");
    for (i = 0; i < r->n; i++) {
        int has = want < 0;
        for (k = 0; k < r->alerts[i].n && !has; k++) has = r->warnings[r->alerts[i].first + k].rule == want;
        if (!has) continue;
        if (matched >= offset && matched < offset + limit)
            gj_api_push(items, alert_json(db, r, &r->alerts[i]));
        matched++;
    }
    cJSON_AddNumberToObject(o, "total", (double)matched);
    gj_metrics_alerts_free(r);
    *data = o;
    return GJ_OK;
}

/* ---- followups.due ---- */

/* The deal's title and current stage, for an item about a deal. */
static void add_deal(gj_db *db, cJSON *o, int64_t id)
{
    const gj_entity *e = gj_entity_find("deals");
    gj_record rec;
    int t = gj_entity_field(e, "title"), st = gj_entity_field(e, "stage");
    cJSON_AddNumberToObject(o, "deal_id", (double)id);
    if (gj_record_get(db, e, id, &rec) == GJ_OK) {
        gj_api_add(o, "deal_title", gj_api_field_json(&e->fields[t], rec.v[t]));
        gj_api_add(o, "deal_stage", gj_api_field_json(&e->fields[st], rec.v[st]));
    }
    gj_db_clear_error(db);
}

static cJSON *due_json(gj_db *db, const gj_metrics_due *r, const gj_metrics_due_item *it)
{
    cJSON *o = cJSON_CreateObject();
    char buf[32];
    int scheduled = it->group != GJ_DUE_UNSCHEDULED;
    cJSON_AddNumberToObject(o, "customer_id", (double)it->customer_id);
    add_customer_name(db, o, it->customer_id);
    if (it->rep_id) cJSON_AddNumberToObject(o, "rep_id", (double)it->rep_id);
    else cJSON_AddNullToObject(o, "rep_id");
    cJSON_AddStringToObject(o, "reason", gj_metrics_due_reason(it->reason));
    cJSON_AddStringToObject(o, "group", gj_metrics_due_group(it->group));
    if (scheduled) cJSON_AddStringToObject(o, "due_at", gj_time_format(it->due, buf));
    else cJSON_AddNullToObject(o, "due_at");
    /* status: the day list's word (overdue or today; week items are later) */
    cJSON_AddStringToObject(o, "status", gj_metrics_due_group(it->group));
    add_num(o, "overdue_days", it->due < r->day_start && scheduled
                                   ? (double)(r->day_start - it->due) / 86400.0 : 0);
    cJSON_AddStringToObject(o, "since", gj_time_format(it->start, buf));
    add_tier(o, "tier", it->tier);
    if (it->deal_id) add_deal(db, o, it->deal_id);
    if (it->reason == GJ_DUE_STAGE) cJSON_AddStringToObject(o, "stage", it->stage);
    else if (it->ref_id && !it->deal_id) cJSON_AddNumberToObject(o, "followup_id", (double)it->ref_id);
    return o;
}

/* The end of the local week (Monday-based) holding local day `day`. */
static int64_t week_end(int64_t day, int64_t off)
{
    int64_t days = (day + off) / 86400; /* 1970-01-01 was a Thursday */
    int64_t monday0 = ((days + 3) % 7 + 7) % 7;
    return day + (7 - monday0) * 86400;
}

/* args.group: the one group to list (GJ_DUE_*), or -1 for all. */
static int group_arg(gj_db *db, const cJSON *args, int *want)
{
    const cJSON *g = args ? cJSON_GetObjectItemCaseSensitive(args, "group") : NULL;
    int rc, k;
    *want = -1;
    if (!g || cJSON_IsNull(g)) return GJ_OK;
    for (k = 0; k < GJ_DUE_NGROUPS && cJSON_IsString(g); k++)
        if (strcmp(g->valuestring, gj_metrics_due_group(k)) == 0) {
            *want = k;
            return GJ_OK;
        }
    rc = gj_db_fail_reason(db, GJ_INVALID, "group", "not_in_choices",
                           "group must be one of overdue, today, week, no_next_step");
    gj_db_error_param(db, "choices", "overdue, today, week, no_next_step");
    if (cJSON_IsString(g)) gj_db_error_param(db, "value", g->valuestring);
    return rc;
}

/* The shared-pool rule runs before the due list is made, so a customer
 * that just lost its owner is not listed as that owner's task. A read-only
 * copy (a second tab) cannot write: its list comes without the rule, which
 * the writing tab applies. */
static int pool_first(gj_db *db, int64_t now)
{
    int rc;
    if ((rc = gj_db_begin(db)) != GJ_OK) return rc;
    rc = gj_api_pool_apply_now(db, now, NULL);
    if (rc == GJ_OK) return gj_db_commit(db);
    gj_db_rollback(db);
    if (rc != GJ_IO) return rc;
    gj_db_clear_error(db);
    return GJ_OK;
}

static int followups_due(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    static const char *const known[] = {"date", "rep_id", "team", "limit", "offset", "range",
                                        "no_next_step", "group", NULL};
    const gj_settings *s = gj_settings_get(db);
    gj_metrics_due *r = NULL;
    int64_t day, rep, limit, offset, off, end, now = gj_db_now(db);
    const cJSON *range = args ? cJSON_GetObjectItemCaseSensitive(args, "range") : NULL;
    const cJSON *nns = args ? cJSON_GetObjectItemCaseSensitive(args, "no_next_step") : NULL;
    cJSON *o, *items;
    size_t i;
    char buf[32];
    int rc, g, want = -1;
    size_t first = 0, n;
    if ((rc = pool_first(db, now)) != GJ_OK) return rc;
    if (!s) return gj_db_errcode(db);
    off = (int64_t)llround(s->tz_offset_minutes * 60);
    /* today: the local day of the handle's clock */
    day = now + off - (((now + off) % 86400) + 86400) % 86400 - off;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = time_arg(db, args, "date", day, &day)) != GJ_OK) return rc;
    if ((((day + off) % 86400) + 86400) % 86400 != 0)
        return gj_db_fail_reason(db, GJ_INVALID, "date", "bad_time", "date must be a day (2025-06-01)");
    if ((rc = gj_api_int_arg(db, args, "rep_id", 0, 1, INT64_MAX / 2, &rep)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "limit", 100, 1, 100000, &limit)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "offset", 0, 0, INT64_MAX / 2, &offset)) != GJ_OK) return rc;
    if (range && !cJSON_IsNull(range) &&
        (!cJSON_IsString(range) || (strcmp(range->valuestring, "day") != 0 &&
                                    strcmp(range->valuestring, "week") != 0))) {
        rc = gj_db_fail_reason(db, GJ_INVALID, "range", "not_in_choices",
                               "range must be day or week");
        gj_db_error_param(db, "choices", "day, week");
        if (cJSON_IsString(range)) gj_db_error_param(db, "value", range->valuestring);
        return rc;
    }
    if (nns && !cJSON_IsNull(nns) && !cJSON_IsBool(nns))
        return gj_db_fail_reason(db, GJ_INVALID, "no_next_step", "not_a_bool",
                                 "no_next_step must be true or false");
    if ((rc = group_arg(db, args, &want)) != GJ_OK) return rc;
    end = range && cJSON_IsString(range) && strcmp(range->valuestring, "week") == 0
              ? week_end(day, off) : day + 86400;
    if ((rc = gj_metrics_due_range(db, day, end, rep, team, cJSON_IsTrue(nns), &r)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "date", gj_date_format(day + off, buf));
    cJSON_AddStringToObject(o, "until", gj_time_format(r->range_end, buf));
    for (g = 0; g < GJ_DUE_NGROUPS; g++)
        cJSON_AddNumberToObject(o, gj_metrics_due_group(g), (double)r->count[g]);
    cJSON_AddNumberToObject(o, "total", (double)r->n);
    items = cJSON_AddArrayToObject(o, "items");
    /* items are by group: one group is a slice, paged by itself */
    n = r->n;
    if (want >= 0) {
        for (g = 0; g < want; g++) first += (size_t)r->count[g];
        n = (size_t)r->count[want];
    }
    for (i = (size_t)offset; i < n && i < (size_t)(offset + limit); i++)
        gj_api_push(items, due_json(db, r, &r->items[first + i]));
    gj_metrics_due_free(r);
    *data = o;
    return GJ_OK;
}

/* ---- metrics.explain ---- */

static cJSON *record_json(const gj_metrics_explain *e, const gj_metrics_record *r,
                          const char (*stage)[GJ_NAME_LEN], int nstages)
{
    static const char *const nps_class[] = {"detractor", "passive", "promoter"};
    cJSON *o = cJSON_CreateObject();
    const char *tag = gj_metrics_explain_field(e->family, -1);
    char buf[32];
    int i;
    if (e->family == GJ_EX_DUE_ITEMS) {
        /* the item's source: the follow-up, the customer (first contact) or the deal */
        static const char *const src[] = {"followup_id", "followup_id", "customer_id", "deal_id"};
        cJSON_AddStringToObject(o, "reason", gj_metrics_due_reason(r->tag));
        cJSON_AddNumberToObject(o, src[r->tag & 3], (double)r->id);
        cJSON_AddNumberToObject(o, "customer_id", (double)r->ref);
        cJSON_AddStringToObject(o, "start", gj_time_format((int64_t)r->v[0], buf));
        cJSON_AddStringToObject(o, "due", gj_time_format((int64_t)r->v[1], buf));
        cJSON_AddBoolToObject(o, "missed", r->numerator);
        return o;
    }
    cJSON_AddNumberToObject(o, "id", (double)r->id);
    if (r->ref) cJSON_AddNumberToObject(o, gj_metrics_explain_field(e->family, -2), (double)r->ref);
    else cJSON_AddNullToObject(o, gj_metrics_explain_field(e->family, -2));
    cJSON_AddBoolToObject(o, "in_numerator", r->numerator);
    if (tag && (e->family == GJ_EX_FUNNEL || e->family == GJ_EX_STAGE_ENTRIES))
        cJSON_AddStringToObject(o, e->family == GJ_EX_FUNNEL ? "furthest_stage" : "stage",
                                r->tag >= 0 && r->tag < nstages ? stage[r->tag] : "");
    else if (tag && e->family == GJ_EX_NPS)
        cJSON_AddStringToObject(o, tag, nps_class[r->tag + 1]);
    else if (tag && e->family == GJ_EX_RETENTION) {
        cJSON_AddBoolToObject(o, "active_at_from", r->tag & 1);
        cJSON_AddBoolToObject(o, "active_at_to", (r->tag & 2) != 0);
        cJSON_AddBoolToObject(o, "cross_purchase", (r->tag & 4) != 0);
    } else if (tag)
        cJSON_AddBoolToObject(o, tag, r->tag);
    for (i = 0; i < 3; i++) {
        const char *f = gj_metrics_explain_field(e->family, i);
        if (!f || (e->family == GJ_EX_FUNNEL && i == 0)) continue;
        if (r->has[i]) cJSON_AddNumberToObject(o, f, r->v[i]);
        else cJSON_AddNullToObject(o, f);
    }
    return o;
}

static int metrics_explain(gj_db *db, const cJSON *args, const gj_metrics_team *team, cJSON **data)
{
    static const char *const known[] = {"metric", "from", "to", "rep_id", "team", "tier", "channel", "source",
                                        "part", "limit", "offset", NULL};
    const gj_settings *s = gj_settings_get(db);
    gj_metrics_query q;
    gj_metrics_explain *ex = NULL;
    const char *metric, *part, *from, *to;
    int64_t rep, limit, offset, matched = 0, num = 0;
    cJSON *o, *items;
    size_t i;
    int rc, family, want;
    if (!s) return gj_db_errcode(db);
    memset(&q, 0, sizeof q);
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "metric", &metric)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "part", &part)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "from", &from)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "to", &to)) != GJ_OK) return rc;
    if ((family = gj_metrics_explain_family(metric)) < 0) {
        gj_db_fail_reason(db, GJ_INVALID, "metric", metric ? "unknown_field" : "required",
                          "metric must be a key of metrics.compute (conversion.win_rate, ...)");
        return metric ? gj_db_error_param(db, "value", metric) : GJ_INVALID;
    }
    want = !part || strcmp(part, "all") == 0 ? -1 : strcmp(part, "numerator") == 0 ? 1
         : strcmp(part, "denominator") == 0 ? 0 : -2;
    if (want == -2) return not_in_choices(db, "part", part, "all, numerator, denominator");
    if (!from) return gj_db_fail_reason(db, GJ_INVALID, "from", "required", "from is required (a date)");
    if (!to) return gj_db_fail_reason(db, GJ_INVALID, "to", "required", "to is required (a date)");
    if ((rc = gj_metrics_parse_time(db, from, "from", &q.from)) != GJ_OK) return rc;
    if ((rc = gj_metrics_parse_time(db, to, "to", &q.to)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "rep_id", 0, 1, INT64_MAX / 2, &rep)) != GJ_OK) return rc;
    q.rep_id = rep;
    q.team = team;
    if ((rc = text_arg(db, args, "tier", &q.tier)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "channel", &q.channel)) != GJ_OK) return rc;
    if ((rc = text_arg(db, args, "source", &q.source)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "limit", 100, 1, 100000, &limit)) != GJ_OK) return rc;
    if ((rc = gj_api_int_arg(db, args, "offset", 0, 0, INT64_MAX / 2, &offset)) != GJ_OK) return rc;
    if ((rc = gj_metrics_query_check(db, &q)) != GJ_OK) return rc;
    q.sources = gj_metrics_sources_for(metric);
    if ((rc = gj_metrics_explain_compute(db, &q, family, &ex)) != GJ_OK) return rc;
    o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "metric", metric);
    cJSON_AddStringToObject(o, "records", gj_metrics_explain_kind(family));
    items = cJSON_AddArrayToObject(o, "items");
    for (i = 0; i < ex->n; i++) {
        num += ex->rec[i].numerator;
        if (want >= 0 && ex->rec[i].numerator != want) continue;
        if (matched >= offset && matched < offset + limit)
            gj_api_push(items, record_json(ex, &ex->rec[i], s->stage, s->nstages));
        matched++;
    }
    cJSON_AddNumberToObject(o, "denominator_count", (double)ex->n);
    cJSON_AddNumberToObject(o, "numerator_count", (double)num);
    cJSON_AddNumberToObject(o, "total", (double)matched);
    gj_metrics_explain_free(ex);
    *data = o;
    return GJ_OK;
}

int gj_api_metrics_rfm(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, metrics_rfm, data);
}

int gj_api_alerts_churn(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, alerts_churn, data);
}

int gj_api_followups_due(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, followups_due, data);
}

int gj_api_metrics_explain(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    (void)e;
    return gj_api_with_team(db, args, metrics_explain, data);
}
