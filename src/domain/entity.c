/*
 * Entity descriptors: the fields the API accepts for each record kind, their
 * types and rules. The SQL schema (store/schema.c) has a column of the same
 * name for each field and repeats the rules as CHECK constraints.
 */
#include <string.h>

#include "domain.h"
#include "entity_rules.h"

#define N(a) ((int)(sizeof a / sizeof a[0]))
#define ID {"id", GJ_FT_ID, 0, NULL, NULL}
#define EXT {"ext_id", GJ_FT_TEXT, 0, NULL, NULL}

static const char *const rep_roles[] = {"sales", "service", "manager", NULL};
static const char *const tiers[] = {"A", "B", "C", NULL};
static const char *const lifecycle[] = {"lead", "prospect", "customer", "churned", NULL};
static const char *const deal_status[] = {"open", "won", "lost", NULL};
static const char *const fu_channels[] = {"phone", "wechat", "email", "visit", "meeting", "other", NULL};
static const char *const directions[] = {"outbound", "inbound", NULL};
static const char *const tk_channels[] = {"phone", "wechat", "email", "web", "visit", "other", NULL};
static const char *const categories[] = {"question", "complaint", "after_sales", "other", NULL};
static const char *const priorities[] = {"low", "normal", "high", "urgent", NULL};
static const char *const tk_status[] = {"open", "pending", "resolved", "closed", NULL};
static const char *const survey_kinds[] = {"csat", "nps", NULL};
static const char *const touchpoints[] = {"after_followup", "after_deal", "after_service", "other", NULL};
static const char *const cf_entities[] = {"customers", "deals", NULL};
static const char *const cf_types[] = {"text", "number", "date", "select", "bool", NULL};

