#include "known_defects.h"

#include <stdlib.h>
#include <string.h>

/* FUZZ_NO_SKIP=1 runs the skipped inputs too: to check a fix. */
static int skipping(void) { return !getenv("FUZZ_NO_SKIP"); }

int fuzz_known_bad_map(const cJSON *map)
{
    const cJSON *a, *b;
    if (!skipping() || !cJSON_IsObject(map)) return 0;
    cJSON_ArrayForEach(a, map) {
        if (!cJSON_IsString(a)) continue;
        if (strncmp(a->valuestring, "custom.", 7) == 0) return 1;
        for (b = a->next; b; b = b->next)
            if (cJSON_IsString(b) && a->valuestring[0] && strcmp(a->valuestring, b->valuestring) == 0)
                return 1;
    }
    return 0;
}

int fuzz_known_bad_request(const cJSON *req)
{
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(req, "op");
    const cJSON *args = cJSON_GetObjectItemCaseSensitive(req, "args");
    if (!cJSON_IsString(op) || strncmp(op->valuestring, "import.", 7) != 0) return 0;
    return fuzz_known_bad_map(cJSON_GetObjectItemCaseSensitive(args, "map"));
}
