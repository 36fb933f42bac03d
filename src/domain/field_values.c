/*
 * One field's value as a caller gave it -> the value stored: type checks,
 * conversions (ISO times to epoch seconds in the workspace's zone), and the
 * per-field rules. Each refusal carries a reason key and its parameters
 * (docs/api.md, "Reasons") so the page can say it in the user's language.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "domain.h"
#include "entity_rules.h"
#include "timeutil.h"

/* Adds v as the current error's `value` parameter; returns the error's code. */
static int param_value(gj_db *db, gj_value v)
{
    switch (v.type) {
    case GJ_VTEXT: return gj_db_error_param(db, "value", v.s);
    case GJ_VINT: return gj_db_error_param_num(db, "value", (double)v.i);
    case GJ_VREAL: return gj_db_error_param_num(db, "value", v.d);
    default: return gj_db_errcode(db);
    }
}

/* "a, b, c" of a NULL-terminated list, for messages and `choices`. */
static void join_choices(const char *const *choices, char *buf, size_t cap)
{
    int i;
    buf[0] = 0;
    for (i = 0; choices[i]; i++) {
        if (i) strncat(buf, ", ", cap - strlen(buf) - 1);
        strncat(buf, choices[i], cap - strlen(buf) - 1);
    }
}

/* One '@' with text on both sides: what every mail program accepts;
 * stricter rules refuse real addresses. */
static int email_ok(const char *s)
{
    const char *at = strchr(s, '@');
    return at && at > s && at[1] && !strchr(at + 1, '@');
}

/* Numbers beyond GJ_MAX_NUMBER are refused: sums of them in the metrics
 * would overflow (integers) or lose every cent (doubles). */
static int check_magnitude(gj_db *db, const gj_field *f, double x)
{
    double lo = (f->flags & GJ_F_NONNEG) ? 0 : -GJ_MAX_NUMBER;
    if (fabs(x) <= GJ_MAX_NUMBER) return GJ_OK;
    gj_db_fail_reason(db, GJ_INVALID, f->name, "out_of_range", "%s must be between %g and %g, got %g",
                      f->name, lo, GJ_MAX_NUMBER, x);
    gj_db_error_param_num(db, "value", x);
    gj_db_error_param_num(db, "min", lo);
    return gj_db_error_param_num(db, "max", GJ_MAX_NUMBER);
}

static int normalize_int(gj_db *db, const gj_field *f, gj_value in, gj_value *out)
{
    if (in.type == GJ_VREAL && in.d == floor(in.d) && fabs(in.d) < 9e15) {
        *out = gj_vint((int64_t)in.d);
    } else if (in.type != GJ_VINT) {
        gj_db_fail_reason(db, GJ_INVALID, f->name, "not_an_integer", "%s must be an integer",
                          f->name);
        return param_value(db, in);
    }
    if ((f->flags & GJ_F_NONNEG) && out->i < 0) {
        gj_db_fail_reason(db, GJ_INVALID, f->name, "negative", "%s must not be negative, got %lld",
                          f->name, (long long)out->i);
        return param_value(db, *out);
    }
    if (f->type == GJ_FT_INT && check_magnitude(db, f, (double)out->i) != GJ_OK) return GJ_INVALID;
    if ((f->type == GJ_FT_REF || f->type == GJ_FT_ID) && out->i < 1) {
        gj_db_fail_reason(db, GJ_INVALID, f->name, "bad_id", "%s must be a positive id, got %lld",
                          f->name, (long long)out->i);
        return param_value(db, *out);
    }
    return GJ_OK;
}

/* Text longer than GJ_MAX_TEXT_BYTES is refused naming the field. */
static int check_length(gj_db *db, const char *field, const char *s)
{
    if (strlen(s) <= GJ_MAX_TEXT_BYTES) return GJ_OK;
    gj_db_fail_reason(db, GJ_INVALID, field, "too_long", "%s is longer than %d bytes", field,
                      GJ_MAX_TEXT_BYTES);
    return gj_db_error_param_num(db, "max", GJ_MAX_TEXT_BYTES);
}

