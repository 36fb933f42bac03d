/* Internals of the importer (import.c, import_row.c, report.c). */
#ifndef GJ_IMPORT_INT_H
#define GJ_IMPORT_INT_H

#include "io.h"

typedef struct {
    int64_t row;        /* data row: 1 = the first record after the header */
    char *column;       /* source header, NULL when no column is to blame */
    char *field;        /* Genjin field */
    char *value;
    char *reason;       /* stable key (docs/api.md, "Reasons") */
    char *message;      /* the same in English */
    int nparams;
    gj_import_param *params; /* owned copies of name and value */
} gj_import_error;

typedef struct {
    char key[GJ_NAME_LEN];
    char type[16];      /* text number date select bool */
    char label[128];
} gj_custom_def;

struct gj_import {
    gj_db *db;
    const gj_entity *e;
    /* options */
    int create_missing, dry_run, date_format, custom_fields, max_errors;
    int create_missing_reps, duplicates_later;
    char *actor;
    int nmap;
    char **map_from, **map_to;
    int tz_minutes;
    /* input */
    gj_decoder *dec;
    gj_csv *csv;
    int have_header;
    int ncols;
    char **headers;
    gj_target *targets;
    int *ctype;          /* per column, for GJ_T_CUSTOM: index into defs */
    int ext_idx;         /* index of ext_id in e, or -1 */
    int col_of[GJ_MAX_FIELDS]; /* column filling each field, -1 */
    int col_customer_ext, col_customer_name, col_deal_ext, col_ticket_ext;
    /* custom field definitions of the entity */
    gj_custom_def *defs;
    int ndefs;
    char **created_defs; /* keys made by the custom_fields option */
    int ncreated_defs;
    /* progress and results */
    int64_t rows, data_rows, created, updated, customers_created, reps_created;
    int64_t error_count;
    gj_import_error *errors;
    int nerrors;
    int last_listed;     /* the last error added is in errors (params go on it) */
    int fatal;           /* GJ_* of a fatal error, 0 = none */
    char fatal_msg[512];
    int in_txn;
    int64_t table_rows0; /* rows in the table when the import began */
    int64_t next_check;  /* data row at which to reconsider the indexes */
    gj_index_set *indexes; /* secondary indexes dropped for the import */
    gj_batch *batch;     /* new rows queued for multi-row INSERTs; NULL for
                          * entities with an after_write hook */
    gj_hset *ext_seen;   /* the table had no ext_ids at begin: the ext_ids of this
                          * import (hashes); a key not in it is new without a query */
    gj_strmap *cache;    /* "c:" customer ext, "n:" customer name, "r:" rep, "d:" deal ext, "t:" ticket ext */
    gj_strmap *file_ext; /* ext_id -> the data row that first had it in this file
                          * (the first GJ_IMPORT_KEYS_MAX of them) */
    int64_t id0;         /* the table's highest id when the import began */
    size_t keys_max;     /* GJ_IMPORT_KEYS_MAX unless the options say less */
    unsigned char *updated_ids; /* past GJ_IMPORT_KEYS_MAX keys: a bit per id <= id0 updated */
    gj_buf custom;       /* the row's custom JSON */
    gj_buf key;          /* scratch cache key */
};

/* import_row.c: processes one data record (fields as parsed, lens their
 * lengths: a cell may hold a NUL byte, which makes the row bad). Returns
 * GJ_OK (also when the row was bad: it is in the report) or a fatal code. */
int gj_import_row(gj_import *imp, int n, char **fields, const size_t *lens);

/* Writes the queued new rows. A row the database refuses becomes a report
 * error on that row (GJ_OK); other failures return their code. */
int gj_import_flush(gj_import *imp);
/* Adds a row error (copies the strings; column, value and entity may be
 * NULL): its reason key (not NULL), the entity a reference names (param
 * "entity") and English message. GJ_OK or GJ_NOMEM. */
int gj_import_add_error_r(gj_import *imp, int col, const char *field, const char *value,
                          const char *reason, const char *entity, const char *message);
/* The same with the reason "bad_value". */
int gj_import_add_error(gj_import *imp, int col, const char *field, const char *value,
                        const char *message);
/* Adds a param to the error just added (nothing when it was past
 * max_errors). GJ_OK or GJ_NOMEM. */
int gj_import_error_param(gj_import *imp, const char *name, const char *value, int is_number);
/* Adds a row error with reason key `reason`, the
 * message fmt (one %s: arg) and entity (may be NULL). GJ_OK or GJ_NOMEM. */
int gj_import_cell_error_r(gj_import *imp, int col, const char *field, const char *value,
                           const char *reason, const char *entity, const char *fmt,
                           const char *arg);
int gj_import_cell_error(gj_import *imp, int col, const char *field, const char *value,
                         const char *fmt, const char *arg);
/* A write the domain refused: a row error naming the column (then the
 * transaction is re-opened), or the fatal code. */
int gj_import_refused(gj_import *imp, char **fields, int n, int rc);

/* import_refs.c: resolve references into rec. GJ_OK (*bad set when the
 * row is bad and reported) or a fatal code. */
int gj_import_customer(gj_import *imp, char **fields, int n, gj_record *rec, int *bad);
int gj_import_rep(gj_import *imp, int col, int f, const char *s, gj_record *rec, int *bad);
int gj_import_ext_ref(gj_import *imp, int col, const char *p, const char *entity,
                      const char *field, const char *s, gj_record *rec, int *bad);
int gj_import_ref_exists(gj_import *imp, int col, int f, const gj_record *rec, int *bad);

/* Re-opens the import's transaction after the domain rolled it back. */
int gj_import_reopen(gj_import *imp);

/* import_header.c: the header row (targets of the columns) and the custom
 * field definitions of the entity. GJ_OK or the fatal code. */
int gj_import_header(gj_import *imp, int n, char **fields, const size_t *lens);
int gj_import_load_defs(gj_import *imp);
/* The index in imp->defs of the custom field `key`, or -1. */
int gj_import_find_def(const gj_import *imp, const char *key);
/* Records a fatal error (message also on the handle); returns code. */
int gj_import_fatal(gj_import *imp, int code, const char *field, const char *msg);
/* The same with a reason key and a printf message; params may follow with
 * gj_db_error_param. Returns code. */
int gj_import_fatal_r(gj_import *imp, int code, const char *field, const char *reason,
                      const char *fmt, ...);

/* report.c: the report (copied out of imp; NULL on OOM). */
gj_import_report *gj_import_report_make(gj_import *imp, int committed);

#endif
