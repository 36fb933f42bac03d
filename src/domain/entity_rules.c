/*
 * Rules that involve more than one field: derived defaults (closing a deal
 * stamps closed_at, a ticket with a resolution time is resolved) and
 * orderings (a reply cannot precede its ticket). Each names the field the
 * user has to fix.
 */
#include <stdio.h>
#include <string.h>

#include "entity_rules.h"
#include "timeutil.h"

/* The value of field `name` (null when the entity lacks it or it is unset). */
static gj_value *fv(const gj_entity *e, gj_record *rec, const char *name, int *idx)
{
    static gj_value none;
    int i = gj_entity_field(e, name);
    if (idx) *idx = i;
    none = gj_vnull();
    return i < 0 ? &none : &rec->v[i];
}

static void put(const gj_entity *e, gj_record *rec, const char *name, gj_value v)
{
    int i = gj_entity_field(e, name);
    rec->v[i] = v;
    rec->set[i] = 1;
}

static int is_text(const gj_value *v, const char *s)
{
    return v->type == GJ_VTEXT && strcmp(v->s, s) == 0;
}

/* `later` must not precede `earlier` (both epoch seconds or null). */
static int not_before(gj_db *db, const gj_value *later, const char *later_name,
                      const gj_value *earlier, const char *earlier_name)
{
    char a[32], b[32];
    if (later->type != GJ_VINT || earlier->type != GJ_VINT || later->i >= earlier->i)
        return GJ_OK;
    gj_db_fail_reason(db, GJ_INVALID, later_name, "time_order", "%s (%s) must not be before %s (%s)",
                      later_name, gj_time_format(later->i, a), earlier_name,
                      gj_time_format(earlier->i, b));
    gj_db_error_param(db, "value", a);
    gj_db_error_param(db, "other", earlier_name);
    return gj_db_error_param(db, "other_value", b);
}

/*
 * Custom field values: a JSON object whose keys are defined for the entity
 * and whose values fit the definition's type. Uses SQLite's JSON functions
 * through the store so the domain needs no JSON parser of its own.
 */
typedef struct {
    gj_db *db;
    const char *entity;
    int rc;
} custom_ctx;

static int custom_row(void *ctx, int n, const gj_value *v, const char *const *names)
{
    custom_ctx *c = ctx;
    /* key, json type, value-as-text, def type (null = undefined), in_options,
     * the options as "a, b" */
    const char *key = v[0].s, *jt = v[1].s, *def = v[3].type == GJ_VTEXT ? v[3].s : NULL;
    const char *reason = "wrong_type";
    /* any key a caller sends, not only defined ones: the error names it whole */
    char *field = gj_db_concat(c->db, "custom.", key);
    int ok = 1;
    (void)n; (void)names;
    if (!field) {
        c->rc = gj_db_fail(c->db, GJ_NOMEM, NULL, "out of memory");
        return 1;
    }
    if (!def) {
        c->rc = gj_db_fail_reason(c->db, GJ_INVALID, field, "unknown_field",
                                  "%s: no custom field '%s' is defined for %s", field, key, c->entity);
        gj_db_error_param(c->db, "entity", c->entity);
        return 1;
    }
    if (strcmp(jt, "null") == 0) return 0;
    if (strcmp(def, "text") == 0) ok = strcmp(jt, "text") == 0;
    else if (strcmp(def, "number") == 0) {
        ok = strcmp(jt, "integer") == 0 || strcmp(jt, "real") == 0;
        reason = "not_a_number";
    } else if (strcmp(def, "bool") == 0) {
        ok = strcmp(jt, "true") == 0 || strcmp(jt, "false") == 0;
        reason = "not_a_bool";
    } else if (strcmp(def, "date") == 0) {
        int64_t t; /* only the form matters here: the value is kept as sent */
        ok = strcmp(jt, "text") == 0 && gj_time_parse(v[2].s, &t) == 0;
        reason = "bad_time";
    } else if (strcmp(def, "select") == 0) {
        ok = strcmp(jt, "text") == 0 && v[4].type == GJ_VINT && v[4].i;
        reason = "not_in_choices";
    }
    if (!ok) {
        c->rc = gj_db_fail_reason(c->db, GJ_INVALID, field, reason, "%s must be a %s value%s", field,
                                  def, strcmp(def, "select") == 0 ? " from its options" : "");
        if (strcmp(reason, "wrong_type") == 0) gj_db_error_param(c->db, "expected", def);
        if (strcmp(reason, "not_in_choices") == 0 && v[5].type == GJ_VTEXT)
            gj_db_error_param(c->db, "choices", v[5].s);
        if (v[2].type == GJ_VTEXT) gj_db_error_param(c->db, "value", v[2].s);
        return 1;
    }
    return 0;
}

