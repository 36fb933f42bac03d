/*
 * Workspace settings: scalars in the key/value table, the pipeline and the
 * activity weights in their own tables. Defaults come from the first
 * migration; these functions read, validate and write them.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "domain.h"

void gj_db_settings_changed(gj_db *db);

typedef struct {
    const char *key;
    size_t offset;
    int kind; /* GJ_SETTING_NUMBER, _TEXT or _FLAG */
    double min, max;
} scalar_def;

#define D(k, lo, hi) {#k, offsetof(gj_settings, k), GJ_SETTING_NUMBER, lo, hi}
#define F(k) {#k, offsetof(gj_settings, k), GJ_SETTING_FLAG, 0, 1}
static const scalar_def scalars[] = {
    D(tz_offset_minutes, -720, 840),
    {"currency", offsetof(gj_settings, currency), GJ_SETTING_TEXT, 0, 0},
    {"locale", offsetof(gj_settings, locale), GJ_SETTING_TEXT, 0, 0},
    D(active_threshold, 0, 1e9),
    {"cadence_a_days", offsetof(gj_settings, cadence_days), GJ_SETTING_NUMBER, 1, 3650},
    {"cadence_b_days", offsetof(gj_settings, cadence_days) + sizeof(double), GJ_SETTING_NUMBER, 1, 3650},
    {"cadence_c_days", offsetof(gj_settings, cadence_days) + 2 * sizeof(double), GJ_SETTING_NUMBER, 1, 3650},
    D(grace_days, 0, 365),
    D(churn_window_days, 1, 3650),
    D(weight_behaviour, 0, 1000),
    D(weight_process, 0, 1000),
    D(weight_result, 0, 1000),
    D(weight_collaboration, 0, 1000),
    F(rule_no_reply),
    D(rule_no_reply_n, 1, 100),
    F(rule_purchase_gap),
    D(rule_purchase_gap_factor, 1, 100),
    F(rule_activity_drop),
    D(rule_activity_drop_ratio, 0, 1),
    F(rule_cadence),
    F(rule_open_complaint),
    D(rule_open_complaint_hours, 0, 100000),
    D(sla_first_response_hours, 0.1, 8760),
    D(sla_resolution_hours, 0.1, 87600),
    {"pool_days", offsetof(gj_settings, pool_days), GJ_SETTING_NUMBER, 0, 3650},
};
#undef D
#undef F
#define NSCALARS ((int)(sizeof scalars / sizeof scalars[0]))

int gj_settings_scalar_count(void) { return NSCALARS; }

const char *gj_settings_scalar_key(int i, int *kind)
{
    if (i < 0 || i >= NSCALARS) return NULL;
    if (kind) *kind = scalars[i].kind;
    return scalars[i].key;
}

int gj_settings_scalar_get(const gj_settings *s, int i, gj_value *out)
{
    const char *base = (const char *)s + scalars[i].offset;
    if (scalars[i].kind == GJ_SETTING_TEXT) *out = gj_vtext(base);
    else *out = gj_vreal(*(const double *)base);
    return GJ_OK;
}

