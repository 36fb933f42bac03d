/*
 * Schema migrations, applied in order by PRAGMA user_version. A migration
 * is never edited once released; changes go into a new one. Migrations
 * after the first must be harmless on a file that already has them: a
 * file loaded from the sqlite3 shell's .dump has lost user_version and is
 * taken as version 1 (store.c, migrate).
 *
 * Times are INTEGER seconds since the Unix epoch (UTC): compact, fast to
 * compare and to bucket by local day with tz_offset_minutes. Money is REAL
 * in the workspace currency. CHECK constraints repeat the domain rules so
 * that a file edited in the sqlite3 shell cannot hold what the app forbids.
 */
#include <stddef.h>

#include "schema.h"

static const char *const migration_1 =
    "CREATE TABLE reps ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
    " team TEXT, role TEXT NOT NULL DEFAULT 'sales'"
    "  CHECK (role IN ('sales','service','manager')),"
    " email TEXT, phone TEXT,"
    " goal_won_amount REAL CHECK (goal_won_amount >= 0),"
    " goal_followups INTEGER CHECK (goal_followups >= 0),"
    " active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0,1)),"
    " created_at INTEGER NOT NULL CHECK (typeof(created_at) = 'integer'));"

    "CREATE TABLE customers ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " name TEXT NOT NULL CHECK (length(trim(name)) > 0),"
    " company TEXT, industry TEXT, source TEXT, channel TEXT, region TEXT,"
    " phone TEXT, email TEXT, wechat TEXT,"
    " owner_id INTEGER REFERENCES reps(id),"
    " tier TEXT CHECK (tier IN ('A','B','C')),"
    " status TEXT NOT NULL DEFAULT 'lead'"
    "  CHECK (status IN ('lead','prospect','customer','churned')),"
    " budget REAL CHECK (budget >= 0),"
    " decision_maker TEXT, pain_points TEXT, tags TEXT,"
    " custom TEXT CHECK (custom IS NULL OR json_valid(custom)),"
    " created_at INTEGER NOT NULL CHECK (typeof(created_at) = 'integer'),"
    " archived INTEGER NOT NULL DEFAULT 0 CHECK (archived IN (0,1)));"
    "CREATE INDEX customers_owner ON customers(owner_id);"
    "CREATE INDEX customers_created ON customers(created_at);"

    "CREATE TABLE deals ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " customer_id INTEGER NOT NULL REFERENCES customers(id),"
    " owner_id INTEGER REFERENCES reps(id),"
    " title TEXT, product TEXT,"
    " amount REAL NOT NULL DEFAULT 0 CHECK (amount >= 0),"
    " stage TEXT NOT NULL,"
    " status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','won','lost')),"
    " created_at INTEGER NOT NULL CHECK (typeof(created_at) = 'integer'),"
    " closed_at INTEGER CHECK (closed_at >= created_at),"
    " lost_reason TEXT,"
    " custom TEXT CHECK (custom IS NULL OR json_valid(custom)),"
    " CHECK ((status = 'open') = (closed_at IS NULL)));"
    "CREATE INDEX deals_customer ON deals(customer_id);"
    "CREATE INDEX deals_owner ON deals(owner_id);"
    "CREATE INDEX deals_created ON deals(created_at);"
    "CREATE INDEX deals_closed ON deals(closed_at) WHERE closed_at IS NOT NULL;"

    "CREATE TABLE deal_stages ("
    " id INTEGER PRIMARY KEY,"
    " deal_id INTEGER NOT NULL REFERENCES deals(id) ON DELETE CASCADE,"
    " stage TEXT NOT NULL,"
    " entered_at INTEGER NOT NULL CHECK (typeof(entered_at) = 'integer'),"
    " rep_id INTEGER REFERENCES reps(id));"
    "CREATE INDEX deal_stages_deal ON deal_stages(deal_id, entered_at);"

    "CREATE TABLE followups ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " customer_id INTEGER NOT NULL REFERENCES customers(id),"
    " deal_id INTEGER REFERENCES deals(id),"
    " rep_id INTEGER REFERENCES reps(id),"
    " at INTEGER NOT NULL CHECK (typeof(at) = 'integer'),"
    " channel TEXT NOT NULL DEFAULT 'phone'"
    "  CHECK (channel IN ('phone','wechat','email','visit','meeting','other')),"
    " direction TEXT NOT NULL DEFAULT 'outbound'"
    "  CHECK (direction IN ('outbound','inbound')),"
    " summary TEXT, outcome TEXT,"
    " customer_replied INTEGER NOT NULL DEFAULT 0 CHECK (customer_replied IN (0,1)),"
    " next_action TEXT,"
    " next_due_at INTEGER CHECK (next_due_at >= at));"
    "CREATE INDEX followups_customer ON followups(customer_id, at);"
    "CREATE INDEX followups_rep ON followups(rep_id, at);"
    "CREATE INDEX followups_at ON followups(at);"
    "CREATE INDEX followups_due ON followups(next_due_at) WHERE next_due_at IS NOT NULL;"

    "CREATE TABLE tickets ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " customer_id INTEGER NOT NULL REFERENCES customers(id),"
    " rep_id INTEGER REFERENCES reps(id),"
    " subject TEXT,"
    " channel TEXT NOT NULL DEFAULT 'phone'"
    "  CHECK (channel IN ('phone','wechat','email','web','visit','other')),"
    " category TEXT NOT NULL DEFAULT 'question'"
    "  CHECK (category IN ('question','complaint','after_sales','other')),"
    " priority TEXT NOT NULL DEFAULT 'normal'"
    "  CHECK (priority IN ('low','normal','high','urgent')),"
    " status TEXT NOT NULL DEFAULT 'open'"
    "  CHECK (status IN ('open','pending','resolved','closed')),"
    " created_at INTEGER NOT NULL CHECK (typeof(created_at) = 'integer'),"
    " first_response_at INTEGER CHECK (first_response_at >= created_at),"
    " resolved_at INTEGER CHECK (resolved_at >= created_at));"
    "CREATE INDEX tickets_customer ON tickets(customer_id);"
    "CREATE INDEX tickets_created ON tickets(created_at);"
    "CREATE INDEX tickets_rep ON tickets(rep_id);"

    "CREATE TABLE surveys ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " customer_id INTEGER NOT NULL REFERENCES customers(id),"
    " ticket_id INTEGER REFERENCES tickets(id),"
    " deal_id INTEGER REFERENCES deals(id),"
    " kind TEXT NOT NULL CHECK (kind IN ('csat','nps')),"
    " score INTEGER NOT NULL CHECK (typeof(score) = 'integer' AND"
    "  ((kind = 'csat' AND score BETWEEN 1 AND 5) OR"
    "   (kind = 'nps' AND score BETWEEN 0 AND 10))),"
    " touchpoint TEXT NOT NULL DEFAULT 'after_service'"
    "  CHECK (touchpoint IN ('after_followup','after_deal','after_service','other')),"
    " at INTEGER NOT NULL CHECK (typeof(at) = 'integer'),"
    " comment TEXT);"
    "CREATE INDEX surveys_at ON surveys(at);"
    "CREATE INDEX surveys_customer ON surveys(customer_id);"

    "CREATE TABLE orders ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " customer_id INTEGER NOT NULL REFERENCES customers(id),"
    " rep_id INTEGER REFERENCES reps(id),"
    " deal_id INTEGER REFERENCES deals(id),"
    " at INTEGER NOT NULL CHECK (typeof(at) = 'integer'),"
    " amount REAL NOT NULL CHECK (amount >= 0),"
    " product TEXT, category TEXT);"
    "CREATE INDEX orders_customer ON orders(customer_id, at);"
    "CREATE INDEX orders_at ON orders(at);"

    "CREATE TABLE events ("
    " id INTEGER PRIMARY KEY,"
    " ext_id TEXT UNIQUE,"
    " customer_id INTEGER NOT NULL REFERENCES customers(id),"
    " kind TEXT NOT NULL CHECK (length(kind) > 0),"
    " at INTEGER NOT NULL CHECK (typeof(at) = 'integer'));"
    "CREATE INDEX events_customer ON events(customer_id, at);"
    "CREATE INDEX events_at ON events(at);"

    /* Settings are key -> value; lists live in their own tables. */
    "CREATE TABLE settings (key TEXT PRIMARY KEY, value) WITHOUT ROWID;"
    "CREATE TABLE pipeline_stages ("
    " position INTEGER PRIMARY KEY,"
    " name TEXT NOT NULL UNIQUE CHECK (length(trim(name)) > 0),"
    " deadline_days REAL NOT NULL DEFAULT 0 CHECK (deadline_days >= 0));"
    "CREATE TABLE activity_weights ("
    " kind TEXT PRIMARY KEY CHECK (length(kind) > 0),"
    " points REAL NOT NULL CHECK (points >= 0)) WITHOUT ROWID;"

    "CREATE TABLE customfields ("
    " id INTEGER PRIMARY KEY,"
    " entity TEXT NOT NULL CHECK (entity IN ('customers','deals')),"
    " key TEXT NOT NULL CHECK (length(key) > 0),"
    " label TEXT NOT NULL,"
    " type TEXT NOT NULL CHECK (type IN ('text','number','date','select','bool')),"
    " options TEXT,"
    " required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0,1)),"
    " UNIQUE (entity, key));"

    /* Append-only: the triggers below forbid UPDATE and DELETE. */
    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY,"
    " at INTEGER NOT NULL,"
    " actor TEXT,"
    " entity TEXT NOT NULL,"
    " entity_id INTEGER,"
    " action TEXT NOT NULL CHECK (action IN ('create','update','delete','bulk')),"
    " before TEXT, after TEXT);"
    "CREATE INDEX audit_entity ON audit(entity, entity_id);"
    "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
    "CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
    " BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"

    "INSERT INTO settings(key, value) VALUES"
    " ('tz_offset_minutes', 0), ('currency', 'CNY'), ('locale', 'zh-CN'),"
    " ('active_threshold', 5), ('cadence_a_days', 7), ('cadence_b_days', 14),"
    " ('cadence_c_days', 30), ('grace_days', 0), ('churn_window_days', 180),"
    " ('weight_behaviour', 20), ('weight_process', 30), ('weight_result', 40),"
    " ('weight_collaboration', 10),"
    " ('rule_no_reply', 1), ('rule_no_reply_n', 3),"
    " ('rule_purchase_gap', 1), ('rule_purchase_gap_factor', 1.5),"
    " ('rule_activity_drop', 1), ('rule_activity_drop_ratio', 0.7),"
    " ('rule_cadence', 1),"
    " ('rule_open_complaint', 1), ('rule_open_complaint_hours', 48);"
    "INSERT INTO pipeline_stages(position, name, deadline_days) VALUES"
    " (0, 'first_contact', 0), (1, 'needs', 3), (2, 'proposal', 5),"
    " (3, 'contract', 7);"
    "INSERT INTO activity_weights(kind, points) VALUES"
    " ('login', 1), ('feature_use', 3), ('interaction', 5);";