static int check_custom(gj_db *db, const gj_entity *e, gj_record *rec, int creating)
{
    int idx;
    gj_value *custom = fv(e, rec, "custom", &idx);
    gj_value p[2];
    custom_ctx c;
    int64_t n = 0;
    int rc;
    if (idx < 0) return GJ_OK;
    if (custom->type == GJ_VTEXT && rec->set[idx]) {
        p[0] = *custom;
        rc = gj_store_int(gj_db_store(db), "SELECT json_valid(?1) AND json_type(?1) = 'object'",
                          p, 1, &n);
        if (rc != GJ_OK) return gj_db_fail_store(db, rc);
        if (!n)
            return gj_db_fail_reason(db, GJ_INVALID, "custom", "bad_json",
                                     "custom must be a JSON object");
        p[1] = gj_vtext(e->name);
        c.db = db; c.entity = e->name; c.rc = GJ_OK;
        rc = gj_store_run(gj_db_store(db),
            "SELECT j.key, j.type, CAST(j.atom AS TEXT), cf.type,"
            " (SELECT count(*) FROM json_each(cf.options) o WHERE o.value = j.atom),"
            " (SELECT group_concat(o.value, ', ') FROM json_each(cf.options) o)"
            " FROM json_each(?1) j LEFT JOIN customfields cf ON cf.entity = ?2 AND cf.key = j.key",
            p, 2, custom_row, &c, NULL, NULL);
        if (rc != GJ_OK) return gj_db_fail_store(db, rc);
        if (c.rc != GJ_OK) return c.rc;
    }
    if (creating || rec->set[idx]) {
        char missing[GJ_CUSTOM_KEY_MAX + 8] = "";
        p[0] = custom->type == GJ_VTEXT ? *custom : gj_vtext("{}");
        p[1] = gj_vtext(e->name);
        n = 0;
        rc = gj_store_int(gj_db_store(db),
            "SELECT id FROM customfields WHERE entity = ?2 AND required = 1"
            " AND coalesce(json_type(?1, '$.\"' || key || '\"'), 'null') = 'null'"
            " ORDER BY id LIMIT 1", p, 2, &n);
        if (rc != GJ_OK) return gj_db_fail_store(db, rc);
        if (n) {
            gj_record def;
            const gj_entity *cf = gj_entity_find("customfields");
            if ((rc = gj_record_get(db, cf, n, &def)) != GJ_OK) return rc;
            snprintf(missing, sizeof missing, "custom.%s", def.v[gj_entity_field(cf, "key")].s);
            return gj_db_fail_reason(db, GJ_INVALID, missing, "required", "%s is required", missing);
        }
    }
    return GJ_OK;
}

int gj_check_customer(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old)
{
    return check_custom(db, e, rec, old == NULL);
}

int gj_check_deal(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old)
{
    int si, sti, ci;
    gj_value *stage = fv(e, rec, "stage", &si);
    gj_value *status = fv(e, rec, "status", &sti);
    gj_value *closed = fv(e, rec, "closed_at", &ci);
    int rc;
    if (stage->type == GJ_VNULL) {
        const gj_settings *s = gj_settings_get(db);
        if (!s) return gj_db_errcode(db);
        if (old) return gj_db_fail_reason(db, GJ_INVALID, "stage", "required", "stage cannot be empty");
        put(e, rec, "stage", gj_vtext(s->stage[0])); /* new deals start at the first stage */
    }
    if (status->type == GJ_VNULL) put(e, rec, "status", gj_vtext("open"));
    if (is_text(status, "open")) {
        if (closed->type != GJ_VNULL) {
            if (rec->set[sti] && old) {
                put(e, rec, "closed_at", gj_vnull()); /* reopening clears the close */
            } else {
                return gj_db_fail_reason(db, GJ_INVALID, "closed_at", "closed_while_open",
                                         "closed_at must be empty while the deal is open "
                                         "(set status to won or lost)");
            }
        }
    } else if (closed->type == GJ_VNULL) {
        put(e, rec, "closed_at", gj_vint(gj_db_now(db)));
    }
    rc = not_before(db, closed, "closed_at", fv(e, rec, "created_at", NULL), "created_at");
    if (rc != GJ_OK) return rc;
    return check_custom(db, e, rec, old == NULL);
}

