/*
 * The header row of an import: which column fills which target (the map
 * option, then names and aliases, then custom fields by key or label, or
 * new text custom fields with the custom_fields option), and a check that
 * every required field has a column before any row is read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

static void trim(char *s)
{
    size_t n = strlen(s), k = 0;
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t')) s[--n] = 0;
    while (s[k] == ' ' || s[k] == '\t') k++;
    if (k) memmove(s, s + k, n - k + 1);
}

static int def_row(void *ctx, const gj_entity *e, const gj_value *v)
{
    gj_import *imp = ctx;
    gj_custom_def *d;
    int k = gj_entity_field(e, "key"), t = gj_entity_field(e, "type");
    int l = gj_entity_field(e, "label");
    d = gj_realloc(imp->defs, sizeof *d * (size_t)(imp->ndefs + 1));
    if (!d) return 1;
    imp->defs = d;
    d += imp->ndefs++;
    snprintf(d->key, sizeof d->key, "%s", v[k].s);
    snprintf(d->type, sizeof d->type, "%s", v[t].s);
    snprintf(d->label, sizeof d->label, "%s", v[l].s);
    return 0;
}

/* The custom field definitions of the entity (key and label lookups). */
int gj_import_load_defs(gj_import *imp)
{
    const gj_entity *cf = gj_entity_find("customfields");
    gj_list_query q;
    int rc;
    if (gj_entity_field(imp->e, "custom") < 0) return GJ_OK;
    gj_list_query_init(&q);
    rc = gj_list_query_filter(imp->db, cf, &q, "entity", GJ_OP_EQ, gj_vtext(imp->e->name));
    if (rc == GJ_OK) rc = gj_record_list(imp->db, cf, &q, def_row, imp, NULL);
    return rc;
}

int gj_import_find_def(const gj_import *imp, const char *key)
{
    int i;
    for (i = 0; i < imp->ndefs; i++)
        if (strcmp(imp->defs[i].key, key) == 0) return i;
    return -1;
}

/* A definition whose label is `label`, or -1. */
static int find_label(gj_import *imp, const char *label)
{
    int i;
    for (i = 0; i < imp->ndefs; i++)
        if (strcmp(imp->defs[i].label, label) == 0) return i;
    return -1;
}

/* Makes a text custom field for an unmapped column (custom_fields option). */
static int make_def(gj_import *imp, int col, const char *header)
{
    const gj_entity *cf = gj_entity_find("customfields");
    gj_record rec;
    char key[GJ_NAME_LEN];
    size_t n = 0;
    const char *s;
    int64_t id;
    int rc, i;
    char **keys;
    for (s = header; *s && n + 1 < 40; s++) {
        char c = *s >= 'A' && *s <= 'Z' ? (char)(*s + 32) : *s;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) key[n++] = c;
        else if (n > 0 && key[n - 1] != '_') key[n++] = '_';
    }
    while (n > 0 && key[n - 1] == '_') n--;
    key[n] = 0;
    if (n == 0) snprintf(key, sizeof key, "col_%d", col + 1); /* Chinese headers: label keeps the name */
    for (i = 2; gj_import_find_def(imp, key) >= 0; i++) {
        char base[48];
        snprintf(base, sizeof base, "%.40s", key);
        snprintf(key, sizeof key, "%s_%d", base, i);
    }
    gj_record_init(&rec);
#define SETF(name, val) do { int f_ = gj_entity_field(cf, name); rec.v[f_] = val; rec.set[f_] = 1; } while (0)
    SETF("entity", gj_vtext(imp->e->name));
    SETF("key", gj_vtext(key));
    SETF("label", gj_vtext(header));
    SETF("type", gj_vtext("text"));
#undef SETF
    if ((rc = gj_record_create(imp->db, cf, &rec, &id)) != GJ_OK) return rc;
    if ((rc = def_row(imp, cf, rec.v)) != 0) return GJ_NOMEM;
    keys = gj_realloc(imp->created_defs, sizeof *keys * (size_t)(imp->ncreated_defs + 1));
    if (!keys) return GJ_NOMEM;
    imp->created_defs = keys;
    if (!(keys[imp->ncreated_defs] = gj_strdup(key))) return GJ_NOMEM;
    imp->ncreated_defs++;
    return GJ_OK;
}

static int target_used(gj_import *imp, int upto, const char *name)
{
    int i;
    for (i = 0; i < upto; i++)
        if (imp->targets[i].kind != GJ_T_IGNORE && strcmp(imp->targets[i].name, name) == 0)
            return 1;
    return 0;
}

/* Some map entry sends a column to target `name`: a header that merely
 * looks like it must leave the target to that column. */
static int mapped(gj_import *imp, const char *name)
{
    gj_target t, want;
    int k;
    if (gj_target_parse(imp->e, name, &want) != 0) return 0;
    for (k = 0; k < imp->nmap; k++)
        if (gj_target_parse(imp->e, imp->map_to[k], &t) == 0 && t.kind != GJ_T_IGNORE &&
            strcmp(t.name, want.name) == 0)
            return 1;
    return 0;
}

