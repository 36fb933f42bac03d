/*
 * One data row: cells -> typed values, references (external keys, rep
 * names) -> ids, then gj_record_create, or gj_record_update when the row's
 * ext_id already exists (re-importing a file updates instead of
 * duplicating). Bad cells and rows the domain refuses become report
 * errors; the import goes on so the report lists every bad row.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "domain/timeutil.h"
#include "import_int.h"

static char *dup(const char *s) { return s ? gj_strdup(s) : NULL; }

int gj_import_add_error_r(gj_import *imp, int col, const char *field, const char *value,
                          const char *reason, const char *entity, const char *message)
{
    gj_import_error *e;
    imp->error_count++;
    imp->last_listed = 0;
    if (imp->nerrors >= imp->max_errors) return GJ_OK;
    e = gj_realloc(imp->errors, sizeof *e * (size_t)(imp->nerrors + 1));
    if (!e) return GJ_NOMEM;
    imp->errors = e;
    e += imp->nerrors++;
    imp->last_listed = 1;
    e->row = imp->rows;
    e->column = col >= 0 ? dup(imp->headers[col]) : NULL;
    e->field = dup(field);
    e->value = dup(value);
    e->reason = dup(reason);
    e->message = dup(message);
    e->nparams = 0;
    e->params = NULL;
    if ((col >= 0 && !e->column) || (field && !e->field) || (value && !e->value) || !e->reason ||
        !e->message)
        return GJ_NOMEM;
    return entity ? gj_import_error_param(imp, "entity", entity, 0) : GJ_OK;
}

int gj_import_error_param(gj_import *imp, const char *name, const char *value, int is_number)
{
    gj_import_error *e = &imp->errors[imp->nerrors - 1];
    gj_import_param *p;
    if (!imp->last_listed) return GJ_OK;
    p = gj_realloc(e->params, sizeof *p * (size_t)(e->nparams + 1));
    if (!p) return GJ_NOMEM;
    e->params = p;
    p += e->nparams;
    p->name = dup(name);
    p->value = dup(value);
    p->is_number = is_number;
    if (!p->name || !p->value) {
        free((char *)p->name);
        free((char *)p->value);
        return GJ_NOMEM;
    }
    e->nparams++;
    return GJ_OK;
}

int gj_import_add_error(gj_import *imp, int col, const char *field, const char *value,
                        const char *message)
{
    return gj_import_add_error_r(imp, col, field, value, "bad_value", NULL, message);
}

int gj_import_cell_error_r(gj_import *imp, int col, const char *field, const char *value,
                           const char *reason, const char *entity, const char *fmt,
                           const char *arg)
{
    char message[512];
    snprintf(message, sizeof message, fmt, arg);
    return gj_import_add_error_r(imp, col, field, value, reason, entity, message);
}

int gj_import_cell_error(gj_import *imp, int col, const char *field, const char *value,
                         const char *fmt, const char *arg)
{
    return gj_import_cell_error_r(imp, col, field, value, "bad_value", NULL, fmt, arg);
}

/* The handle's error (a write the domain refused) as a row error: its
 * reason, params and message. */
static int db_error(gj_import *imp, int col, const char *value)
{
    const char *field = gj_db_errfield(imp->db), *name, *v, *reason = gj_db_errreason(imp->db);
    int i, is_num, rc;
    rc = gj_import_add_error_r(imp, col, *field ? field : NULL, value, *reason ? reason : "refused",
                               NULL, gj_errmsg(imp->db));
    for (i = 0; rc == GJ_OK && gj_db_errparam(imp->db, i, &name, &v, &is_num); i++)
        if (strcmp(name, "field") != 0 && strcmp(name, "column") != 0)
            rc = gj_import_error_param(imp, name, v, is_num);
    /* the row's error is in the report now; left on the handle it would
     * fail the next row's lookups (gj_record_list returns the handle's code) */
    gj_db_clear_error(imp->db);
    return rc;
}

