/*
 * The streaming importer (gj_import_* in genjin.h). Bytes go through the
 * decoder (to UTF-8) into the CSV parser; the first record is the header,
 * every later one a row written with gj_record_create/update inside one
 * transaction opened by begin. finish commits only when no row was bad
 * (and not a dry run): all or nothing. Per-row audit is off; the commit
 * writes one summary "bulk" audit entry.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import_int.h"

void gj_import_options_init(gj_import_options *o)
{
    memset(o, 0, sizeof *o);
    o->max_errors = 100;
}

static char *dup(const char *s)
{
    return s ? gj_strdup(s) : NULL;
}

/* Makes the audit session say `audit`, even after a rollback reverted the
 * session row behind the handle's back. */
static int session(gj_import *imp, int audit)
{
    int rc = gj_db_set_actor(imp->db, imp->actor, !audit);
    if (rc == GJ_OK) rc = gj_db_set_actor(imp->db, imp->actor, audit);
    return rc;
}

int gj_import_reopen(gj_import *imp)
{
    int rc;
    gj_db_rollback(imp->db); /* the import's level (a failed row undid only its own) */
    imp->in_txn = 0;
    gj_strmap_clear(imp->cache); /* ids made since begin are gone */
    gj_batch_clear(imp->batch);  /* and so are the queued rows */
    gj_index_set_free(imp->indexes); /* and the dropped indexes are back */
    imp->indexes = NULL;
    if ((rc = gj_db_begin(imp->db)) != GJ_OK) return rc;
    imp->in_txn = 1;
    return session(imp, 0);
}

int gj_import_fatal(gj_import *imp, int code, const char *field, const char *msg)
{
    imp->fatal = code;
    if (msg != imp->fatal_msg) snprintf(imp->fatal_msg, sizeof imp->fatal_msg, "%s", msg);
    /* msg may be the handle's own message: copy from ours */
    return gj_db_fail(imp->db, code, field, "%s", imp->fatal_msg);
}

/* The input stopped with rc (from the decoder, the parser or a row):
 * fatal with the message of whoever stopped it. A code without a message
 * keeps the handle's error; "out of memory" is said only for GJ_NOMEM. */
/* The decoder refused bytes: the file is refused naming the row and
 * column they are in (the text before them went to the parser). */
static int bad_bytes(gj_import *imp, int rc)
{
    int64_t row = gj_csv_records(imp->csv);
    int f = gj_csv_field(imp->csv), utf8 = gj_decoder_encoding(imp->dec) == GJ_ENC_UTF8;
    const char *column = imp->have_header && f < imp->ncols ? imp->headers[f] : NULL;
    char where[256];
    if (!imp->have_header) snprintf(where, sizeof where, "the header row, column %d", f + 1);
    else if (column) snprintf(where, sizeof where, "row %lld, column %.200s", (long long)row, column);
    else snprintf(where, sizeof where, "row %lld, cell %d", (long long)row, f + 1);
    gj_import_fatal_r(imp, rc, NULL, utf8 ? "bad_utf8" : "bad_value", "%s: %s", where,
                      gj_decoder_error(imp->dec));
    gj_db_error_param_num(imp->db, "row", imp->have_header ? (double)row : 0);
    if (column) gj_db_error_param(imp->db, "column", column);
    else gj_db_error_param_num(imp->db, "column", f + 1);
    gj_db_error_param_num(imp->db, "offset", (double)gj_decoder_offset(imp->dec));
    return rc;
}

static int input_failed(gj_import *imp, int rc)
{
    const char *m = *gj_decoder_error(imp->dec) ? gj_decoder_error(imp->dec)
                    : *gj_csv_error(imp->csv) ? gj_csv_error(imp->csv) : NULL;
    if (imp->fatal) return imp->fatal;
    if (rc == GJ_INVALID && *gj_decoder_error(imp->dec)) return bad_bytes(imp, rc);
    if (m) return gj_import_fatal(imp, rc, NULL, m);
    if (gj_db_errcode(imp->db) != GJ_OK) {
        imp->fatal = gj_db_errcode(imp->db);
        snprintf(imp->fatal_msg, sizeof imp->fatal_msg, "%s", gj_errmsg(imp->db));
        return imp->fatal;
    }
    return gj_import_fatal(imp, rc, NULL, rc == GJ_NOMEM ? "out of memory" : "the import stopped");
}

int gj_import_fatal_r(gj_import *imp, int code, const char *field, const char *reason,
                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(imp->fatal_msg, sizeof imp->fatal_msg, fmt, ap);
    va_end(ap);
    imp->fatal = code;
    return gj_db_fail_reason(imp->db, code, field, reason, "%s", imp->fatal_msg);
}

