/*
 * Inputs that reach a defect already known and being fixed elsewhere: the
 * targets skip them so a bounded CI run keeps finding new problems instead
 * of the same crash again. Each predicate names the defect; delete it (and
 * move its reproducer from tests/fuzz/crashes/ to the corpus) once the fix
 * lands and the reproducer passes. FUZZ_NO_SKIP=1 in the environment turns
 * the skipping off (replay_import tests/fuzz/crashes/... shows the crash).
 */
#ifndef GJ_FUZZ_KNOWN_DEFECTS_H
#define GJ_FUZZ_KNOWN_DEFECTS_H

#include "cJSON.h"

/* An import map that sends two columns to one field, or a column to a
 * custom field (the importer dereferences a field it never resolved and
 * dies with SIGSEGV: reproducers crashes/import-map-*). 1 to skip. */
int fuzz_known_bad_map(const cJSON *map);

/* The same for a whole request: import.csv / import.preview with such a map. */
int fuzz_known_bad_request(const cJSON *req);

#endif
