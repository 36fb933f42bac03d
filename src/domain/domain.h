/*
 * Domain layer: entities, their validation rules, settings, demo data.
 * Upper layers (api, metrics, io, cli) use this header and the public
 * genjin.h; they never see SQL table layout except through descriptors.
 *
 * Errors: functions return GJ_* codes; the code, message and offending
 * field are kept on the gj_db handle (gj_db_error_field, gj_errmsg).
 */
#ifndef GJ_DOMAIN_H
#define GJ_DOMAIN_H

#include <stddef.h>
#include <stdint.h>

#include "genjin/genjin.h"
#include "store/store.h"

#define GJ_MAX_FIELDS 32

/* Limits (docs/limits.md): each is refused with a reason key naming the
 * field, never cut silently. */
#define GJ_MAX_TEXT_BYTES 100000  /* one text field, a custom object, an actor: too_long */
#define GJ_MAX_SEARCH_BYTES 1000  /* a list's search text `q`: too_long */
#define GJ_CUSTOM_KEY_MAX 48      /* a custom field key, checked when it is defined: too_long */
#define GJ_MAX_CUSTOM_FIELDS 100  /* custom fields defined per entity: too_many */
#define GJ_MAX_PAGE 100000        /* a list's `limit`: out_of_range */
#define GJ_MAX_NUMBER 1e15         /* |a number field| (amounts, budgets, goals): out_of_range */
#define GJ_MAX_DEADLINE_DAYS 3650 /* a pipeline stage's deadline_days: out_of_range */
#define GJ_MAX_ACTIVITY_POINTS 1000 /* an activity weight: out_of_range */
#define GJ_MAX_REQUEST_BYTES (64 * 1024 * 1024) /* one gj_call request: request_too_large */

typedef enum {
    GJ_FT_ID,    /* integer primary key, read-only */
    GJ_FT_TEXT,
    GJ_FT_INT,
    GJ_FT_REAL,
    GJ_FT_TIME,  /* ISO 8601 in the API, epoch seconds inside */
    GJ_FT_BOOL,
    GJ_FT_ENUM,  /* one of `choices` */
    GJ_FT_REF,   /* id of a row in `ref` */
    GJ_FT_STAGE, /* a pipeline stage name from settings */
    GJ_FT_JSON   /* custom fields: a JSON object checked against definitions */
} gj_ftype;

#define GJ_F_REQUIRED 1u /* must be present and non-null on create */
#define GJ_F_SEARCH   2u /* matched by list's text search `q` */
#define GJ_F_NOW      4u /* defaults to the current time on create */
#define GJ_F_NONNEG   8u /* number >= 0 */
#define GJ_F_FIXED   16u /* set on create only */
#define GJ_F_EMAIL   32u /* text with one @ and text on both sides */
#define GJ_F_NOTNULL 64u /* has a default on create; an update cannot clear it */

typedef struct {
    const char *name; /* API field name == column name */
    gj_ftype type;
    unsigned flags;
    const char *const *choices; /* GJ_FT_ENUM: NULL-terminated */
    const char *ref;            /* GJ_FT_REF: entity name */
} gj_field;

/* A record being validated: values by field index, plus which are set. */
typedef struct {
    gj_value v[GJ_MAX_FIELDS];
    unsigned char set[GJ_MAX_FIELDS];
} gj_record;

typedef struct gj_entity gj_entity;

struct gj_entity {
    const char *name;     /* API and table name: "customers" */
    const char *singular; /* "customer", for messages */
    const gj_field *fields; /* fields[0] is "id" */
    int nfields;
    int readonly; /* listed and read only (stage history) */
    /* Cross-field rules and derived defaults; may change `rec` and must
     * mark what it changes in rec->set. `old` is NULL on create. */
    int (*check)(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old);
    /* Runs after the row is written, in the same transaction. */
    int (*after_write)(gj_db *db, const gj_entity *e, int64_t id,
                       const gj_record *rec, const gj_record *old);
    /* Values derived from other tables that lists can return and sort by
     * (gj_list_query.computed); never written. */
    const struct gj_computed *computed;
    int ncomputed;
};

