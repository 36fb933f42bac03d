/* customers.bulk_update: one edit applied to many customers at once. */
#include <stdlib.h>
#include <string.h>

#include "customer_ops.h"

int gj_customer_bulk_update(gj_db *db, const gj_bulk_update *b, int64_t *updated)
{
    const gj_entity *e = gj_entity_find("customers");
    int tags = gj_entity_field(e, "tags");
    int64_t done = 0;
    int i, j, rc;
    *updated = 0;
    if ((rc = gj_db_begin(db)) != GJ_OK) return rc;
    for (i = 0; i < b->nids; i++) {
        gj_record rec = b->set, old;
        int dup = 0;
        for (j = 0; j < i && !dup; j++) dup = b->ids[j] == b->ids[i];
        if (dup) continue;
        if ((rc = gj_record_get(db, e, b->ids[i], &old)) != GJ_OK) {
            if (rc == GJ_NOTFOUND) {
                gj_db_fail_reason(db, rc, "ids", "not_found", "no customer with id %lld",
                                  (long long)b->ids[i]);
                gj_db_error_param(db, "entity", "customers");
                gj_db_error_param_num(db, "id", (double)b->ids[i]);
            }
            goto fail;
        }
        if (b->add_tags || b->remove_tags) {
            const char *now = old.v[tags].type == GJ_VTEXT ? old.v[tags].s : NULL, *next;
            if ((rc = gj_tags_edit(db, now, b->add_tags, b->remove_tags, &next)) != GJ_OK) goto fail;
            if (next != now) {
                rec.v[tags] = gj_vtext(next);
                rec.set[tags] = 1;
            }
        }
        if ((rc = gj_record_update(db, e, b->ids[i], &rec)) != GJ_OK) goto fail;
        done++;
    }
    if ((rc = gj_db_commit(db)) != GJ_OK) return rc;
    *updated = done;
    return GJ_OK;
fail:
    gj_db_rollback(db);
    return rc;
}
