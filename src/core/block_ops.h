/*
 * block_ops.h - one operation over a block of up to AX_BLOCK_OPS_MAX
 * values, the inner loops of the two block interpreters: channel
 * expressions (expr.c) and equation models (equations/program.c).  An
 * operand is either one value per element (pointer pa, pb) or one value
 * for the block (scalar flag sa, sb set, value xa, xb); the loops are
 * elementwise, so the result may overwrite an operand.
 */
#ifndef AX_BLOCK_OPS_H
#define AX_BLOCK_OPS_H

#include <stdint.h>
#include <string.h>

#include "core/scalar_functions.h"

#define AX_BLOCK_OPS_MAX 64

/* The iterations of a block loop are independent, also when the result
 * overwrites an operand in place (see AX_SIMD in core/model_util.h). */
#define AX_BLOCK_SIMD _Pragma("GCC ivdep")

/* d[0 .. n) = F(a), with locals sa, xa, pa, d, n in scope. */
#define AX_BLOCK_UNARY(F)                                                          \
    do {                                                                           \
        if (sa) {                                                                  \
            double r_ = F(xa);                                                     \
            for (uint32_t j = 0; j < n; j++)                                       \
                d[j] = r_;                                                         \
        } else {                                                                   \
            AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) d[j] = F(pa[j]);        \
        }                                                                          \
    } while (0)

/* d[0 .. n) = F(a, b), with sa, xa, pa, sb, xb, pb, d, n in scope. */
#define AX_BLOCK_BINARY(F)                                                         \
    do {                                                                           \
        if (!sa && !sb) {                                                          \
            AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) d[j] = F(pa[j], pb[j]); \
        } else if (!sa) {                                                          \
            AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) d[j] = F(pa[j], xb);    \
        } else if (!sb) {                                                          \
            AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) d[j] = F(xa, pb[j]);    \
        } else {                                                                   \
            double r_ = F(xa, xb);                                                 \
            for (uint32_t j = 0; j < n; j++)                                       \
                d[j] = r_;                                                         \
        }                                                                          \
    } while (0)

/* d = a ^ k over a block (n <= AX_BLOCK_OPS_MAX), by the multiplications
 * of f_powi, so that a folded constant and a block agree to the bit. */
static inline void ax_block_powi(double *d, const double *a, double xa, int scalar, int k, uint32_t n)
{
    if (scalar) {
        double r = f_powi(xa, k);
        for (uint32_t j = 0; j < n; j++)
            d[j] = r;
        return;
    }
    double b[AX_BLOCK_OPS_MAX];
    memcpy(b, a, n * sizeof *b);
    for (uint32_t j = 0; j < n; j++)
        d[j] = 1.0;
    for (unsigned m = (unsigned)(k < 0 ? -k : k); m; m >>= 1) {
        if (m & 1) {
            AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) d[j] *= b[j];
        }
        AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) b[j] *= b[j];
    }
    if (k < 0) {
        AX_BLOCK_SIMD for (uint32_t j = 0; j < n; j++) d[j] = 1.0 / d[j];
    }
}

#endif
