/*
 * sync.* ops (docs/sync.md, "Core operations"): JSON and base64 around
 * the domain's sync functions (src/sync) and the store's sync state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "api_internal.h"
#include "sync/sync.h"

static const char B64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/* base64 of p[0..n) as a new cJSON string (NULL on OOM). */
static cJSON *b64_json(const unsigned char *p, size_t n)
{
    size_t i, o = 0, len = (n + 2) / 3 * 4;
    char *s = gj_malloc(len + 1);
    cJSON *out;
    if (!s) return NULL;
    for (i = 0; i + 2 < n; i += 3) {
        unsigned v = (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];
        s[o++] = B64[v >> 18];
        s[o++] = B64[v >> 12 & 63];
        s[o++] = B64[v >> 6 & 63];
        s[o++] = B64[v & 63];
    }
    if (i < n) {
        unsigned v = (unsigned)p[i] << 16 | (i + 1 < n ? (unsigned)p[i + 1] << 8 : 0);
        s[o++] = B64[v >> 18];
        s[o++] = B64[v >> 12 & 63];
        s[o++] = i + 1 < n ? B64[v >> 6 & 63] : '=';
        s[o++] = '=';
    }
    s[o] = 0;
    out = cJSON_CreateString(s);
    gj_free(s);
    return out;
}

static int b64_digit(char c)
{
    const char *p = c ? strchr(B64, c) : NULL;
    return p ? (int)(p - B64) : -1;
}

/* Decodes base64 text; *out malloc'ed. -1 when it is not base64. */
static int b64_decode(const char *s, unsigned char **out, size_t *n)
{
    size_t len = strlen(s), i, o = 0;
    unsigned char *p;
    *out = NULL;
    *n = 0;
    if (len % 4) return -1;
    if (!(p = gj_malloc(len / 4 * 3 + 1))) return -2;
    for (i = 0; i < len; i += 4) {
        int a = b64_digit(s[i]), b = b64_digit(s[i + 1]), c = s[i + 2] == '=' ? 0 : b64_digit(s[i + 2]),
            d = s[i + 3] == '=' ? 0 : b64_digit(s[i + 3]);
        int pad = (s[i + 2] == '=') + (s[i + 3] == '=');
        if (a < 0 || b < 0 || c < 0 || d < 0 || (pad && i + 4 != len) || (s[i + 2] == '=' && s[i + 3] != '=')) {
            gj_free(p);
            return -1;
        }
        p[o++] = (unsigned char)(a << 2 | b >> 4);
        if (pad < 2) p[o++] = (unsigned char)((b & 15) << 4 | c >> 2);
        if (pad < 1) p[o++] = (unsigned char)((c & 3) << 6 | d);
    }
    *out = p;
    *n = o;
    return 0;
}

static int nomem(gj_db *db) { return gj_db_fail(db, GJ_NOMEM, NULL, "out of memory"); }

/* An HLC as decimal digits: exact in JavaScript whatever its size. */
static void add_hlc(cJSON *o, int64_t hlc)
{
    char digits[24];
    snprintf(digits, sizeof digits, "%lld", (long long)hlc);
    cJSON_AddStringToObject(o, "hlc", digits);
}

static int add_peer(void *ctx, const char *device, int64_t seq, int64_t hlc)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "device", device);
    cJSON_AddNumberToObject(o, "seq", (double)seq);
    add_hlc(o, hlc);
    gj_api_push(ctx, o);
    return 0;
}

int gj_api_sync_status(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {NULL};
    gj_sync_device d;
    cJSON *o, *peers;
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_store_sync_device(gj_db_store(db), &d)) != GJ_OK) return gj_db_fail_store(db, rc);
    *data = o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "device", d.device);
    cJSON_AddBoolToObject(o, "enabled", d.enabled);
    cJSON_AddNumberToObject(o, "id_prefix", (double)d.id_prefix);
    cJSON_AddNumberToObject(o, "seq", (double)d.seq);
    add_hlc(o, d.hlc);
    cJSON_AddNumberToObject(o, "pushed_seq", (double)d.pushed_seq);
    cJSON_AddNumberToObject(o, "pending", (double)(d.seq - d.pushed_seq));
    cJSON_AddNumberToObject(o, "conflicts", (double)d.conflicts);
    peers = cJSON_AddArrayToObject(o, "peers");
    rc = gj_store_sync_peers(gj_db_store(db), add_peer, peers);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

