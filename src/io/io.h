/*
 * I/O layer: CSV import and export. Sits between the domain layer (whose
 * gj_record_* functions every imported row goes through, so an import obeys
 * the same rules as API writes) and the JSON API. Sees domain.h and
 * genjin.h only: no sqlite3.h, no cJSON.h (src/api parses the JSON options
 * into gj_import_options).
 *
 * Modules: csv.c (RFC 4180 streaming parser and cell writer), encoding.c
 * (UTF-8 / GB18030 detection and decoding), values.c (dates, numbers,
 * booleans, enum synonyms), headers.c (column -> field matching), import.c
 * (the streaming importer behind gj_import_*), report.c (report JSON),
 * export.c (rows -> CSV text).
 */
#ifndef GJ_IO_H
#define GJ_IO_H

#include <stddef.h>
#include <stdint.h>

#include "domain/domain.h"

/* ---- growable byte buffer (strbuf.c) ---- */

typedef struct {
    char *p;      /* NUL-terminated when len > 0 or after gj_buf_str */
    size_t len, cap;
    int oom;      /* an append failed: the content is incomplete */
} gj_buf;

void gj_buf_init(gj_buf *b);
void gj_buf_free(gj_buf *b);   /* accepts a zeroed buffer */
void gj_buf_add(gj_buf *b, const char *s, size_t n);
void gj_buf_adds(gj_buf *b, const char *s);
void gj_buf_addf(gj_buf *b, const char *fmt, ...);
/* Appends s as a JSON string literal (quotes included). */
void gj_buf_json_str(gj_buf *b, const char *s);
/* The text ("" when empty; never NULL unless oom). Owned by b. */
const char *gj_buf_str(gj_buf *b);
/* Moves the text out (caller frees with free/gj_free); NULL on OOM. */
char *gj_buf_take(gj_buf *b);

/* ---- string -> int64 map (strmap.c), for reference caches ---- */

typedef struct gj_strmap gj_strmap;
gj_strmap *gj_strmap_new(void);              /* NULL on OOM */
void gj_strmap_free(gj_strmap *m);           /* accepts NULL */
/* 1 and *val when found, 0 when not. */
int gj_strmap_get(const gj_strmap *m, const char *key, int64_t *val);
/* Inserts or replaces. GJ_OK or GJ_NOMEM. */
int gj_strmap_put(gj_strmap *m, const char *key, int64_t val);
void gj_strmap_clear(gj_strmap *m);
size_t gj_strmap_count(const gj_strmap *m); /* keys in m */

/* ---- set of 64-bit hashes (util.c) ---- */

typedef struct gj_hset gj_hset;
uint64_t gj_hash64(const char *s);  /* FNV-1a, never 0 */
gj_hset *gj_hset_new(void);         /* NULL on OOM */
void gj_hset_free(gj_hset *h);      /* accepts NULL */
/* Adds v: 0 when it was new, 1 when already there, -1 on OOM. */
int gj_hset_add(gj_hset *h, uint64_t v);
size_t gj_hset_count(const gj_hset *h); /* values in h */

/* ---- CSV (csv.c) ---- */

/*
 * Called once per record with its fields, NUL-terminated and writable
 * (valid during the call only). Returns 0 to go on; any other value stops
 * the parser, which returns it from gj_csv_feed / gj_csv_finish.
 */
typedef int (*gj_csv_row_fn)(void *ctx, int nfields, char **fields, const size_t *lens);

typedef struct gj_csv gj_csv;

/* A parser for comma-separated UTF-8 text (RFC 4180, plus: bare CR or LF
 * end records like CRLF; a quote inside an unquoted field is kept as is,
 * as Excel does). NULL on OOM. */
gj_csv *gj_csv_new(gj_csv_row_fn fn, void *ctx);
void gj_csv_free(gj_csv *p); /* accepts NULL */
/* Parses the next n bytes: any split works, even inside a quoted field or
 * a CRLF. Returns GJ_OK, GJ_NOMEM, GJ_INVALID (a record over 64 MiB:
 * gj_csv_error says so) or the callback's non-zero value. */
int gj_csv_feed(gj_csv *p, const char *s, size_t n);
/* Ends the input (the last record needs no line break). Same returns;
 * GJ_INVALID for a quoted field still open at the end. */
int gj_csv_finish(gj_csv *p);
const char *gj_csv_error(const gj_csv *p);
/* Records delivered so far. */
int64_t gj_csv_records(const gj_csv *p);
/* Index of the field being read in the current record (0 = the first). */
int gj_csv_field(const gj_csv *p);

