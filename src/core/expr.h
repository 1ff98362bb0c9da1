/*
 * expr.h - arithmetic expressions of named variables (v and parameters),
 * compiled once and evaluated over arrays of neurons: the rate functions
 * of user-defined ion channels (channels/user.c).
 *
 * Syntax: numbers (2, 0.5, .5, 1e-3), names, + - * /, ^ or ** (power,
 * right-associative, binding tighter than unary minus: -2^2 = -4,
 * 2^3^2 = 512, 2^-1 = 0.5), parentheses and the functions
 *
 *   exp log sqrt tanh cosh abs   one argument
 *   pow(x, y) = x ^ y, min(x, y), max(x, y)
 *   exprel(x)  = (exp(x) - 1) / x            continued by 1 at x = 0
 *   vtrap(x, y) = x / (exp(x / y) - 1)       continued by y at x = 0
 *
 * exprel and vtrap are the removable 0/0 forms of Hodgkin-Huxley rate
 * functions written so that they stay finite and accurate at and near the
 * singular point (NEURON's vtrap, Brian2's exprel).
 *
 * Compilation: a recursive-descent parser builds a tree, folds constant
 * subtrees (2 * 3 -> 6; x ^ 3 with a small integer exponent becomes
 * repeated multiplication) and emits code for a register machine whose
 * registers are blocks of AX_EXPR_BLOCK doubles: each instruction is one
 * tight loop over a block, so evaluation over a population vectorises,
 * and the interpreter's dispatch costs once per block, not per neuron.
 * Registers are allotted in Sethi-Ullman order (the operand that needs
 * more registers first), so few are needed.  exp, exprel, vtrap, tanh and
 * cosh use the vectorisable ax_exp (core/vmath.h); log and pow with a
 * non-integer exponent call libm (scalar loops).
 *
 * Evaluation writes no shared state, so threads may evaluate one compiled
 * expression concurrently with their own scratch.
 */
#ifndef AX_EXPR_H
#define AX_EXPR_H

#include <stddef.h>
#include <stdint.h>

#define AX_EXPR_BLOCK 64        /* neurons per instruction */
#define AX_EXPR_MAX_REGS 16     /* registers; deeper expressions are refused */
#define AX_EXPR_MAX_VARS 32     /* named variables */
#define AX_EXPR_MAX_LEN 4000    /* characters of text */

typedef struct ax_expr ax_expr;

/* Registers of one evaluation (AX_EXPR_MAX_REGS - 1 blocks: the result
 * is the first register). */
typedef double ax_expr_scratch[AX_EXPR_MAX_REGS - 1][AX_EXPR_BLOCK];

/* Compiles `text`, in which the variables names[0 .. n_names) may appear.
 * NULL on error, with a message naming the column in msg, e.g.
 * "expected ')' at column 15 (the end) of 'exp(-(v+40)/10'"; when memory
 * ran out, msg begins with AX_EXPR_NO_MEMORY (the text may be fine). */
#define AX_EXPR_NO_MEMORY "out of memory compiling"
ax_expr *ax_expr_compile(const char *text, const char *const *names, uint32_t n_names, char *msg, size_t len);

void ax_expr_free(ax_expr *e);

/* Whether `name` is one of the functions (so cannot name a variable). */
int ax_expr_is_function(const char *name);

/* The source text. */
const char *ax_expr_text(const ax_expr *e);

/* Evaluates e for elements [i0, i0 + n), n <= AX_EXPR_BLOCK, into
 * out[0 .. n).  Variable k is var[k][i] when bit k of per_neuron is set,
 * else var[k][0] for every element. */
void ax_expr_eval_block(const ax_expr *e, const double *const *var, uint32_t per_neuron, size_t i0, uint32_t n,
                        double *out, ax_expr_scratch scratch);

/* The same over [begin, end), into out[0 .. end - begin). */
void ax_expr_eval(const ax_expr *e, const double *const *var, uint32_t per_neuron, size_t begin, size_t end,
                  double *out);

/* One value: variable k is values[k]. */
double ax_expr_value(const ax_expr *e, const double *values);

#endif
