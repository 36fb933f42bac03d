/*
 * Shared by the fuzz targets: a small demo database, made once per process
 * in a memvfs page store and copied into a fresh store whenever an input
 * wrote to it, so every input runs against the same bytes.
 */
#ifndef GJ_FUZZ_DB_H
#define GJ_FUZZ_DB_H

#include <stddef.h>
#include <stdint.h>

#include "genjin/genjin.h"

/* The clock every fuzzed handle runs at (2025-06-02T08:00:00Z). */
#define FUZZ_NOW 1748851200

/* A handle on the demo database's bytes: the one already open when
 * nothing has written to it since, else a new one on a fresh copy. Owned
 * here (never close it). Aborts when the demo cannot be made (the harness
 * is broken, not the input). */
gj_db *fuzz_db_open(void);

/* The page store behind the open handle (its transaction number tells
 * whether a request wrote). */
gj_pages *fuzz_db_pages(void);

/* A NUL-terminated copy of data (caller frees). Aborts when out of memory. */
char *fuzz_strndup(const uint8_t *data, size_t size);

/* Prints what failed and aborts: libFuzzer records the input as a crash. */
void fuzz_fail(const char *what, const char *detail);

#endif
