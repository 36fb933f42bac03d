/* ISO 8601 times <-> seconds since the Unix epoch (UTC). */
#ifndef GJ_TIMEUTIL_H
#define GJ_TIMEUTIL_H

#include <stdint.h>

/* 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: the times the formatter
 * writes as four-digit years. */
#define GJ_TIME_MIN (-62135596800LL)
#define GJ_TIME_MAX 253402300799LL

/*
 * Parses "2024-05-01", "2024-05-01 13:45", "2024-05-01 13:45:07",
 * "2024-05-01T13:45:07Z", optional ".sss" fractions (dropped) and
 * "+08:00" / "+0800" / "-05" offsets, with surrounding white space.
 * A date or time without an offset is local to the workspace: tz_minutes
 * east of UTC (settings tz_offset_minutes), so a date alone is local
 * midnight. Returns 0 and sets *out, or -1 when the text is not such a
 * time, names an impossible date (2024-02-30) or a time outside years
 * 1-9999 once moved to UTC (GJ_TIME_MIN..GJ_TIME_MAX).
 */
int gj_time_parse_local(const char *s, int tz_minutes, int64_t *out);

/* gj_time_parse_local at UTC, for text known to be UTC (fixtures, tools). */
int gj_time_parse(const char *s, int64_t *out);

/* Writes "YYYY-MM-DDTHH:MM:SSZ" into buf (32 bytes). Returns buf. */
char *gj_time_format(int64_t t, char *buf);

/* Writes "YYYY-MM-DD" of the UTC day of t into buf (11 bytes). */
char *gj_date_format(int64_t t, char *buf);

/* Days since 1970-01-01 for a civil date, and back. */
int64_t gj_days_from_civil(int64_t y, int m, int d);
void gj_civil_from_days(int64_t z, int64_t *y, int *m, int *d);

#endif
