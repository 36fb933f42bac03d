/*
 * Internals shared by the demo generators: demo.c (data scaled from the
 * customer count) and demo_sized.c (exact counts per entity, for the
 * benchmark). Both draw from one seeded PRNG, one draw per statement (C
 * leaves the order of operands unspecified; native and WASM builds must
 * make the same rows).
 */
#ifndef GJ_DEMO_INT_H
#define GJ_DEMO_INT_H

#include "domain.h"

#define DAY 86400

typedef struct {
    uint64_t s;
} rng;

static inline uint64_t next(rng *r)
{
    uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}
static inline double unif(rng *r) { return (double)(next(r) >> 11) / 9007199254740992.0; }
static inline int pick(rng *r, int n) { return (int)(unif(r) * n); }
static inline int chance(rng *r, double p) { return unif(r) < p; }
static inline int64_t range(rng *r, int64_t lo, int64_t hi)
{
    return lo + (int64_t)(unif(r) * (double)(hi - lo + 1));
}
#define PICK(r, arr) (arr[pick(r, (int)(sizeof arr / sizeof arr[0]))])

typedef struct {
    gj_db *db;
    rng r;
    int64_t today;
    uint64_t seed;
    int64_t *made;
    int nsales, nservice;
    int64_t sales[12], service[12];
    int64_t last_ticket, last_ticket_at; /* the customer's latest ticket (0: none) */
    char buf[8][160]; /* scratch text for the record being built */
} demo;

enum { LEAD, PROSPECT, ONE_OFF, REPEAT, CHURNED };

/* Each returns GJ_OK or the handle's error code. */
void gj_demo_setv(const gj_entity *e, gj_record *rec, const char *name, gj_value v);
int gj_demo_create(demo *d, const char *entity, gj_record *rec, int64_t *id);
int gj_demo_reps(demo *d, int customers);
/* One deal from `start`, moved through the pipeline; sets *won_at and
 * *won_amount when it is won before today. */
int gj_demo_deal(demo *d, int64_t cust, int64_t owner, int64_t start, int will_buy, int64_t *won_at,
                 double *won_amount);
/* amount <= 0: a random one. */
int gj_demo_order(demo *d, int64_t cust, int64_t rep, int64_t at, double amount);
/* One follow-up at t; unanswered forces customer_replied = 0. */
int gj_demo_followup(demo *d, int64_t cust, int64_t owner, int64_t t, double reply_p, int unanswered);
/* n tickets created after `from`; with csat, a CSAT survey after some of
 * the resolved ones. Leaves the last one in d->last_ticket(_at). */
int gj_demo_tickets(demo *d, int64_t cust, int64_t from, int n, int csat);
int gj_demo_event(demo *d, int64_t cust, int64_t at);
/* The customer row of customer number i (0-based) of type `type`; adds a
 * random time of day to *created. */
int gj_demo_customer_record(demo *d, int i, int type, int64_t owner, int64_t *created, int64_t *id);
/* The sized generator: opt's exact counts (demo_sized.c). */
int gj_demo_sized(demo *d, const gj_demo_options *opt);

#endif
