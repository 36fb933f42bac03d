/*
 * Shared by the fuzz targets: a small demo database, made once per process
 * in a memvfs page store and copied into a fresh store for every input, so
 * each input runs against the same bytes and a crash replays exactly.
 */
#ifndef GJ_FUZZ_DB_H
#define GJ_FUZZ_DB_H

#include <stddef.h>
#include <stdint.h>

#include "genjin/genjin.h"

/* The clock every fuzzed handle runs at (2025-06-02T08:00:00Z). */
#define FUZZ_NOW 1748851200

/* Opens a handle on a fresh copy of the demo database. Aborts when the
 * demo cannot be made (the harness is broken, not the input). Close with
 * fuzz_db_close. */
gj_db *fuzz_db_open(void);

/* Closes the handle and drops its page store. Accepts NULL. */
void fuzz_db_close(gj_db *db);

/* The page store behind the open handle (its transaction number tells
 * whether a request wrote). */
gj_pages *fuzz_db_pages(void);

/* A NUL-terminated copy of data (caller frees). Aborts when out of memory. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* Prints what failed and aborts: libFuzzer records the input as a crash. */
void fuzz_fail(const char *what, const char *detail);

#endif
