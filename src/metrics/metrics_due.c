/*
 * The due list: what each rep should follow up today. An item is open
 * while no follow-up of its customer has happened since it started, so
 * only the latest follow-up of a customer (or its creation, when it has
 * none) and the latest stage entry of each open deal can be open. Items
 * follow the missed-follow-up rules: a follow-up's next_due_at, else the
 * tier cadence after it, a first contact within the cadence of creation,
 * and the next stage's deadline after a stage entry.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

static const char *const reasons[GJ_DUE_NREASONS] = {"next_due", "cadence", "first_contact",
                                                     "stage_deadline", "no_next_step"};
static const char *const groups[GJ_DUE_NGROUPS] = {"overdue", "today", "week", "no_next_step"};

const char *gj_metrics_due_reason(int reason)
{
    return reason >= 0 && reason < GJ_DUE_NREASONS ? reasons[reason] : NULL;
}

const char *gj_metrics_due_group(int group)
{
    return group >= 0 && group < GJ_DUE_NGROUPS ? groups[group] : NULL;
}

typedef struct {
    gj_db *db;
    gj_mdata *d;
    gj_metrics_due *r;
    size_t cap;
    int64_t rep;
    const gj_metrics_team *team;
    int oom;
} due_ctx;

static gj_metrics_due_item *add(due_ctx *c, int64_t ci, int64_t rep, int reason, int64_t start,
                                int64_t due, int64_t ref)
{
    gj_metrics_due_item *it;
    if (due >= c->r->range_end || !gj_metrics_rep_in(c->rep, c->team, rep)) return NULL;
    if (c->r->n == c->cap) {
        size_t cap = c->cap ? c->cap * 2 : 256;
        gj_metrics_due_item *ni = gj_realloc(c->r->items, cap * sizeof *ni);
        if (!ni) { c->oom = 1; return NULL; }
        c->r->items = ni;
        c->cap = cap;
    }
    it = &c->r->items[c->r->n++];
    memset(it, 0, sizeof *it);
    it->customer_id = c->d->c[ci].id;
    it->rep_id = rep;
    it->reason = reason;
    it->start = start;
    it->due = due;
    it->ref_id = ref;
    it->tier = c->d->c[ci].tier;
    return it;
}

/* The last follow-up of customer ci before the end of the day, or NULL. */
static const gj_mfu *last_followup(const gj_mdata *d, size_t ci, int64_t end)
{
    size_t j = d->c[ci].fu_end;
    while (j > d->c[ci].fu_start && d->fu[j - 1].at >= end) j--;
    return j > d->c[ci].fu_start ? &d->fu[j - 1] : NULL;
}

static void customer_items(due_ctx *c, const gj_settings *s, size_t ci)
{
    const gj_mcust *cu = &c->d->c[ci];
    const gj_mfu *f = last_followup(c->d, ci, c->r->range_end);
    int64_t k = llround(s->cadence_days[cu->tier == 'A' ? 0 : cu->tier == 'B' ? 1 : 2] * GJ_DAY);
    if (cu->closed || cu->created_at >= c->r->range_end) return;
    if (!f) add(c, (int64_t)ci, cu->owner, GJ_DUE_FIRST_CONTACT, cu->created_at, cu->created_at + k, 0);
    else if (f->due != INT64_MIN) add(c, (int64_t)ci, f->rep, GJ_DUE_NEXT, f->at, f->due, f->id);
    else add(c, (int64_t)ci, f->rep, GJ_DUE_CADENCE, f->at, f->at + k, f->id);
}

/* The latest stage entry of each open deal with a next stage, as this SQL
 * (?1 the end of the day) would give; stage_items reads them from the
 * deals in memory. Columns: deal, customer, owner, entered, next stage,
 * its deadline.
 *
 *   SELECT d.id, d.customer_id, coalesce(d.owner_id, 0), h.entered_at, nx.name, nx.deadline
 *   FROM deals d JOIN deal_stages h ON h.id = (SELECT h2.id FROM deal_stages h2
 *     WHERE h2.deal_id = d.id AND h2.entered_at < ?1 ORDER BY h2.entered_at DESC, h2.id DESC LIMIT 1)
 *   JOIN temp.gj_mstage s ON s.name = h.stage JOIN temp.gj_mstage nx ON nx.pos = s.pos + 1
 *   WHERE d.status = 'open'
 */