int gj_api_sync_enable(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    int rc = gj_sync_enable(db);
    return rc == GJ_OK ? gj_api_sync_status(db, e, args, data) : rc;
}

typedef struct {
    cJSON *list;
    int oom;
} outbox_ctx;

static int add_file(void *ctx, int64_t seq, int64_t hlc, const unsigned char *file, size_t n)
{
    outbox_ctx *c = ctx;
    cJSON *o = cJSON_CreateObject(), *f = b64_json(file, n);
    if (!o || !f) {
        cJSON_Delete(o);
        cJSON_Delete(f);
        c->oom = 1;
        return 1;
    }
    cJSON_AddNumberToObject(o, "seq", (double)seq);
    add_hlc(o, hlc);
    cJSON_AddNumberToObject(o, "bytes", (double)n);
    gj_api_add(o, "file", f);
    gj_api_push(c->list, o);
    return 0;
}

int gj_api_sync_outbox(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"since", "limit", NULL};
    gj_sync_device d;
    outbox_ctx c = {NULL, 0};
    int64_t since, limit;
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK ||
        (rc = gj_api_int_arg(db, args, "since", 0, 0, INT64_MAX, &since)) != GJ_OK ||
        (rc = gj_api_int_arg(db, args, "limit", 1000, 1, 100000, &limit)) != GJ_OK)
        return rc;
    if ((rc = gj_sync_enable(db)) != GJ_OK) return rc;
    if ((rc = gj_store_sync_device(gj_db_store(db), &d)) != GJ_OK) return gj_db_fail_store(db, rc);
    *data = cJSON_CreateObject();
    cJSON_AddStringToObject(*data, "device", d.device);
    c.list = cJSON_AddArrayToObject(*data, "changes");
    rc = gj_sync_outbox_files(db, since, (int)limit, add_file, &c);
    if (rc == GJ_OK && c.oom) rc = nomem(db);
    return rc;
}

int gj_api_sync_pushed(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"seq", NULL};
    gj_sync_device d;
    int64_t seq;
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK || (rc = gj_api_need_id(db, args, "seq", &seq)) != GJ_OK)
        return rc;
    if ((rc = gj_store_sync_set_pushed(gj_db_store(db), seq)) != GJ_OK ||
        (rc = gj_store_sync_device(gj_db_store(db), &d)) != GJ_OK)
        return gj_db_fail_store(db, rc);
    *data = cJSON_CreateObject();
    cJSON_AddNumberToObject(*data, "pushed_seq", (double)d.pushed_seq);
    return GJ_OK;
}

int gj_api_sync_export(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"since", NULL};
    gj_sync_device d;
    unsigned char *file = NULL;
    size_t n = 0;
    int64_t since, first, last;
    int rc, count;
    cJSON *f;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK ||
        (rc = gj_api_int_arg(db, args, "since", 0, 0, INT64_MAX, &since)) != GJ_OK)
        return rc;
    if ((rc = gj_sync_export(db, since, &file, &n, &first, &last, &count)) != GJ_OK) return rc;
    if ((rc = gj_store_sync_device(gj_db_store(db), &d)) != GJ_OK) {
        gj_free(file);
        return gj_db_fail_store(db, rc);
    }
    f = b64_json(file, n);
    gj_free(file);
    if (!f) return nomem(db);
    *data = cJSON_CreateObject();
    cJSON_AddStringToObject(*data, "device", d.device);
    cJSON_AddNumberToObject(*data, "first_seq", (double)first);
    cJSON_AddNumberToObject(*data, "last_seq", (double)last);
    cJSON_AddNumberToObject(*data, "count", count);
    cJSON_AddNumberToObject(*data, "bytes", (double)n);
    gj_api_add(*data, "file", f);
    return GJ_OK;
}

