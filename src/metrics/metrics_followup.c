/*
 * Follow-up discipline: follow-up counts and intervals, and the missed
 * follow-up rate over the due items of P.
 *
 * A due item has a start, a due time and a window [start, due + grace]; it
 * is met when a follow-up of the customer (other than the one that set it)
 * falls in the window. Items:
 *   - a follow-up's next_due_at (start: the follow-up), by its rep;
 *   - tier cadence: a follow-up without next_due_at is due again after the
 *     customer's cadence (by its rep); a new customer is due for a first
 *     contact within the cadence of its creation (by its owner);
 *   - stage deadlines: entering a stage makes the deal due for its next
 *     stage's deadline (by the deal owner), unless it closed before then.
 * An item is in P when its due time is; an item not yet met whose window
 * is still open at `now` is pending and left out.
 */
#include <math.h>

#include "metrics_int.h"

static void count_item(gj_metrics_group *g, int met)
{
    g->response.due_items++;
    if (!met) g->response.missed_items++;
}

/* Follow-up counts, intervals, next_due_at, cadence and first-contact
 * items of one customer. */
static void customer_items(gj_mpass *pass, int64_t ci, const int64_t *cadence)
{
    const gj_mdata *d = pass->data;
    const gj_mcust *c = &d->c[ci];
    const gj_metrics_query *q = pass->q;
    int64_t k = cadence[c->tier == 'A' ? 0 : c->tier == 'B' ? 1 : 2], due;
    gj_metrics_group *g;
    size_t j;
    due = c->created_at + k;
    if (due >= q->from && due < q->to && gj_mcounts(pass, ci, c->owner))
        gj_metrics_count_due(pass, ci, c->owner, c->created_at, due, 2 /* first contact */, c->id);
    for (j = c->fu_start; j < c->fu_end && pass->rc == GJ_OK; j++) {
        const gj_mfu *f = &d->fu[j];
        if (!gj_mcounts(pass, ci, f->rep)) continue;
        if (f->at >= q->from && f->at < q->to) {
            if (GJ_EXPLAINING(pass, GJ_EX_INTERVALS)) {
                double x[1];
                x[0] = j > c->fu_start ? (double)(f->at - d->fu[j - 1].at) / GJ_DAY : NAN;
                gj_mexplain_add(pass, f->id, c->id, j > c->fu_start, 0, 1, x); /* numerator: has a gap */
            }
            GJ_EACH_GROUP(pass, ci, f->rep, g) {
                g->conversion.followups++;
                g->scorecard.followups_complete += (f->flags & GJ_MFU_COMPLETE) != 0;
                g->scorecard.collab_followups += f->rep && f->rep != c->owner;
                /* the gap to the previous follow-up of the customer, whoever made it */
                if (j > c->fu_start && gj_metrics_sample_add(g, GJ_MS_INTERVAL,
                                          (double)(f->at - d->fu[j - 1].at) / GJ_DAY) != 0)
                    pass->rc = GJ_NOMEM;
            }
        }
        due = f->due != INT64_MIN ? f->due : f->at + k; /* a promised date replaces the cadence */
        if (due >= q->from && due < q->to)
            gj_metrics_count_due(pass, ci, f->rep, f->at, due, f->due != INT64_MIN ? 0 : 1, f->id);
    }
}

void gj_metrics_count_due(gj_mpass *pass, int64_t ci, int64_t rep, int64_t start, int64_t due,
                          int reason, int64_t source)
{
    int64_t wend = due + llround(pass->s->grace_days * GJ_DAY);
    /* a follow-up's own item is not met by itself */
    int met = gj_mdata_met(pass->data, ci, start, wend, reason <= 1 ? source : 0);
    gj_metrics_group *g;
    if (!met && wend >= pass->now) return; /* pending */
    if (GJ_EXPLAINING(pass, GJ_EX_DUE_ITEMS)) { /* numerator: missed */
        double x[2];
        x[0] = (double)start;
        x[1] = (double)due;
        gj_mexplain_add(pass, source, pass->data->c[ci].id, !met, reason, 2, x);
    }
    GJ_EACH_GROUP(pass, ci, rep, g) count_item(g, met);
}

static int64_t secs(double days) { return (int64_t)llround(days * GJ_DAY); }

int gj_metrics_followup(gj_mpass *pass)
{
    const gj_settings *s = pass->s;
    int64_t cadence[3];
    size_t ci;
    int i;
    for (i = 0; i < 3; i++) cadence[i] = secs(s->cadence_days[i]);
    for (ci = 0; ci < pass->data->nc && pass->rc == GJ_OK; ci++)
        if (pass->data->c[ci].ok) customer_items(pass, (int64_t)ci, cadence);
    if (pass->rc != GJ_OK) return gj_db_fail(pass->db, pass->rc, NULL, "out of memory");
    return GJ_OK;
}
