/* Schema migrations of the store (internal to src/store). */
#ifndef GJ_SCHEMA_H
#define GJ_SCHEMA_H

#define GJ_SCHEMA_VERSION 4

/* SQL that migrates version-1 to `version` (static), NULL if none. */
const char *gj_schema_migration(int version);

/* NULL-terminated list of tables audited row by row (static). */
const char *const *gj_schema_audited_tables(void);

/* NULL-terminated list of tables replicated by team sync (static). */
const char *const *gj_schema_synced_tables(void);

#endif