/* Converts cell s of column col into field f of rec. 1 = bad cell
 * (reported), 0 = ok, <0 = out of memory. */
static int convert(gj_import *imp, int col, int f, const char *s, gj_record *rec)
{
    const gj_field *fd = &imp->e->fields[f];
    double d;
    int b;
    int64_t t;
    gj_value v = gj_vtext(s);
    switch (fd->type) {
    case GJ_FT_INT: case GJ_FT_REF:
        if (gj_io_parse_number(s, &d) != 0 || d != floor(d) || fabs(d) > 9e15)
            return gj_import_cell_error_r(imp, col, fd->name, s, "not_an_integer", NULL,
                                          "'%s' is not a whole number", s) ? -1 : 1;
        v = gj_vint((int64_t)d);
        break;
    case GJ_FT_REAL:
        if (gj_io_parse_number(s, &d) != 0)
            return gj_import_cell_error_r(imp, col, fd->name, s, "not_a_number", NULL,
                                          "'%s' is not a number", s) ? -1 : 1;
        v = gj_vreal(d);
        break;
    case GJ_FT_BOOL:
        if (gj_io_parse_bool(s, &b) != 0)
            return gj_import_cell_error_r(imp, col, fd->name, s, "not_a_bool", NULL,
                                          "'%s' is not yes/no (true, false, 1, 0, 是, 否)", s) ? -1 : 1;
        v = gj_vint(b);
        break;
    case GJ_FT_TIME:
        if (gj_io_parse_time(s, imp->date_format, imp->tz_minutes, &t) != 0)
            return gj_import_cell_error_r(imp, col, fd->name, s, "bad_time", NULL,
                                          "'%s' is not a date (use YYYY-MM-DD, YYYY/MM/DD or "
                                          "M/D/YYYY, optionally with H:MM)", s) ? -1 : 1;
        v = gj_vint(t);
        break;
    case GJ_FT_ENUM: {
        const char *c = gj_io_enum_value(fd, s);
        if (c) v = gj_vtext(c); /* else the domain names the choices */
        break;
    }
    default:
        break;
    }
    rec->v[f] = v;
    rec->set[f] = 1;
    return 0;
}

/* Domain failure of a write: a row error naming the column, or fatal. */
int gj_import_refused(gj_import *imp, char **fields, int n, int rc)
{
    const char *field = gj_db_errfield(imp->db);
    int col = -1, i, f;
    if (rc != GJ_INVALID && rc != GJ_CONSTRAINT && rc != GJ_NOTFOUND) return rc;
    for (i = 0; i < imp->ncols && col < 0; i++) {
        gj_target *t = &imp->targets[i];
        if (t->kind == GJ_T_IGNORE) continue;
        if (strcmp(t->name, field) == 0) col = i;
        f = t->kind == GJ_T_FIELD || t->kind == GJ_T_REP ? t->field : -1;
        if (f >= 0 && strcmp(imp->e->fields[f].name, field) == 0) col = i;
        if (strcmp(field, "customer_id") == 0 &&
            (t->kind == GJ_T_CUSTOMER_EXT || t->kind == GJ_T_CUSTOMER_NAME)) col = i;
        if (strcmp(field, "deal_id") == 0 && t->kind == GJ_T_DEAL_EXT) col = i;
        if (strcmp(field, "ticket_id") == 0 && t->kind == GJ_T_TICKET_EXT) col = i;
    }
    rc = db_error(imp, col, col >= 0 && col < n ? fields[col] : NULL);
    if (rc != GJ_OK) return rc;
    return gj_import_reopen(imp); /* the domain rolled the transaction back */
}

/* A queued row (data row `row`) the database refused when its batch was
 * written: the error goes on that row; the values are no longer at hand. */