/* A required field has a column: customer_id also through ext id or name. */
static int check_required(gj_import *imp)
{
    int f;
    char msg[256];
    for (f = 1; f < imp->e->nfields; f++) {
        const char *name = imp->e->fields[f].name;
        if (!(imp->e->fields[f].flags & GJ_F_REQUIRED) || imp->col_of[f] >= 0) continue;
        if (strcmp(name, "customer_id") == 0 &&
            (imp->col_customer_ext >= 0 || imp->col_customer_name >= 0))
            continue;
        snprintf(msg, sizeof msg, "no column gives %s%s (map one with \"map\": {\"header\": \"%s\"})",
                 name, strcmp(name, "customer_id") == 0 ? ", customer_ext_id or customer_name" : "",
                 strcmp(name, "customer_id") == 0 ? "customer_ext_id" : name);
        return gj_import_fatal(imp, GJ_INVALID, name, msg);
    }
    return GJ_OK;
}

/* A header cell holding a NUL byte: the file is refused naming the column
 * (a header names a column; it cannot be reported on a row). */
static int header_nul(gj_import *imp, int n, char **fields, const size_t *lens)
{
    int i, rc;
    for (i = 0; i < n; i++)
        if (memchr(fields[i], 0, lens[i])) {
            rc = gj_import_fatal_r(imp, GJ_INVALID, NULL, "nul_byte", "column %d of the header row "
                                   "holds a NUL byte (the file may not be CSV text)", i + 1);
            gj_db_error_param_num(imp->db, "row", 0);
            gj_db_error_param_num(imp->db, "column", i + 1);
            return rc;
        }
    return n > 0 ? GJ_OK : gj_import_fatal(imp, GJ_INVALID, NULL, "the header row is empty");
}

int gj_import_header(gj_import *imp, int n, char **fields, const size_t *lens)
{
    int i, k, rc;
    char msg[512];
    if ((rc = header_nul(imp, n, fields, lens)) != GJ_OK) return rc;
    imp->ncols = n;
    imp->headers = gj_calloc((size_t)n, sizeof *imp->headers);
    imp->targets = gj_calloc((size_t)n, sizeof *imp->targets);
    imp->ctype = gj_calloc((size_t)n, sizeof *imp->ctype);
    if (!imp->headers || !imp->targets || !imp->ctype) {
        imp->ncols = 0; /* the report lists the columns read so far: none */
        return gj_import_fatal(imp, GJ_NOMEM, NULL, "out of memory");
    }
    for (i = 0; i < n; i++) {
        trim(fields[i]);
        if (!(imp->headers[i] = gj_strdup(fields[i]))) {
            imp->ncols = i;
            return gj_import_fatal(imp, GJ_NOMEM, NULL, "out of memory");
        }
        imp->ctype[i] = -1;
    }
    for (i = 0; i < n; i++) {
        const char *name = NULL;
        gj_target *t = &imp->targets[i];
        for (k = 0; k < imp->nmap; k++)
            if (strcmp(imp->map_from[k], fields[i]) == 0) { name = imp->map_to[k]; break; }
        if (k < imp->nmap) {
            gj_target_parse(imp->e, name, t); /* checked in begin */
            if (t->kind != GJ_T_IGNORE && target_used(imp, i, t->name)) {
                snprintf(msg, sizeof msg, "two columns are mapped to %s", t->name);
                return gj_import_fatal(imp, GJ_INVALID, "map", msg);
            }
        } else if ((name = gj_header_suggest(imp->e, fields[i])) != NULL &&
                   !target_used(imp, i, name) && !mapped(imp, name)) {
            gj_target_parse(imp->e, name, t);
        } else if (fields[i][0] && gj_entity_field(imp->e, "custom") >= 0) {
            int d = gj_import_find_def(imp, fields[i]);
            if (d < 0) d = find_label(imp, fields[i]);
            if (d < 0 && imp->custom_fields) {
                if ((rc = make_def(imp, i, fields[i])) != GJ_OK) {
                    snprintf(msg, sizeof msg, "cannot make a custom field for column '%s': %s",
                             fields[i], gj_errmsg(imp->db));
                    return gj_import_fatal(imp, rc, NULL, msg);
                }
                d = imp->ndefs - 1;
            }
            if (d >= 0) {
                char tn[GJ_NAME_LEN + 8];
                snprintf(tn, sizeof tn, "custom.%s", imp->defs[d].key);
                if (!target_used(imp, i, tn)) {
                    gj_target_parse(imp->e, tn, t);
                    imp->ctype[i] = d;
                }
            }
        }
        if (t->kind == GJ_T_CUSTOM && imp->ctype[i] < 0) {
            imp->ctype[i] = gj_import_find_def(imp, t->name + 7);
            if (imp->ctype[i] < 0) {
                snprintf(msg, sizeof msg, "%s: no custom field '%s' is defined for %s", t->name,
                         t->name + 7, imp->e->name);
                return gj_import_fatal(imp, GJ_INVALID, "map", msg);
            }
        }
        switch (t->kind) {
        case GJ_T_FIELD: case GJ_T_REP: imp->col_of[t->field] = i; break;
        case GJ_T_CUSTOMER_EXT: imp->col_customer_ext = i; break;
        case GJ_T_CUSTOMER_NAME: imp->col_customer_name = i; break;
        case GJ_T_DEAL_EXT: imp->col_deal_ext = i; break;
        case GJ_T_TICKET_EXT: imp->col_ticket_ext = i; break;
        default: break;
        }
    }
    for (k = 0; k < imp->nmap; k++) {
        for (i = 0; i < n && strcmp(imp->map_from[k], imp->headers[i]) != 0; i++) {}
        if (i == n) {
            snprintf(msg, sizeof msg, "map names column '%s', which the file does not have",
                     imp->map_from[k]);
            return gj_import_fatal(imp, GJ_INVALID, "map", msg);
        }
    }
    return check_required(imp);
}