static int normalize_text(gj_db *db, const gj_field *f, gj_value in, gj_value *out)
{
    const char *p;
    if (in.type != GJ_VTEXT) {
        /* a number sent to a text field is a caller's mix-up (a phone
         * number as 1.38e10 loses digits): refused, not converted */
        gj_db_fail_reason(db, GJ_INVALID, f->name, "wrong_type", "%s must be text", f->name);
        gj_db_error_param(db, "expected", "text");
        return param_value(db, in);
    }
    if (check_length(db, f->name, in.s) != GJ_OK) return GJ_INVALID;
    for (p = in.s; *p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'; p++) {}
    if (!*p) {
        *out = gj_vnull(); /* blank optional text is no value */
        return GJ_OK;
    }
    if ((f->flags & GJ_F_EMAIL) && !email_ok(in.s)) {
        gj_db_fail_reason(db, GJ_INVALID, f->name, "bad_email",
                          "%s must be an email address (name@example.com), got '%s'", f->name, in.s);
        return param_value(db, in);
    }
    return GJ_OK;
}

static int normalize_time(gj_db *db, const gj_field *f, gj_value in, gj_value *out)
{
    const gj_settings *s;
    int64_t t;
    if (in.type == GJ_VINT) return GJ_OK; /* internal callers pass epoch seconds */
    if (!(s = gj_settings_get(db))) return gj_db_errcode(db);
    if (in.type != GJ_VTEXT || gj_time_parse_local(in.s, (int)s->tz_offset_minutes, &t) != 0) {
        gj_db_fail_reason(db, GJ_INVALID, f->name, "bad_time",
                          "%s must be an ISO 8601 time such as 2024-05-01 or "
                          "2024-05-01T13:45:07+08:00, got '%s'",
                          f->name, in.type == GJ_VTEXT ? in.s : "a number");
        return param_value(db, in);
    }
    *out = gj_vint(t);
    return GJ_OK;
}

static int normalize_stage(gj_db *db, const gj_field *f, gj_value in)
{
    const gj_settings *s = gj_settings_get(db);
    char list[GJ_MAX_STAGES * (GJ_NAME_LEN + 2)] = "";
    int i;
    if (!s) return gj_db_errcode(db);
    if (in.type == GJ_VTEXT && gj_settings_stage_index(s, in.s) >= 0) return GJ_OK;
    for (i = 0; i < s->nstages; i++) {
        if (i) strncat(list, ", ", sizeof list - strlen(list) - 1);
        strncat(list, s->stage[i], sizeof list - strlen(list) - 1);
    }
    gj_db_fail_reason(db, GJ_INVALID, f->name, "not_a_stage",
                      "%s must be a pipeline stage (%s), got '%s'", f->name, list,
                      in.type == GJ_VTEXT ? in.s : "a non-text value");
    gj_db_error_param(db, "choices", list);
    return param_value(db, in);
}

/* Converts and checks one field value as given by a caller. */
int gj_field_normalize(gj_db *db, const gj_entity *e, int idx, gj_value in, gj_value *out)
{
    const gj_field *f = &e->fields[idx];
    *out = in;
    if (in.type == GJ_VNULL) return GJ_OK;
    switch (f->type) {
    case GJ_FT_ID: case GJ_FT_INT: case GJ_FT_REF:
        return normalize_int(db, f, in, out);
    case GJ_FT_REAL:
        if (in.type == GJ_VINT) *out = gj_vreal((double)in.i);
        else if (in.type != GJ_VREAL || !isfinite(in.d)) {
            gj_db_fail_reason(db, GJ_INVALID, f->name, "not_a_number", "%s must be a number", f->name);
            return param_value(db, in);
        }
        if ((f->flags & GJ_F_NONNEG) && out->d < 0) {
            gj_db_fail_reason(db, GJ_INVALID, f->name, "negative", "%s must not be negative, got %g",
                              f->name, out->d);
            return param_value(db, *out);
        }
        return check_magnitude(db, f, out->d);
    case GJ_FT_BOOL:
        if (in.type != GJ_VINT || (in.i != 0 && in.i != 1)) {
            gj_db_fail_reason(db, GJ_INVALID, f->name, "not_a_bool", "%s must be true or false",
                              f->name);
            return param_value(db, in);
        }
        return GJ_OK;
    case GJ_FT_TIME:
        return normalize_time(db, f, in, out);
    case GJ_FT_JSON:
        if (in.type != GJ_VTEXT)
            return gj_db_fail_reason(db, GJ_INVALID, f->name, "bad_json",
                                     "%s must be a JSON object", f->name);
        return check_length(db, f->name, in.s);
    case GJ_FT_ENUM: {
        char list[256];
        int i;
        if (in.type == GJ_VTEXT)
            for (i = 0; f->choices[i]; i++)
                if (strcmp(in.s, f->choices[i]) == 0) return GJ_OK;
        join_choices(f->choices, list, sizeof list);
        gj_db_fail_reason(db, GJ_INVALID, f->name, "not_in_choices", "%s must be one of %s, got '%s'",
                          f->name, list, in.type == GJ_VTEXT ? in.s : "a non-text value");
        gj_db_error_param(db, "choices", list);
        return param_value(db, in);
    }
    case GJ_FT_STAGE:
        return normalize_stage(db, f, in);
    case GJ_FT_TEXT:
        return normalize_text(db, f, in, out);
    }
    return GJ_OK;
}