int gj_settings_scalar_set(gj_db *db, gj_settings *s, const char *key, gj_value v)
{
    int i;
    for (i = 0; i < NSCALARS; i++) {
        const scalar_def *d = &scalars[i];
        char *base = (char *)s + d->offset;
        double x;
        if (strcmp(d->key, key) != 0) continue;
        if (d->kind == GJ_SETTING_TEXT) {
            if (v.type != GJ_VTEXT) {
                gj_db_fail_reason(db, GJ_INVALID, key, "wrong_type", "%s must be text", key);
                return gj_db_error_param(db, "expected", "text");
            }
            if (!*v.s) return gj_db_fail_reason(db, GJ_INVALID, key, "required", "%s is required", key);
            if (strlen(v.s) >= 16) {
                gj_db_fail_reason(db, GJ_INVALID, key, "too_long",
                                  "%s must be text of 1-15 bytes", key);
                return gj_db_error_param_num(db, "max", 15);
            }
            snprintf(base, 16, "%s", v.s);
            return GJ_OK;
        }
        if (v.type == GJ_VINT) x = (double)v.i;
        else if (v.type == GJ_VREAL && isfinite(v.d)) x = v.d;
        else if (d->kind == GJ_SETTING_FLAG)
            return gj_db_fail_reason(db, GJ_INVALID, key, "not_a_bool", "%s must be true or false", key);
        else
            return gj_db_fail_reason(db, GJ_INVALID, key, "not_a_number", "%s must be a number", key);
        if (d->kind == GJ_SETTING_FLAG && x != 0 && x != 1) {
            gj_db_fail_reason(db, GJ_INVALID, key, "not_a_bool", "%s must be true or false", key);
            return gj_db_error_param_num(db, "value", x);
        }
        if (x < d->min || x > d->max) {
            gj_db_fail_reason(db, GJ_INVALID, key, "out_of_range",
                              "%s must be between %g and %g, got %g", key, d->min, d->max, x);
            gj_db_error_param_num(db, "value", x);
            gj_db_error_param_num(db, "min", d->min);
            return gj_db_error_param_num(db, "max", d->max);
        }
        if (d->offset == offsetof(gj_settings, pool_days) && x != floor(x)) {
            gj_db_fail_reason(db, GJ_INVALID, key, "not_an_integer",
                              "%s must be a whole number of days, got %g", key, x);
            return gj_db_error_param_num(db, "value", x);
        }
        *(double *)base = x;
        return GJ_OK;
    }
    gj_db_fail_reason(db, GJ_INVALID, key, "unknown_field", "unknown setting '%s'", key);
    return gj_db_error_param(db, "entity", "settings");
}

int gj_settings_stage_index(const gj_settings *s, const char *name)
{
    int i;
    for (i = 0; i < s->nstages; i++)
        if (strcmp(s->stage[i], name) == 0) return i;
    return -1;
}

typedef struct {
    gj_db *db;
    gj_settings *s;
} load_ctx;

static int load_scalar(void *ctx, int n, const gj_value *v, const char *const *names)
{
    load_ctx *l = ctx;
    (void)n; (void)names;
    if (v[0].type == GJ_VTEXT) gj_settings_scalar_set(l->db, l->s, v[0].s, v[1]);
    return 0;
}

static int load_stage(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_settings *s = ((load_ctx *)ctx)->s;
    (void)n; (void)names;
    if (s->nstages >= GJ_MAX_STAGES) return 1;
    snprintf(s->stage[s->nstages], GJ_NAME_LEN, "%s", v[0].s);
    s->deadline_days[s->nstages++] = v[1].type == GJ_VINT ? (double)v[1].i : v[1].d;
    return 0;
}

static int load_weight(void *ctx, int n, const gj_value *v, const char *const *names)
{
    gj_settings *s = ((load_ctx *)ctx)->s;
    (void)n; (void)names;
    if (s->nkinds >= GJ_MAX_KINDS) return 1;
    snprintf(s->kind[s->nkinds], GJ_NAME_LEN, "%s", v[0].s);
    s->points[s->nkinds++] = v[1].type == GJ_VINT ? (double)v[1].i : v[1].d;
    return 0;
}

int gj_settings_load(gj_db *db, gj_settings *s)
{
    gj_store *st = gj_db_store(db);
    load_ctx l;
    int rc;
    memset(s, 0, sizeof *s);
    /* defaults of the keys a file may lack (they came after its schema) */
    s->sla_first_response_hours = 4;
    s->sla_resolution_hours = 48;
    l.db = db; l.s = s;
    rc = gj_store_run(st, "SELECT key, value FROM settings", NULL, 0, load_scalar, &l, NULL, NULL);
    if (rc == GJ_OK)
        rc = gj_store_run(st, "SELECT name, deadline_days FROM pipeline_stages ORDER BY position",
                          NULL, 0, load_stage, &l, NULL, NULL);
    if (rc == GJ_OK)
        rc = gj_store_run(st, "SELECT kind, points FROM activity_weights ORDER BY kind", NULL, 0,
                          load_weight, &l, NULL, NULL);
    if (rc != GJ_OK) return gj_db_fail_store(db, rc);
    gj_db_clear_error(db); /* unknown keys in the table are ignored, not errors */
    return GJ_OK;
}

