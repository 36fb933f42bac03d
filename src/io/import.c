/*
 * The streaming importer (gj_import_* in genjin.h). Bytes go through the
 * decoder (to UTF-8) into the CSV parser; the first record is the header,
 * every later one a row written with gj_record_create/update inside one
 * transaction opened by begin. finish commits only when no row was bad
 * (and not a dry run): all or nothing. Per-row audit is off; the commit
 * writes one summary "bulk" audit entry.
 */
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

static int on_record(void *ctx, int n, char **fields, const size_t *lens)
{
    gj_import *imp = ctx;
    (void)lens;
    if (!imp->have_header) {
        imp->have_header = 1;
        return gj_import_header(imp, n, fields);
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
    return gj_import_row(imp, n, fields);
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
    if ((rc = gj_db_bulk(db, 1)) != GJ_OK) goto fail;
    if ((rc = gj_db_begin(db)) != GJ_OK) goto fail;
    imp->in_txn = 1;
    if ((rc = session(imp, 0)) != GJ_OK) goto fail;
    if (!(st = gj_settings_get(db))) { rc = gj_db_errcode(db); goto fail; }
    imp->tz_minutes = (int)st->tz_offset_minutes;
    if ((rc = gj_import_load_defs(imp)) != GJ_OK) goto fail;
    if ((rc = gj_record_count(db, imp->e, &imp->table_rows0)) != GJ_OK) goto fail;
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
    if (rc != GJ_OK && !imp->fatal) {
        const char *m = *gj_decoder_error(imp->dec) ? gj_decoder_error(imp->dec)
                        : *gj_csv_error(imp->csv) ? gj_csv_error(imp->csv) : "out of memory";
        gj_import_fatal(imp, rc, NULL, m);
    }
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
    if (rc != GJ_OK && !imp->fatal) {
        const char *m = *gj_decoder_error(imp->dec) ? gj_decoder_error(imp->dec)
                        : *gj_csv_error(imp->csv) ? gj_csv_error(imp->csv) : "out of memory";
        gj_import_fatal(imp, rc, NULL, m);
    }
    if (!imp->fatal && !imp->have_header)
        gj_import_fatal(imp, GJ_INVALID, NULL, "the file is empty: it needs a header row");
    return imp->fatal;
}

char *gj_import_finish(gj_import *imp, int *rc_out)
{
    int rc = end_input(imp), commit;
    char *report;
    if (rc == GJ_OK && (rc = gj_import_flush(imp)) != GJ_OK) gj_import_fatal(imp, rc, NULL, gj_errmsg(imp->db));
    commit = rc == GJ_OK && imp->error_count == 0 && !imp->dry_run;
    if (commit) {
        char after[256];
        snprintf(after, sizeof after,
                 "{\"import\":\"%s\",\"rows\":%lld,\"created\":%lld,\"updated\":%lld,"
                 "\"customers_created\":%lld,\"reps_created\":%lld}", imp->e->name,
                 (long long)imp->data_rows, (long long)imp->created, (long long)imp->updated,
                 (long long)imp->customers_created, (long long)imp->reps_created);
        /* CREATE INDEX sorts faster in small runs: the default cache */
        rc = gj_db_bulk(imp->db, 0);
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
    report = gj_import_report(imp, commit);
    if (rc == GJ_OK && !report) rc = GJ_NOMEM;
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
    int i;
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
        free(imp->errors[i].params);
    }
    free(imp->errors);
    gj_index_set_free(imp->indexes);
    gj_db_bulk(imp->db, 0);
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
    gj_buf_free(&imp->custom);
    gj_buf_free(&imp->key);
    free(imp);
}
