/* Cross-field rules of the entities (internal to src/domain). */
#ifndef GJ_ENTITY_RULES_H
#define GJ_ENTITY_RULES_H

#include "domain.h"

/* Converts and checks field idx's value (field_values.c). GJ_OK, or
 * GJ_INVALID with the field, reason and params on the handle. */
int gj_field_normalize(gj_db *db, const gj_entity *e, int idx, gj_value in, gj_value *out);

int gj_check_customer(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old);
int gj_check_deal(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old);
int gj_after_deal(gj_db *db, const gj_entity *e, int64_t id, const gj_record *rec,
                  const gj_record *old);
int gj_check_followup(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old);
int gj_check_ticket(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old);
int gj_check_survey(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old);
int gj_check_customfield(gj_db *db, const gj_entity *e, gj_record *rec, const gj_record *old);

#endif