/* Empty or only white space (the schema's CHECK trims names). */
static int blank(const char *s)
{
    while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') s++;
    return *s == 0;
}

/* The params of an out_of_range error whose range is 0..max. */
static int range_params(gj_db *db, double value, double max)
{
    gj_db_error_param_num(db, "value", value);
    gj_db_error_param_num(db, "min", 0);
    return gj_db_error_param_num(db, "max", max);
}

static int validate(gj_db *db, const gj_settings *s)
{
    int i, j;
    if (s->nstages < 2) {
        gj_db_fail_reason(db, GJ_INVALID, "pipeline", "too_few", "the pipeline needs at least 2 stages");
        return gj_db_error_param_num(db, "min", 2);
    }
    for (i = 0; i < s->nstages; i++) {
        if (blank(s->stage[i])) {
            gj_db_fail_reason(db, GJ_INVALID, "pipeline", "stage_unnamed", "stage %d has no name", i + 1);
            return gj_db_error_param_num(db, "position", i + 1);
        }
        if (!(s->deadline_days[i] >= 0) || !isfinite(s->deadline_days[i])) {
            gj_db_fail_reason(db, GJ_INVALID, "pipeline", "negative",
                              "stage '%s': deadline_days must be a finite number >= 0", s->stage[i]);
            gj_db_error_param(db, "stage", s->stage[i]);
            return gj_db_error_param_num(db, "value", s->deadline_days[i]);
        }
        if (s->deadline_days[i] > GJ_MAX_DEADLINE_DAYS) {
            gj_db_fail_reason(db, GJ_INVALID, "pipeline", "out_of_range",
                              "stage '%s': deadline_days must be between 0 and %d, got %g", s->stage[i],
                              GJ_MAX_DEADLINE_DAYS, s->deadline_days[i]);
            gj_db_error_param(db, "stage", s->stage[i]);
            return range_params(db, s->deadline_days[i], GJ_MAX_DEADLINE_DAYS);
        }
        for (j = 0; j < i; j++)
            if (strcmp(s->stage[i], s->stage[j]) == 0) {
                gj_db_fail_reason(db, GJ_INVALID, "pipeline", "stage_duplicate",
                                  "stage '%s' appears twice", s->stage[i]);
                return gj_db_error_param(db, "stage", s->stage[i]);
            }
    }
    for (i = 0; i < s->nkinds; i++) {
        if (blank(s->kind[i]))
            return gj_db_fail_reason(db, GJ_INVALID, "activity_weights", "kind_unnamed",
                                     "an event kind has no name");
        if (!(s->points[i] >= 0) || !isfinite(s->points[i])) {
            gj_db_fail_reason(db, GJ_INVALID, "activity_weights", "negative",
                              "weight of '%s' must be a finite number >= 0", s->kind[i]);
            gj_db_error_param(db, "kind", s->kind[i]);
            return gj_db_error_param_num(db, "value", s->points[i]);
        }
        if (s->points[i] > GJ_MAX_ACTIVITY_POINTS) {
            gj_db_fail_reason(db, GJ_INVALID, "activity_weights", "out_of_range",
                              "weight of '%s' must be between 0 and %d, got %g", s->kind[i],
                              GJ_MAX_ACTIVITY_POINTS, s->points[i]);
            gj_db_error_param(db, "kind", s->kind[i]);
            return range_params(db, s->points[i], GJ_MAX_ACTIVITY_POINTS);
        }
    }
    if (s->weight_behaviour + s->weight_process + s->weight_result + s->weight_collaboration <= 0)
        return gj_db_fail_reason(db, GJ_INVALID, "weight_result", "all_zero",
                                 "scorecard weights must not all be 0");
    return GJ_OK;
}

