/*
 * Customer operations beyond create/update/delete: duplicate lookup,
 * merging two records, bulk edits, the shared pool (公海) and removing demo
 * data. Every write runs in one transaction (a nested level when the
 * caller has one open) and is audited.
 *
 * Errors: GJ_* codes with the message, field and reason on the handle.
 */
#ifndef GJ_CUSTOMER_OPS_H
#define GJ_CUSTOMER_OPS_H

#include "domain.h"

/* ---- duplicates (customer_ops.c) ---- */

typedef struct {
    const char *phone, *email, *wechat, *name; /* NULL or blank: not compared */
    int64_t exclude_id;                        /* 0: none */
} gj_dup_query;

#define GJ_DUP_PHONE 1u
#define GJ_DUP_EMAIL 2u
#define GJ_DUP_WECHAT 4u
#define GJ_DUP_NAME 8u
#define GJ_DUP_MAX 20 /* at most this many matches are reported */
#define GJ_DUP_MIN_DIGITS 5 /* a shorter phone is still being typed: not compared */

/* Called per matching customer (values by customers field index) with the
 * GJ_DUP_* bits of what matched; non-zero stops. */
typedef int (*gj_dup_fn)(void *ctx, const gj_value *vals, unsigned matched);

/* Customers whose phone (digits only, without a +86/0086 prefix), email
 * (ignoring ASCII case and surrounding blanks), WeChat id (exact) or name
 * (ignoring ASCII case and surrounding blanks) equals the query's, oldest
 * first. GJ_OK or a store error. */
int gj_customer_duplicates(gj_db *db, const gj_dup_query *q, gj_dup_fn fn, void *ctx);

/* The digits of a phone number without a +86/0086 country prefix, into
 * out (cap bytes, truncated). Returns out. */
char *gj_phone_digits(const char *phone, char *out, size_t cap);

/* ---- merge and bulk edits (customer_merge.c, customer_bulk.c) ---- */

/* Moves every follow-up, deal, ticket, survey, order and event of
 * `merged` to `survivor`, fills the survivor's empty fields from merged
 * (tags unioned, custom keys missing in survivor added), deletes merged and
 * logs one "merge" audit row naming both. GJ_NOTFOUND (field survivor_id or
 * merged_id), GJ_INVALID reason same_record, or the update's errors;
 * nothing is written on error. */
int gj_customer_merge(gj_db *db, int64_t survivor, int64_t merged);

typedef struct {
    const int64_t *ids;
    int nids;
    gj_record set;                  /* customers fields to set (owner_id, tier, status) */
    const char *const *add_tags;    /* NULL-terminated or NULL */
    const char *const *remove_tags; /* NULL-terminated or NULL */
} gj_bulk_update;

/* Applies b to every customer in b->ids, each validated like
 * customers.update and audited per row; all or nothing. *updated is the
 * number of customers (distinct ids). GJ_NOTFOUND (field ids) for a missing
 * id, the update's errors otherwise. */
int gj_customer_bulk_update(gj_db *db, const gj_bulk_update *b, int64_t *updated);

/* Tags are stored as one text, comma-separated. Reading also splits on
 * '，', '、' and ';' and trims blanks. gj_tags_edit returns in *out the
 * text with `add` appended (when absent) and `remove` dropped, joined by
 * ","; *out is NULL when no tag is left and equals `tags` itself when
 * nothing changed. *out is in the handle's arena. GJ_OK or GJ_NOMEM. */
int gj_tags_edit(gj_db *db, const char *tags, const char *const *add, const char *const *remove,
                 const char **out);
/* gj_tags_edit adding every tag of the text `more`. */
int gj_tags_union(gj_db *db, const char *tags, const char *more, const char **out);

/* ---- the shared pool (customer_pool.c) ---- */

/* Sets owner_id of customer `id` to rep_id when it has no owner; audited
 * as "claim". GJ_NOTFOUND (id), GJ_INVALID (rep_id: no such rep),
 * GJ_CONSTRAINT reason already_owned. */
int gj_customer_claim(gj_db *db, int64_t id, int64_t rep_id);

/* Returns to the pool (owner_id NULL, audited "pool_return" by "system")
 * every unarchived customer with an owner whose last activity (latest
 * follow-up by anyone, claim or change of owner, else creation) is at
 * least pool_days days before `now`. Nothing happens when pool_days is 0.
 * Calls fn(ctx, id) per returned customer (fn may be NULL) and sets
 * *returned. GJ_OK or a store error. */
int gj_pool_apply(gj_db *db, int64_t now, void (*fn)(void *ctx, int64_t id), void *ctx,
                  int64_t *returned);

/* When customer `id` returns to the pool (epoch seconds) in *at; 0 when
 * the rule is off or the customer has no owner or is archived. GJ_OK or a
 * store error. */
int gj_pool_return_at(gj_db *db, int64_t id, int64_t *at);

/* ---- demo data (demo_remove.c) ---- */

/* *demo: rows made by demo.generate are present; *real: a customer or rep
 * exists that demo.generate did not make. Demo rows are the customers and
 * reps whose ext_id has the generator's form (demo<seed>-C000001,
 * demo-R001) and the rows that belong to those customers. GJ_OK or a
 * store error. */
int gj_demo_state(gj_db *db, int *demo, int *real);

/* Entities demo.remove counts, in this order. */
enum { GJ_DR_CUSTOMERS, GJ_DR_REPS, GJ_DR_DEALS, GJ_DR_DEAL_STAGES, GJ_DR_FOLLOWUPS,
       GJ_DR_TICKETS, GJ_DR_SURVEYS, GJ_DR_ORDERS, GJ_DR_EVENTS, GJ_DR_UNASSIGNED, GJ_DR_N };
extern const char *const gj_demo_removed_names[GJ_DR_N];

/* Deletes every demo row in one transaction with one "bulk" audit row;
 * real rows that named a demo rep lose that reference (audited per row;
 * counted as "unassigned"). Counts go to removed[GJ_DR_N]. GJ_OK or a
 * store error. */
int gj_demo_remove(gj_db *db, int64_t removed[GJ_DR_N]);

#endif /* GJ_CUSTOMER_OPS_H */
