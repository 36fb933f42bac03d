/*
 * sql.js's legacy extension functions, which sql.js 1.x registers on every
 * database unless initSqlJs gets useOldExtensionFunctions: false: math
 * (ceil, floor, log, sign, square, cot, atn2, ...), text (replicate,
 * charindex, leftstr, rightstr, reverse, proper, padl/padr/padc,
 * strfilter, difference) and statistics (stdev, variance, mode, median,
 * lower_quartile, upper_quartile). Written for Genjin to give the values
 * and types sql.js gives, quirks included (tests/node/sqljs_cases.js
 * compares them with sql.js): a code base moving from sql.js must get the
 * same numbers. They replace SQLite's functions of the same name and
 * arity on that connection only, as they do in sql.js (there `log(x)` is
 * the natural logarithm and `ceil(2.5)` an integer).
 */
#include "store/sqlapi.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "sqlite3.h"
#include "sqlapi_int.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef sqlite3_context ctx_t;
typedef sqlite3_value val_t;

/* ---- math ---- */

/* A function of one number: NULL stays NULL, anything else is read as a
 * double (text that is not a number is 0). The math library does not set
 * errno under WASM, so out-of-domain arguments give NaN (NULL) or
 * infinities, as in sql.js. */
typedef struct { const char *name; double (*fn)(double); } math1_def;

static double cot(double x) { return 1.0 / tan(x); }
static double coth(double x) { return 1.0 / tanh(x); }
static double degrees(double x) { return 180.0 * x / M_PI; }
static double radians(double x) { return x * M_PI / 180.0; }

static const math1_def math1_defs[] = {
    {"acos", acos}, {"asin", asin}, {"atan", atan}, {"acosh", acosh}, {"asinh", asinh},
    {"atanh", atanh}, {"degrees", degrees}, {"radians", radians}, {"cos", cos},
    {"sin", sin}, {"tan", tan}, {"cot", cot}, {"cosh", cosh}, {"sinh", sinh},
    {"tanh", tanh}, {"coth", coth}, {"exp", exp}, {"log", log}, {"log10", log10},
    {"sqrt", sqrt},
};

static void math1(ctx_t *c, int argc, val_t **argv)
{
    const math1_def *d = sqlite3_user_data(c);
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    sqlite3_result_double(c, d->fn(sqlite3_value_double(argv[0])));
}

/* atn2/atan2 (user data NULL) and power (non-NULL): NULL if either is. */
static void math2(ctx_t *c, int argc, val_t **argv)
{
    double a, b;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL)
        return;
    a = sqlite3_value_double(argv[0]);
    b = sqlite3_value_double(argv[1]);
    sqlite3_result_double(c, sqlite3_user_data(c) ? pow(a, b) : atan2(a, b));
}

static void pi_fn(ctx_t *c, int argc, val_t **argv)
{
    sqlite3_result_double(c, M_PI);
}

/* A double's integer part as the legacy functions convert it in sql.js's
 * build: WASM's saturating conversion, so out of range gives the nearest
 * 64-bit limit and NaN 0 (written out here: the C cast is undefined). */
static sqlite3_int64 to_i64(double d)
{
    if (d != d) return 0;
    if (d >= 9223372036854775808.0) return INT64_MAX;
    if (d < -9223372036854775808.0) return INT64_MIN;
    return (sqlite3_int64)d;
}

/* ceil and floor: an integer stays as it is, other values become the
 * integer (not the real) above or below. */
static void ceil_floor(ctx_t *c, int argc, val_t **argv)
{
    int up = sqlite3_user_data(c) != NULL;
    double d;
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL: return;
    case SQLITE_INTEGER: sqlite3_result_int64(c, sqlite3_value_int64(argv[0])); return;
    default:
        d = sqlite3_value_double(argv[0]);
        sqlite3_result_int64(c, to_i64(up ? ceil(d) : floor(d)));
    }
}