static int refused_queued(gj_import *imp, int64_t row, int rc)
{
    int64_t now = imp->rows;
    if (rc != GJ_INVALID && rc != GJ_CONSTRAINT && rc != GJ_NOTFOUND) return rc;
    imp->rows = row;
    rc = db_error(imp, -1, NULL);
    imp->rows = now;
    if (rc != GJ_OK) return rc;
    return gj_import_reopen(imp); /* the rows written so far go */
}

int gj_import_flush(gj_import *imp)
{
    int64_t failed = 0;
    int rc;
    if (gj_batch_count(imp->batch) == 0) return GJ_OK;
    rc = gj_batch_flush(imp->db, imp->batch, &failed);
    return rc == GJ_OK ? GJ_OK : refused_queued(imp, failed, rc);
}

/* Appends "key": value to the row's custom JSON by the definition's type. */
static int custom_cell(gj_import *imp, int col, const char *s, int *bad)
{
    const gj_custom_def *d = &imp->defs[imp->ctype[col]];
    gj_buf *b = &imp->custom;
    double num;
    int yes;
    int64_t t;
    char iso[32];
    gj_buf_add(b, b->len ? "," : "{", 1);
    gj_buf_json_str(b, d->key);
    gj_buf_add(b, ":", 1);
    if (strcmp(d->type, "number") == 0) {
        if (gj_io_parse_number(s, &num) != 0) goto bad_cell;
        gj_buf_addf(b, "%.17g", num);
    } else if (strcmp(d->type, "bool") == 0) {
        if (gj_io_parse_bool(s, &yes) != 0) goto bad_cell;
        gj_buf_adds(b, yes ? "true" : "false");
    } else if (strcmp(d->type, "date") == 0) {
        if (gj_io_parse_time(s, imp->date_format, imp->tz_minutes, &t) != 0) goto bad_cell;
        gj_buf_json_str(b, gj_time_format(t, iso));
    } else {
        gj_buf_json_str(b, s);
    }
    return b->oom ? GJ_NOMEM : GJ_OK;
bad_cell:
    *bad = 1;
    {
        char why[96];
        snprintf(why, sizeof why, "'%%s' is not a %s value", d->type);
        return gj_import_cell_error_r(imp, col, imp->targets[col].name, s,
                                      d->type[0] == 'n' ? "not_a_number"
                                      : d->type[0] == 'b' ? "not_a_bool" : "bad_time",
                                      NULL, why, s);
    }
}

/* The row repeats the ext_id of data row `first`: an error on this row
 * naming that one. GJ_OK or GJ_NOMEM. */
static int duplicate_row(gj_import *imp, const char *ext, int64_t first)
{
    char why[256], num[24];
    int rc;
    snprintf(why, sizeof why, "ext_id '%.120s' is also on row %lld: one record twice in the file "
             "(import with duplicates \"later\" to let the later row win)", ext, (long long)first);
    snprintf(num, sizeof num, "%lld", (long long)first);
    rc = gj_import_add_error_r(imp, imp->col_of[imp->ext_idx], "ext_id", ext, "duplicate_row",
                               NULL, why);
    return rc == GJ_OK ? gj_import_error_param(imp, "first_row", num, 1) : rc;
}

/* Cells holding a NUL byte (no field takes one, and C text would end
 * there): an error on each, naming its column. 1 when there were any,
 * 0 when none, -1 out of memory. */
static int nul_cells(gj_import *imp, int n, char **fields, const size_t *lens)
{
    int i, any = 0;
    for (i = 0; i < n; i++) {
        const gj_target *t = i < imp->ncols ? &imp->targets[i] : NULL;
        gj_buf shown;
        int rc;
        if (!memchr(fields[i], 0, lens[i])) continue;
        if (!any++) imp->data_rows++;
        gj_buf_init(&shown);
        gj_io_show_cell(&shown, fields[i], lens[i]);
        rc = shown.oom ? GJ_NOMEM
                       : gj_import_add_error_r(imp, t ? i : -1,
                                               t && t->kind != GJ_T_IGNORE ? t->name : NULL,
                                               gj_buf_str(&shown), "nul_byte", NULL,
                                               "the cell holds a NUL byte, which no field takes");
        gj_buf_free(&shown);
        if (rc != GJ_OK) return -1;
    }
    return any > 0;
}