/* A computed column: `sql` is an expression over the entity's table
 * (named by the table) that yields `type`. */
typedef struct gj_computed {
    const char *name;
    gj_ftype type;
    const char *sql;
} gj_computed;

/* ---- handle internals shared by the layers ---- */

gj_store *gj_db_store(gj_db *db);
/* Names who the audit log records for the following writes and whether row
 * changes are audited. GJ_OK or GJ_ERROR. */
int gj_db_set_actor(gj_db *db, const char *actor, int audit);
/* The actor named by the last gj_db_set_actor (NULL when none; owned by
 * the handle) and row auditing on/off for it. */
const char *gj_db_actor(const gj_db *db);
int gj_db_row_audit(gj_db *db, int audit);
int64_t gj_db_now(gj_db *db);
/* A cache an upper layer keeps on the handle (the metrics' copy of the
 * tables): gj_db_cache returns it or NULL; gj_db_set_cache frees the one
 * before with its own free function and keeps `cache` until the next call
 * or gj_close, which calls free_fn(cache). */
void *gj_db_cache(gj_db *db);
void gj_db_set_cache(gj_db *db, void *cache, void (*free_fn)(void *));
/* The clock override set by gj_set_now (0 = system clock). */
int64_t gj_db_now_override(gj_db *db);

/* Records an error on the handle and returns `code`. `field` may be NULL. */
int gj_db_fail(gj_db *db, int code, const char *field, const char *fmt, ...);
/* Copies the store's error onto the handle and returns `code`. */
int gj_db_fail_store(gj_db *db, int code);
/*
 * Like gj_db_fail, with a stable reason key the page translates
 * (docs/api.md, "Reasons": "required", "too_long", "not_in_choices", ...).
 * Parameters for the message (limit, value, choices) are added after it
 * with gj_db_error_param. Returns `code`.
 */
int gj_db_fail_reason(gj_db *db, int code, const char *field, const char *reason,
                      const char *fmt, ...);
/* Adds a named text parameter to the current error (copied; later ones
 * beyond GJ_ERR_MAX_PARAMS are dropped). Returns the error's code. */
int gj_db_error_param(gj_db *db, const char *name, const char *value);
/* Same for a number. */
int gj_db_error_param_num(gj_db *db, const char *name, double value);
#define GJ_ERR_MAX_PARAMS 6
/* The current error's reason key ("" when none) and its parameters:
 * gj_db_errparam returns 0 past the last, else 1 with name/value borrowed
 * from the handle and *is_num set for numeric ones. */
const char *gj_db_errreason(const gj_db *db);
int gj_db_errparam(const gj_db *db, int i, const char **name, const char **value, int *is_num);
int gj_db_errcode(const gj_db *db);
const char *gj_db_errfield(const gj_db *db); /* "" when none */
void gj_db_clear_error(gj_db *db);

/* Strings that live until gj_db_arena_reset (end of each API call). NULL
 * on OOM. */
char *gj_db_strdup(gj_db *db, const char *s);
/* The first n bytes of s, in the arena like gj_db_strdup. NULL on OOM. */
char *gj_db_strndup(gj_db *db, const char *s, size_t n);
/* a followed by b, in the arena like gj_db_strdup. NULL on OOM. */
char *gj_db_concat(gj_db *db, const char *a, const char *b);
void gj_db_arena_reset(gj_db *db);

/* Transactions: see gj_store_begin. Rollback also drops cached settings. */
int gj_db_begin(gj_db *db);
/* A level for bulk loads: see gj_store_begin_flat. */
int gj_db_begin_flat(gj_db *db);
int gj_db_commit(gj_db *db);
void gj_db_rollback(gj_db *db);

/* ---- entities ---- */