/*
 * Version 2: CHECK (x IN ('a','b','c')) becomes CHECK ((x = 'a' OR ...)).
 * Same rule, but SQLite evaluates a CHECK for every row written and builds
 * an ephemeral index for an IN list of three or more values each time:
 * 17% of a million-row follow-up import. A CHECK does not change the file
 * format, so the stored CREATE TABLE text is edited in place (SQLite's
 * documented writable_schema procedure) instead of rebuilding tables.
 * RESET reloads this connection's schema; the CREATE/DROP bumps the schema
 * cookie so other connections reload theirs. A file whose text differs
 * (edited by hand) keeps its own CHECKs: replace() changes nothing there.
 */
static const char *const migration_2 =
    "PRAGMA writable_schema = ON;"
    "UPDATE sqlite_schema SET sql = replace(sql, 'role IN (''sales'',''service'',''manager'')',"
    " '(role = ''sales'' OR role = ''service'' OR role = ''manager'')')"
    " WHERE type = 'table' AND name = 'reps';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'tier IN (''A'',''B'',''C'')',"
    " '(tier = ''A'' OR tier = ''B'' OR tier = ''C'')')"
    " WHERE type = 'table' AND name = 'customers';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'status IN (''lead'',''prospect'',''customer'',''churned'')',"
    " '(status = ''lead'' OR status = ''prospect'' OR status = ''customer'' OR status = ''churned'')')"
    " WHERE type = 'table' AND name = 'customers';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'status IN (''open'',''won'',''lost'')',"
    " '(status = ''open'' OR status = ''won'' OR status = ''lost'')')"
    " WHERE type = 'table' AND name = 'deals';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'channel IN (''phone'',''wechat'',''email'',''visit'',''meeting'',''other'')',"
    " '(channel = ''phone'' OR channel = ''wechat'' OR channel = ''email'' OR channel = ''visit'' OR channel = ''meeting'' OR channel = ''other'')')"
    " WHERE type = 'table' AND name = 'followups';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'channel IN (''phone'',''wechat'',''email'',''web'',''visit'',''other'')',"
    " '(channel = ''phone'' OR channel = ''wechat'' OR channel = ''email'' OR channel = ''web'' OR channel = ''visit'' OR channel = ''other'')')"
    " WHERE type = 'table' AND name = 'tickets';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'category IN (''question'',''complaint'',''after_sales'',''other'')',"
    " '(category = ''question'' OR category = ''complaint'' OR category = ''after_sales'' OR category = ''other'')')"
    " WHERE type = 'table' AND name = 'tickets';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'priority IN (''low'',''normal'',''high'',''urgent'')',"
    " '(priority = ''low'' OR priority = ''normal'' OR priority = ''high'' OR priority = ''urgent'')')"
    " WHERE type = 'table' AND name = 'tickets';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'status IN (''open'',''pending'',''resolved'',''closed'')',"
    " '(status = ''open'' OR status = ''pending'' OR status = ''resolved'' OR status = ''closed'')')"
    " WHERE type = 'table' AND name = 'tickets';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'touchpoint IN (''after_followup'',''after_deal'',''after_service'',''other'')',"
    " '(touchpoint = ''after_followup'' OR touchpoint = ''after_deal'' OR touchpoint = ''after_service'' OR touchpoint = ''other'')')"
    " WHERE type = 'table' AND name = 'surveys';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'type IN (''text'',''number'',''date'',''select'',''bool'')',"
    " '(type = ''text'' OR type = ''number'' OR type = ''date'' OR type = ''select'' OR type = ''bool'')')"
    " WHERE type = 'table' AND name = 'customfields';"
    "UPDATE sqlite_schema SET sql = replace(sql, 'action IN (''create'',''update'',''delete'',''bulk'')',"
    " '(action = ''create'' OR action = ''update'' OR action = ''delete'' OR action = ''bulk'')')"
    " WHERE type = 'table' AND name = 'audit';"
    "PRAGMA writable_schema = RESET;"
    "CREATE TABLE gj_schema_bump (x); DROP TABLE gj_schema_bump;";