static int stage_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    due_ctx *c = ctx;
    int64_t ci = gj_mdata_customer(c->d, gj_mi(&v[1])), t0 = gj_mi(&v[3]);
    gj_metrics_due_item *it;
    (void)n; (void)names;
    if (ci < 0 || c->d->c[ci].closed) return 0;
    /* done once the customer was followed up since the stage was entered */
    if (gj_mdata_met(c->d, ci, t0, c->r->range_end - 1, 0)) return 0;
    it = add(c, ci, gj_mi(&v[2]), GJ_DUE_STAGE, t0, t0 + llround(gj_md(&v[5]) * GJ_DAY), gj_mi(&v[0]));
    if (it) it->deal_id = it->ref_id;
    if (it && v[4].type == GJ_VTEXT) snprintf(it->stage, sizeof it->stage, "%s", v[4].s);
    return c->oom;
}

/* The rows of stages_sql from the deals in memory: each open deal's latest
 * entry before the end of the day, when its stage has a next one. */
static int stage_items(due_ctx *c, const gj_settings *s)
{
    gj_mdata *d = c->d;
    size_t i;
    int *pos, rc = gj_mdata_deals(c->db, d);
    if (rc != GJ_OK) return rc;
    if (!(pos = gj_mdata_stage_pos(d, s))) return gj_db_fail(c->db, GJ_NOMEM, NULL, "out of memory");
    for (i = 0; i < d->ndeals && !c->oom; i++) {
        const gj_mdeal *x = &d->deals[i];
        size_t j = x->h_end;
        gj_value v[6];
        int p;
        if (x->status != 0) continue;
        while (j > x->h_start && d->hist[j - 1].at >= c->r->range_end) j--;
        if (j == x->h_start) continue;
        p = pos[d->hist[j - 1].stage];
        if (p < 0 || p + 1 >= s->nstages) continue;
        v[0] = gj_vint(x->id);
        v[1] = gj_vint(x->cust_id);
        v[2] = gj_vint(x->owner);
        v[3] = gj_vint(d->hist[j - 1].at);
        v[4] = gj_vtext(s->stage[p + 1]);
        v[5] = gj_vreal(s->deadline_days[p + 1]);
        stage_row(c, 6, v, NULL);
    }
    free(pos);
    return GJ_OK;
}

/* items[0..n) by due time, then customer id, then reason: two stable
 * radix passes (the last key first), no comparator calls. 0, or -1 on OOM. */
static int sort_items(gj_metrics_due_item *items, size_t n)
{
    double *key;
    size_t i;
    int rc = -1;
    if (n < 2) return 0;
    if (!(key = gj_calloc(n, sizeof *key))) return -1;
    for (i = 0; i < n; i++) /* exact: ids stay far below 2^50 */
        key[i] = (double)items[i].customer_id * GJ_DUE_NREASONS + items[i].reason;
    if (gj_metrics_sort_by(items, n, sizeof *items, key) == 0) {
        for (i = 0; i < n; i++) key[i] = (double)items[i].due;
        rc = gj_metrics_sort_by(items, n, sizeof *items, key);
    }
    free(key);
    return rc;
}

/*
 * "No next step": a customer (not archived or churned, created by now)
 * with no item in the list and nothing scheduled: no follow-up yet, or
 * its last follow-up has no next_due_at. It is listed once per open deal
 * (the deal's owner, since its latest stage entry), or once by itself when
 * it has none (its owner, since its last follow-up or creation).
 */
