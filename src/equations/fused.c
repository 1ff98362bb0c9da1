/*
 * fused.c - one-pass kernels of an equation model's step (see fused.h).
 */
#include "equations/equations.h"
#include "equations/fused.h"

#include <string.h>

/* a where mask is all ones, b where it is zero: a select the vectoriser
 * takes whatever the mask (a loop-invariant condition would be unswitched) */
static inline __attribute__((always_inline)) double pick(uint64_t mask, double a, double b)
{
    uint64_t ua, ub;
    memcpy(&ua, &a, sizeof ua);
    memcpy(&ub, &b, sizeof ub);
    uint64_t r = (ua & mask) | (ub & ~mask);
    double d;
    memcpy(&d, &r, sizeof d);
    return d;
}


/* The exact set with ne fixed at compile time, so that the loops over rows
 * and columns unroll and the loop over neurons vectorises.  A zero
 * propagator is skipped by a select of the sum without it (the general
 * path skips the operation: adding 0 * x would turn -0 into +0 and a NaN
 * or infinite x into NaN). */
static inline __attribute__((always_inline)) void exact_n(const uint32_t ne, const double *props,
                                                          double *const *x, const bool *hold,
                                                          const double *refrac, const double *current,
                                                          uint32_t n)
{
    const double *P = props, *q = props + ne * ne, *ir = q + ne;
    double pm[EQ_FUSED_MAX_EXACT][EQ_FUSED_MAX_EXACT], qv[EQ_FUSED_MAX_EXACT], iv[EQ_FUSED_MAX_EXACT];
    uint64_t nz[EQ_FUSED_MAX_EXACT][EQ_FUSED_MAX_EXACT], hv[EQ_FUSED_MAX_EXACT];
    double *xv[EQ_FUSED_MAX_EXACT];
    bool any_hold = false;
    for (uint32_t r = 0; r < ne; r++) {
        qv[r] = q[r];
        iv[r] = ir[r];
        hv[r] = hold[r] && refrac ? ~0ull : 0;
        any_hold |= hv[r] != 0;
        xv[r] = x[r];
        for (uint32_t c = 0; c < ne; c++) {
            pm[r][c] = P[r * ne + c];
            nz[r][c] = pm[r][c] != 0.0 ? ~0ull : 0;
        }
    }
    static const double none[EQ_FUSED_ZEROS];
    const double *rf = any_hold ? refrac : none;
#pragma GCC ivdep
    for (uint32_t j = 0; j < n; j++) {
        double x0[EQ_FUSED_MAX_EXACT], y[EQ_FUSED_MAX_EXACT];
#pragma GCC unroll 4
        for (uint32_t c = 0; c < ne; c++)
            x0[c] = xv[c][j];
        uint64_t held = rf[j] > 0.0 ? ~0ull : 0;
#pragma GCC unroll 4
        for (uint32_t r = 0; r < ne; r++) {
            double acc = qv[r] + iv[r] * current[j];
#pragma GCC unroll 4
            for (uint32_t c = 0; c < ne; c++)
                acc = pick(nz[r][c], acc + pm[r][c] * x0[c], acc);
            y[r] = pick(hv[r] & held, x0[r], acc);
        }
#pragma GCC unroll 4
        for (uint32_t r = 0; r < ne; r++)
            xv[r][j] = y[r];
    }
}

void eq_fused_exact(uint32_t ne, const double *props, double *const *x, const bool *hold, const double *refrac,
                    const double *current, uint32_t n)
{
    switch (ne) {
    case 1: exact_n(1, props, x, hold, refrac, current, n); break;
    case 2: exact_n(2, props, x, hold, refrac, current, n); break;
    case 3: exact_n(3, props, x, hold, refrac, current, n); break;
    default: exact_n(4, props, x, hold, refrac, current, n); break;
    }
}

static inline __attribute__((always_inline)) uint32_t compare(int op, double a, double b)
{
    switch (op) {
    case Q_LT: return a < b;
    case Q_LE: return a <= b;
    case Q_GT: return a > b;
    default: return a >= b;
    }
}

/* The threshold with op fixed at compile time; refrac and before tested
 * outside the loop, so that it vectorises (the general path's loops). */
static inline __attribute__((always_inline)) uint32_t threshold_op(const int op, const double *a, const double *b,
                                                                   double *refrac, const double *before,
                                                                   uint32_t *spiked, uint32_t n)
{
    uint32_t fired = 0;
    if (refrac && before) {
#pragma GCC ivdep
        for (uint32_t j = 0; j < n; j++) {
            double was = refrac[j];
            refrac[j] = was > 0.0 ? was - 1.0 : was;
            uint32_t f = compare(op, a[j], b[j]) & (uint32_t)(was <= 0.0) & (uint32_t)(before[j] == 0.0);
            spiked[j] = f;
            fired += f;
        }
    } else if (refrac) {
#pragma GCC ivdep
        for (uint32_t j = 0; j < n; j++) {
            double was = refrac[j];
            refrac[j] = was > 0.0 ? was - 1.0 : was;
            uint32_t f = compare(op, a[j], b[j]) & (uint32_t)(was <= 0.0);
            spiked[j] = f;
            fired += f;
        }
    } else if (before) {
#pragma GCC ivdep
        for (uint32_t j = 0; j < n; j++) {
            uint32_t f = compare(op, a[j], b[j]) & (uint32_t)(before[j] == 0.0);
            spiked[j] = f;
            fired += f;
        }
    } else {
#pragma GCC ivdep
        for (uint32_t j = 0; j < n; j++) {
            uint32_t f = compare(op, a[j], b[j]);
            spiked[j] = f;
            fired += f;
        }
    }
    return fired;
}