/* The entity named `name`, or NULL. Static. */
const gj_entity *gj_entity_find(const char *name);
/* NULL-terminated list of all entities. Static. */
const gj_entity *const *gj_entity_all(void);
/* Index of field `name` in e, or -1. */
int gj_entity_field(const gj_entity *e, const char *name);
/* Index of computed column `name` in e->computed, or -1. */
int gj_entity_computed(const gj_entity *e, const char *name);

void gj_record_init(gj_record *rec);

/*
 * Validates `rec` (set fields only) and inserts it. Returns GJ_OK and the
 * new id in *id, or GJ_INVALID (field named on the handle), GJ_CONSTRAINT,
 * GJ_NOTFOUND (a referenced row is missing), GJ_ERROR. Writes nothing on
 * failure. Strings in rec are borrowed.
 */
int gj_record_create(gj_db *db, const gj_entity *e, gj_record *rec, int64_t *id);

/* Applies the set fields of `rec` to row `id`. Same returns as create. */
int gj_record_update(gj_db *db, const gj_entity *e, int64_t id, gj_record *rec);

/* Deletes row `id`. GJ_NOTFOUND if absent, GJ_CONSTRAINT if referenced. */
int gj_record_delete(gj_db *db, const gj_entity *e, int64_t id);

/* Loads row `id` into *out (strings in the handle's arena). */
int gj_record_get(gj_db *db, const gj_entity *e, int64_t id, gj_record *out);

/* Finds the id of the row with this ext_id; *id = 0 when none. */
int gj_record_find_ext(gj_db *db, const gj_entity *e, const char *ext_id, int64_t *id);

typedef enum { GJ_OP_EQ, GJ_OP_NE, GJ_OP_GTE, GJ_OP_LT, GJ_OP_LTE, GJ_OP_GT } gj_op;

#define GJ_MAX_FILTERS 16
#define GJ_MAX_TAG_FILTERS 4

typedef struct {
    int nfilters;
    struct { int field; gj_op op; gj_value value; } filter[GJ_MAX_FILTERS];
    const char *q;      /* text search over GJ_F_SEARCH fields, or NULL */
    int sort_field;     /* field index, or nfields + computed index; -1 = id */
    int sort_desc;
    int64_t limit;      /* <= 0: no limit */
    int64_t offset;
    int computed;       /* also return e->computed after the fields */
    /* Filters of customer lists (list_filters.c). */
    int ntags;          /* each tag must be in the row's tags list */
    const char *tag[GJ_MAX_TAG_FILTERS];
    int ncustom;        /* custom value at key == value */
    struct { char path[GJ_CUSTOM_KEY_MAX + 3]; gj_value value; } custom[GJ_MAX_TAG_FILTERS]; /* "$.key" */
    int has_quiet;      /* no follow-up of the customer at or after quiet_since */
    int64_t quiet_since;
    const char *ids;    /* JSON array: the row's id must be among them; NULL: any */
    int ids_negate;     /* ... must not be among them */
} gj_list_query;

void gj_list_query_init(gj_list_query *q);

/*
 * Adds a filter `field op value`; the value is validated and converted like
 * a record field (a time string becomes epoch seconds). GJ_INVALID names
 * the field when it is unknown or the value does not fit.
 */
int gj_list_query_filter(gj_db *db, const gj_entity *e, gj_list_query *q,
                         const char *field, gj_op op, gj_value value);

/* Adds a filter on customers.custom: the value at `key` (a-z 0-9 _)
 * equals `value` (text, number, or 0/1 for a bool). GJ_INVALID naming
 * custom.<key> for a bad key or too many. */
int gj_list_query_custom(gj_db *db, gj_list_query *q, const char *key, gj_value value);
/* Adds "has tag `tag`" (text kept borrowed). Tags are stored as one text:
 * tags separated by , ， 、 or ; (as gj_tags_edit reads them), blanks
 * ignored. GJ_INVALID (too_many) past GJ_MAX_TAG_FILTERS. */