/* Past GJ_IMPORT_KEYS_MAX ext_ids the file's keys are no longer all in
 * memory; record `id` (found by its ext_id) was already written by this
 * file when this import created it (ids above id0) or updated it (a bit
 * per id up to id0, kept from then on). *known set then. */
static int earlier_in_file(gj_import *imp, int64_t id, int *known)
{
    if (gj_strmap_count(imp->file_ext) < imp->keys_max) return GJ_OK; /* the map knows */
    if (!imp->updated_ids && !(imp->updated_ids = gj_calloc((size_t)(imp->id0 / 8 + 1), 1))) return GJ_NOMEM;
    *known = id > imp->id0 || (imp->updated_ids[id / 8] >> (id % 8) & 1);
    return GJ_OK;
}

/* The row repeats an ext_id of an earlier row the importer no longer
 * remembers by number. GJ_OK or GJ_NOMEM. */
static int duplicate_unknown(gj_import *imp, const char *ext)
{
    char why[256];
    snprintf(why, sizeof why, "ext_id '%.120s' is also on an earlier row: one record twice in the "
             "file (import with duplicates \"later\" to let the later row win)", ext);
    return gj_import_add_error_r(imp, imp->col_of[imp->ext_idx], "ext_id", ext, "duplicate_in_file",
                                 NULL, why);
}

