/*
 * fused.h - one-pass kernels for the commonest shapes of an equation
 * model's step (fused.c): where the general path makes a pass over the
 * block per operation and copies between passes, these read the state
 * arrays once and write them once.  Each does the general path's
 * operations in the general path's order, so that the two give the same
 * bits (tests/test_equations_methods.c runs both).
 */
#ifndef AX_EQUATIONS_FUSED_H
#define AX_EQUATIONS_FUSED_H

#include <stdbool.h>
#include <stdint.h>

#define EQ_FUSED_MAX_EXACT 4

/* The exact set of a model with nothing else to integrate, one set of
 * propagators for the population (P ne x ne, q, r as eq_propagators):
 * x[r][j] = q[r] + r[r] * current[j] + sum over c with P[r][c] != 0 of
 * P[r][c] * x[c][j] (in the order of c), from and into the state arrays x;
 * a row with hold[r] keeps its value where refrac[j] > 0 (refrac may be
 * NULL).  ne <= EQ_FUSED_MAX_EXACT, n <= EQ_FUSED_ZEROS. */
void eq_fused_exact(uint32_t ne, const double *props, double *const *x, const bool *hold, const double *refrac,
                    const double *current, uint32_t n);

/* Step 3 of the update where the threshold is one comparison (op: Q_LT,
 * Q_LE, Q_GT, Q_GE of a[j] and b[j]): counts refrac (may be NULL) down,
 * sets spiked[j] where the comparison holds, the neuron was not refractory
 * at the step's start and (before not NULL) before[j] == 0; returns the
 * number that fire. */
uint32_t eq_fused_threshold(int op, const double *a, const double *b, double *refrac, const double *before,
                            uint32_t *spiked, uint32_t n);

/* The whole step of a model whose ODEs are one exact set (as
 * eq_fused_exact), whose receptors each add the input to one of them
 * (`v += weight`) and whose threshold compares two values, in one pass.
 * Rows are in the plan's order: rows 0 .. coupled-1 take q, r * current
 * and every column (zeros too); the others are pure decays, P[r][r] * x[r]
 * (their q, r and other columns are zero).  Then, per neuron j:
 *   y[r] = x0[r] where hold[r] and refrac[j] > 0 (the input is lost),
 *          else the propagated value + input[r][j];
 *   input[r][j] = 0; refrac[j] counted down;
 *   spiked[j] = lhs < rhs (strict) or lhs <= rhs, and not refractory at
 *          the start (crossing detection is the caller's, after);
 * lhs is row 0's new value where lhs_row, else lhs_value where lhs_const,
 * else arg[0][j]; rhs likewise.
 * refrac, the input of a row without one and arg[k] of a row
 * or constant operand must point to EQ_FUSED_ZEROS zeros, which the kernel may
 * overwrite with zeros; n <= EQ_FUSED_ZEROS.  Returns the number that
 * fire; the caller resets them.
 * The bits are the general path's (the update, then the receptor programs
 * and the threshold's) for finite values, up to the sign of a zero: that
 * path skips zero propagators and blocks with no input, where this one
 * adds 0 (turning -0 into +0, as the built-in models do; an infinite x
 * times a zero propagator would give NaN). */
#define EQ_FUSED_ZEROS 1024   /* the most neurons of one call */
typedef struct eq_fused_step {
    uint32_t ne, coupled;
    double props[EQ_FUSED_MAX_EXACT * EQ_FUSED_MAX_EXACT + 2 * EQ_FUSED_MAX_EXACT];   /* P, q, r */
    bool hold[EQ_FUSED_MAX_EXACT];
    bool strict, lhs_row, rhs_row, lhs_const, rhs_const;
    double lhs_value, rhs_value;
} eq_fused_step;

uint32_t eq_fused_run(const eq_fused_step *f, double *const *x, double *const *input, double *refrac,
                      const double *current, const double *const *arg, uint32_t *spiked, uint32_t n);

#endif
