/*
 * Telling demo data from real data, and removing the demo data.
 *
 * demo.generate gives every customer an ext_id "demo<seed>-C<n>" and every
 * rep "demo-R<n>"; the other rows it makes belong to those customers. The
 * ext_id is the mark because it travels with the row: it survives export
 * and import, a restore of an older file and a second demo load, and needs
 * no id ranges that interleaved real rows would break. A row a user typed
 * never has that form unless it was copied from demo data.
 */
#include <stdio.h>
#include <string.h>

#include "customer_ops.h"

#define DEMO_CUSTOMER "ext_id GLOB 'demo[0-9]*-C[0-9]*'"
#define DEMO_REP "ext_id GLOB 'demo-R[0-9]*'"

const char *const gj_demo_removed_names[GJ_DR_N] = {
    "customers", "reps", "deals", "deal_stages", "followups", "tickets", "surveys", "orders",
    "events", "unassigned"};

int gj_demo_state(gj_db *db, int *demo, int *real)
{
    gj_store *st = gj_db_store(db);
    int64_t d = 0, r = 0;
    int rc = gj_store_int(st, "SELECT EXISTS (SELECT 1 FROM customers WHERE " DEMO_CUSTOMER ")"
                              " OR EXISTS (SELECT 1 FROM reps WHERE " DEMO_REP ")", NULL, 0, &d);
    if (rc == GJ_OK)
        rc = gj_store_int(st, "SELECT EXISTS (SELECT 1 FROM customers WHERE ext_id IS NULL OR NOT "
                              DEMO_CUSTOMER ") OR EXISTS (SELECT 1 FROM reps WHERE ext_id IS NULL"
                              " OR NOT " DEMO_REP ")", NULL, 0, &r);
    if (rc != GJ_OK) return gj_db_fail_store(db, rc);
    *demo = d != 0;
    *real = r != 0;
    return GJ_OK;
}

/* Each step: SQL, and where its change count goes (-1: not counted). */
typedef struct {
    const char *sql;
    int count;
} step;

/* Real rows keep their place; only their references to demo rows go (the
 * triggers audit these changes row by row). */
