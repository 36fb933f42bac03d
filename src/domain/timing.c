/*
 * Clocks the lists show beside a record: how long a deal has been in its
 * stage and whether it is late for the next one (the same deadlines as
 * the stage-deadline metric: entering stage p gives the deal the next
 * stage's deadline_days), and a ticket's first-response and resolution
 * clocks against the workspace SLA.
 */
#include <math.h>
#include <string.h>

#include "domain.h"

#define DAY 86400

static int64_t field_int(const gj_entity *e, const gj_value *vals, const char *name)
{
    int i = gj_entity_field(e, name);
    return i >= 0 && vals[i].type == GJ_VINT ? vals[i].i : 0;
}

static const char *field_text(const gj_entity *e, const gj_value *vals, const char *name)
{
    int i = gj_entity_field(e, name);
    return i >= 0 && vals[i].type == GJ_VTEXT ? vals[i].s : NULL;
}

/* The start of the local day holding t. */
static int64_t local_day_start(const gj_settings *s, int64_t t)
{
    int64_t off = (int64_t)llround(s->tz_offset_minutes * 60);
    int64_t local = t + off;
    return local - ((local % DAY) + DAY) % DAY - off;
}

int gj_deal_timing_of(gj_db *db, const gj_value *vals, int64_t entered_at, gj_deal_timing *out)
{
    const gj_entity *e = gj_entity_find("deals");
    const gj_settings *s = gj_settings_get(db);
    const char *stage = field_text(e, vals, "stage"), *status = field_text(e, vals, "status");
    int64_t now = gj_db_now(db), until = now, closed = field_int(e, vals, "closed_at");
    int p;
    memset(out, 0, sizeof *out);
    if (!s) return gj_db_errcode(db);
    out->entered_at = entered_at ? entered_at : field_int(e, vals, "created_at");
    if (status && strcmp(status, "open") != 0 && closed) until = closed;
    out->days_in_stage = until > out->entered_at ? (until - out->entered_at) / DAY : 0;
    p = stage ? gj_settings_stage_index(s, stage) : -1;
    if (!status || strcmp(status, "open") != 0 || p < 0 || p + 1 >= s->nstages) return GJ_OK;
    out->has_deadline = 1;
    out->deadline_at = out->entered_at + (int64_t)llround(s->deadline_days[p + 1] * DAY);
    {
        int64_t today = local_day_start(s, now);
        out->state = out->deadline_at < today          ? GJ_DEADLINE_LATE
                     : out->deadline_at < today + DAY ? GJ_DEADLINE_DUE
                                                      : GJ_DEADLINE_ON_TIME;
    }
    return GJ_OK;
}

/* met / breached by the time the clock stopped, else running / breached
 * by now. */
static int sla_state(int64_t stopped, int64_t due, int64_t now)
{
    if (stopped) return stopped <= due ? GJ_SLA_MET : GJ_SLA_BREACHED;
    return now > due ? GJ_SLA_BREACHED : GJ_SLA_RUNNING;
}

int gj_ticket_sla_of(gj_db *db, const gj_value *vals, gj_ticket_sla *out)
{
    const gj_entity *e = gj_entity_find("tickets");
    const gj_settings *s = gj_settings_get(db);
    int64_t created = field_int(e, vals, "created_at"), now = gj_db_now(db);
    memset(out, 0, sizeof *out);
    if (!s) return gj_db_errcode(db);
    out->first_response_due_at = created + (int64_t)llround(s->sla_first_response_hours * 3600);
    out->resolution_due_at = created + (int64_t)llround(s->sla_resolution_hours * 3600);
    out->first_response_state =
        sla_state(field_int(e, vals, "first_response_at"), out->first_response_due_at, now);
    out->resolution_state = sla_state(field_int(e, vals, "resolved_at"), out->resolution_due_at, now);
    return GJ_OK;
}

const char *gj_deadline_state_name(int state)
{
    static const char *const names[] = {NULL, "on_time", "due", "late"};
    return state >= 0 && state <= GJ_DEADLINE_LATE ? names[state] : NULL;
}

const char *gj_sla_state_name(int state)
{
    static const char *const names[] = {"running", "met", "breached"};
    return state >= 0 && state <= GJ_SLA_BREACHED ? names[state] : NULL;
}