static cJSON *outcome_json(const gj_sync_outcome *o)
{
    cJSON *j = cJSON_CreateObject();
    cJSON_AddStringToObject(j, "device", o->device);
    cJSON_AddNumberToObject(j, "seq", (double)o->seq);
    if (o->status == GJ_SYNC_PENDING) {
        cJSON *needs = cJSON_AddObjectToObject(j, "needs");
        cJSON_AddNumberToObject(needs, o->need_device, (double)o->need_seq);
    }
    return j;
}

/* Applies base64 files (a JSON array of strings) and describes the outcome. */
static int apply_files(gj_db *db, const cJSON *list, cJSON **data)
{
    static const char *const keys[] = {"", "applied", "duplicate", "pending"};
    unsigned char **files = NULL;
    size_t *lens = NULL;
    gj_sync_outcome *out = NULL;
    int nfiles = cJSON_GetArraySize(list), i = 0, nout = 0, conflicts = 0, rc = GJ_OK, k;
    const cJSON *it;
    if (nfiles && (!(files = gj_calloc((size_t)nfiles, sizeof *files)) || !(lens = gj_calloc((size_t)nfiles, sizeof *lens)))) {
        rc = nomem(db);
        goto done;
    }
    cJSON_ArrayForEach(it, list) {
        int b = cJSON_IsString(it) ? b64_decode(it->valuestring, &files[i], &lens[i]) : -1;
        if (b == -2) {
            rc = nomem(db);
            goto done;
        }
        if (b != 0) {
            gj_db_fail_reason(db, GJ_INVALID, "files", "bad_sync_file",
                              "sync file %d is not base64 text", i + 1);
            rc = gj_db_error_param_num(db, "file", i + 1);
            goto done;
        }
        i++;
    }
    if ((rc = gj_sync_apply_files(db, (const unsigned char *const *)files, lens, nfiles, &out, &nout, &conflicts)) != GJ_OK)
        goto done;
    *data = cJSON_CreateObject();
    for (k = 1; k <= 3; k++) {
        cJSON *arr = cJSON_AddArrayToObject(*data, keys[k]);
        for (i = 0; i < nout; i++)
            if (out[i].status == k) gj_api_push(arr, outcome_json(&out[i]));
    }
    cJSON_AddNumberToObject(*data, "conflicts", conflicts);
done:
    for (i = 0; files && i < nfiles; i++) gj_free(files[i]);
    gj_free(files);
    gj_free(lens);
    gj_free(out);
    return rc;
}

int gj_api_sync_apply(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"files", NULL};
    const cJSON *files = cJSON_GetObjectItemCaseSensitive(args, "files");
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if (!cJSON_IsArray(files)) {
        gj_db_fail_reason(db, GJ_INVALID, "files", "wrong_type", "files must be an array of base64 texts");
        return gj_db_error_param(db, "expected", "array");
    }
    return apply_files(db, files, data);
}

int gj_api_sync_import(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"file", NULL};
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(args, "file");
    cJSON *list;
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if (!cJSON_IsString(file)) {
        gj_db_fail_reason(db, GJ_INVALID, "file", "required", "file (base64 text) is required");
        return rc = GJ_INVALID;
    }
    if (!(list = cJSON_CreateArray())) return nomem(db);
    gj_api_push(list, cJSON_CreateString(file->valuestring));
    rc = apply_files(db, list, data);
    cJSON_Delete(list);
    return rc;
}

typedef struct {
    cJSON *list;
} conflicts_ctx;