/* Stage history: a row each time a deal enters a stage. */
int gj_after_deal(gj_db *db, const gj_entity *e, int64_t id, const gj_record *rec,
                  const gj_record *old)
{
    int si = gj_entity_field(e, "stage"), oi = gj_entity_field(e, "owner_id"), rc;
    gj_value p[5];
    int64_t stage_id;
    if (old && !rec->set[si]) return GJ_OK;
    if ((rc = gj_store_new_ids(gj_db_store(db), 1, &stage_id)) != GJ_OK)
        return gj_db_fail_store(db, rc);
    p[4] = stage_id ? gj_vint(stage_id) : gj_vnull(); /* NULL: SQLite picks it */
    p[0] = gj_vint(id);
    p[1] = rec->v[si];
    p[2] = old ? gj_vint(gj_db_now(db)) : rec->v[gj_entity_field(e, "created_at")];
    p[3] = rec->v[oi];
    rc = gj_store_run(gj_db_store(db),
                      "INSERT INTO deal_stages (id, deal_id, stage, entered_at, rep_id)"
                      " VALUES (?5, ?1, ?2, ?3, ?4)", p, 5, NULL, NULL, NULL, NULL);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

int gj_check_followup(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old)
{
    (void)old;
    return not_before(db, fv(e, rec, "next_due_at", NULL), "next_due_at", fv(e, rec, "at", NULL), "at");
}

int gj_check_ticket(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old)
{
    int sti, ri, rc;
    gj_value *status = fv(e, rec, "status", &sti);
    gj_value *resolved = fv(e, rec, "resolved_at", &ri);
    gj_value *created = fv(e, rec, "created_at", NULL);
    int closing = is_text(status, "resolved") || is_text(status, "closed");
    if (!rec->set[sti] && rec->set[ri] && resolved->type == GJ_VINT && !closing) {
        put(e, rec, "status", gj_vtext("resolved")); /* a resolution time resolves it */
    } else if (rec->set[sti] && closing && resolved->type == GJ_VNULL) {
        put(e, rec, "resolved_at", gj_vint(gj_db_now(db)));
    } else if (old && rec->set[sti] && !closing && resolved->type != GJ_VNULL) {
        put(e, rec, "resolved_at", gj_vnull()); /* reopened */
    }
    rc = not_before(db, fv(e, rec, "first_response_at", NULL), "first_response_at", created,
                    "created_at");
    if (rc == GJ_OK) rc = not_before(db, resolved, "resolved_at", created, "created_at");
    return rc;
}

static int out_of_range(gj_db *db, const char *field, int64_t v, int lo, int hi, const char *kind)
{
    gj_db_fail_reason(db, GJ_INVALID, field, "out_of_range",
                      "%s must be %d-%d for a%s %s survey, got %lld", field, lo, hi,
                      kind[0] == 'n' ? "n" : "", kind[0] == 'n' ? "NPS" : "CSAT", (long long)v);
    gj_db_error_param_num(db, "value", (double)v);
    gj_db_error_param_num(db, "min", lo);
    return gj_db_error_param_num(db, "max", hi);
}

int gj_check_survey(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old)
{
    gj_value *kind = fv(e, rec, "kind", NULL), *score = fv(e, rec, "score", NULL);
    (void)old;
    if (score->type != GJ_VINT || kind->type != GJ_VTEXT) return GJ_OK; /* required check */
    if (is_text(kind, "csat") && (score->i < 1 || score->i > 5))
        return out_of_range(db, "score", score->i, 1, 5, "csat");
    if (is_text(kind, "nps") && (score->i < 0 || score->i > 10))
        return out_of_range(db, "score", score->i, 0, 10, "nps");
    return GJ_OK;
}

int gj_check_customfield(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old)
{
    gj_value *key = fv(e, rec, "key", NULL), *type = fv(e, rec, "type", NULL);
    gj_value *options = fv(e, rec, "options", NULL), *entity = fv(e, rec, "entity", NULL);
    gj_value p;
    int64_t n = 0;
    const char *s;
    int rc;
    if (key->type == GJ_VTEXT) {
        /* longer keys are refused here, once, so no later copy of a key
         * (a filter path, an error's field) can cut two keys to one */
        if (strlen(key->s) > GJ_CUSTOM_KEY_MAX) {
            gj_db_fail_reason(db, GJ_INVALID, "key", "too_long", "key is longer than %d bytes",
                              GJ_CUSTOM_KEY_MAX);
            gj_db_error_param_num(db, "max", GJ_CUSTOM_KEY_MAX);
            return gj_db_error_param(db, "value", key->s);
        }
        for (s = key->s; *s; s++)
            if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_')) {
                gj_db_fail_reason(db, GJ_INVALID, "key", "bad_key",
                                  "key may contain only a-z, 0-9 and _, got '%s'", key->s);
                return gj_db_error_param(db, "value", key->s);
            }
    }
    if (!old && entity->type == GJ_VTEXT) {
        p = *entity;
        rc = gj_store_int(gj_db_store(db), "SELECT count(*) FROM customfields WHERE entity = ?1",
                          &p, 1, &n);
        if (rc != GJ_OK) return gj_db_fail_store(db, rc);
        if (n >= GJ_MAX_CUSTOM_FIELDS) {
            gj_db_fail_reason(db, GJ_INVALID, "entity", "too_many",
                              "%s already have %d custom fields, the most there can be", entity->s,
                              GJ_MAX_CUSTOM_FIELDS);
            return gj_db_error_param_num(db, "limit", GJ_MAX_CUSTOM_FIELDS);
        }
    }
    if (is_text(type, "select")) {
        if (options->type != GJ_VTEXT)
            return gj_db_fail_reason(db, GJ_INVALID, "options", "required",
                                     "a select field needs options");
        p = *options;
        rc = gj_store_int(gj_db_store(db),
            "SELECT json_valid(?1) AND json_type(?1) = 'array' AND json_array_length(?1) > 0"
            " AND NOT EXISTS (SELECT 1 FROM json_each(?1) WHERE type <> 'text')", &p, 1, &n);
        if (rc != GJ_OK) return gj_db_fail_store(db, rc);
        if (!n)
            return gj_db_fail_reason(db, GJ_INVALID, "options", "bad_options",
                                     "options must be a non-empty JSON array of strings");
    }
    return GJ_OK;
}