/* Appends cell s[0..n) to b as a person reads it: a NUL byte, which no
 * field may hold, as U+2400 (the symbol for NUL). */
void gj_io_show_cell(gj_buf *b, const char *s, size_t n);

/* Appends one cell to b, quoted when it holds a comma, quote, CR or LF
 * (quotes doubled). With `neutralise`, text starting with = + - @ TAB or
 * CR gets a leading ' so spreadsheets do not run it as a formula. */
void gj_csv_cell(gj_buf *b, const char *s, int neutralise);

/* ---- encoding (encoding.c) ---- */

#define GJ_ENC_AUTO 0
#define GJ_ENC_UTF8 1
#define GJ_ENC_GB18030 2

/* Receives decoded UTF-8 text. Non-zero stops decoding and is returned. */
typedef int (*gj_text_fn)(void *ctx, const char *s, size_t n);

/* 1 when s[0..n) is valid UTF-8 (no overlong forms, surrogates or code
 * points past U+10FFFF), else 0. */
int gj_utf8_valid(const char *s, size_t n);

typedef struct gj_decoder gj_decoder;

/* A decoder to UTF-8 from `enc`. GJ_ENC_AUTO decides from the first 64 KiB
 * (all of them, whatever the split): a UTF-8 BOM, or more valid multibyte
 * UTF-8 sequences than bad bytes, means UTF-8 (its bad bytes are then
 * refused), anything else GB18030 (what Chinese Excel saves as "CSV"). A
 * leading UTF-8 BOM is dropped. NULL on OOM. */
gj_decoder *gj_decoder_new(int enc);
void gj_decoder_free(gj_decoder *d); /* accepts NULL */
/* GJ_OK, GJ_NOMEM, GJ_INVALID (bytes not valid in the encoding, or
 * GB18030 not available: gj_decoder_error says which byte) or fn's value. */
int gj_decoder_feed(gj_decoder *d, const char *s, size_t n, gj_text_fn fn, void *ctx);
int gj_decoder_finish(gj_decoder *d, gj_text_fn fn, void *ctx);
const char *gj_decoder_error(const gj_decoder *d);
/* GJ_ENC_UTF8 or GJ_ENC_GB18030 once known, else GJ_ENC_AUTO. */
int gj_decoder_encoding(const gj_decoder *d);
/* Bytes decoded so far and passed on (the offset of a bad byte once
 * gj_decoder_feed refused it). */
int64_t gj_decoder_offset(const gj_decoder *d);
const char *gj_encoding_name(int enc); /* "utf-8", "gb18030", "auto" */

/* ---- cell values (values.c) ---- */

#define GJ_DATE_AUTO 0
#define GJ_DATE_YMD 1
#define GJ_DATE_MDY 2
#define GJ_DATE_DMY 3

/*
 * Parses a date/time cell: the ISO 8601 forms of the API (with offsets),
 * YYYY/MM/DD, YYYY.MM.DD, YYYY年M月D日, M/D/YYYY or D/M/YYYY (by
 * date_format; AUTO takes D/M only when the first number is over 12), each
 * optionally followed by H:MM or H:MM:SS. Times without an offset are
 * local to the workspace: tz_minutes east of UTC are subtracted. Returns 0
 * and *out (epoch seconds), or -1.
 */
int gj_io_parse_time(const char *s, int date_format, int tz_minutes, int64_t *out);
/* "1,234.50", "¥1234", " 12 " -> number. 0, or -1 (also for a number
 * too large for a double, such as 1e999). */
int gj_io_parse_number(const char *s, double *out);
/* true/false, 1/0, yes/no, y/n, 是/否, 有/无 (any case). 0 or -1. */
int gj_io_parse_bool(const char *s, int *out);
/* The choice of enum field f that s names (the value itself in any case,
 * or a common Chinese/English synonym), or NULL. Static string. */
const char *gj_io_enum_value(const gj_field *f, const char *s);

/* ---- column targets (headers.c) ---- */

typedef enum {
    GJ_T_IGNORE = 0,
    GJ_T_FIELD,         /* an entity field by index */
    GJ_T_CUSTOMER_EXT,  /* customer_ext_id -> customer_id */
    GJ_T_CUSTOMER_NAME, /* customer_name: lookup by name / name of a created customer */
    GJ_T_DEAL_EXT,      /* deal_ext_id -> deal_id */
    GJ_T_TICKET_EXT,    /* ticket_ext_id -> ticket_id */
    GJ_T_REP,           /* rep/owner by ext_id or name -> field (rep_id/owner_id) */
    GJ_T_CUSTOM         /* custom.<key> */
} gj_target_kind;

