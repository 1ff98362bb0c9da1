/*
 * prepared.h - what a population of an equation model prepared (prepare.c)
 * and what its update works in: the data the update (step.c) and the
 * methods (integrate.c) read, and the scratch of one update call.
 */
#ifndef AX_EQUATIONS_PREPARED_H
#define AX_EQUATIONS_PREPARED_H

#include "equations/equations.h"
#include "equations/fused.h"
#include "equations/jit.h"
#include "equations/program.h"

#define SIMD _Pragma("GCC ivdep")

/* A population's block programs: the rest's derivatives, exponential
 * Euler's A and B, the noise coefficients, the threshold, the reset, one
 * per receptor. */
enum { P_DERIV, P_EE, P_NOISE, P_THRESH, P_RESET, P_RECEPT0, N_PROGRAMS = P_RECEPT0 + EQ_MAX_RECEPTORS };

/* What a population prepared (its ax_population_view's data). */
typedef struct eq_data {
    const eq_model *m;
    uint32_t n;                   /* neurons */
    uint32_t n_slots;             /* pointers a block needs */
    uint16_t param_slot, current_slot, input_slot, derived_slot;
    uint16_t time_slot;           /* rk45: the time of each neuron's stage */
    eq_program *pr[N_PROGRAMS];
    /* exact set: propagators over h (and h/2 for the stages), one set or
     * one per neuron */
    uint32_t ne;
    bool prop_per_neuron;
    double *prop, *prop_half;     /* per set: P (ne x ne), q (ne), r (ne) */
    size_t held_offset;           /* > 0: the sets of refractory neurons follow at
                                     prop + held_offset (the held variables'
                                     rows 0), where others depend on them */
    double *refrac_steps;         /* one, or one per neuron */
    bool refrac_per_neuron;
    /* the rest: ODE indices */
    uint32_t n_rest, rest[EQ_MAX_STATES];
    uint32_t noise_out[EQ_MAX_STATES][EQ_MAX_NOISE];   /* output index of P_NOISE, or UINT32_MAX */
    bool held[EQ_MAX_STATES];     /* per state variable: (unless refractory) */
    /* the one-pass kernels of fused.c, where the model's shape allows */
    bool fused_exact;             /* the ODEs are the exact set, one propagator set, no noise */
    bool exact_held[EQ_MAX_STATES];
    int32_t receptor_add[EQ_MAX_RECEPTORS];   /* state v where the receptor is `v += weight`, else -1 */
    int thresh_op;                /* Q_LT .. Q_GE where the threshold is one comparison, else -1 */
    eq_operand thresh_arg[2];
    double thresh_const[2][EQ_BLOCK];
    eq_jit_job *jit_job;          /* step 1 and the store being compiled (jit.c), or NULL */
    eq_jit_fn jit_fn;             /* the compiled function once ready (atomic), else NULL */
    bool fused_step;              /* the whole step by eq_fused_run */
    eq_fused_step plan;
    uint32_t plan_order[EQ_FUSED_MAX_EXACT]; /* the exact row of each row of the plan */
    int32_t row_input[EQ_FUSED_MAX_EXACT];   /* the receptor adding to each row of the plan, or -1 */
    eq_operand plan_arg[2];       /* the threshold's operands in the plan's order (> as <) */
} eq_data;

/* Scratch of one update call: registers and blocks of the stages. */
typedef struct scratch {
    double rand_key[4];                      /* rand(): step, first global id, seed low, high */
    double regs[EQ_MAX_REGS][EQ_BLOCK];
    double x0[EQ_MAX_STATES][EQ_BLOCK];      /* the ODEs' values at the start */
    double xn[EQ_MAX_STATES][EQ_BLOCK];      /* their new values */
    double xs[EQ_MAX_STATES][EQ_BLOCK];      /* a stage's values */
    double k[7][EQ_MAX_STATES][EQ_BLOCK];    /* stage derivatives */
    double aux[4][EQ_BLOCK];                 /* rk45: 0 .. 2; noise: 3; the end of a step: 1 */
    double before[EQ_BLOCK];                 /* crossing: the threshold at the step's start */
    double stage_time[EQ_BLOCK];             /* rk45 */
    double zeros[EQ_FUSED_ZEROS];            /* eq_fused_run's stand-in arrays: zeros, kept zero */
    double before_chunk[EQ_FUSED_ZEROS];     /* crossing, in fused_chunk */
    const double *ptr[EQ_MAX_STATES + EQ_MAX_PARAMS + 1 + EQ_MAX_RECEPTORS + N_PROGRAMS * EQ_MAX_DERIVED + 1];
} scratch;

static inline uint32_t state_of(const eq_model *m, uint32_t ode) { return m->syms[m->odes[ode].sym].index; }

/* Whether exact variable r is held while refractory. */
static inline bool held(const eq_model *m, uint32_t r) { return m->odes[m->exact_ode[r]].unless_refractory; }

#endif