static const step unlink_steps[] = {
    {"UPDATE customers SET owner_id = NULL WHERE owner_id IN (SELECT id FROM temp.gj_demo_r)"
     " AND id NOT IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_UNASSIGNED},
    {"UPDATE deals SET owner_id = NULL WHERE owner_id IN (SELECT id FROM temp.gj_demo_r)"
     " AND customer_id NOT IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_UNASSIGNED},
    {"UPDATE deal_stages SET rep_id = NULL WHERE rep_id IN (SELECT id FROM temp.gj_demo_r)"
     " AND deal_id IN (SELECT id FROM deals WHERE customer_id NOT IN (SELECT id FROM temp.gj_demo_c))",
     GJ_DR_UNASSIGNED},
    {"UPDATE followups SET rep_id = NULL WHERE rep_id IN (SELECT id FROM temp.gj_demo_r)"
     " AND customer_id NOT IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_UNASSIGNED},
    {"UPDATE tickets SET rep_id = NULL WHERE rep_id IN (SELECT id FROM temp.gj_demo_r)"
     " AND customer_id NOT IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_UNASSIGNED},
    {"UPDATE orders SET rep_id = NULL WHERE rep_id IN (SELECT id FROM temp.gj_demo_r)"
     " AND customer_id NOT IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_UNASSIGNED},
    {NULL, -1}};

/* Children first, so no foreign key ever points at a deleted row. */
static const step delete_steps[] = {
    {"DELETE FROM surveys WHERE customer_id IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_SURVEYS},
    {"DELETE FROM followups WHERE customer_id IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_FOLLOWUPS},
    {"DELETE FROM orders WHERE customer_id IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_ORDERS},
    {"DELETE FROM events WHERE customer_id IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_EVENTS},
    {"DELETE FROM tickets WHERE customer_id IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_TICKETS},
    {"DELETE FROM deal_stages WHERE deal_id IN (SELECT id FROM deals WHERE customer_id IN"
     " (SELECT id FROM temp.gj_demo_c))", GJ_DR_DEAL_STAGES},
    {"DELETE FROM deals WHERE customer_id IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_DEALS},
    {"DELETE FROM customers WHERE id IN (SELECT id FROM temp.gj_demo_c)", GJ_DR_CUSTOMERS},
    {"DELETE FROM reps WHERE id IN (SELECT id FROM temp.gj_demo_r)", GJ_DR_REPS},
    {NULL, -1}};

/* Deleting a parent makes SQLite look for children by every foreign key;
 * these columns have no index, so each deleted deal, ticket or rep would
 * scan a whole table. Built for the removal and dropped after it. */
static const char *const lookup_indexes =
    "CREATE INDEX gj_dr_followups_deal ON followups(deal_id);"
    "CREATE INDEX gj_dr_surveys_deal ON surveys(deal_id);"
    "CREATE INDEX gj_dr_surveys_ticket ON surveys(ticket_id);"
    "CREATE INDEX gj_dr_orders_deal ON orders(deal_id);"
    "CREATE INDEX gj_dr_orders_rep ON orders(rep_id);"
    "CREATE INDEX gj_dr_stages_rep ON deal_stages(rep_id);";
static const char *const drop_lookup_indexes =
    "DROP INDEX gj_dr_followups_deal; DROP INDEX gj_dr_surveys_deal;"
    "DROP INDEX gj_dr_surveys_ticket; DROP INDEX gj_dr_orders_deal;"
    "DROP INDEX gj_dr_orders_rep; DROP INDEX gj_dr_stages_rep;";

static int run_steps(gj_db *db, const step *s, int64_t removed[GJ_DR_N])
{
    for (; s->sql; s++) {
        int changes = 0;
        int rc = gj_store_run(gj_db_store(db), s->sql, NULL, 0, NULL, NULL, NULL, &changes);
        if (rc != GJ_OK) return gj_db_fail_store(db, rc);
        if (s->count >= 0) removed[s->count] += changes;
    }
    return GJ_OK;
}

int gj_demo_remove(gj_db *db, int64_t removed[GJ_DR_N])
{
    gj_store *st = gj_db_store(db);
    char after[512];
    size_t len = 0;
    int i, rc;
    memset(removed, 0, GJ_DR_N * sizeof removed[0]);
    if ((rc = gj_db_begin(db)) != GJ_OK) return rc;
    rc = gj_store_exec(st,
        "CREATE TEMP TABLE IF NOT EXISTS gj_demo_c (id INTEGER PRIMARY KEY);"
        "CREATE TEMP TABLE IF NOT EXISTS gj_demo_r (id INTEGER PRIMARY KEY);"
        "DELETE FROM temp.gj_demo_c; DELETE FROM temp.gj_demo_r;"
        "INSERT INTO temp.gj_demo_c SELECT id FROM customers WHERE " DEMO_CUSTOMER ";"
        "INSERT INTO temp.gj_demo_r SELECT id FROM reps WHERE " DEMO_REP ";");
    if (rc != GJ_OK) { rc = gj_db_fail_store(db, rc); goto fail; }
    if ((rc = run_steps(db, unlink_steps, removed)) != GJ_OK) goto fail;
    if ((rc = gj_store_exec(st, lookup_indexes)) != GJ_OK) { rc = gj_db_fail_store(db, rc); goto fail; }
    if ((rc = gj_db_row_audit(db, 0)) != GJ_OK) goto fail;
    if ((rc = run_steps(db, delete_steps, removed)) != GJ_OK) goto fail;
    if ((rc = gj_db_row_audit(db, 1)) != GJ_OK) goto fail;
    if ((rc = gj_store_exec(st, drop_lookup_indexes)) != GJ_OK) { rc = gj_db_fail_store(db, rc); goto fail; }
    len += (size_t)snprintf(after, sizeof after, "{\"removed\":{");
    for (i = 0; i < GJ_DR_N && len < sizeof after; i++)
        len += (size_t)snprintf(after + len, sizeof after - len, "%s\"%s\":%lld", i ? "," : "",
                                gj_demo_removed_names[i], (long long)removed[i]);
    if (len < sizeof after) snprintf(after + len, sizeof after - len, "}}");
    if ((rc = gj_audit_bulk(db, gj_db_actor(db), "demo", after)) != GJ_OK) goto fail;
    return gj_db_commit(db);
fail:
    gj_db_rollback(db);
    gj_db_row_audit(db, 1);
    return rc;
}