int gj_list_query_tag(gj_db *db, gj_list_query *q, const char *tag);
/* Appends the SQL of q's customer filters (" AND ..." clauses) for entity
 * e to buf, numbering parameters from n + 1 into params; returns the new
 * parameter count, or -1 when buf is too small. */
int gj_list_extra_sql(const gj_entity *e, const gj_list_query *q, char *buf, size_t cap,
                      gj_value *params, int n);

/* Called per row with values by field index; non-zero stops. With
 * q->computed, e->computed follow at nfields + k. */
typedef int (*gj_record_fn)(void *ctx, const gj_entity *e, const gj_value *vals);

/* Lists rows matching q through fn, and the total matching count (ignoring
 * limit/offset) in *total when non-NULL. */
int gj_record_list(gj_db *db, const gj_entity *e, const gj_list_query *q,
                   gj_record_fn fn, void *ctx, int64_t *total);

/*
 * The rows gj_record_list gives, one at a time, for a caller that pauses
 * between rows (a streaming export). q's strings must outlive the cursor.
 * open: GJ_OK and *out, or the error (message on db; *out NULL). next: 1
 * with *vals (by field index, valid until the next call), 0 after the last
 * row, -1 on failure (error on db). Close with gj_record_cursor_close
 * (accepts NULL); other statements may run while a cursor is open.
 */
typedef struct gj_record_cursor gj_record_cursor;
int gj_record_cursor_open(gj_db *db, const gj_entity *e, const gj_list_query *q,
                          gj_record_cursor **out);
int gj_record_cursor_next(gj_record_cursor *c, const gj_value **vals);
void gj_record_cursor_close(gj_record_cursor *c);

/* Counts rows of an entity. */
int gj_record_count(gj_db *db, const gj_entity *e, int64_t *count);

/* ---- settings ---- */

#define GJ_MAX_STAGES 16
#define GJ_MAX_KINDS 32
#define GJ_NAME_LEN 64

typedef struct {
    int nstages;
    char stage[GJ_MAX_STAGES][GJ_NAME_LEN];
    double deadline_days[GJ_MAX_STAGES];
    int nkinds;
    char kind[GJ_MAX_KINDS][GJ_NAME_LEN];
    double points[GJ_MAX_KINDS];
    /* scalars: see the table in settings.c */
    double tz_offset_minutes, active_threshold, grace_days, churn_window_days;
    double cadence_days[3]; /* A, B, C */
    double weight_behaviour, weight_process, weight_result, weight_collaboration;
    double rule_no_reply, rule_no_reply_n, rule_purchase_gap, rule_purchase_gap_factor;
    double rule_activity_drop, rule_activity_drop_ratio, rule_cadence;
    double rule_open_complaint, rule_open_complaint_hours;
    double sla_first_response_hours, sla_resolution_hours; /* tickets' clocks */
    double pool_days; /* shared pool: days without follow-up; 0 = off */
    char currency[16];
    char locale[16];
} gj_settings;

/* The current settings (cached on the handle; valid until the next
 * gj_settings_save or rollback). NULL on error. */
const gj_settings *gj_settings_get(gj_db *db);

/* Validates and stores s in one transaction. GJ_INVALID names the key. */
int gj_settings_save(gj_db *db, const gj_settings *s);

/* Scalar settings by key, for the JSON layer: number of keys, the i-th
 * key (static) and its kind. */
#define GJ_SETTING_NUMBER 0
#define GJ_SETTING_TEXT 1
#define GJ_SETTING_FLAG 2
int gj_settings_scalar_count(void);
const char *gj_settings_scalar_key(int i, int *kind);
/* Reads/writes scalar `key`. Set returns GJ_INVALID naming the key when it
 * is unknown, of the wrong type or out of range. */
int gj_settings_scalar_get(const gj_settings *s, int i, gj_value *out);
int gj_settings_scalar_set(gj_db *db, gj_settings *s, const char *key, gj_value v);

