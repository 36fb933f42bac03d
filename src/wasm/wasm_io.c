/*
 * WASM entry points of the importer and the export where the C API's
 * shape does not suit JS: 64-bit row counts as doubles, the heap limit, a
 * chunk with its length.
 */
#include <stddef.h>
#include <stdint.h>

#include <emscripten/heap.h>

#include "genjin/genjin.h"

/* gj_import_rows as a double (exact up to 2^53 rows). */
double gj_wasm_import_rows(const gj_import *imp) { return (double)gj_import_rows(imp); }

/* The most the WASM heap can grow to, in bytes (as a double): the worker
 * checks a file against it before reading (docs/limits.md, "Import"). */
double gj_wasm_heap_max(void) { return (double)emscripten_get_heap_max(); }

/* gj_export_next for JS: the chunk's address (0 on error: the return code
 * goes to *rc) and its length in *n (0 at the end). */
const char *gj_wasm_export_next(gj_export *exp, int *n, int *rc)
{
    const char *data;
    size_t len;
    *rc = gj_export_next(exp, &data, &len);
    *n = (int)len;
    return *rc == GJ_OK ? data : NULL;
}