static int on_record(void *ctx, int n, char **fields, const size_t *lens)
{
    gj_import *imp = ctx;
    if (!imp->have_header) {
        imp->have_header = 1;
        return gj_import_header(imp, n, fields, lens);
    }
    imp->rows++;
    if (imp->data_rows >= imp->next_check) {
        /* Large next to the table: insert without the secondary indexes
         * and build them once at the end (see gj_db_indexes_drop). */
        imp->next_check *= 10;
        if (!imp->indexes && imp->table_rows0 < 4 * imp->data_rows) {
            int rc = gj_db_indexes_drop(imp->db, imp->e, &imp->indexes);
            if (rc != GJ_OK) return gj_import_fatal(imp, rc, NULL, gj_errmsg(imp->db));
        }
    }
    return gj_import_row(imp, n, fields, lens);
}

static int on_text(void *ctx, const char *s, size_t n)
{
    gj_import *imp = ctx;
    return gj_csv_feed(imp->csv, s, n);
}

static int any_row(void *ctx, const gj_entity *e, const gj_value *v)
{
    (void)e; (void)v;
    *(int64_t *)ctx = 1;
    return 1; /* one is enough */
}

/* The map sends each target one column, and a custom field it names is
 * defined: refused before any byte is read, naming the column. */
static int check_map(gj_import *imp)
{
    gj_target t, u;
    int i, j, rc;
    for (i = 0; i < imp->nmap; i++) {
        gj_target_parse(imp->e, imp->map_to[i], &t); /* parsed in begin */
        if (t.kind == GJ_T_IGNORE) continue;
        for (j = 0; j < i; j++) {
            gj_target_parse(imp->e, imp->map_to[j], &u);
            if (u.kind == GJ_T_IGNORE || strcmp(t.name, u.name) != 0) continue;
            rc = gj_db_fail_reason(imp->db, GJ_INVALID, "map", "mapped_twice",
                                   "map: columns '%s' and '%s' both go to %s: a field takes "
                                   "one column", imp->map_from[j], imp->map_from[i], t.name);
            gj_db_error_param(imp->db, "column", imp->map_from[i]);
            gj_db_error_param(imp->db, "other_column", imp->map_from[j]);
            gj_db_error_param(imp->db, "value", t.name);
            return rc;
        }
        if (t.kind == GJ_T_CUSTOM && gj_import_find_def(imp, t.name + 7) < 0) {
            rc = gj_db_fail_reason(imp->db, GJ_INVALID, "map", "unknown_field",
                                   "map: column '%s' goes to %s, but %s has no custom field '%s' "
                                   "(define it first)", imp->map_from[i], t.name, imp->e->name,
                                   t.name + 7);
            gj_db_error_param(imp->db, "column", imp->map_from[i]);
            gj_db_error_param(imp->db, "value", t.name);
            return rc;
        }
    }
    return GJ_OK;
}

static int last_id(void *ctx, const gj_entity *e, const gj_value *v)
{
    (void)e;
    *(int64_t *)ctx = v[0].i;
    return 1;
}

/* imp->id0: ids above it are rows this import made. */
static int highest_id(gj_import *imp)
{
    gj_list_query q;
    gj_list_query_init(&q);
    q.limit = 1;
    q.sort_field = -1;
    q.sort_desc = 1;
    imp->id0 = 0;
    return gj_record_list(imp->db, imp->e, &q, last_id, &imp->id0, NULL);
}