/* Index of stage `name` in the pipeline, or -1. */
int gj_settings_stage_index(const gj_settings *s, const char *name);

/* ---- clocks of deals and tickets (timing.c) ---- */

enum { GJ_DEADLINE_NONE, GJ_DEADLINE_ON_TIME, GJ_DEADLINE_DUE, GJ_DEADLINE_LATE };
enum { GJ_SLA_RUNNING, GJ_SLA_MET, GJ_SLA_BREACHED };

typedef struct {
    int64_t entered_at;   /* the latest entry into the current stage */
    int64_t days_in_stage; /* whole days from entered_at to now (or closed_at) */
    int has_deadline;     /* open and not in the last stage */
    int64_t deadline_at;  /* entered_at + the next stage's deadline_days */
    int state;            /* GJ_DEADLINE_*: due = the deadline is on today's local day */
} gj_deal_timing;

/* The stage clock of a deal row (vals by field index; entered_at 0 when
 * its history is empty: created_at is used). GJ_OK, or the settings'
 * error. */
int gj_deal_timing_of(gj_db *db, const gj_value *vals, int64_t entered_at, gj_deal_timing *out);

typedef struct {
    int64_t first_response_due_at, resolution_due_at;
    int first_response_state, resolution_state; /* GJ_SLA_* */
} gj_ticket_sla;

/* The SLA clocks of a ticket row (vals by field index) from the settings
 * sla_first_response_hours and sla_resolution_hours. GJ_OK, or the
 * settings' error. */
int gj_ticket_sla_of(gj_db *db, const gj_value *vals, gj_ticket_sla *out);
/* "on_time", "due", "late" / "running", "met", "breached". Static; NULL
 * for GJ_DEADLINE_NONE. */
const char *gj_deadline_state_name(int state);
const char *gj_sla_state_name(int state);

/* ---- demo data ---- */

/* Exact per-entity counts (gj_demo_options.count), in this order. */
enum { GJ_DEMO_DEALS, GJ_DEMO_FOLLOWUPS, GJ_DEMO_TICKETS, GJ_DEMO_SURVEYS, GJ_DEMO_ORDERS,
       GJ_DEMO_EVENTS, GJ_DEMO_NCOUNTS };
/* "deals", "followups", ... indexed like the enum. */
extern const char *const gj_demo_count_names[GJ_DEMO_NCOUNTS];

typedef struct {
    int customers;  /* number of customers (default 200) */
    uint64_t seed;  /* PRNG seed */
    int64_t now;    /* "today" (epoch seconds); 0 = the handle's clock */
    /* All 0: every count follows from the customers (the usual demo). Any
     * > 0: exactly that many of each entity (benchmark sizes); the ones
     * left 0 take a default per customer (see demo_sized.c). */
    int count[GJ_DEMO_NCOUNTS];
} gj_demo_options;

/* Generates deterministic demo data (same options => same rows) in one
 * transaction. Fills counts of what was made in `made` (may be NULL,
 * indexed like gj_entity_all()). GJ_INVALID naming the field for a count
 * out of range; nothing is written on error. */
int gj_demo_generate(gj_db *db, const gj_demo_options *opt, int64_t *made);

/* ---- bulk writes (bulk.c; imports) ---- */

/* Appends one "bulk" audit entry for `entity` naming `actor` (may be
 * NULL) with after_json as its `after`. GJ_OK or a store error. */
int gj_audit_bulk(gj_db *db, const char *actor, const char *entity, const char *after_json);
/* Appends one audit row: `entity` row `id` (0: none), `action` (the
 * schema's list: create, update, delete, bulk, merge, claim, pool_return),
 * `actor`, before/after JSON (each may be NULL), stamped with the handle's
 * clock. GJ_OK or a store error. */
int gj_audit_row(gj_db *db, const char *entity, int64_t id, const char *action,
                 const char *actor, const char *before, const char *after);