uint32_t eq_fused_threshold(int op, const double *a, const double *b, double *refrac, const double *before,
                            uint32_t *spiked, uint32_t n)
{
    switch (op) {
    case Q_LT: return threshold_op(Q_LT, a, b, refrac, before, spiked, n);
    case Q_LE: return threshold_op(Q_LE, a, b, refrac, before, spiked, n);
    case Q_GT: return threshold_op(Q_GT, a, b, refrac, before, spiked, n);
    default: return threshold_op(Q_GE, a, b, refrac, before, spiked, n);
    }
}

/* The step with ne, the number of coupled rows nc and whether the
 * threshold is simple (constant OP row 0) fixed at compile time (see
 * eq_fused_step): the loop-invariant choices then cost no instructions. */
static inline __attribute__((always_inline)) uint32_t run_n(const uint32_t ne, const uint32_t nc,
                                                            const bool simple, const eq_fused_step *f,
                                                            double *const *x, double *const *input,
                                                            double *refrac, const double *current,
                                                            const double *const *arg, uint32_t *spiked, uint32_t n)
{
    const double *P = f->props, *q = P + ne * ne, *ir = q + ne;
    double pm[EQ_FUSED_MAX_EXACT][EQ_FUSED_MAX_EXACT], qv[EQ_FUSED_MAX_EXACT], iv[EQ_FUSED_MAX_EXACT];
    uint64_t hv[EQ_FUSED_MAX_EXACT];
    double *xv[EQ_FUSED_MAX_EXACT], *in[EQ_FUSED_MAX_EXACT];
    for (uint32_t r = 0; r < ne; r++) {
        qv[r] = q[r];
        iv[r] = ir[r];
        hv[r] = f->hold[r] ? ~0ull : 0;
        xv[r] = x[r];
        in[r] = input[r];
        for (uint32_t c = 0; c < ne; c++)
            pm[r][c] = P[r * ne + c];
    }
    const double *pa = arg[0], *pb = arg[1];
    const uint64_t strict = f->strict ? ~0ull : 0, lhs_row = f->lhs_row ? ~0ull : 0;
    const uint64_t rhs_row = f->rhs_row ? ~0ull : 0;
    const uint64_t lhs_const = f->lhs_const ? ~0ull : 0, rhs_const = f->rhs_const ? ~0ull : 0;
    const double lhs_value = f->lhs_value, rhs_value = f->rhs_value;
    uint32_t fired = 0;
#pragma GCC ivdep
    for (uint32_t j = 0; j < n; j++) {
        double x0[EQ_FUSED_MAX_EXACT], y[EQ_FUSED_MAX_EXACT];
#pragma GCC unroll 4
        for (uint32_t c = 0; c < ne; c++)
            x0[c] = xv[c][j];
        double was = refrac[j];
        uint64_t held = was > 0.0 ? ~0ull : 0;
#pragma GCC unroll 4
        for (uint32_t r = 0; r < ne; r++) {
            double acc;
            if (r < nc) {
                acc = qv[r] + iv[r] * current[j];
#pragma GCC unroll 4
                for (uint32_t c = 0; c < ne; c++)
                    acc = acc + pm[r][c] * x0[c];
            } else {
                acc = pm[r][r] * x0[r];
            }
            acc = acc + in[r][j];
            y[r] = pick(hv[r] & held, x0[r], acc);
        }
        double a, b;
        if (simple) {
            a = lhs_value;
            b = y[0];
        } else {
            a = pick(lhs_row, y[0], pick(lhs_const, lhs_value, pa[j]));
            b = pick(rhs_row, y[0], pick(rhs_const, rhs_value, pb[j]));
        }
#pragma GCC unroll 4
        for (uint32_t r = 0; r < ne; r++) {
            xv[r][j] = y[r];
            in[r][j] = 0.0;
        }
        refrac[j] = was > 0.0 ? was - 1.0 : was;
        uint64_t lt = a < b ? ~0ull : 0, le = a <= b ? ~0ull : 0;
        uint32_t cond = (uint32_t)(((lt & strict) | (le & ~strict)) & 1u);
        uint32_t fire = cond & (uint32_t)(was <= 0.0);
        spiked[j] = fire;
        fired += fire;
    }
    return fired;
}

#define RUN(NE, NC)                                                                         \
    (simple ? run_n(NE, NC, true, f, x, input, refrac, current, arg, spiked, n)             \
            : run_n(NE, NC, false, f, x, input, refrac, current, arg, spiked, n))

uint32_t eq_fused_run(const eq_fused_step *f, double *const *x, double *const *input, double *refrac,
                      const double *current, const double *const *arg, uint32_t *spiked, uint32_t n)
{
    const bool simple = f->lhs_const && f->rhs_row;
    switch (f->ne * 8 + f->coupled) {
    case 8 + 0: return RUN(1, 0);
    case 8 + 1: return RUN(1, 1);
    case 16 + 0: return RUN(2, 0);
    case 16 + 1: return RUN(2, 1);
    case 16 + 2: return RUN(2, 2);
    case 24 + 0: return RUN(3, 0);
    case 24 + 1: return RUN(3, 1);
    case 24 + 2: return RUN(3, 2);
    case 24 + 3: return RUN(3, 3);
    case 32 + 0: return RUN(4, 0);
    case 32 + 1: return RUN(4, 1);
    case 32 + 2: return RUN(4, 2);
    case 32 + 3: return RUN(4, 3);
    default: return RUN(4, 4);
    }
}