/* sign: -1/0/1, an integer for an integer and a real for anything else. */
static void sign_fn(ctx_t *c, int argc, val_t **argv)
{
    sqlite3_int64 i;
    double d;
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL: return;
    case SQLITE_INTEGER:
        i = sqlite3_value_int64(argv[0]);
        sqlite3_result_int64(c, i > 0 ? 1 : i < 0 ? -1 : 0);
        return;
    default:
        d = sqlite3_value_double(argv[0]);
        sqlite3_result_double(c, d > 0 ? 1.0 : d < 0 ? -1.0 : 0.0);
    }
}

/* square: an integer's square is an integer (wrapping past 64 bits). */
static void square_fn(ctx_t *c, int argc, val_t **argv)
{
    sqlite3_uint64 u;
    double d;
    switch (sqlite3_value_type(argv[0])) {
    case SQLITE_NULL: return;
    case SQLITE_INTEGER:
        u = (sqlite3_uint64)sqlite3_value_int64(argv[0]);
        sqlite3_result_int64(c, (sqlite3_int64)(u * u));
        return;
    default:
        d = sqlite3_value_double(argv[0]);
        sqlite3_result_double(c, d * d);
    }
}

/* ---- text (UTF-8; a character is a lead byte and its continuation
 * bytes; text ends at its first NUL, as in C) ---- */

static const char *next_char(const char *z)
{
    if (*z) z++;
    while ((*z & 0xc0) == 0x80) z++;
    return z;
}

static sqlite3_int64 char_count(const char *z)
{
    sqlite3_int64 n = 0;
    for (; *z; z = next_char(z)) n++;
    return n;
}

/* The connection's longest text or blob. */
static sqlite3_int64 max_length(ctx_t *c)
{
    return sqlite3_limit(sqlite3_context_db_handle(c), SQLITE_LIMIT_LENGTH, -1);
}

/* Sets a text result of n bytes at p, or the out-of-memory error for a
 * failed allocation (p NULL). Frees p. */
static void result_owned(ctx_t *c, char *p, sqlite3_int64 n)
{
    if (!p) {
        sqlite3_result_error_nomem(c);
        return;
    }
    p[n] = '\0';
    sqlite3_result_text(c, p, -1, sqlite3_free);
}

static int any_null(int argc, val_t **argv)
{
    for (int i = 0; i < argc; i++)
        if (sqlite3_value_type(argv[i]) == SQLITE_NULL) return 1;
    return 0;
}

/* replicate(text, n): text n times; n < 0 is "domain error". */
static void replicate_fn(ctx_t *c, int argc, val_t **argv)
{
    sqlite3_int64 count, len, i;
    const char *z;
    char *out;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    count = sqlite3_value_int64(argv[1]);
    if (count < 0) {
        sqlite3_result_error(c, "domain error", -1);
        return;
    }
    /* All the bytes are copied and the result ends at the first NUL: text
     * with a NUL in it repeats only up to it, as in sql.js. */
    z = (const char *)sqlite3_value_text(argv[0]);
    len = z ? sqlite3_value_bytes(argv[0]) : 0;
    if (len > 0 && count > max_length(c) / len) {
        sqlite3_result_error_toobig(c);
        return;
    }
    out = sqlite3_malloc64((sqlite3_uint64)(len * count + 1));
    if (out)
        for (i = 0; i < count; i++) memcpy(out + i * len, z, (size_t)len);
    result_owned(c, out, len * count);
}

/* proper(text): each word's first letter upper case, the rest lower case
 * (ASCII letters; words are separated by spaces and tabs). */
static void proper_fn(ctx_t *c, int argc, val_t **argv)
{
    const char *z;
    char *out;
    size_t n, i;
    int start = 1;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    z = (const char *)sqlite3_value_text(argv[0]);
    n = z ? strlen(z) : 0;
    out = sqlite3_malloc64(n + 1);
    if (out) {
        for (i = 0; i < n; i++) {
            char ch = z[i];
            if (ch == ' ' || ch == '\t') {
                start = 1;
            } else {
                if (start && ch >= 'a' && ch <= 'z') ch -= 'a' - 'A';
                else if (!start && ch >= 'A' && ch <= 'Z') ch += 'a' - 'A';
                start = 0;
            }
            out[i] = ch;
        }
    }
    result_owned(c, out, (sqlite3_int64)n);
}