/*
 * Version 3: the audit log also names customer merges, claims from the
 * shared pool and returns to it (src/domain/customer_ops.c, customer_pool.c)
 * as their own actions, so the timeline can say what happened instead of a
 * bare "update". Same in-place CHECK edit as version 2.
 */
static const char *const migration_3 =
    "PRAGMA writable_schema = ON;"
    "UPDATE sqlite_schema SET sql = replace(sql, 'OR action = ''bulk'')',"
    " 'OR action = ''bulk'' OR action = ''merge'' OR action = ''claim'' OR action = ''pool_return'')')"
    " WHERE type = 'table' AND name = 'audit' AND sql NOT LIKE '%''pool_return''%';"
    "PRAGMA writable_schema = RESET;"
    "CREATE TABLE gj_schema_bump (x); DROP TABLE gj_schema_bump;";

/*
 * Version 4: team sync (docs/sync.md). The device's identity, id counter
 * and clock; the outbox of its own changesets; what has been applied from
 * each teammate; per-row merge state (field clocks, the delete clock and a
 * deleted row's last values) for the rows that were ever updated or
 * deleted; and the audit action for a conflict's losing side. Once a
 * database takes part in sync (`enabled`), the ids it makes are
 * prefix * 2^28 + counter, below 2^49 (exact in every JSON printer that
 * keeps 15 digits); until then SQLite's max(id) + 1 as before, and rows
 * made before keep their ids (below 2^28 unless a table ever held 268
 * million rows). CREATE ... IF NOT EXISTS and INSERT OR IGNORE: a dump
 * reloaded as version 1 may already hold these tables.
 */