static int add_conflict(void *ctx, int n, const gj_value *v, const char *const *names)
{
    conflicts_ctx *c = ctx;
    cJSON *o = cJSON_CreateObject(), *loser;
    const char *actor = v[4].type == GJ_VTEXT ? v[4].s : "";
    cJSON_AddNumberToObject(o, "id", (double)v[0].i);
    gj_api_add(o, "at", gj_api_field_json(&(gj_field){"at", GJ_FT_TIME, 0, NULL, NULL}, v[1]));
    cJSON_AddStringToObject(o, "entity", v[2].s ? v[2].s : "");
    if (v[3].type == GJ_VINT) cJSON_AddNumberToObject(o, "entity_id", (double)v[3].i);
    else if (v[3].type == GJ_VTEXT) cJSON_AddStringToObject(o, "entity_id", v[3].s);
    else cJSON_AddNullToObject(o, "entity_id");
    gj_api_add(o, "losing", v[5].type == GJ_VTEXT ? cJSON_Parse(v[5].s) : cJSON_CreateNull());
    gj_api_add(o, "winning", v[6].type == GJ_VTEXT ? cJSON_Parse(v[6].s) : cJSON_CreateNull());
    loser = cJSON_AddObjectToObject(o, "loser");
    cJSON_AddStringToObject(loser, "device", strncmp(actor, "sync:", 5) == 0 ? actor + 5 : actor);
    cJSON_AddBoolToObject(o, "restored", v[7].i != 0);
    gj_api_push(c->list, o);
    return 0;
}

int gj_api_sync_conflicts(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"limit", "offset", NULL};
    conflicts_ctx c;
    int64_t limit, offset, total = 0;
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK ||
        (rc = gj_api_int_arg(db, args, "limit", 100, 1, 10000, &limit)) != GJ_OK ||
        (rc = gj_api_int_arg(db, args, "offset", 0, 0, INT64_MAX, &offset)) != GJ_OK)
        return rc;
    *data = cJSON_CreateObject();
    c.list = cJSON_CreateArray();
    rc = gj_store_sync_conflicts(gj_db_store(db), (int)limit, (int)offset, &total, add_conflict, &c);
    cJSON_AddNumberToObject(*data, "total", (double)total);
    gj_api_add(*data, "conflicts", c.list);
    return rc == GJ_OK ? GJ_OK : gj_db_fail_store(db, rc);
}

int gj_api_sync_restore(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {"id", NULL};
    char *entity = NULL, *restored = NULL;
    int64_t id, entity_id = 0;
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK || (rc = gj_api_need_id(db, args, "id", &id)) != GJ_OK)
        return rc;
    rc = gj_store_sync_restore(gj_db_store(db), id, &entity, &entity_id, &restored);
    if (rc == GJ_NOTFOUND) {
        gj_db_fail_reason(db, GJ_NOTFOUND, "id", "not_found", "no conflict with id %lld", (long long)id);
        return gj_db_error_param_num(db, "id", (double)id);
    }
    if (rc == GJ_INVALID) {
        gj_db_fail_reason(db, GJ_INVALID, "id", "row_deleted", "%s", gj_store_errmsg(gj_db_store(db)));
        return gj_db_error_param_num(db, "id", (double)id);
    }
    if (rc == GJ_CONSTRAINT) { /* restoring a delete of a row others refer to */
        gj_db_fail_reason(db, GJ_CONSTRAINT, "id", "in_use", "%s", gj_store_errmsg(gj_db_store(db)));
        return gj_db_error_param_num(db, "id", (double)id);
    }
    if (rc != GJ_OK) return gj_db_fail_store(db, rc);
    *data = cJSON_CreateObject();
    cJSON_AddStringToObject(*data, "entity", entity);
    cJSON_AddNumberToObject(*data, "entity_id", (double)entity_id);
    gj_api_add(*data, "restored", cJSON_Parse(restored));
    gj_free(entity);
    gj_free(restored);
    return GJ_OK;
}

int gj_api_sync_new_device(gj_db *db, const gj_entity *e, const cJSON *args, cJSON **data)
{
    static const char *const known[] = {NULL};
    int rc;
    if ((rc = gj_api_only_args(db, args, known)) != GJ_OK) return rc;
    if ((rc = gj_store_sync_new_device(gj_db_store(db))) != GJ_OK) return gj_db_fail_store(db, rc);
    return gj_api_sync_status(db, e, args, data);
}