/* padl/padr/padc(text, n): spaces on the left (user data 0), right (1)
 * or both (2, the odd one on the right) up to n characters. */
static void pad_fn(ctx_t *c, int argc, val_t **argv)
{
    int where = (int)(intptr_t)sqlite3_user_data(c);
    sqlite3_int64 width, chars, left, right, len;
    const char *z;
    char *out;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    z = (const char *)sqlite3_value_text(argv[0]);
    if (!z) z = "";
    width = sqlite3_value_int64(argv[1]);
    if (width < 0) {
        sqlite3_result_error(c, "domain error", -1);
        return;
    }
    chars = char_count(z);
    len = (sqlite3_int64)strlen(z);
    if (chars >= width) {
        sqlite3_result_text(c, z, -1, SQLITE_TRANSIENT);
        return;
    }
    if (width - chars > max_length(c)) {
        sqlite3_result_error_toobig(c);
        return;
    }
    left = where == 0 ? width - chars : where == 2 ? (width - chars) / 2 : 0;
    right = width - chars - left;
    out = sqlite3_malloc64((sqlite3_uint64)(len + width - chars + 1));
    if (out) {
        memset(out, ' ', (size_t)left);
        memcpy(out + left, z, (size_t)len);
        memset(out + left + len, ' ', (size_t)right);
    }
    result_owned(c, out, len + width - chars);
}

static int same_char(const char *a, const char *a_end, const char *b, const char *b_end)
{
    return a_end - a == b_end - b && memcmp(a, b, (size_t)(a_end - a)) == 0;
}

/* strfilter(text, keep): the characters of text that occur in keep. */
static void strfilter_fn(ctx_t *c, int argc, val_t **argv)
{
    const char *z, *keep, *p, *q;
    char *out;
    sqlite3_int64 n = 0;
    if (any_null(2, argv)) return;
    z = (const char *)sqlite3_value_text(argv[0]);
    keep = (const char *)sqlite3_value_text(argv[1]);
    if (!z || !keep) {
        sqlite3_result_error_nomem(c);
        return;
    }
    out = sqlite3_malloc64(strlen(z) + 1);
    if (out) {
        for (p = z; *p; p = next_char(p)) {
            const char *pe = next_char(p);
            for (q = keep; *q; q = next_char(q)) {
                if (same_char(p, pe, q, next_char(q))) {
                    memcpy(out + n, p, (size_t)(pe - p));
                    n += pe - p;
                    break;
                }
            }
        }
    }
    result_owned(c, out, n);
}

/* charindex(needle, text [, start]): the 1-based character position of
 * needle in text at or after character start, 0 when absent or empty. */
static void charindex_fn(ctx_t *c, int argc, val_t **argv)
{
    const char *needle, *z;
    sqlite3_int64 start = 0, pos;
    size_t nlen;
    if (any_null(2, argv)) return;
    needle = (const char *)sqlite3_value_text(argv[0]);
    z = (const char *)sqlite3_value_text(argv[1]);
    if (!needle || !z) return;
    if (argc == 3) {
        start = (sqlite3_int64)sqlite3_value_int(argv[2]) - 1;
        if (start < 0) start = 0;
    }
    nlen = strlen(needle);
    if (nlen == 0) {
        sqlite3_result_int(c, 0);
        return;
    }
    for (pos = 0; *z && pos < start; pos++) z = next_char(z);
    for (; *z; z = next_char(z), pos++) {
        if (strncmp(z, needle, nlen) == 0) {
            sqlite3_result_int64(c, pos + 1);
            return;
        }
    }
    sqlite3_result_int(c, 0);
}

