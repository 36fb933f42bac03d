/* gj_sql_from_db (genjin.h): the raw SQL API on the app's own connection.
 * The domain owns the gj_db handle, the store owns SQLite; this joins them. */
#include "domain.h"
#include "store/sqlapi.h"

int gj_sql_from_db(gj_db *db, gj_sql **out)
{
    return gj_sql_from_store(gj_db_store(db), out);
}
