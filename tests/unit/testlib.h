/* A small test harness: CHECK records failures and keeps going. */
#ifndef GJ_TESTLIB_H
#define GJ_TESTLIB_H

#include <stdio.h>
#include <string.h>

#include "cJSON.h"
#include "genjin/genjin.h"

extern int gj_test_failures, gj_test_checks;

#define CHECK(cond) do { gj_test_checks++; if (!(cond)) { gj_test_failures++; \
    fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } } while (0)
#define CHECK_EQ_INT(a, b) do { long long a_ = (long long)(a), b_ = (long long)(b); gj_test_checks++; \
    if (a_ != b_) { gj_test_failures++; fprintf(stderr, "%s:%d: %s == %lld, expected %lld\n", \
    __FILE__, __LINE__, #a, a_, b_); } } while (0)
#define CHECK_STR(a, b) do { const char *a_ = (a), *b_ = (b); gj_test_checks++; \
    if (!a_ || strcmp(a_, b_) != 0) { gj_test_failures++; fprintf(stderr, \
    "%s:%d: %s == \"%s\", expected \"%s\"\n", __FILE__, __LINE__, #a, a_ ? a_ : "(null)", b_); } } while (0)
#define CHECK_NUM(a, b) do { double a_ = (double)(a), b_ = (double)(b); gj_test_checks++; \
    if (!(a_ - b_ < 1e-9 && b_ - a_ < 1e-9)) { gj_test_failures++; fprintf(stderr, \
    "%s:%d: %s == %.17g, expected %.17g\n", __FILE__, __LINE__, #a, a_, b_); } } while (0)
/* a and b are both non-NULL and equal (long strings: prints where they differ). */
#define CHECK_SAME(a, b) t_check_same((a), (b), #a, #b, __FILE__, __LINE__)

/* Opens a fresh in-memory database with the clock at 2025-01-15T00:00:00Z. */
gj_db *t_open(void);
/* Calls the API; returns the parsed response (caller deletes). */
cJSON *t_call(gj_db *db, const char *fmt, ...);
/* Calls and returns the raw response text (caller gj_free()s). */
char *t_raw(gj_db *db, const char *fmt, ...);
/* Calls and returns "data" detached (caller deletes); a failure of the
 * call is a test failure and returns NULL. */
cJSON *t_ok(gj_db *db, const char *fmt, ...);
/* Calls, expects ok:false with this code and field (field NULL = any). */
void t_err(gj_db *db, const char *code, const char *field, const char *fmt, ...);
/* Calls a create op and returns the new id (0 and a failure if not ok). */
long long t_create(gj_db *db, const char *fmt, ...);
/* The number at a dotted path ("items.0.id") in j, or -1e300. */
double t_num(const cJSON *j, const char *path);
const char *t_str(const cJSON *j, const char *path);
/* The item at a dotted path, or NULL. */
const cJSON *t_at(const cJSON *j, const char *path);
/* Total of `entity`.list with an optional filter object text ("" = none). */
long long t_total(gj_db *db, const char *entity, const char *filter);
/* db.info counts as JSON text (malloc'd). */
char *t_counts(gj_db *db);
/* Every row of every entity, as the concatenated JSON of list ops
 * (malloc'd): two equal snapshots mean equal database content. */
char *t_snapshot(gj_db *db);
void t_check_same(const char *a, const char *b, const char *an, const char *bn,
                  const char *file, int line);
/* Prints the summary line and returns the exit status. */
int t_done(const char *name);

#endif
