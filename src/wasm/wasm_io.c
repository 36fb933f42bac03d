/*
 * WASM entry points of the importer where the C API's shape does
 * not suit JS: 64-bit row counts as doubles.
 */
#include <stddef.h>
#include <stdint.h>

#include "genjin/genjin.h"

/* gj_import_rows as a double (exact up to 2^53 rows). */
double gj_wasm_import_rows(const gj_import *imp) { return (double)gj_import_rows(imp); }
