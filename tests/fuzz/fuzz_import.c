/*
 * Fuzz target: the streaming CSV importer, every kind, against a copy of
 * the demo database. Input: byte 0 picks the kind, byte 1 the flags
 * (dry_run, create_missing_customers, create_missing_reps, custom_fields,
 * duplicates later, date format), byte 2 the encoding, byte 3 seeds the
 * chunk sizes; then, when the rest starts with '{', its first line is the
 * column map (JSON), and everything after is the file.
 *
 * Each input is imported twice on fresh copies: in one chunk and in random
 * chunks (1 byte up to 4 KiB, splitting UTF-8 characters, quoted fields
 * and CRLFs). Checks: the result and the report are the same both ways
 * (an import must not depend on how the file was read); the report is
 * JSON; nothing is written unless the import committed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "fuzz_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const kinds[] = {"reps", "customers", "deals", "followups",
                                    "tickets", "surveys", "orders", "events"};
static const char *const date_formats[] = {"auto", "ymd", "mdy", "dmy"};
static const char *const encodings[] = {"auto", "utf-8", "gb18030"};

/* xorshift32: the chunk sizes of a run follow from the input alone. */
static uint32_t next_rand(uint32_t *s)
{
    uint32_t x = *s;
    x ^= x << 13; x ^= x >> 17; x ^= x << 5;
    return *s = x;
}

/* Imports `file` with `options`; returns the report (caller frees) and sets *rc and *wrote (a transaction reached the store). */
static char *import_once(const char *options, const uint8_t *file, size_t n, uint32_t seed,
                         int *rc, int *wrote)
{
    gj_db *db = fuzz_db_open();
    int64_t txn = gj_pages_txn(fuzz_db_pages());
    gj_import *imp = NULL;
    char *report = NULL;
    size_t off = 0;
    *rc = gj_import_begin(db, options, &imp);
    if (*rc == GJ_OK) {
        int frc = GJ_OK;
        while (off < n && frc == GJ_OK) {
            size_t len = seed ? 1 + next_rand(&seed) % 4096 : n;
            if (seed && next_rand(&seed) % 4 == 0) len = 1 + len % 8; /* often tiny */
            if (len > n - off) len = n - off;
            frc = gj_import_feed(imp, file + off, len);
            off += len;
        }
        report = gj_import_finish(imp, rc);
        if (!report) fuzz_fail("gj_import_finish returned NULL", options);
    } else { /* refused options: the message stands in for the report */
        report = fuzz_strndup((const uint8_t *)gj_errmsg(db), strlen(gj_errmsg(db)));
    }
    *wrote = gj_pages_txn(fuzz_db_pages()) != txn;
    return report;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    cJSON *opt, *map = NULL;
    char *options, *whole, *split;
    const uint8_t *file;
    size_t n;
    int rc1, rc2, wrote1, wrote2, flags;
    uint32_t seed;
    if (size < 4 || size > (256u << 10)) return 0;
    flags = data[1];
    seed = 0x9e3779b9u ^ ((uint32_t)data[3] << 8) ^ (uint32_t)size;
    file = data + 4;
    n = size - 4;
    if (n && file[0] == '{') {
        const uint8_t *nl = memchr(file, '\n', n);
        size_t len = nl ? (size_t)(nl - file) : n;
        char *text = fuzz_strndup(file, len);
        map = cJSON_Parse(text);
        free(text);
        file += nl ? len + 1 : len;
        n -= nl ? len + 1 : len;
    }
    if (!(opt = cJSON_CreateObject())) fuzz_fail("out of memory", NULL);
    cJSON_AddStringToObject(opt, "kind", kinds[data[0] % 8]);
    cJSON_AddBoolToObject(opt, "dry_run", flags & 1);
    cJSON_AddBoolToObject(opt, "create_missing_customers", flags & 2);
    cJSON_AddBoolToObject(opt, "create_missing_reps", flags & 4);
    cJSON_AddBoolToObject(opt, "custom_fields", flags & 8);
    cJSON_AddStringToObject(opt, "duplicates", flags & 16 ? "later" : "refuse");
    cJSON_AddStringToObject(opt, "date_format", date_formats[(flags >> 5) & 3]);
    cJSON_AddStringToObject(opt, "encoding", encodings[data[2] % 3]);
    if (map) cJSON_AddItemToObject(opt, "map", map);
    if (!(options = cJSON_PrintUnformatted(opt))) fuzz_fail("out of memory", NULL);
    cJSON_Delete(opt);

    whole = import_once(options, file, n, 0, &rc1, &wrote1);
    split = import_once(options, file, n, seed ? seed : 1, &rc2, &wrote2);
    if (rc1 != rc2 || strcmp(whole, split) != 0) {
        fprintf(stderr, "options %s\none chunk (rc %d): %s\nchunks (rc %d): %s\n", options, rc1,
                whole, rc2, split);
        fuzz_fail("the import depends on how the file was split", NULL);
    }
    if (wrote1 && (rc1 != GJ_OK || (flags & 1)))
        fuzz_fail("an import that did not commit wrote to the database", whole);
    if (whole[0] == '{') { /* a report (else the message of refused options) */
        cJSON *r = cJSON_Parse(whole);
        if (!r) fuzz_fail("the report is not JSON", whole);
        cJSON_Delete(r);
    }
    free(whole);
    free(split);
    free(options);
    return 0;
}
