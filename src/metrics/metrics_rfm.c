/*
 * RFM as of `to`: recency, frequency and monetary value of each customer
 * with an order before `to`, each scored 1-5 by quintile of rank (ties by
 * customer id), and the segment they imply; beside them the ABC tiers.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

static const char *const segment_names[GJ_RFM_NSEGMENTS] = {
    "champions", "loyal", "at_risk", "hibernating", "new", "regular"};

const char *gj_metrics_segment_name(int segment)
{
    return segment >= 0 && segment < GJ_RFM_NSEGMENTS ? segment_names[segment] : NULL;
}

/* Order of the ranking: value ascending (R: days since the last order
 * descending, so the most recent ranks last and scores 5), ties by id. */
static int by_frequency(const void *a, const void *b)
{
    const gj_metrics_rfm_row *x = *(const gj_metrics_rfm_row *const *)a;
    const gj_metrics_rfm_row *y = *(const gj_metrics_rfm_row *const *)b;
    if (x->frequency != y->frequency) return x->frequency < y->frequency ? -1 : 1;
    return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

static int by_monetary(const void *a, const void *b)
{
    const gj_metrics_rfm_row *x = *(const gj_metrics_rfm_row *const *)a;
    const gj_metrics_rfm_row *y = *(const gj_metrics_rfm_row *const *)b;
    if (x->monetary != y->monetary) return x->monetary < y->monetary ? -1 : 1;
    return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

static int by_recency(const void *a, const void *b)
{
    const gj_metrics_rfm_row *x = *(const gj_metrics_rfm_row *const *)a;
    const gj_metrics_rfm_row *y = *(const gj_metrics_rfm_row *const *)b;
    if (x->recency_days != y->recency_days) return x->recency_days > y->recency_days ? -1 : 1;
    return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

/* score = floor(5 * rank0 / n) + 1 in the order of cmp, into the field at
 * `offset` of each row. */
static void quintiles(gj_metrics_rfm_row **order, size_t n, int (*cmp)(const void *, const void *),
                      size_t offset)
{
    size_t i;
    qsort(order, n, sizeof *order, cmp);
    for (i = 0; i < n; i++) *(int *)((char *)order[i] + offset) = (int)(5 * i / n) + 1;
}

static int segment_of(int r, int f)
{
    if (r >= 4 && f >= 4) return GJ_RFM_CHAMPIONS;
    if (f >= 4) return GJ_RFM_LOYAL;
    if (r <= 2 && f >= 3) return GJ_RFM_AT_RISK;
    if (r <= 2 && f <= 2) return GJ_RFM_HIBERNATING;
    if (r >= 4 && f == 1) return GJ_RFM_NEW;
    return GJ_RFM_REGULAR;
}

static int by_value(const void *a, const void *b)
{
    const gj_metrics_rfm_row *x = a, *y = b;
    if (x->monetary != y->monetary) return x->monetary > y->monetary ? -1 : 1;
    return (x->customer_id > y->customer_id) - (x->customer_id < y->customer_id);
}

static int tier_index(char t) { return t == 'A' ? 0 : t == 'B' ? 1 : 2; }

int gj_metrics_rfm_compute(gj_db *db, int64_t to, gj_metrics_rfm **out)
{
    gj_metrics_rfm *r = NULL;
    gj_metrics_rfm_row **order = NULL;
    gj_mdata *d = NULL;
    size_t i, n = 0;
    int rc;
    *out = NULL;
    if ((rc = gj_metrics_snapshot(db, to, to, 0, &d)) != GJ_OK) return rc;
    if (!(r = gj_calloc(1, sizeof *r))) goto oom;
    r->to = to;
    r->customers = (int64_t)d->nc;
    for (i = 0; i < d->nc; i++) {
        r->tiers[tier_index(d->c[i].tier)]++;
        r->abc[tier_index(d->c[i].abc_tier)]++;
        n += d->c[i].orders > 0;
    }
    if (!(r->rows = gj_calloc(n ? n : 1, sizeof *r->rows)) || !(order = gj_malloc((n ? n : 1) * sizeof *order)))
        goto oom;
    for (i = 0; i < d->nc; i++) {
        const gj_mcust *c = &d->c[i];
        gj_metrics_rfm_row *row;
        if (c->orders == 0) continue;
        row = &r->rows[r->n];
        order[r->n++] = row;
        row->customer_id = c->id;
        row->owner_id = c->owner;
        row->recency_days = (double)(to - c->last_order) / GJ_DAY;
        row->frequency = c->orders;
        row->monetary = c->amount;
        row->abc_tier = c->abc_tier;
        row->manual_tier = c->manual_tier;
        row->tier = c->tier;
    }
    quintiles(order, n, by_recency, offsetof(gj_metrics_rfm_row, r));
    quintiles(order, n, by_frequency, offsetof(gj_metrics_rfm_row, f));
    quintiles(order, n, by_monetary, offsetof(gj_metrics_rfm_row, m));
    for (i = 0; i < n; i++) {
        r->rows[i].segment = segment_of(r->rows[i].r, r->rows[i].f);
        r->segments[r->rows[i].segment]++;
    }
    qsort(r->rows, n, sizeof *r->rows, by_value);
    free(order);
    *out = r;
    return GJ_OK;
oom:
    free(order);
    gj_metrics_rfm_free(r);
    return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

void gj_metrics_rfm_free(gj_metrics_rfm *r)
{
    if (!r) return;
    free(r->rows);
    free(r);
}

int gj_metrics_customers_where(gj_db *db, int64_t to, char abc, int segment, int64_t **ids,
                               size_t *n)
{
    gj_metrics_rfm *r = NULL;
    gj_mdata *d = NULL;
    int64_t *out = NULL;
    size_t i, k = 0;
    int rc;
    *ids = NULL;
    *n = 0;
    if (segment >= 0) { /* only customers with orders have a segment */
        if ((rc = gj_metrics_rfm_compute(db, to, &r)) != GJ_OK) return rc;
        if (!(out = gj_malloc((r->n ? r->n : 1) * sizeof *out))) goto oom;
        for (i = 0; i < r->n; i++)
            if (r->rows[i].segment == segment && (!abc || r->rows[i].abc_tier == abc))
                out[k++] = r->rows[i].customer_id;
        gj_metrics_rfm_free(r);
    } else {
        if ((rc = gj_metrics_snapshot(db, to, to, 0, &d)) != GJ_OK) return rc;
        if (!(out = gj_malloc((d->nc ? d->nc : 1) * sizeof *out))) goto oom;
        for (i = 0; i < d->nc; i++)
            if (!abc || d->c[i].abc_tier == abc) out[k++] = d->c[i].id;
    }
    *ids = out;
    *n = k;
    return GJ_OK;
oom:
    gj_metrics_rfm_free(r);
    return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
}

int gj_metrics_segment_find(const char *name)
{
    int i;
    for (i = 0; i < GJ_RFM_NSEGMENTS; i++)
        if (strcmp(segment_names[i], name) == 0) return i;
    return -1;
}