int gj_io_import_begin(gj_db *db, const gj_import_options *opt, gj_import **out)
{
    gj_import *imp;
    const gj_settings *st;
    gj_target t;
    int i, rc;
    *out = NULL;
    imp = gj_calloc(1, sizeof *imp);
    if (!imp) return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
    imp->db = db;
    imp->e = opt->kind ? gj_entity_find(opt->kind) : NULL;
    if (!imp->e || imp->e->readonly || strcmp(imp->e->name, "customfields") == 0) {
        free(imp);
        return gj_db_fail(db, GJ_INVALID, "kind", "kind must be one of reps, customers, deals, "
                          "followups, tickets, surveys, orders, events; got '%s'",
                          opt->kind ? opt->kind : "");
    }
    for (i = 0; i < opt->nmap; i++)
        if (gj_target_parse(imp->e, opt->map_to[i], &t) != 0) {
            free(imp);
            return gj_db_fail(db, GJ_INVALID, "map", "map: %s has no field '%s' (column '%s')",
                              opt->kind, opt->map_to[i], opt->map_from[i]);
        }
    imp->create_missing = opt->create_missing_customers;
    imp->create_missing_reps = opt->create_missing_reps;
    imp->duplicates_later = opt->duplicates_later;
    imp->dry_run = opt->dry_run;
    imp->date_format = opt->date_format;
    imp->custom_fields = opt->custom_fields;
    imp->max_errors = opt->max_errors < 0 ? 0 : opt->max_errors;
    imp->keys_max = opt->keys_max > 0 && opt->keys_max < GJ_IMPORT_KEYS_MAX ? (size_t)opt->keys_max
                                                                           : GJ_IMPORT_KEYS_MAX;
    imp->ext_idx = gj_entity_field(imp->e, "ext_id");
    imp->col_customer_ext = imp->col_customer_name = imp->col_deal_ext = imp->col_ticket_ext = -1;
    for (i = 0; i < GJ_MAX_FIELDS; i++) imp->col_of[i] = -1;
    imp->nmap = opt->nmap;
    imp->map_from = gj_calloc((size_t)opt->nmap + 1, sizeof *imp->map_from);
    imp->map_to = gj_calloc((size_t)opt->nmap + 1, sizeof *imp->map_to);
    imp->dec = gj_decoder_new(opt->encoding);
    imp->csv = gj_csv_new(on_record, imp);
    imp->cache = gj_strmap_new();
    imp->file_ext = gj_strmap_new();
    imp->batch = gj_batch_new(imp->e);
    if (!imp->batch && !imp->e->after_write) goto nomem;
    if (!imp->map_from || !imp->map_to || !imp->dec || !imp->csv || !imp->cache || !imp->file_ext)
        goto nomem;
    if (opt->actor && !(imp->actor = dup(opt->actor))) goto nomem;
    for (i = 0; i < opt->nmap; i++)
        if (!(imp->map_from[i] = dup(opt->map_from[i])) || !(imp->map_to[i] = dup(opt->map_to[i])))
            goto nomem;
    if ((rc = gj_db_bulk(db, GJ_BULK_INSERT)) != GJ_OK) goto fail;
    if ((rc = gj_db_begin(db)) != GJ_OK) goto fail;
    imp->in_txn = 1;
    if ((rc = session(imp, 0)) != GJ_OK) goto fail;
    if (!(st = gj_settings_get(db))) { rc = gj_db_errcode(db); goto fail; }
    imp->tz_minutes = (int)st->tz_offset_minutes;
    if ((rc = gj_import_load_defs(imp)) != GJ_OK) goto fail;
    if ((rc = check_map(imp)) != GJ_OK) goto fail;
    if ((rc = gj_record_count(db, imp->e, &imp->table_rows0)) != GJ_OK) goto fail;
    if ((rc = highest_id(imp)) != GJ_OK) goto fail;
    if (imp->ext_idx >= 0) {
        /* No ext_id in the table yet: only this import can add one, so a
         * set of its keys replaces one SELECT per row. (A rollback after a
         * bad row leaves keys in the set; they are then looked up.) */
        gj_list_query q;
        int64_t with_ext = 0;
        gj_list_query_init(&q);
        q.limit = 1;
        rc = gj_list_query_filter(db, imp->e, &q, "ext_id", GJ_OP_NE, gj_vnull());
        if (rc == GJ_OK) rc = gj_record_list(db, imp->e, &q, any_row, &with_ext, NULL);
        if (rc != GJ_OK) goto fail;
        if (with_ext == 0 && !(imp->ext_seen = gj_hset_new())) goto nomem;
    }
    imp->next_check = 10000;
    *out = imp;
    return GJ_OK;
nomem:
    rc = gj_db_fail(db, GJ_NOMEM, NULL, "out of memory");
fail:
    gj_import_free(imp);
    return rc;
}

int gj_import_feed(gj_import *imp, const void *bytes, size_t n)
{
    int rc;
    if (imp->fatal) return imp->fatal;
    rc = gj_decoder_feed(imp->dec, bytes, n, on_text, imp);
    if (rc != GJ_OK) input_failed(imp, rc);
    return imp->fatal;
}

int64_t gj_import_rows(const gj_import *imp) { return imp ? imp->rows : 0; }