static const gj_field rep_fields[] = {
    ID, EXT,
    {"name", GJ_FT_TEXT, GJ_F_REQUIRED | GJ_F_SEARCH, NULL, NULL},
    {"team", GJ_FT_TEXT, 0, NULL, NULL},
    {"role", GJ_FT_ENUM, GJ_F_NOTNULL, rep_roles, NULL},
    {"email", GJ_FT_TEXT, GJ_F_SEARCH | GJ_F_EMAIL, NULL, NULL},
    {"phone", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"goal_won_amount", GJ_FT_REAL, GJ_F_NONNEG, NULL, NULL},
    {"goal_followups", GJ_FT_INT, GJ_F_NONNEG, NULL, NULL},
    {"active", GJ_FT_BOOL, GJ_F_NOTNULL, NULL, NULL},
    {"created_at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
};

static const gj_field customer_fields[] = {
    ID, EXT,
    {"name", GJ_FT_TEXT, GJ_F_REQUIRED | GJ_F_SEARCH, NULL, NULL},
    {"company", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"industry", GJ_FT_TEXT, 0, NULL, NULL},
    {"source", GJ_FT_TEXT, 0, NULL, NULL},
    {"channel", GJ_FT_TEXT, 0, NULL, NULL},
    {"region", GJ_FT_TEXT, 0, NULL, NULL},
    {"phone", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"email", GJ_FT_TEXT, GJ_F_SEARCH | GJ_F_EMAIL, NULL, NULL},
    {"wechat", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"owner_id", GJ_FT_REF, 0, NULL, "reps"},
    {"tier", GJ_FT_ENUM, 0, tiers, NULL},
    {"status", GJ_FT_ENUM, GJ_F_NOTNULL, lifecycle, NULL},
    {"budget", GJ_FT_REAL, GJ_F_NONNEG, NULL, NULL},
    {"decision_maker", GJ_FT_TEXT, 0, NULL, NULL},
    {"pain_points", GJ_FT_TEXT, 0, NULL, NULL},
    {"tags", GJ_FT_TEXT, 0, NULL, NULL},
    {"custom", GJ_FT_JSON, 0, NULL, NULL},
    {"created_at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
    {"archived", GJ_FT_BOOL, GJ_F_NOTNULL, NULL, NULL},
};

static const gj_field deal_fields[] = {
    ID, EXT,
    {"customer_id", GJ_FT_REF, GJ_F_REQUIRED, NULL, "customers"},
    {"owner_id", GJ_FT_REF, 0, NULL, "reps"},
    {"title", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"product", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"amount", GJ_FT_REAL, GJ_F_NONNEG | GJ_F_NOTNULL, NULL, NULL},
    {"stage", GJ_FT_STAGE, GJ_F_NOTNULL, NULL, NULL},
    {"status", GJ_FT_ENUM, GJ_F_NOTNULL, deal_status, NULL},
    {"created_at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
    {"closed_at", GJ_FT_TIME, 0, NULL, NULL},
    {"lost_reason", GJ_FT_TEXT, 0, NULL, NULL},
    {"custom", GJ_FT_JSON, 0, NULL, NULL},
};

static const gj_field stage_fields[] = {
    ID,
    {"deal_id", GJ_FT_REF, 0, NULL, "deals"},
    {"stage", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"entered_at", GJ_FT_TIME, 0, NULL, NULL},
    {"rep_id", GJ_FT_REF, 0, NULL, "reps"},
};

static const gj_field followup_fields[] = {
    ID, EXT,
    {"customer_id", GJ_FT_REF, GJ_F_REQUIRED, NULL, "customers"},
    {"deal_id", GJ_FT_REF, 0, NULL, "deals"},
    {"rep_id", GJ_FT_REF, 0, NULL, "reps"},
    {"at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
    {"channel", GJ_FT_ENUM, GJ_F_NOTNULL, fu_channels, NULL},
    {"direction", GJ_FT_ENUM, GJ_F_NOTNULL, directions, NULL},
    {"summary", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"outcome", GJ_FT_TEXT, 0, NULL, NULL},
    {"customer_replied", GJ_FT_BOOL, GJ_F_NOTNULL, NULL, NULL},
    {"next_action", GJ_FT_TEXT, 0, NULL, NULL},
    {"next_due_at", GJ_FT_TIME, 0, NULL, NULL},
};

static const gj_field ticket_fields[] = {
    ID, EXT,
    {"customer_id", GJ_FT_REF, GJ_F_REQUIRED, NULL, "customers"},
    {"rep_id", GJ_FT_REF, 0, NULL, "reps"},
    {"subject", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"channel", GJ_FT_ENUM, GJ_F_NOTNULL, tk_channels, NULL},
    {"category", GJ_FT_ENUM, GJ_F_NOTNULL, categories, NULL},
    {"priority", GJ_FT_ENUM, GJ_F_NOTNULL, priorities, NULL},
    {"status", GJ_FT_ENUM, GJ_F_NOTNULL, tk_status, NULL},
    {"created_at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
    {"first_response_at", GJ_FT_TIME, 0, NULL, NULL},
    {"resolved_at", GJ_FT_TIME, 0, NULL, NULL},
};

static const gj_field survey_fields[] = {
    ID, EXT,
    {"customer_id", GJ_FT_REF, GJ_F_REQUIRED, NULL, "customers"},
    {"ticket_id", GJ_FT_REF, 0, NULL, "tickets"},
    {"deal_id", GJ_FT_REF, 0, NULL, "deals"},
    {"kind", GJ_FT_ENUM, GJ_F_REQUIRED, survey_kinds, NULL},
    {"score", GJ_FT_INT, GJ_F_REQUIRED, NULL, NULL},
    {"touchpoint", GJ_FT_ENUM, GJ_F_NOTNULL, touchpoints, NULL},
    {"at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
    {"comment", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
};

static const gj_field order_fields[] = {
    ID, EXT,
    {"customer_id", GJ_FT_REF, GJ_F_REQUIRED, NULL, "customers"},
    {"rep_id", GJ_FT_REF, 0, NULL, "reps"},
    {"deal_id", GJ_FT_REF, 0, NULL, "deals"},
    {"at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
    {"amount", GJ_FT_REAL, GJ_F_REQUIRED | GJ_F_NONNEG, NULL, NULL},
    {"product", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"category", GJ_FT_TEXT, 0, NULL, NULL},
};

static const gj_field event_fields[] = {
    ID, EXT,
    {"customer_id", GJ_FT_REF, GJ_F_REQUIRED, NULL, "customers"},
    {"kind", GJ_FT_TEXT, GJ_F_REQUIRED | GJ_F_SEARCH, NULL, NULL},
    {"at", GJ_FT_TIME, GJ_F_NOW, NULL, NULL},
};

static const gj_field customfield_fields[] = {
    ID,
    {"entity", GJ_FT_ENUM, GJ_F_REQUIRED | GJ_F_FIXED, cf_entities, NULL},
    {"key", GJ_FT_TEXT, GJ_F_REQUIRED | GJ_F_FIXED | GJ_F_SEARCH, NULL, NULL},
    {"label", GJ_FT_TEXT, GJ_F_REQUIRED | GJ_F_SEARCH, NULL, NULL},
    {"type", GJ_FT_ENUM, GJ_F_REQUIRED | GJ_F_FIXED, cf_types, NULL},
    {"options", GJ_FT_JSON, 0, NULL, NULL},
    {"required", GJ_FT_BOOL, GJ_F_NOTNULL, NULL, NULL},
};

static const gj_field audit_fields[] = {
    ID,
    {"at", GJ_FT_TIME, 0, NULL, NULL},
    {"actor", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"entity", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"entity_id", GJ_FT_INT, 0, NULL, NULL},
    {"action", GJ_FT_TEXT, GJ_F_SEARCH, NULL, NULL},
    {"before", GJ_FT_JSON, 0, NULL, NULL},
    {"after", GJ_FT_JSON, 0, NULL, NULL},
};

/* Computed columns; the indexes followups(customer_id, at) and
 * deal_stages(deal_id, entered_at) answer each with one seek. */
static const gj_computed customer_computed[] = {
    {"last_followup_at", GJ_FT_TIME,
     "(SELECT max(f.at) FROM followups f WHERE f.customer_id = customers.id)"},
};
static const gj_computed deal_computed[] = {
    {"stage_entered_at", GJ_FT_TIME,
     "(SELECT max(h.entered_at) FROM deal_stages h WHERE h.deal_id = deals.id)"},
};

static const gj_entity reps = {"reps", "rep", rep_fields, N(rep_fields), 0, NULL, NULL, NULL, 0};
static const gj_entity customers = {"customers", "customer", customer_fields,
                                    N(customer_fields), 0, gj_check_customer, NULL,
                                    customer_computed, N(customer_computed)};
static const gj_entity deals = {"deals", "deal", deal_fields, N(deal_fields), 0,
                                gj_check_deal, gj_after_deal, deal_computed, N(deal_computed)};
static const gj_entity deal_stages = {"deal_stages", "stage entry", stage_fields,
                                      N(stage_fields), 1, NULL, NULL, NULL, 0};
static const gj_entity followups = {"followups", "follow-up", followup_fields,
                                    N(followup_fields), 0, gj_check_followup, NULL, NULL, 0};
static const gj_entity tickets = {"tickets", "ticket", ticket_fields, N(ticket_fields), 0,
                                  gj_check_ticket, NULL, NULL, 0};
static const gj_entity surveys = {"surveys", "survey", survey_fields, N(survey_fields), 0,
                                  gj_check_survey, NULL, NULL, 0};
static const gj_entity orders = {"orders", "order", order_fields, N(order_fields), 0, NULL, NULL, NULL, 0};
static const gj_entity events = {"events", "event", event_fields, N(event_fields), 0, NULL, NULL, NULL, 0};
static const gj_entity customfields = {"customfields", "custom field", customfield_fields,
                                       N(customfield_fields), 0, gj_check_customfield, NULL, NULL, 0};
static const gj_entity audit = {"audit", "audit entry", audit_fields, N(audit_fields), 1,
                                NULL, NULL, NULL, 0};

static const gj_entity *const all[] = {&reps, &customers, &deals, &followups, &tickets,
                                       &surveys, &orders, &events, &customfields,
                                       &deal_stages, &audit, NULL};

const gj_entity *const *gj_entity_all(void) { return all; }

const gj_entity *gj_entity_find(const char *name)
{
    int i;
    for (i = 0; all[i]; i++)
        if (strcmp(all[i]->name, name) == 0) return all[i];
    return NULL;
}

int gj_entity_field(const gj_entity *e, const char *name)
{
    int i;
    for (i = 0; i < e->nfields; i++)
        if (strcmp(e->fields[i].name, name) == 0) return i;
    return -1;
}

int gj_entity_computed(const gj_entity *e, const char *name)
{
    int i;
    for (i = 0; i < e->ncomputed; i++)
        if (strcmp(e->computed[i].name, name) == 0) return i;
    return -1;
}