/* leftstr(text, n) (user data 0) and rightstr(text, n) (1): the first or
 * last n characters; n <= 0 gives ''. */
static void leftright_fn(ctx_t *c, int argc, val_t **argv)
{
    int right = sqlite3_user_data(c) != NULL;
    const char *z, *from, *to;
    sqlite3_int64 n, skip;
    if (any_null(2, argv)) return;
    z = (const char *)sqlite3_value_text(argv[0]);
    if (!z) z = "";
    n = sqlite3_value_int(argv[1]);
    if (!right) {
        from = to = z;
        for (; *to && n > 0; n--) to = next_char(to);
    } else {
        skip = char_count(z) - (n > 0 ? n : 0);
        from = z;
        for (; *from && skip > 0; skip--) from = next_char(from);
        to = from + strlen(from);
    }
    sqlite3_result_text(c, from, (int)(to - from), SQLITE_TRANSIENT);
}

/* reverse(text): its characters in reverse order. */
static void reverse_fn(ctx_t *c, int argc, val_t **argv)
{
    const char *z, *p;
    char *out;
    size_t n;
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) return;
    z = (const char *)sqlite3_value_text(argv[0]);
    if (!z) z = "";
    n = strlen(z);
    out = sqlite3_malloc64(n + 1);
    if (out) {
        char *w = out + n;
        for (p = z; *p;) {
            const char *pe = next_char(p);
            w -= pe - p;
            memcpy(w, p, (size_t)(pe - p));
            p = pe;
        }
    }
    result_owned(c, out, (sqlite3_int64)n);
}

/* The legacy soundex: the first letter, then the code of every coded
 * letter from that first letter on (repeats included), padded with 0 to
 * 4; "?000" without a letter. */
static void soundex(const unsigned char *z, char out[5])
{
    static const char codes[] = "01230120022455012623010202"; /* A..Z */
    int j = 1;
    while (*z && !((*z >= 'A' && *z <= 'Z') || (*z >= 'a' && *z <= 'z'))) z++;
    if (!*z) {
        memcpy(out, "?000", 5);
        return;
    }
    out[0] = (char)(*z >= 'a' ? *z - ('a' - 'A') : *z);
    for (; *z && j < 4; z++) {
        unsigned ch = *z & 0x7f;
        char code = '0';
        if (ch >= 'a' && ch <= 'z') code = codes[ch - 'a'];
        else if (ch >= 'A' && ch <= 'Z') code = codes[ch - 'A'];
        if (code != '0') out[j++] = code;
    }
    while (j < 4) out[j++] = '0';
    out[4] = '\0';
}

/* difference(a, b): how many of the 4 soundex characters agree. */
static void difference_fn(ctx_t *c, int argc, val_t **argv)
{
    char a[5], b[5];
    const unsigned char *za, *zb;
    int same = 0;
    if (any_null(2, argv)) return;
    za = sqlite3_value_text(argv[0]);
    zb = sqlite3_value_text(argv[1]);
    soundex(za ? za : (const unsigned char *)"", a);
    soundex(zb ? zb : (const unsigned char *)"", b);
    for (int i = 0; i < 4; i++) same += a[i] == b[i];
    sqlite3_result_int(c, same);
}

/* ---- statistics ---- */

/* stdev and variance: the sample variance (n - 1), 0 for fewer than two
 * values; every non-NULL value counts (text as its numeric value). */
typedef struct { double mean, m2; sqlite3_int64 n; } var_ctx;

static void variance_step(ctx_t *c, int argc, val_t **argv)
{
    var_ctx *p = sqlite3_aggregate_context(c, sizeof *p);
    double x, delta;
    if (!p) {
        sqlite3_result_error_nomem(c);
        return;
    }
    if (sqlite3_value_numeric_type(argv[0]) == SQLITE_NULL) return;
    x = sqlite3_value_double(argv[0]);
    p->n++;
    delta = x - p->mean;
    p->mean += delta / (double)p->n;
    p->m2 += delta * (x - p->mean);
}

