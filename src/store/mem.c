/*
 * The core's allocator (mem.h): libc's, with one check in front that
 * counts refusals and carries the tests' allocation-failure hook. SQLite
 * keeps its own allocator; its xMalloc and xRealloc go through the same
 * check.
 */
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"
#include "mem.h"

static uint64_t failures;
static int64_t fail_countdown; /* > 0: the allocation that brings it to 0 fails */
static sqlite3_mem_methods sqlite_default;

/* 1 when this allocation must fail (the hook). */
static int refuse(void)
{
    if (fail_countdown > 0 && --fail_countdown == 0) return 1;
    return 0;
}

static void *counted(void *p)
{
    if (!p) failures++;
    return p;
}

void *gj_malloc(size_t n) { return counted(refuse() ? NULL : malloc(n ? n : 1)); }

void *gj_calloc(size_t count, size_t size)
{
    return counted(refuse() ? NULL : calloc(count ? count : 1, size ? size : 1));
}

void *gj_realloc(void *p, size_t n) { return counted(refuse() ? NULL : realloc(p, n ? n : 1)); }

char *gj_strndup(const char *s, size_t n)
{
    size_t len = strlen(s);
    char *d;
    if (len > n) len = n;
    if (!(d = gj_malloc(len + 1))) return NULL;
    memcpy(d, s, len);
    d[len] = 0;
    return d;
}

char *gj_strdup(const char *s) { return gj_strndup(s, strlen(s)); }

static void *sqlite_malloc(int n) { return counted(refuse() ? NULL : sqlite_default.xMalloc(n)); }

static void *sqlite_realloc(void *p, int n)
{
    return counted(refuse() ? NULL : sqlite_default.xRealloc(p, n));
}

void gj_mem_init(void)
{
    static int done;
    sqlite3_mem_methods m;
    if (done) return;
    done = 1;
    /* Fails (SQLITE_MISUSE) when SQLite already started: it then keeps its
     * allocator unchecked, which only the tests would notice. */
    if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sqlite_default) != SQLITE_OK) return;
    m = sqlite_default;
    m.xMalloc = sqlite_malloc;
    m.xRealloc = sqlite_realloc;
    sqlite3_config(SQLITE_CONFIG_MALLOC, &m);
}

uint64_t gj_mem_failures(void) { return failures; }

void gj_mem_fail_at(int64_t n) { fail_countdown = n > 0 ? n : 0; }

int64_t gj_mem_pending(void) { return fail_countdown; }
