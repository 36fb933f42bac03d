/*
 * Fuzz target: one API request (the input is the request JSON) against a
 * copy of the demo database. Checks: the response is a JSON object with a
 * boolean "ok"; a refused request leaves the database unwritten (no
 * transaction reached the page store).
 */
#include <stdlib.h>
#include <string.h>

#include "cJSON.h"
#include "fuzz_db.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *req = fuzz_strndup(data, size), *res;
    cJSON *out;
    const cJSON *ok;
    gj_db *db;
    int64_t txn;
    if (size > (1u << 20)) { free(req); return 0; }

    db = fuzz_db_open();
    txn = gj_pages_txn(fuzz_db_pages());
    res = gj_call(db, req);
    if (!res) fuzz_fail("gj_call returned NULL", req);
    if (!(out = cJSON_Parse(res))) fuzz_fail("response is not JSON", res);
    ok = cJSON_GetObjectItemCaseSensitive(out, "ok");
    if (!cJSON_IsBool(ok)) fuzz_fail("response has no boolean ok", res);
    if (cJSON_IsFalse(ok) && gj_pages_txn(fuzz_db_pages()) != txn)
        fuzz_fail("a refused request wrote to the database", res);
    cJSON_Delete(out);
    gj_free(res);
    free(req);
    return 0;
}
