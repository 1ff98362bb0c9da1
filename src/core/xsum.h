/*
 * xsum.h - exact sums of doubles (a small superaccumulator, after Neal,
 * "Fast exact summation using small and large superaccumulators", 2015).
 *
 * Why: a population signal sums one term per neuron, and each thread
 * sums the neurons it owns.  Floating-point addition is not associative,
 * so partial sums combined in thread order would change with the number
 * of threads.  Here every finite double is added exactly, as integers in
 * 32-bit digits; integer addition is associative, so the exact sum - and
 * the double made from it - does not depend on the order of the terms or
 * on how they were split between threads.
 *
 * A double is mant * 2^(b - 1074) with mant < 2^53 and 0 <= b < 2046;
 * digit i holds multiples of 2^(32 i - 1074).  Each add puts < 2^32 into
 * at most three digits, so a digit (int64) takes 2^30 adds safely before
 * ax_xsum_carry must run.  NaN and infinities are summed apart (their sum
 * is order-independent too).
 */
#ifndef AX_XSUM_H
#define AX_XSUM_H

#include <math.h>
#include <stdint.h>
#include <string.h>

#define AX_XSUM_DIGITS 67
#define AX_XSUM_MAX_ADDS (1u << 30)

typedef struct ax_xsum {
    int64_t d[AX_XSUM_DIGITS];
    double special;   /* sum of the non-finite terms */
    uint32_t adds;    /* since the last carry */
} ax_xsum;

static inline void ax_xsum_add(ax_xsum *s, double x)
{
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    uint32_t e = (uint32_t)(bits >> 52) & 0x7ff;
    if (e == 0x7ff) {
        s->special += x;
        return;
    }
    uint64_t mant = bits & ((1ull << 52) - 1);
    if (e)
        mant |= 1ull << 52;
    else
        e = 1;   /* subnormal: the same scale as the smallest normal */
    uint32_t b = e - 1, i = b / 32, sh = b % 32;
    int64_t p0 = (int64_t)((mant << sh) & 0xffffffffu);
    int64_t p1 = (int64_t)((mant >> (32 - sh)) & 0xffffffffu);
    int64_t p2 = sh ? (int64_t)(mant >> (64 - sh)) : 0;
    if (bits >> 63) {
        s->d[i] -= p0, s->d[i + 1] -= p1, s->d[i + 2] -= p2;
    } else {
        s->d[i] += p0, s->d[i + 1] += p1, s->d[i + 2] += p2;
    }
    s->adds++;
}

/* Digits 0 .. top-1 brought into [0, 2^32), the rest carried up: the one
 * form of a given exact value. */
static inline void ax_xsum_carry(ax_xsum *s)
{
    for (int i = 0; i < AX_XSUM_DIGITS - 1; i++) {
        int64_t c = s->d[i] >= 0 ? s->d[i] / 4294967296 : -((-s->d[i] + 4294967295) / 4294967296);
        s->d[i] -= c * 4294967296;
        s->d[i + 1] += c;
    }
    s->adds = 0;
}

/* s += t (both carried or under AX_XSUM_MAX_ADDS / 2 adds). */
static inline void ax_xsum_merge(ax_xsum *s, const ax_xsum *t)
{
    for (int i = 0; i < AX_XSUM_DIGITS; i++)
        s->d[i] += t->d[i];
    s->special += t->special;
    s->adds += t->adds;
}

/* The sum as a double: from the carried form, digits added from the top,
 * so the result depends only on the exact value (within a few ulp of it). */
static inline double ax_xsum_value(ax_xsum *s)
{
    ax_xsum_carry(s);
    /* a negative sum carries -1 into every digit above it: take the
     * magnitude first, so that no digit stands for a huge power of two */
    int top = AX_XSUM_DIGITS - 1;
    while (top > 0 && s->d[top] == 0)
        top--;
    double sign = 1;
    if (s->d[top] < 0) {
        for (int i = 0; i < AX_XSUM_DIGITS; i++)
            s->d[i] = -s->d[i];
        ax_xsum_carry(s);
        sign = -1;
    }
    double r = 0;
    for (int i = AX_XSUM_DIGITS - 1; i >= 0; i--)
        if (s->d[i])
            r += ldexp((double)s->d[i], 32 * i - 1074);
    return sign * r + s->special;
}

#endif
