/*
 * receptor.h - postsynaptic receptors with transmitter-binding kinetics
 * (Destexhe, Mainen & Sejnowski 1994, 1998), attached to any neuron model
 * (models/with_receptors.c).
 *
 * Transmitter: a spike arriving with weight w releases a square pulse of
 * w * T_max (mM) lasting C_dur (Destexhe et al. 1994's approximation of
 * release).  The pulses of all synapses of one receptor type on a neuron
 * add up into one transmitter concentration T per neuron, which the
 * neuron's receptors of that type see together: the receptor state is
 * pooled per neuron (the kinetics are nonlinear in T, so for several
 * synapses active at once this is the single-site approximation; for one
 * synapse, or pulses that do not overlap, it is Destexhe's model exactly).
 * The weight is the amount released relative to T_max (dimensionless, 1 =
 * one full pulse); gmax (uS) is the receptors' maximal conductance.
 *
 * The exponential forms (AMPA_exp, NMDA_exp, GABAa_exp, GABAb_exp; exponential.c)
 * are linear in the input: their weights are conductances (uS) and the
 * sum over synapses per neuron is exact.
 *
 * Timing as the other models: input delivered for step t starts its pulse
 * at the end of step t, so it first acts on v in step t + 1.  The current
 * g (e_rev - v) of a step uses the receptor state and v at the step's
 * start (explicit coupling: first order in dt; the kinetics themselves are
 * integrated exactly, T being constant over each step).
 */
#ifndef AX_RECEPTOR_H
#define AX_RECEPTOR_H

#include <stdbool.h>
#include <stdint.h>

#include "axon.h"

#define AX_RECEPTOR_MAX_PARAMS 12
#define AX_RECEPTOR_MAX_VARS 4

/* What a receptor's step sees: neurons [begin, end) of one population. */
typedef struct ax_receptor_ctx {
    uint32_t begin, end;
    double h;                     /* ms */
    const double *v;              /* membrane potential at the step's start */
    double *const *state;         /* state[k][i], in the receptor's var order; state[0] is T */
    const double *const *param;   /* param[k][i] when het, else param[k][0] */
    const double *input;          /* weights delivered this step */
    double *pulses;               /* pulses[slot * n + i]: amount released at the step of
                                     that slot, slots = pulse length in steps */
    uint32_t n, pulse_steps, slot;
    double *current;              /* add g (e_rev - v), nA */
    const double *graded;         /* NULL, or graded release this step: sum of w S(v_pre)
                                     (sim/graded.c); adds graded[i] x T_max to T over the step */
} ax_receptor_ctx;

typedef struct ax_receptor_kind {
    const char *name;             /* the receptor's name in projections, e.g. "AMPA" */
    const char *doc;
    const ax_param_info *params;  /* names end in _<name>; T_max and C_dur first */
    uint32_t n_params;
    const ax_var_info *vars;      /* names end in _<name>; T first */
    uint32_t n_vars;
    void (*step)(const ax_receptor_ctx *c, int het);
    bool pulsed;                  /* transmitter pulses (T_max, C_dur, T first); otherwise the
                                     weight (uS) is added to the conductance directly */
    bool modulator;               /* no current: its state[1] (r) scales the other receptors'
                                     conductances (dopamine D1, D2) */
} ax_receptor_kind;

/* Default gain of modulator `mod` on receptor `target`'s conductance
 * (g x (1 + k r_mod)): the seed's signs, D1 raises NMDA, D2 lowers AMPA
 * and NMDA. */
double ax_modulation_default(const char *mod, const char *target);

/* The exponential forms (exponential.c). */
#define AX_EXPONENTIAL_RECEPTORS 4
extern const ax_receptor_kind ax_exponential_receptors[AX_EXPONENTIAL_RECEPTORS];

/* The receptor kinds, and lookup by name (NULL if none). */
size_t ax_receptor_kind_count(void);
const ax_receptor_kind *ax_receptor_kind_at(size_t index);
const ax_receptor_kind *ax_receptor_kind_find(const char *name);

#endif