static const char *const migration_4 =
    "CREATE TABLE IF NOT EXISTS sync_device ("
    " one INTEGER PRIMARY KEY CHECK (one = 1),"
    " device TEXT NOT NULL CHECK (length(device) = 16),"
    " id_prefix INTEGER NOT NULL CHECK (id_prefix BETWEEN 1 AND 2097151),"
    " next_id INTEGER NOT NULL CHECK (next_id BETWEEN 1 AND 268435456),"
    " seq INTEGER NOT NULL DEFAULT 0,"
    " hlc INTEGER NOT NULL DEFAULT 0,"
    " pushed_seq INTEGER NOT NULL DEFAULT 0,"
    " enabled INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0,1)));"
    "INSERT OR IGNORE INTO sync_device (one, device, id_prefix, next_id)"
    " VALUES (1, lower(hex(randomblob(8))), abs(random() % 2097151) + 1, 1);"
    "CREATE TABLE IF NOT EXISTS sync_outbox ("
    " seq INTEGER PRIMARY KEY,"
    " hlc INTEGER NOT NULL,"
    " deps BLOB,"
    " changeset BLOB NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sync_peers ("
    " device TEXT PRIMARY KEY,"
    " seq INTEGER NOT NULL,"
    " hlc INTEGER NOT NULL) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS sync_rows ("
    " tbl TEXT NOT NULL,"
    " pk NOT NULL,"
    " del_hlc INTEGER NOT NULL DEFAULT 0,"
    " del_dev TEXT NOT NULL DEFAULT '',"
    " cells BLOB,"
    " tomb BLOB,"
    " PRIMARY KEY (tbl, pk)) WITHOUT ROWID;"
    "PRAGMA writable_schema = ON;"
    "UPDATE sqlite_schema SET sql = replace(sql, 'OR action = ''pool_return'')',"
    " 'OR action = ''pool_return'' OR action = ''conflict'')')"
    " WHERE type = 'table' AND name = 'audit' AND sql NOT LIKE '%''conflict''%';"
    "PRAGMA writable_schema = RESET;"
    "CREATE TABLE gj_schema_bump (x); DROP TABLE gj_schema_bump;";

static const char *const *const migrations[] = {&migration_1, &migration_2, &migration_3,
                                                &migration_4};

const char *gj_schema_migration(int version)
{
    if (version < 1 || version > GJ_SCHEMA_VERSION) return NULL;
    return *migrations[version - 1];
}

/* Tables replicated by team sync (docs/sync.md), parents before children. */
static const char *const synced[] = {
    "reps", "customers", "deals", "deal_stages", "followups", "tickets", "surveys",
    "orders", "events", "customfields", "settings", "pipeline_stages",
    "activity_weights", NULL};

const char *const *gj_schema_synced_tables(void) { return synced; }

/* Tables whose row changes are audited, in the order the API names them. */
static const char *const audited[] = {
    "reps", "customers", "deals", "followups", "tickets", "surveys",
    "orders", "events", "customfields", NULL};

const char *const *gj_schema_audited_tables(void) { return audited; }