static void variance_final(ctx_t *c)
{
    int root = sqlite3_user_data(c) != NULL;
    var_ctx *p = sqlite3_aggregate_context(c, 0);
    double v = p && p->n > 1 ? p->m2 / (double)(p->n - 1) : 0.0;
    sqlite3_result_double(c, root ? sqrt(v) : v);
}

/* mode, median and the quartiles keep every value: as integers when the
 * group's first value is one, else as reals. */
typedef union { sqlite3_int64 i; double d; } num;
typedef struct { num *v; sqlite3_int64 n, cap; int is_real; } values_ctx;

static void values_step(ctx_t *c, int argc, val_t **argv)
{
    int type = sqlite3_value_numeric_type(argv[0]);
    values_ctx *p;
    if (type == SQLITE_NULL) return;
    p = sqlite3_aggregate_context(c, sizeof *p);
    if (!p) goto nomem;
    if (p->n == 0 && !p->v) p->is_real = type != SQLITE_INTEGER;
    if (p->n == p->cap) {
        sqlite3_int64 cap = p->cap ? p->cap * 2 : 16;
        num *v = sqlite3_realloc64(p->v, (sqlite3_uint64)cap * sizeof *v);
        if (!v) goto nomem;
        p->v = v;
        p->cap = cap;
    }
    if (p->is_real) p->v[p->n++].d = sqlite3_value_double(argv[0]);
    else p->v[p->n++].i = sqlite3_value_int64(argv[0]);
    return;
nomem:
    sqlite3_result_error_nomem(c);
}

static int cmp_int(const void *a, const void *b)
{
    sqlite3_int64 x = ((const num *)a)->i, y = ((const num *)b)->i;
    return x < y ? -1 : x > y;
}

static int cmp_real(const void *a, const void *b)
{
    double x = ((const num *)a)->d, y = ((const num *)b)->d;
    return x < y ? -1 : x > y;
}

/* The value of run start i, as sql.js reads it: integers through a
 * 32-bit int (so values beyond it wrap, as they do there). */
static double run_value(const values_ctx *p, sqlite3_int64 i, sqlite3_int64 *as_int)
{
    if (p->is_real) return p->v[i].d;
    *as_int = (int)(uint32_t)(sqlite3_uint64)p->v[i].i;
    return (double)*as_int;
}

static sqlite3_int64 run_end(const values_ctx *p, sqlite3_int64 i)
{
    sqlite3_int64 j = i + 1;
    if (p->is_real) while (j < p->n && p->v[j].d == p->v[i].d) j++;
    else while (j < p->n && p->v[j].i == p->v[i].i) j++;
    return j;
}

/* user data: NULL for mode, else a pointer to the fraction (1/2 for the
 * median, 1/4 and 3/4 for the quartiles). The mode is the most frequent
 * value, NULL on a tie. A percentile averages the distinct values with
 * at least that fraction at or below them and the rest at or above. */
static void values_final(ctx_t *c)
{
    const double *fraction = sqlite3_user_data(c);
    values_ctx *p = sqlite3_aggregate_context(c, 0);
    sqlite3_int64 i, j, best = 0, ties = 0, below = 0, hits = 0, isum = 0, iv = 0;
    double best_v = 0, dsum = 0, v;
    if (!p || !p->v) return;
    qsort(p->v, (size_t)p->n, sizeof *p->v, p->is_real ? cmp_real : cmp_int);
    for (i = 0; i < p->n; i = j) {
        j = run_end(p, i);
        v = run_value(p, i, &iv);
        if (!fraction) {
            if (j - i == best) ties++;
            else if (j - i > best) best = j - i, best_v = v, ties = 1;
            continue;
        }
        if (below + (j - i) >= p->n * *fraction) {
            if (p->n - below < p->n - p->n * *fraction) break;
            hits++;
            isum += iv;
            dsum += v;
        }
        below += j - i;
    }
    if (!fraction) {
        if (ties != 1) goto done;
        if (p->is_real) sqlite3_result_double(c, best_v);
        else sqlite3_result_int64(c, (sqlite3_int64)best_v);
    } else if (!p->is_real && hits == 1) {
        sqlite3_result_int64(c, isum);
    } else {
        sqlite3_result_double(c, (p->is_real ? dsum : (double)isum) / (double)hits);
    }
done:
    sqlite3_free(p->v);
    p->v = NULL;
}

