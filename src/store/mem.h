/*
 * The core's allocator: every allocation of the core goes through
 * gj_malloc and friends, SQLite's through the same check (gj_mem_init
 * installs it in SQLITE_CONFIG_MALLOC) and cJSON's too (the API layer
 * passes gj_malloc to cJSON_InitHooks). One place therefore sees every
 * allocation: gj_call reports "nomem" for a request during which any
 * allocation failed, whoever checked it, and the tests make the Nth
 * allocation fail for every N. Memory from these is freed with free()
 * (gj_free); SQLite's own with sqlite3_free as usual.
 */
#ifndef GJ_MEM_H
#define GJ_MEM_H

#include <stddef.h>
#include <stdint.h>

/* malloc, calloc, realloc, strdup and strndup that count refusals. NULL
 * when out of memory (or when the test hook says so). */
void *gj_malloc(size_t n);
void *gj_calloc(size_t count, size_t size);
void *gj_realloc(void *p, size_t n);
char *gj_strdup(const char *s);
char *gj_strndup(const char *s, size_t n);

/* Installs the check on SQLite's allocator. Must run before SQLite starts
 * (the store calls it before its first SQLite call); later calls do
 * nothing. */
void gj_mem_init(void);

/* How many allocations were refused since the process started: a caller
 * compares two readings to learn whether anything in between failed. */
uint64_t gj_mem_failures(void);

/* Test hook: the nth allocation from now (1 = the next) fails, once; 0
 * turns it off. gj_mem_pending() is what is left of the count (0 once the
 * failure happened or when off), so a test knows whether its request
 * reached the nth allocation. */
void gj_mem_fail_at(int64_t n);
int64_t gj_mem_pending(void);

#endif /* GJ_MEM_H */
