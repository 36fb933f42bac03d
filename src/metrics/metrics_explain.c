/*
 * Drill-down: the records behind a number. The compute runs as usual with
 * a sink that the counting sites of one family of metrics write to, so a
 * listed record is exactly one the number counted.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

static const struct {
    const char *kind;
    const char *ref, *tag, *v[3];
} families[GJ_EX_NFAMILIES] = {
    {"customer", "owner_id", "active_unconverted", {"score", NULL, NULL}},
    {"deal", "customer_id", "furthest_stage", {"furthest_stage", NULL, NULL}},
    {"deal", "customer_id", NULL, {"amount", "days", NULL}},
    {"deal", "customer_id", NULL, {"amount", "days", NULL}},
    {"customer", "owner_id", "followed_up", {NULL, NULL, NULL}},
    {"survey", "customer_id", NULL, {"score", NULL, NULL}},
    {"survey", "customer_id", "nps_class", {"score", NULL, NULL}},
    {"customer", "owner_id", NULL, {NULL, NULL, NULL}},
    {"ticket", "customer_id", NULL, {"first_response_hours", "resolution_hours", NULL}},
    {"followup", "customer_id", NULL, {"gap_days", NULL, NULL}},
    {"due_item", "customer_id", "reason", {"start", "due", NULL}},
    {"stage_entry", "deal_id", "stage", {"days", "deadline_days", NULL}},
    {"customer", "owner_id", "flags", {"orders_in_period", "orders_before_to", "amount_before_to"}},
};

/* Keys of metrics.compute, by prefix, longest first where they overlap. */
static const struct {
    const char *prefix;
    int family;
} keys[] = {
    {"activity.", GJ_EX_ACTIVITY},
    {"conversion.funnel", GJ_EX_FUNNEL},
    {"conversion.deals_created", GJ_EX_FUNNEL},
    {"conversion.followup_conversion_rate", GJ_EX_FOLLOWUP_CONVERSION},
    {"conversion.no_followup_conversion_rate", GJ_EX_FOLLOWUP_CONVERSION},
    {"conversion.followed_up_customers", GJ_EX_FOLLOWUP_CONVERSION},
    {"conversion.not_followed_up_customers", GJ_EX_FOLLOWUP_CONVERSION},
    {"conversion.", GJ_EX_WIN_RATE},
    {"cycle.", GJ_EX_CYCLE},
    {"satisfaction.csat", GJ_EX_CSAT},
    {"satisfaction.nps", GJ_EX_NPS},
    {"satisfaction.complaint_rate", GJ_EX_COMPLAINTS},
    {"response.followup_interval_days", GJ_EX_INTERVALS},
    {"response.missed_followup_rate", GJ_EX_DUE_ITEMS},
    {"response.due_items", GJ_EX_DUE_ITEMS},
    {"response.missed_items", GJ_EX_DUE_ITEMS},
    {"response.stage_", GJ_EX_STAGE_ENTRIES},
    {"response.", GJ_EX_TICKETS},
    {"retention.", GJ_EX_RETENTION},
};

int gj_metrics_explain_family(const char *metric)
{
    size_t i;
    for (i = 0; metric && i < sizeof keys / sizeof keys[0]; i++)
        if (strncmp(metric, keys[i].prefix, strlen(keys[i].prefix)) == 0) return keys[i].family;
    return -1;
}

const char *gj_metrics_explain_kind(int family)
{
    return family >= 0 && family < GJ_EX_NFAMILIES ? families[family].kind : NULL;
}

const char *gj_metrics_explain_field(int family, int i)
{
    if (family < 0 || family >= GJ_EX_NFAMILIES || i < -2 || i > 2) return NULL;
    return i == -2 ? families[family].ref : i == -1 ? families[family].tag : families[family].v[i];
}

void gj_mexplain_add(gj_mpass *pass, int64_t id, int64_t ref, int numerator, int tag, int nv,
                     const double *v)
{
    gj_metrics_explain *e = pass->ex;
    gj_metrics_record *r;
    int i;
    if (e->n == e->cap) {
        size_t cap = e->cap ? e->cap * 2 : 256;
        gj_metrics_record *nr = gj_realloc(e->rec, cap * sizeof *nr);
        if (!nr) {
            pass->rc = GJ_NOMEM;
            return;
        }
        e->rec = nr;
        e->cap = cap;
    }
    r = &e->rec[e->n++];
    memset(r, 0, sizeof *r);
    r->id = id;
    r->ref = ref;
    r->numerator = numerator;
    r->tag = tag;
    for (i = 0; i < nv && i < 3; i++) {
        r->has[i] = !isnan(v[i]);
        r->v[i] = r->has[i] ? v[i] : 0;
    }
}

int gj_metrics_explain_compute(gj_db *db, const gj_metrics_query *q, int family,
                               gj_metrics_explain **out)
{
    gj_metrics_explain *e;
    gj_metrics_result *r = NULL;
    gj_metrics_query qt = *q;
    int64_t bounds[2];
    int rc;
    *out = NULL;
    if (family < 0 || family >= GJ_EX_NFAMILIES)
        return gj_db_fail(db, GJ_INVALID, "metric", "no records behind that metric");
    if (!(e = gj_calloc(1, sizeof *e))) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    e->family = family;
    qt.nby = 0;
    bounds[0] = q->from;
    bounds[1] = q->to;
    rc = gj_metrics_compute_into(db, &qt, bounds, 1, &r, e);
    gj_metrics_result_free(r);
    if (rc != GJ_OK) {
        gj_metrics_explain_free(e);
        return rc;
    }
    *out = e;
    return GJ_OK;
}

void gj_metrics_explain_free(gj_metrics_explain *e)
{
    if (!e) return;
    free(e->rec);
    free(e);
}