static int unscheduled_items(due_ctx *c, int64_t now)
{
    gj_mdata *d = c->d;
    unsigned char *mark = gj_calloc(d->nc ? d->nc : 1, 1); /* 1: listed, 2: no next step, 3: + deal */
    size_t i, n0 = c->r->n;
    int rc = gj_mdata_deals(c->db, d);
    if (rc != GJ_OK) { free(mark); return rc; }
    if (!mark) return gj_db_fail(c->db, GJ_NOMEM, NULL, "out of memory");
    for (i = 0; i < n0; i++) {
        int64_t ci = gj_mdata_customer(d, c->r->items[i].customer_id);
        if (ci >= 0) mark[ci] = 1;
    }
    for (i = 0; i < d->nc; i++) {
        const gj_mfu *f = last_followup(d, i, now + 1);
        if (mark[i] || d->c[i].closed || d->c[i].created_at > now) continue;
        if (!f || f->due == INT64_MIN) mark[i] = 2;
    }
    for (i = 0; i < d->ndeals && !c->oom; i++) {
        const gj_mdeal *x = &d->deals[i];
        int64_t ci = gj_mdata_customer(d, x->cust_id), since;
        gj_metrics_due_item *it;
        if (x->status != 0 || ci < 0 || mark[ci] < 2 || x->created_at > now) continue;
        since = x->h_end > x->h_start ? d->hist[x->h_end - 1].at : x->created_at;
        if ((it = add(c, ci, x->owner, GJ_DUE_NO_NEXT_STEP, since, since, x->id))) it->deal_id = x->id;
        mark[ci] = 3;
    }
    for (i = 0; i < d->nc && !c->oom; i++) {
        const gj_mfu *f = last_followup(d, i, now + 1);
        if (mark[i] != 2) continue;
        add(c, (int64_t)i, d->c[i].owner, GJ_DUE_NO_NEXT_STEP, f ? f->at : d->c[i].created_at,
            f ? f->at : d->c[i].created_at, f ? f->id : 0);
    }
    free(mark);
    for (i = n0; i < c->r->n; i++) c->r->items[i].group = GJ_DUE_UNSCHEDULED;
    /* longest without a step first (no items: no array to offset into) */
    if (!c->oom && c->r->n > n0 && sort_items(c->r->items + n0, c->r->n - n0) != 0) c->oom = 1;
    return c->oom ? gj_db_fail(c->db, GJ_NOMEM, NULL, "out of memory") : GJ_OK;
}

int gj_metrics_due_compute(gj_db *db, int64_t day_start, int64_t rep_id, const gj_metrics_team *team,
                           gj_metrics_due **out)
{
    return gj_metrics_due_range(db, day_start, day_start + GJ_DAY, rep_id, team, 0, out);
}

int gj_metrics_due_range(gj_db *db, int64_t day_start, int64_t range_end, int64_t rep_id,
                         const gj_metrics_team *team, int unscheduled, gj_metrics_due **out)
{
    const gj_settings *s = gj_settings_get(db);
    gj_metrics_due *r = NULL;
    gj_mdata *d = NULL;
    due_ctx c;
    size_t i;
    int rc;
    *out = NULL;
    if (!s) return gj_db_errcode(db);
    if ((rc = gj_metrics_prepare(db, s)) != GJ_OK) return rc;
    if ((rc = gj_metrics_snapshot(db, day_start, day_start + GJ_DAY, 1, &d)) != GJ_OK) return rc;
    if (!(r = gj_calloc(1, sizeof *r))) {
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        goto done;
    }
    r->day_start = day_start;
    r->day_end = day_start + GJ_DAY;
    r->range_end = range_end > r->day_end ? range_end : r->day_end;
    memset(&c, 0, sizeof c);
    c.db = db;
    c.d = d;
    c.r = r;
    c.rep = rep_id;
    c.team = team;
    for (i = 0; i < d->nc && !c.oom; i++) customer_items(&c, s, i);
    if (!c.oom && (rc = stage_items(&c, s)) != GJ_OK) goto done;
    if (c.oom || sort_items(r->items, r->n) != 0) {
        rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
        goto done;
    }
    for (i = 0; i < r->n; i++)
        r->items[i].group = r->items[i].due < day_start      ? GJ_DUE_OVERDUE
                            : r->items[i].due < r->day_end ? GJ_DUE_TODAY
                                                           : GJ_DUE_WEEK;
    if (unscheduled && (rc = unscheduled_items(&c, gj_db_now(db))) != GJ_OK) goto done;
    for (i = 0; i < r->n; i++) r->count[r->items[i].group]++;
    r->today = r->count[GJ_DUE_TODAY];
    r->overdue = r->count[GJ_DUE_OVERDUE];
done:
    if (rc != GJ_OK) {
        gj_metrics_due_free(r);
        return rc;
    }
    *out = r;
    return GJ_OK;
}

void gj_metrics_due_free(gj_metrics_due *d)
{
    if (!d) return;
    free(d->items);
    free(d);
}
