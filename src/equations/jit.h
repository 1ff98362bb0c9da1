/*
 * jit.h - equations compiled to machine code while the model runs (jit.c,
 * with Debian's libgccjit where the build found it):
 *  - an equation model's integration, when a population prepares
 *    (jit_step.c): the block programs' operations, the method's stages and
 *    the store of the new state fused into one loop over the neurons, where
 *    the interpreter makes a pass over a block per operation;
 *  - a plasticity rule's new-w expressions, when a projection builds
 *    (jit_rule.c): one function per expression, called per synapse and
 *    event where the interpreter runs scalar.h's code.
 *
 * The compiled code does the interpreter's operations in its order with its
 * functions (no contraction into fused multiply-adds, no reassociation), so
 * that it gives the interpreter's bits; tests/test_equations_fast.c and
 * tests/test_modelfile_rules.c run both.  Where the model's shape is
 * not covered (noise, rand(), rk45, per-neuron refractory coupling of the
 * exact set) or libgccjit is missing or fails, eq_jit_compile returns NULL
 * and the interpreter runs.  AXON_JIT=0 in the environment turns it off
 * (to compare); AXON_JIT_DUMP=1 prints GCC's vectorisation report.
 */
#ifndef AX_EQUATIONS_JIT_H
#define AX_EQUATIONS_JIT_H

#include <stdbool.h>
#include <stdint.h>

#include "equations/equations.h"
#include "equations/program.h"

/* What the compiled step integrates: step 1 of step.c's update and the
 * store of the new values (x[o] = held and refractory ? x0 : new). */
typedef struct eq_jit_spec {
    const eq_model *m;
    uint8_t method;              /* rest_method: M_EULER, M_RK2, M_RK4 or M_EXP_EULER */
    const eq_program *pr;        /* the rest's derivatives, or exponential Euler's A, B pairs */
    uint32_t ne;                 /* the exact set (m->exact_ode) */
    bool prop_per_neuron;
    const double *prop, *prop_half;   /* one set (P, q, r) when not per neuron: compiled in */
    uint32_t n_rest;
    const uint32_t *rest;        /* ODE indices */
    uint16_t current_slot;       /* ptr[current_slot]: I_inj */
    uint32_t n_slots;            /* the pointers in ptr */
    double h;
} eq_jit_spec;

/* Over neurons j < n of a block: ptr as the programs' (states, parameters,
 * current, derived arrays bound from the block's first neuron); x[o] the
 * state array of ODE o from there; prop, prop_half the block's first
 * neuron's sets where per neuron (else unused); times t, t + h/2, t + h. */
typedef void (*eq_jit_fn)(const double *const *ptr, double *const *x, const double *prop, const double *prop_half,
                          const double *times, uint32_t n);

/* Whether this build can compile (libgccjit) and AXON_JIT is not 0. */
bool eq_jit_available(void);

/* Compiling while the model runs: a population prepares, starts a job and
 * runs on the interpreter until *fn turns from NULL to the compiled
 * function (an atomic store; the two give the same bits, so the step at
 * which it changes does not show in any result).  AXON_JIT=wait compiles
 * before eq_jit_begin returns (for timing the compiled code alone).  The
 * spec's arrays must stay until eq_jit_end, which waits for the compile and
 * sets *fn to NULL.  NULL: nothing to compile (not covered, not available);
 * eq_jit_end(NULL) does nothing. */
typedef struct eq_jit_job eq_jit_job;
eq_jit_job *eq_jit_begin(const eq_jit_spec *spec, eq_jit_fn *fn);
void eq_jit_end(eq_jit_job *job);
/* Waits until no job is compiling (tests). */
void eq_jit_wait(void);

/* A plasticity rule's new w (scalar.h's programs over the slots pre 0,
 * pre 1, post 0, post 1, w), compiled; as eq_jit_begin, fn[c] turns from
 * NULL to program c's function (code[c] NULL: none).  The programs must
 * stay until eq_jit_end, which sets both to NULL. */
struct eq_scalar;
typedef double (*eq_jit_rule_fn)(double pre0, double pre1, double post0, double post1, double w);
eq_jit_job *eq_jit_begin_rule(const struct eq_scalar *const code[2], eq_jit_rule_fn fn[2]);

/* The compiled functions alive (tests check that a model compiled). */
unsigned eq_jit_count(void);

#endif