typedef struct {
    gj_target_kind kind;
    int field;               /* GJ_T_FIELD, GJ_T_REP: index in the entity */
    char name[GJ_NAME_LEN];  /* the target's name as reported: "phone", "customer_ext_id", "custom.size" */
} gj_target;

/* The target named `name` for entity e ("phone", "customer_ext_id", "rep",
 * "owner", "custom.key", "" = ignore). 0, or -1 when e has no such target. */
int gj_target_parse(const gj_entity *e, const char *name, gj_target *t);
/* The target a source header suggests by name or alias (English, Chinese),
 * or NULL. Static string, parse it with gj_target_parse. */
const char *gj_header_suggest(const gj_entity *e, const char *header);
/* Target names offered for entity e (for the wizard), NULL-terminated,
 * written into out (cap entries). Returns the count. */
int gj_target_names(const gj_entity *e, const char **out, int cap);

/* ---- import (import.c) ---- */

/* ext_ids of one file kept in memory (for duplicate rows and to skip the
 * lookup of a new key); past this the database answers, so an import's
 * memory does not grow with the file. */
#define GJ_IMPORT_KEYS_MAX (1 << 20)

typedef struct {
    const char *kind;         /* entity name */
    int nmap;
    const char *const *map_from; /* source header -> target name ("" ignores) */
    const char *const *map_to;
    int create_missing_customers;
    int create_missing_reps;  /* rep/owner names without a rep create one */
    int duplicates_later;     /* an ext_id twice in the file: the later row wins (else refused) */
    int dry_run;
    int date_format;          /* GJ_DATE_* */
    int custom_fields;        /* unmapped columns become text custom fields */
    int encoding;             /* GJ_ENC_* */
    int max_errors;           /* errors listed in the report (default 100) */
    const char *actor;        /* named in the audit summary entry; may be NULL */
    int keys_max;             /* ext_ids of the file kept in memory; 0 = GJ_IMPORT_KEYS_MAX */
} gj_import_options;

void gj_import_options_init(gj_import_options *o);

/*
 * Starts an import (the C side of gj_import_begin, which parses JSON
 * options in src/api). Opens a transaction and turns per-row audit off
 * (one summary entry is written on commit). Returns GJ_OK and *out, or
 * GJ_INVALID (unknown kind/target: message and field on the handle) or
 * GJ_NOMEM. Strings in opt are copied.
 */
int gj_io_import_begin(gj_db *db, const gj_import_options *opt, gj_import **out);

/* ---- labels of exported columns (labels.c) ---- */

#define GJ_LABELS_NONE 0 /* API field names */
#define GJ_LABELS_ZH 1
#define GJ_LABELS_EN 2
/* GJ_LABELS_* for "zh-CN" / "en" (NULL: none), -1 for anything else. */
int gj_io_label_lang(const char *name);
/* The label of target (a field name, "owner", "rep") of e in lang, or
 * NULL when it has none. Static. */
const char *gj_io_label(const gj_entity *e, const char *target, int lang);
/* The target whose label (either language) `same` finds equal to header,
 * or NULL. Static. */
const char *gj_io_label_target(const gj_entity *e, const char *header,
                               int (*same)(const char *, const char *));
/* The target a labelled export writes field i under ("owner"/"rep" for a
 * rep reference, else the field's name). Static. */
const char *gj_io_export_target(const gj_entity *e, int i);

/* ---- export (export.c) ---- */

/* How an export writes its columns: labels of a language, and rep
 * references as rep names. */
typedef struct {
    int lang;              /* GJ_LABELS_* */
    int64_t nreps;         /* rep_name[id] for 0 < id < nreps; NULL where none */
    char **rep_name;
} gj_export_style;

/* Reads what `lang` needs (the reps' names) into *s. GJ_OK, or the
 * domain's error (GJ_NOMEM). Free with gj_export_style_free. */
int gj_export_style_init(gj_db *db, int lang, gj_export_style *s);
void gj_export_style_free(gj_export_style *s); /* accepts a zeroed style */
/* The CSV header line of entity e with CRLF: API field names, or with a
 * style's language its labels. */
void gj_export_header(gj_buf *b, const gj_entity *e, const gj_export_style *s);
/* One row (values by field index as gj_record_list gives them): times as
 * ISO 8601 UTC, booleans true/false, text neutralised against formulas;
 * with a style (may be NULL) rep references as the reps' names. */
void gj_export_row(gj_buf *b, const gj_entity *e, const gj_value *vals, const gj_export_style *s);

#endif /* GJ_IO_H */
