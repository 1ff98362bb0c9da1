/*
 * functions.h - the operations of equation models that core/scalar_functions.h
 * does not have, as scalar inline code: the block programs (program.c) and
 * the compiled step (jit.c) call the same code, so that they agree to the bit.
 */
#ifndef AX_EQUATIONS_FUNCTIONS_H
#define AX_EQUATIONS_FUNCTIONS_H

#include "core/scalar_functions.h"

INLINE double f_not(double x) { return x == 0.0 ? 1.0 : 0.0; }
INLINE double f_sinh(double x) { return 0.5 * (ax_exp(x) - ax_exp(-x)); }
INLINE double f_lt(double a, double b) { return a < b ? 1.0 : 0.0; }
INLINE double f_le(double a, double b) { return a <= b ? 1.0 : 0.0; }
INLINE double f_gt(double a, double b) { return a > b ? 1.0 : 0.0; }
INLINE double f_ge(double a, double b) { return a >= b ? 1.0 : 0.0; }
INLINE double f_eq(double a, double b) { return a == b ? 1.0 : 0.0; }
INLINE double f_ne(double a, double b) { return a != b ? 1.0 : 0.0; }
INLINE double f_and(double a, double b) { return (a != 0.0) & (b != 0.0) ? 1.0 : 0.0; }
INLINE double f_or(double a, double b) { return (a != 0.0) | (b != 0.0) ? 1.0 : 0.0; }
INLINE double f_copy(double a) { return a; }

#endif
