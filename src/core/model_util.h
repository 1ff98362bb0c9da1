/*
 * model_util.h - small helpers shared by the built-in models.
 *
 * Models keep the coefficients their update needs (propagators, thresholds)
 * in a struct per neuron, or a single struct when every parameter is
 * uniform.  The update body is an always-inline function with a constant
 * `het` flag, instantiated twice, so that in the uniform case the compiler
 * hoists the coefficients out of the loop and vectorises it.
 */
#ifndef AX_MODEL_UTIL_H
#define AX_MODEL_UTIL_H

#include <stdio.h>
#include <stdlib.h>

#include "axon.h"

#define AX_INLINE static inline __attribute__((always_inline))

/* (Re)allocates *data for one coefficient struct of `size` bytes, or one
 * per neuron when parameters differ between neurons.  Returns the number
 * of structs, 0 when out of memory (with msg set). */
static inline size_t ax_coef_alloc(const ax_population_view *p, void **data, size_t size, char *msg, size_t len)
{
    size_t n = p->uniform ? 1 : p->size;
    void *c = realloc(*data, n * size);
    if (!c) {
        snprintf(msg, len, "out of memory for %zu model coefficients", n);
        return 0;
    }
    *data = c;
    return n;
}

/* Calls body(p, begin, end, het) with het a compile-time constant. */
#define AX_DISPATCH(body, p, begin, end)          \
    do {                                          \
        if ((p)->uniform)                         \
            body((p), (begin), (end), 0);         \
        else                                      \
            body((p), (begin), (end), 1);         \
    } while (0)

/* Heterogeneous populations, in blocks of AX_PARAM_BLOCK neurons: row[k]
 * points at block b0's values of parameter k - its per-neuron array from
 * b0 on, or fill[k] (that parameter's one value repeated, filled once per
 * update call of n neurons by ax_param_fill) - so that a neuron loop reads
 * every parameter as an array, with no select on per_neuron[k]: a select of a load per neuron
 * keeps GCC from vectorising the loop (a masked load of a loop-invariant
 * mask), and reading per_neuron through the view inside the loop reloads
 * it every iteration. */
#define AX_PARAM_BLOCK 256

static inline void ax_param_fill(const ax_population_view *p, uint32_t n_params, uint32_t n,
                                 double (*fill)[AX_PARAM_BLOCK])
{
    /* only the rows' length for short ranges (frozen neighbours make many) */
    uint32_t m = n < AX_PARAM_BLOCK ? n : AX_PARAM_BLOCK;
    for (uint32_t k = 0; k < n_params; k++)
        if (!p->per_neuron[k])
            for (uint32_t j = 0; j < m; j++)
                fill[k][j] = p->param[k][0];
}

AX_INLINE void ax_param_rows(const ax_population_view *p, uint32_t n_params, uint32_t b0,
                             double (*fill)[AX_PARAM_BLOCK], const double **row)
{
    for (uint32_t k = 0; k < n_params; k++)
        row[k] = p->per_neuron[k] ? p->param[k] + b0 : fill[k];
}

/* Before a neuron loop: the iterations are independent.  The state arrays
 * come from the population view, so the compiler cannot prove that they do
 * not overlap; without this it needs more run-time overlap checks than it
 * allows and gives up on vectorising the loop.  (GCC ivdep rather than
 * `omp simd`, which would privatise the per-neuron coefficient struct into
 * an array and defeat the vectoriser.) */
#define AX_SIMD _Pragma("GCC ivdep")

/* max that vectorises: fmax()'s NaN rules keep loops scalar. */
AX_INLINE double ax_max(double a, double b) { return a > b ? a : b; }

/* fmin(x, y) for a y that is not NaN, inline: the same value as glibc's
 * (x when x <= y, -0 against +0 included; y when x is NaN), without its
 * call, which GCC makes at -O3 without -ffast-math. */
AX_INLINE double ax_fmin(double x, double y) { return x <= y ? x : y; }

/* Conductance models: a fast pass that leaves stiff neurons alone and says
 * whether there were any, then, only if so, a fix-up pass for them.
 * impl(p, begin, end, het, fixup) returns nonzero when it skipped some. */
#define AX_DISPATCH_TWO_PASS(impl, p, begin, end)                                   \
    do {                                                                           \
        int stiff_ = (p)->uniform ? impl((p), (begin), (end), 0, 0)                \
                                  : impl((p), (begin), (end), 1, 0);               \
        if (stiff_) {                                                              \
            if ((p)->uniform)                                                      \
                impl((p), (begin), (end), 0, 1);                                   \
            else                                                                   \
                impl((p), (begin), (end), 1, 1);                                   \
        }                                                                          \
    } while (0)

/* The check of every integrate-and-fire model: the reset lies below the
 * threshold, for every neuron (parameters v_reset and v_thresh at these
 * indices).  Returns -1 with msg set when not. */
static inline int ax_check_reset_below_threshold(const ax_population_view *p, int v_reset, int v_thresh, char *msg,
                                                 size_t len)
{
    for (uint32_t i = 0; i < (p->uniform ? 1 : p->size); i++) {
        double r = AX_PARAM(p, v_reset, i), t = AX_PARAM(p, v_thresh, i);
        if (r >= t) {
            snprintf(msg, len, "v_reset (%g mV) must be below v_thresh (%g mV) (neuron %u)", r, t, i);
            return -1;
        }
    }
    return 0;
}

/* release() of models whose data is one malloc'd block. */
static inline void ax_free_model_data(void *data) { free(data); }

/* Number of elements of a static table. */
#define AX_COUNT(a) ((uint32_t)(sizeof(a) / sizeof((a)[0])))

#endif