/* gj_record_create for bulk loads. Flags: GJ_CREATE_REFS_OK = the caller
 * has checked that every set reference exists (the FOREIGN KEY constraints
 * still hold, with a plainer message); GJ_CREATE_EXT_NEW = the caller has
 * checked that no row has this ext_id (the UNIQUE index still holds). */
#define GJ_CREATE_REFS_OK 1u
#define GJ_CREATE_EXT_NEW 2u
int gj_record_create_ex(gj_db *db, const gj_entity *e, gj_record *rec, int64_t *id,
                        unsigned flags);
/* Gives a checked record about to be inserted a new id of this device
 * (rec->v[0], docs/sync.md). GJ_OK or the store's error on the handle. */
int gj_record_new_id(gj_db *db, gj_record *rec);
/* The checks and defaults of gj_record_create_ex without the write (the
 * caller's transaction must be open). Same returns; rec is normalised. */
int gj_record_check_create(gj_db *db, const gj_entity *e, gj_record *rec, unsigned flags);
/* Turns a failed write's store code into the handle's error; returns it. */
int gj_record_write_failed(gj_db *db, const gj_entity *e, int rc);

/*
 * Row batches (batch.c): creates of one entity queued and written by one
 * multi-row INSERT per GJ_BATCH_ROWS rows. A million-row import spends a
 * tenth of its time starting and finishing single-row statements. Only for
 * entities without an after_write hook (the rows' ids are never known) and
 * callers that need no id; a row must not depend on a queued one (flush
 * first). Strings are copied.
 */
#define GJ_BATCH_ROWS 32
typedef struct gj_batch gj_batch;
/* NULL when out of memory or when e has an after_write hook. */
gj_batch *gj_batch_new(const gj_entity *e);
/* Drops the queued rows (they were never written) and frees. Accepts NULL. */
void gj_batch_free(gj_batch *b);
/* Forgets the queued rows without writing them (after a rollback). */
void gj_batch_clear(gj_batch *b);
int gj_batch_count(const gj_batch *b); /* rows queued */
/* Checks rec like gj_record_create_ex(flags) and queues it with `tag` (the
 * caller's row number). A full batch (or one setting other columns) is
 * flushed first. On error (the check's code, a flush failure as in
 * gj_batch_flush, GJ_NOMEM) rec is not queued and *failed_tag (may be
 * NULL) names the row the error is about: `tag`, or a queued row's. */
int gj_batch_add(gj_db *db, gj_batch *b, gj_record *rec, unsigned flags, int64_t tag,
                 int64_t *failed_tag);
/* Writes the queued rows. GJ_OK, or the error of the first row the
 * database refuses (message on the handle; *failed_tag its tag; rows before
 * it may be written, the caller rolls back). The batch is empty after. */
int gj_batch_flush(gj_db *db, gj_batch *b, int64_t *failed_tag);
/* Drops the secondary indexes of e's table (not UNIQUE constraints) and its
 * TEMP (audit) triggers in
 * the current transaction; *out remembers them for gj_db_indexes_restore,
 * which re-creates and frees them (a rollback restores them by itself:
 * then only gj_index_set_free). GJ_OK or a store error. */
typedef struct gj_index_set gj_index_set;
int gj_db_indexes_drop(gj_db *db, const gj_entity *e, gj_index_set **out);
int gj_db_indexes_restore(gj_db *db, gj_index_set *s);
void gj_index_set_free(gj_index_set *s); /* accepts NULL */
/* Page cache for a long write transaction, natively: GJ_BULK_INSERT (256
 * MiB), GJ_BULK_SORT (2 MiB: an index build's sort runs), GJ_BULK_OFF
 * (the handle's usual 64 MiB). GJ_OK or a store error. */
#define GJ_BULK_OFF 0
#define GJ_BULK_INSERT 1
#define GJ_BULK_SORT 2
int gj_db_bulk(gj_db *db, int mode);

#endif /* GJ_DOMAIN_H */
