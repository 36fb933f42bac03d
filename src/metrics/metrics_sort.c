/*
 * Sorting numbers: the samples behind medians and p90s (a dashboard sorts
 * a few hundred thousand: follow-up gaps, response hours, cycle days, per
 * group and per trend period) and customers by revenue (ABC tiers, every
 * op). qsort's comparator call per comparison was a quarter of a compute,
 * more under WASM where the call is indirect and musl's qsort is a
 * smoothsort. An LSD radix sort on the bits needs no comparisons: doubles
 * are mapped to unsigned integers in the same order (flip all bits of
 * negatives, the sign bit of the rest) and sorted 11 bits at a time;
 * passes whose digit is the same in every value (the high exponent bits,
 * mostly) are skipped. It is stable.
 */
#include <stdlib.h>
#include <string.h>

#include "metrics_int.h"

#define RADIX_BITS 11
#define RADIX (1u << RADIX_BITS)

typedef struct {
    uint64_t k;
    size_t i;
} item;

static uint64_t to_bits(double x)
{
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u | 0x8000000000000000ULL;
}

static double from_bits(uint64_t k)
{
    uint64_t u = (k >> 63) ? k & 0x7FFFFFFFFFFFFFFFULL : ~k;
    double x;
    memcpy(&x, &u, sizeof x);
    return x;
}

/* Sorts a[0..n) by k, stably; b is scratch of n. Returns the sorted array
 * (a or b). */
static item *radix(item *a, item *b, size_t n, size_t *count)
{
    unsigned shift;
    size_t i;
    for (shift = 0; shift < 64; shift += RADIX_BITS) {
        size_t sum = 0, d;
        item *t;
        memset(count, 0, RADIX * sizeof *count);
        for (i = 0; i < n; i++) count[(a[i].k >> shift) & (RADIX - 1)]++;
        if (count[(a[0].k >> shift) & (RADIX - 1)] == n) continue; /* one digit: nothing moves */
        for (d = 0; d < RADIX; d++) {
            size_t c = count[d];
            count[d] = sum;
            sum += c;
        }
        for (i = 0; i < n; i++) b[count[(a[i].k >> shift) & (RADIX - 1)]++] = a[i];
        t = a;
        a = b;
        b = t;
    }
    return a;
}

int gj_metrics_order(const double *key, size_t n, size_t *order)
{
    item *a = gj_malloc((n ? n : 1) * sizeof *a), *b = gj_malloc((n ? n : 1) * sizeof *b), *s;
    size_t *count = gj_malloc(RADIX * sizeof *count), i;
    int rc = -1;
    if (a && b && count) {
        for (i = 0; i < n; i++) {
            a[i].k = to_bits(key[i]);
            a[i].i = i;
        }
        s = n ? radix(a, b, n, count) : a;
        for (i = 0; i < n; i++) order[i] = s[i].i;
        rc = 0;
    }
    free(a);
    free(b);
    free(count);
    return rc;
}

int gj_metrics_sort_by(void *base, size_t n, size_t size, const double *key)
{
    size_t *order, i;
    char *tmp;
    int rc = -1;
    if (n == 0) return 0; /* an empty list may have no array at all (base NULL) */
    order = gj_malloc(n * sizeof *order);
    tmp = gj_malloc(n * size);
    if (order && tmp && gj_metrics_order(key, n, order) == 0) {
        for (i = 0; i < n; i++) memcpy(tmp + i * size, (char *)base + order[i] * size, size);
        memcpy(base, tmp, n * size);
        rc = 0;
    }
    free(order);
    free(tmp);
    return rc;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

void gj_metrics_sort(double *v, size_t n)
{
    item *a, *b, *s;
    size_t *count, i;
    if (n < 2) return;
    a = n < 256 ? NULL : gj_malloc(n * sizeof *a); /* small: the passes do not pay */
    b = a ? gj_malloc(n * sizeof *b) : NULL;
    count = b ? gj_malloc(RADIX * sizeof *count) : NULL;
    if (!count) { /* still sorted, only slower */
        free(a);
        free(b);
        qsort(v, n, sizeof *v, cmp_double);
        return;
    }
    for (i = 0; i < n; i++) {
        a[i].k = to_bits(v[i]);
        a[i].i = i;
    }
    s = radix(a, b, n, count);
    for (i = 0; i < n; i++) v[i] = from_bits(s[i].k);
    free(a);
    free(b);
    free(count);
}