int gj_import_row(gj_import *imp, int n, char **fields, const size_t *lens)
{
    gj_record rec;
    int i, bad = 0, blank = 1, again = 0, rc = GJ_OK, cf = gj_entity_field(imp->e, "custom");
    int64_t id = 0;
    if ((rc = nul_cells(imp, n, fields, lens)) != 0) return rc < 0 ? GJ_NOMEM : GJ_OK;
    for (i = 0; i < n; i++) {
        char *s = fields[i], *e;
        while (*s == ' ' || *s == '\t') s++;
        for (e = s + strlen(s); e > s && (e[-1] == ' ' || e[-1] == '\t'); e--) {}
        *e = 0;
        /* a cell an exporter guarded against formulas: '=... -> =... */
        if (s[0] == '\'' && s[1] && strchr("=+-@\t\r", s[1])) s++;
        fields[i] = s;
        if (*s) blank = 0;
    }
    if (blank) return GJ_OK; /* spreadsheets end with empty rows */
    imp->data_rows++;
    gj_record_init(&rec);
    imp->custom.len = 0;
    for (i = 0; i < imp->ncols && i < n && rc == GJ_OK; i++) {
        const gj_target *t = &imp->targets[i];
        const char *s = fields[i];
        if (!*s) continue;
        switch (t->kind) {
        case GJ_T_FIELD:
            rc = convert(imp, i, t->field, s, &rec);
            if (rc > 0) bad = 1;
            rc = rc < 0 ? GJ_NOMEM : GJ_OK;
            if (rc == GJ_OK && rec.set[t->field] && imp->e->fields[t->field].type == GJ_FT_REF)
                rc = gj_import_ref_exists(imp, i, t->field, &rec, &bad);
            break;
        case GJ_T_REP: rc = gj_import_rep(imp, i, t->field, s, &rec, &bad); break;
        case GJ_T_DEAL_EXT: rc = gj_import_ext_ref(imp, i, "d:", "deals", "deal_id", s, &rec, &bad); break;
        case GJ_T_TICKET_EXT: rc = gj_import_ext_ref(imp, i, "t:", "tickets", "ticket_id", s, &rec, &bad); break;
        case GJ_T_CUSTOM: rc = custom_cell(imp, i, s, &bad); break;
        default: break; /* customer columns below; ignored columns */
        }
    }
    if (rc != GJ_OK) return rc;
    if (bad) return GJ_OK; /* customers are not created for a row that fails anyway */
    if (gj_entity_field(imp->e, "customer_id") >= 0 &&
        (rc = gj_import_customer(imp, fields, n, &rec, &bad)) != GJ_OK)
        return rc;
    if (bad) return GJ_OK;
    if (imp->custom.len) {
        gj_buf_add(&imp->custom, "}", 1);
        if (imp->custom.oom) return GJ_NOMEM;
        if (rec.set[cf]) /* both a "custom" JSON column and custom.* columns: the JSON wins */
            return gj_import_add_error_r(imp, imp->col_of[cf], "custom", fields[imp->col_of[cf]],
                                         "custom_twice", NULL,
                                         "give custom values either as a JSON column or as "
                                         "separate columns, not both");
        rec.v[cf] = gj_vtext(imp->custom.p);
        rec.set[cf] = 1;
    }
    if (imp->ext_idx >= 0 && rec.set[imp->ext_idx]) {
        const char *ext = rec.v[imp->ext_idx].s;
        int64_t first = 0;
        int known = 0, seen = 1;
        if (gj_strmap_get(imp->file_ext, ext, &first)) {
            if (!imp->duplicates_later) return duplicate_row(imp, ext, first);
            again = known = 1; /* the later row wins: an update of the same record */
        } else if (gj_strmap_count(imp->file_ext) < imp->keys_max &&
                   (rc = gj_strmap_put(imp->file_ext, ext, imp->rows)) != GJ_OK) {
            return rc;
        }
        if (imp->ext_seen && gj_hset_count(imp->ext_seen) < imp->keys_max)
            seen = gj_hset_add(imp->ext_seen, gj_hash64(ext));
        if (seen < 0) return GJ_NOMEM;
        /* seen (or a hash collision, or past the keys kept in memory): ask
         * the database, which must hold the queued rows first */
        if (seen) {
            int64_t errors = imp->error_count;
            if ((rc = gj_import_flush(imp)) != GJ_OK) return rc;
            if (imp->error_count != errors) return GJ_OK; /* a queued row failed: rolled back */
            if ((rc = gj_record_find_ext(imp->db, imp->e, ext, &id)) != GJ_OK) return rc;
        }
        if (id && !known && (rc = earlier_in_file(imp, id, &known)) != GJ_OK) return rc;
        if (known && !again) {
            if (!imp->duplicates_later) return duplicate_unknown(imp, ext);
            again = 1;
        }
    }
    if (id) {
        rec.set[imp->ext_idx] = 0;
        if (imp->updated_ids && id <= imp->id0) imp->updated_ids[id / 8] |= (unsigned char)(1u << (id % 8));
        rc = gj_record_update(imp->db, imp->e, id, &rec);
        if (rc == GJ_OK && !again) imp->updated++; /* a record twice in the file counts once */
    } else {
        /* references were resolved above and the ext_id looked up */
        unsigned flags = GJ_CREATE_REFS_OK | GJ_CREATE_EXT_NEW;
        int64_t failed = imp->rows;
        rc = imp->batch ? gj_batch_add(imp->db, imp->batch, &rec, flags, imp->rows, &failed)
                        : gj_record_create_ex(imp->db, imp->e, &rec, &id, flags);
        if (rc == GJ_OK) imp->created++;
        else if (failed != imp->rows) { /* a queued row, refused when its batch was written */
            gj_db_arena_reset(imp->db);
            return refused_queued(imp, failed, rc);
        }
    }
    /* Strings the domain put in the handle's arena (an update's old row)
     * are dead now: without this a long import would keep them all. */
    gj_db_arena_reset(imp->db);
    return rc == GJ_OK ? GJ_OK : gj_import_refused(imp, fields, n, rc);
}