/* Ends the input; GJ_OK or the fatal code. */
static int end_input(gj_import *imp)
{
    int rc;
    if (imp->fatal) return imp->fatal;
    rc = gj_decoder_finish(imp->dec, on_text, imp);
    if (rc == GJ_OK) rc = gj_csv_finish(imp->csv);
    if (rc != GJ_OK) input_failed(imp, rc);
    if (!imp->fatal && !imp->have_header)
        gj_import_fatal(imp, GJ_INVALID, NULL, "the file is empty: it needs a header row");
    return imp->fatal;
}

gj_import_report *gj_import_end(gj_import *imp, int *rc_out)
{
    int rc = end_input(imp), commit;
    gj_import_report *report;
    if (rc == GJ_OK && (rc = gj_import_flush(imp)) != GJ_OK) gj_import_fatal(imp, rc, NULL, gj_errmsg(imp->db));
    commit = rc == GJ_OK && imp->error_count == 0 && !imp->dry_run;
    if (commit) {
        char after[256];
        snprintf(after, sizeof after,
                 "{\"import\":\"%s\",\"rows\":%lld,\"created\":%lld,\"updated\":%lld,"
                 "\"customers_created\":%lld,\"reps_created\":%lld}", imp->e->name,
                 (long long)imp->data_rows, (long long)imp->created, (long long)imp->updated,
                 (long long)imp->customers_created, (long long)imp->reps_created);
        /* CREATE INDEX in small sort runs spilled to temporary files */
        rc = gj_db_bulk(imp->db, GJ_BULK_SORT);
        if (rc == GJ_OK) rc = gj_db_indexes_restore(imp->db, imp->indexes);
        imp->indexes = NULL;
        if (rc == GJ_OK) rc = session(imp, 1);
        if (rc == GJ_OK) rc = gj_audit_bulk(imp->db, imp->actor, imp->e->name, after);
        if (rc == GJ_OK) rc = gj_db_commit(imp->db);
        else gj_db_rollback(imp->db);
        imp->in_txn = 0;
        if (rc != GJ_OK) {
            commit = 0;
            gj_import_fatal(imp, rc, NULL, gj_errmsg(imp->db));
        }
    } else {
        gj_db_rollback(imp->db);
        imp->in_txn = 0;
        session(imp, 1);
    }
    if (rc == GJ_OK && !commit && imp->error_count > 0) rc = GJ_INVALID;
    report = gj_import_report_make(imp, commit);
    if (!report) rc = GJ_NOMEM;
    if (rc_out) *rc_out = rc;
    if (rc == GJ_INVALID && !imp->fatal) {
        gj_db_fail_reason(imp->db, GJ_INVALID, NULL, "bad_rows", "%lld bad row%s: nothing was imported",
                          (long long)imp->error_count, imp->error_count == 1 ? "" : "s");
        gj_db_error_param_num(imp->db, "count", (double)imp->error_count);
    }
    gj_import_free(imp);
    return report;
}

void gj_import_free(gj_import *imp)
{
    int i, k;
    if (!imp) return;
    if (imp->in_txn) {
        gj_db_rollback(imp->db);
        session(imp, 1);
    }
    for (i = 0; i < imp->nerrors; i++) {
        free(imp->errors[i].column);
        free(imp->errors[i].field);
        free(imp->errors[i].value);
        free(imp->errors[i].reason);
        free(imp->errors[i].message);
        for (k = 0; k < imp->errors[i].nparams; k++) {
            free((char *)imp->errors[i].params[k].name);
            free((char *)imp->errors[i].params[k].value);
        }
        free(imp->errors[i].params);
    }
    free(imp->errors);
    gj_index_set_free(imp->indexes);
    gj_db_bulk(imp->db, GJ_BULK_OFF);
    for (i = 0; i < imp->ncols; i++) free(imp->headers ? imp->headers[i] : NULL);
    free(imp->headers);
    free(imp->targets);
    free(imp->ctype);
    for (i = 0; i < imp->nmap; i++) {
        free(imp->map_from ? imp->map_from[i] : NULL);
        free(imp->map_to ? imp->map_to[i] : NULL);
    }
    free(imp->map_from);
    free(imp->map_to);
    for (i = 0; i < imp->ncreated_defs; i++) free(imp->created_defs[i]);
    free(imp->created_defs);
    free(imp->defs);
    free(imp->actor);
    gj_decoder_free(imp->dec);
    gj_csv_free(imp->csv);
    gj_strmap_free(imp->cache);
    gj_strmap_free(imp->file_ext);
    gj_batch_free(imp->batch);
    gj_hset_free(imp->ext_seen);
    free(imp->updated_ids);
    gj_buf_free(&imp->custom);
    gj_buf_free(&imp->key);
    free(imp);
}