/* ---- registration ---- */

static const double half = 0.5, quarter = 0.25, three_quarters = 0.75;

typedef struct {
    const char *name;
    signed char nargs;
    void *user;
    void (*fn)(ctx_t *, int, val_t **);
    void (*step)(ctx_t *, int, val_t **);
    void (*final)(ctx_t *);
} fn_def;

#define U(x) ((void *)(intptr_t)(x))
static const fn_def fn_defs[] = {
    {"atn2", 2, NULL, math2, NULL, NULL},
    {"atan2", 2, NULL, math2, NULL, NULL},
    {"power", 2, U(1), math2, NULL, NULL},
    {"pi", 0, NULL, pi_fn, NULL, NULL},
    {"ceil", 1, U(1), ceil_floor, NULL, NULL},
    {"floor", 1, NULL, ceil_floor, NULL, NULL},
    {"sign", 1, NULL, sign_fn, NULL, NULL},
    {"square", 1, NULL, square_fn, NULL, NULL},
    {"difference", 2, NULL, difference_fn, NULL, NULL},
    {"replicate", 2, NULL, replicate_fn, NULL, NULL},
    {"charindex", 2, NULL, charindex_fn, NULL, NULL},
    {"charindex", 3, NULL, charindex_fn, NULL, NULL},
    {"leftstr", 2, NULL, leftright_fn, NULL, NULL},
    {"rightstr", 2, U(1), leftright_fn, NULL, NULL},
    {"reverse", 1, NULL, reverse_fn, NULL, NULL},
    {"proper", 1, NULL, proper_fn, NULL, NULL},
    {"padl", 2, U(0), pad_fn, NULL, NULL},
    {"padr", 2, U(1), pad_fn, NULL, NULL},
    {"padc", 2, U(2), pad_fn, NULL, NULL},
    {"strfilter", 2, NULL, strfilter_fn, NULL, NULL},
    {"stdev", 1, U(1), NULL, variance_step, variance_final},
    {"variance", 1, NULL, NULL, variance_step, variance_final},
    {"mode", 1, NULL, NULL, values_step, values_final},
    {"median", 1, (void *)&half, NULL, values_step, values_final},
    {"lower_quartile", 1, (void *)&quarter, NULL, values_step, values_final},
    {"upper_quartile", 1, (void *)&three_quarters, NULL, values_step, values_final},
};

int gj_sql_legacy_functions(gj_sql *s)
{
    size_t i;
    int rc = SQLITE_OK;
    if (!s->owned) {
        sqlite3_free(s->err);
        s->err = sqlite3_mprintf("legacy functions are for a database of its own");
        return GJ_INVALID;
    }
    for (i = 0; rc == SQLITE_OK && i < sizeof math1_defs / sizeof *math1_defs; i++)
        rc = sqlite3_create_function(s->db, math1_defs[i].name, 1, SQLITE_UTF8,
                                     (void *)&math1_defs[i], math1, NULL, NULL);
    for (i = 0; rc == SQLITE_OK && i < sizeof fn_defs / sizeof *fn_defs; i++)
        rc = sqlite3_create_function(s->db, fn_defs[i].name, fn_defs[i].nargs, SQLITE_UTF8,
                                     fn_defs[i].user, fn_defs[i].fn, fn_defs[i].step,
                                     fn_defs[i].final);
    return rc == SQLITE_OK ? GJ_OK : gj_sql_fail(s, rc);
}