/* A stage still used by a deal cannot disappear from the pipeline. */
static int check_stages_in_use(gj_db *db, const gj_settings *s)
{
    gj_store *st = gj_db_store(db);
    int64_t count;
    int rc;
    rc = gj_store_exec(st, "CREATE TEMP TABLE IF NOT EXISTS gj_new_stages (name TEXT PRIMARY KEY);"
                           "DELETE FROM temp.gj_new_stages;");
    if (rc != GJ_OK) return gj_db_fail_store(db, rc);
    {
        int i;
        for (i = 0; i < s->nstages; i++) {
            gj_value p = gj_vtext(s->stage[i]);
            rc = gj_store_run(st, "INSERT OR IGNORE INTO temp.gj_new_stages VALUES (?1)", &p, 1,
                              NULL, NULL, NULL, NULL);
            if (rc != GJ_OK) return gj_db_fail_store(db, rc);
        }
    }
    rc = gj_store_int(st, "SELECT count(*) FROM deals WHERE stage NOT IN"
                          " (SELECT name FROM temp.gj_new_stages)", NULL, 0, &count);
    if (rc != GJ_OK) return gj_db_fail_store(db, rc);
    if (count > 0) {
        gj_db_fail_reason(db, GJ_INVALID, "pipeline", "stage_in_use",
                          "%lld deals are in stages missing from the new pipeline; "
                          "move them first", (long long)count);
        return gj_db_error_param_num(db, "count", (double)count);
    }
    return GJ_OK;
}

int gj_settings_save(gj_db *db, const gj_settings *s)
{
    gj_store *st = gj_db_store(db);
    int i, rc;
    if ((rc = validate(db, s)) != GJ_OK) return rc;
    if ((rc = gj_db_begin(db)) != GJ_OK) return rc;
    if ((rc = check_stages_in_use(db, s)) != GJ_OK) goto fail;
    for (i = 0; i < NSCALARS; i++) {
        gj_value p[2];
        p[0] = gj_vtext(scalars[i].key);
        gj_settings_scalar_get(s, i, &p[1]);
        if (p[1].type == GJ_VREAL && p[1].d == floor(p[1].d) && fabs(p[1].d) < 1e15)
            p[1] = gj_vint((int64_t)p[1].d); /* keep integers readable in the shell */
        rc = gj_store_run(st, "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)", p, 2,
                          NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) goto store_fail;
    }
    rc = gj_store_exec(st, "DELETE FROM pipeline_stages; DELETE FROM activity_weights;");
    if (rc != GJ_OK) goto store_fail;
    for (i = 0; i < s->nstages; i++) {
        gj_value p[3];
        p[0] = gj_vint(i);
        p[1] = gj_vtext(s->stage[i]);
        p[2] = gj_vreal(s->deadline_days[i]);
        rc = gj_store_run(st, "INSERT INTO pipeline_stages (position, name, deadline_days)"
                              " VALUES (?1, ?2, ?3)", p, 3, NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) goto store_fail;
    }
    for (i = 0; i < s->nkinds; i++) {
        gj_value p[2];
        p[0] = gj_vtext(s->kind[i]);
        p[1] = gj_vreal(s->points[i]);
        rc = gj_store_run(st, "INSERT OR REPLACE INTO activity_weights (kind, points) VALUES (?1, ?2)",
                          p, 2, NULL, NULL, NULL, NULL);
        if (rc != GJ_OK) goto store_fail;
    }
    gj_db_settings_changed(db);
    return gj_db_commit(db);
store_fail:
    rc = gj_db_fail_store(db, rc);
fail:
    gj_db_rollback(db);
    return rc;
}
