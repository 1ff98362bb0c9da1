/*
 * if_family.h - what the integrate-and-fire models share, as adex.h does
 * for the two AdEx models:
 *   - the rows of their tables: PyNN's parameters (with PyNN's order and
 *     defaults for its leaky cells), state variables and receptors;
 *   - the coefficients of the current-based models' exact integration
 *     (ax_leak, ax_psc_exp, ax_psc_alpha);
 *   - the end of every step: refractoriness, threshold and reset
 *     (ax_if_fire), in NEST's two variants.
 * The models with PyNN's parameter lists share their check (if_family.c);
 * IF_cond_exp and IF_cond_alpha, which differ only in their synaptic
 * kernel, their coefficients and prepare() as well.
 *
 * The conductance-based models' membrane and kernels are in conductance.h.
 * Each model file keeps its equations, its own parameters and its
 * integration.
 */
#ifndef AX_IF_FAMILY_H
#define AX_IF_FAMILY_H

#include <math.h>

#include "axon.h"
#include "core/model_util.h"
#include "core/propagators.h"
#include "models/conductance.h"

/*
 * PyNN's parameter rows (pyNN/standardmodels/cells.py): name, unit, range
 * and doc are written here once; a model gives the default where PyNN's
 * cells differ, and the doc where its meaning does.
 */
#define AX_IF_V_REST(value, doc)  {"v_rest", "mV", value, -INFINITY, INFINITY, 0, doc}
#define AX_IF_CM(value)           {"cm", "nF", value, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"}
#define AX_IF_TAU_M(value)        {"tau_m", "ms", value, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane time constant"}
#define AX_IF_TAU_REFRAC          {"tau_refrac", "ms", 0.1, 0.0, INFINITY, 0, "refractory period (rounded to steps)"}
#define AX_IF_I_OFFSET            {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"}
#define AX_IF_V_RESET(value)      {"v_reset", "mV", value, -INFINITY, INFINITY, 0, "reset potential after a spike"}
#define AX_IF_V_THRESH(value, doc) {"v_thresh", "mV", value, -INFINITY, INFINITY, 0, doc}
#define AX_IF_E_REV_E(value)      {"e_rev_E", "mV", value, -INFINITY, INFINITY, 0, "excitatory reversal potential"}
#define AX_IF_E_REV_I(value)      {"e_rev_I", "mV", value, -INFINITY, INFINITY, 0, "inhibitory reversal potential"}
/* doc: `what` of the excitatory `of`, e.g. "decay time" of the excitatory "synaptic current" */
#define AX_IF_TAU_SYN_E(value, what, of) \
    {"tau_syn_E", "ms", value, 0.0, INFINITY, AX_PARAM_GT_MIN, what " of the excitatory " of}
#define AX_IF_TAU_SYN_I(value, what, of) \
    {"tau_syn_I", "ms", value, 0.0, INFINITY, AX_PARAM_GT_MIN, what " of the inhibitory " of}

/* The rows of PyNN's leaky cells, in PyNN's order and with its defaults:
 *   v_rest, cm, tau_m, tau_refrac, [tau_syn_E, tau_syn_I,] then
 *   i_offset, v_reset, v_thresh (current-based cells) or
 *   e_rev_E, e_rev_I, v_thresh, v_reset, i_offset (conductance-based). */
#define AX_IF_LEAK_ROWS(v_rest_doc) \
    AX_IF_V_REST(-65.0, v_rest_doc), AX_IF_CM(1.0), AX_IF_TAU_M(20.0), AX_IF_TAU_REFRAC
#define AX_IF_TAU_SYN_ROWS(tau_e, tau_i, what, of) \
    AX_IF_TAU_SYN_E(tau_e, what, of), AX_IF_TAU_SYN_I(tau_i, what, of)
#define AX_IF_CURR_END_ROWS AX_IF_I_OFFSET, AX_IF_V_RESET(-65.0), AX_IF_V_THRESH(-50.0, "spike threshold")
#define AX_IF_CURR_ROWS(tau_e, tau_i, what, of)                                                \
    AX_IF_LEAK_ROWS("resting membrane potential"), AX_IF_TAU_SYN_ROWS(tau_e, tau_i, what, of), \
    AX_IF_CURR_END_ROWS
#define AX_IF_COND_ROWS(tau_e, tau_i, what, of)                                                   \
    AX_IF_LEAK_ROWS("resting membrane potential (leak reversal)"),                                \
    AX_IF_TAU_SYN_ROWS(tau_e, tau_i, what, of), AX_IF_E_REV_E(0.0), AX_IF_E_REV_I(-70.0),         \
    AX_IF_V_THRESH(-50.0, "spike threshold"), AX_IF_V_RESET(-65.0), AX_IF_I_OFFSET

/* The indices of those rows in IF_curr_exp, IF_curr_alpha and
 * IF_curr_exp_sfa (AX_IF_CURR_ROWS, then its own), and in IF_cond_exp and
 * IF_cond_alpha (AX_IF_COND_ROWS). */
enum {
    IF_CURR_V_REST, IF_CURR_CM, IF_CURR_TAU_M, IF_CURR_TAU_REFRAC, IF_CURR_TAU_SYN_E, IF_CURR_TAU_SYN_I,
    IF_CURR_I_OFFSET, IF_CURR_V_RESET, IF_CURR_V_THRESH, IF_CURR_N_PARAMS
};
enum {
    IF_COND_V_REST, IF_COND_CM, IF_COND_TAU_M, IF_COND_TAU_REFRAC, IF_COND_TAU_SYN_E, IF_COND_TAU_SYN_I,
    IF_COND_E_REV_E, IF_COND_E_REV_I, IF_COND_V_THRESH, IF_COND_V_RESET, IF_COND_I_OFFSET, IF_COND_N_PARAMS
};

/* State variables and receptors of the synapse kinds. */
#define AX_IF_VAR_V(init) {"v", "mV", init, "membrane potential"}
#define AX_IF_VAR_W       {"w", "nA", 0.0, "adaptation current"}
#define AX_IF_VAR_REFRAC  {"refrac", "steps", 0.0, "refractory steps left"}
#define AX_IF_VARS_ISYN \
    {"isyn_exc", "nA", 0.0, "excitatory synaptic current"}, {"isyn_inh", "nA", 0.0, "inhibitory synaptic current"}
#define AX_IF_VARS_DISYN                                                      \
    {"disyn_exc", "nA/ms", 0.0, "second state of the excitatory alpha current"}, \
    {"disyn_inh", "nA/ms", 0.0, "second state of the inhibitory alpha current"}
#define AX_IF_VARS_GSYN                                              \
    {"gsyn_exc", "uS", 0.0, "excitatory synaptic conductance"}, \
    {"gsyn_inh", "uS", 0.0, "inhibitory synaptic conductance"}
#define AX_IF_VARS_DGSYN                                                            \
    {"dgsyn_exc", "uS/ms", 0.0, "second state of the excitatory alpha conductance"}, \
    {"dgsyn_inh", "uS/ms", 0.0, "second state of the inhibitory alpha conductance"}
#define AX_IF_RECEPTORS_ISYN                                                            \
    {"excitatory", "nA", AX_RECEPTOR_EXPECTS_POSITIVE, "adds the weight to isyn_exc"}, \
    {"inhibitory", "nA", AX_RECEPTOR_EXPECTS_NEGATIVE, "adds the weight to isyn_inh (use negative weights)"}
#define AX_IF_RECEPTORS_GSYN                                                          \
    {"excitatory", "uS", AX_RECEPTOR_NONNEGATIVE, "adds the weight to gsyn_exc"}, \
    {"inhibitory", "uS", AX_RECEPTOR_NONNEGATIVE, "adds the weight to gsyn_inh"}
#define AX_IF_RECEPTORS_ALPHA_G                                                              \
    {"excitatory", "uS", AX_RECEPTOR_NONNEGATIVE, "alpha conductance of peak = weight"}, \
    {"inhibitory", "uS", AX_RECEPTOR_NONNEGATIVE, "alpha conductance of peak = weight"}

/* The coefficients that the current-based models keep, one struct per
 * part of their linear system, each filled from the propagators
 * (core/propagators.h) for a step h. */

/* The leaky membrane with a constant current I over the step:
 *     v' = v_rest + p22 (v - v_rest) + p20 I. */
typedef struct ax_leak {
    double p22, p20, v_rest;
} ax_leak;

static inline ax_leak ax_leak_coef(double h, double v_rest, double tau_m, double c_m)
{
    return (ax_leak){.p22 = exp(-h / tau_m), .p20 = ax_p_const(h, tau_m, c_m), .v_rest = v_rest};
}

/* v after the step, before the synaptic currents' share is added (left to
 * right, so that v' = leak + p21e Ie + ... rounds as one expression). */
AX_INLINE double ax_leak_step(const ax_leak *m, double v, double i)
{
    return m->v_rest + m->p22 * (v - m->v_rest) + m->p20 * i;
}

/* An exponentially decaying current: over the step it decays by p11 and
 * adds p21 times its start value to v. */
typedef struct ax_psc_exp {
    double p21, p11;
} ax_psc_exp;

static inline ax_psc_exp ax_psc_exp_coef(double h, double tau_m, double tau_s, double c_m)
{
    return (ax_psc_exp){.p21 = ax_p_exp(h, tau_m, tau_s, c_m), .p11 = exp(-h / tau_s)};
}

/* An alpha-shaped current as the linear pair  dI/dt = dI - I/tau_s,
 * d dI/dt = -dI/tau_s:  over the step I -> p11 I + h11 dI, dI -> p11 dI,
 * and v gains p21 I + p31 dI.  A spike of weight w adds w jump to dI
 * (jump = e / tau_s), so that the current peaks at w. */
typedef struct ax_psc_alpha {
    double p21, p31, p11, h11, jump;
} ax_psc_alpha;

static inline ax_psc_alpha ax_psc_alpha_coef(double h, double tau_m, double tau_s, double c_m)
{
    double p11 = exp(-h / tau_s);
    return (ax_psc_alpha){.p21 = ax_p_exp(h, tau_m, tau_s, c_m), .p31 = ax_p_alpha(h, tau_m, tau_s, c_m),
                          .p11 = p11, .h11 = h * p11, .jump = M_E / tau_s};
}

/* Threshold, reset and refractory period of one neuron (or of all, when
 * uniform).  v_thresh is where the neuron fires: v_spike for the models
 * whose spike is the upswing of v (QIF, AdEx). */
typedef struct ax_if_reset {
    double v_reset, v_thresh, refrac_steps;
} ax_if_reset;

/* From the parameters at these indices, for neuron (or uniform set) i. */
static inline ax_if_reset ax_if_reset_coef(const ax_population_view *p, size_t i, int v_reset, int v_thresh,
                                           int tau_refrac)
{
    return (ax_if_reset){.v_reset = AX_PARAM(p, v_reset, i), .v_thresh = AX_PARAM(p, v_thresh, i),
                         .refrac_steps = ax_steps(AX_PARAM(p, tau_refrac, i), p->dt)};
}

/* The end of an integrate-and-fire step, from the neuron's v and r (steps
 * of refractoriness left) before the step and v integrated over it: a
 * refractory neuron keeps its v and counts one step down; a neuron at or
 * above the threshold fires, is reset and starts its refractory period.
 * NEST's current-based models (iaf_psc_*) test the threshold in the
 * refractory period too (where v is held, normally at v_reset):
 * ax_if_fire.  Its conductance-based ones (iaf_cond_*, aeif_cond_*) do
 * not: ax_if_fire_unless_refractory.  Each writes the new v and r to
 * *v_out and *r_out and returns whether the neuron fired.  Selects, not
 * branches, so that the neuron loops stay vectorised; and two functions
 * rather than one with a flag, as GCC makes slower code of the folded
 * flag (13 % on IF_curr_delta with per-neuron parameters). */
AX_INLINE int ax_if_reset_if(const ax_if_reset *c, int fire, double v, double r, double *v_out, double *r_out)
{
    *v_out = fire ? c->v_reset : v;
    *r_out = fire ? c->refrac_steps : r;
    return fire;
}

AX_INLINE int ax_if_fire(const ax_if_reset *c, double r_old, double v_old, double v_new, double *v_out, double *r_out)
{
    int refractory = r_old > 0.0;
    double v = refractory ? v_old : v_new;
    return ax_if_reset_if(c, v >= c->v_thresh, v, refractory ? r_old - 1.0 : r_old, v_out, r_out);
}

AX_INLINE int ax_if_fire_unless_refractory(const ax_if_reset *c, double r_old, double v_old, double v_new,
                                           double *v_out, double *r_out)
{
    int refractory = r_old > 0.0;
    double v = refractory ? v_old : v_new;
    return ax_if_reset_if(c, !refractory && v >= c->v_thresh, v, refractory ? r_old - 1.0 : r_old, v_out, r_out);
}

/* IF_cond_exp's and IF_cond_alpha's coefficients (ax_if_cond_prepare). */
typedef struct ax_if_cond_coef {
    ax_membrane m;
    ax_kernel exc, inh;
    double i_offset;
    ax_if_reset reset;
} ax_if_cond_coef;

/* The methods for v of IF_cond_exp, IF_cond_alpha and their _euler and
 * _exp_euler variants (conductance.h). */
enum { AX_IF_RK4, AX_IF_EULER, AX_IF_EXP_EULER };

/* update, update_euler, update_exp_euler from a two-pass body
 * impl(p, begin, end, het, fixup, method), each with the method a
 * compile-time constant (AX_DISPATCH_TWO_PASS's passes). */
#define AX_IF_COND_UPDATE(name, impl, method)                                                 \
    AX_INLINE int name##_body(const ax_population_view *p, uint32_t begin, uint32_t end, int het, \
                              int fixup)                                                      \
    {                                                                                         \
        return impl(p, begin, end, het, fixup, method);                                       \
    }                                                                                         \
    static void name(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step) \
    {                                                                                         \
        (void)step;                                                                           \
        AX_DISPATCH_TWO_PASS(name##_body, p, begin, end);                                     \
    }
/* The descriptor of IF_cond_exp, IF_cond_alpha or a variant: the file's
 * own params, vars and receptors tables, the family's check and prepare. */
#define AX_IF_COND_MODEL(model_name, model_doc, update_fn)                                              \
    {                                                                                                  \
        .name = model_name, .doc = model_doc, .params = params, .n_params = AX_COUNT(params), .vars = vars, \
        .n_vars = AX_COUNT(vars), .receptors = receptors, .n_receptors = AX_COUNT(receptors),          \
        .flags = AX_MODEL_CLEARS_INPUT, .check = ax_if_cond_check, .prepare = ax_if_cond_prepare,     \
        .release = ax_free_model_data, .update = update_fn,                                            \
    }

#define AX_IF_COND_UPDATES(impl)                         \
    AX_IF_COND_UPDATE(update, impl, AX_IF_RK4)           \
    AX_IF_COND_UPDATE(update_euler, impl, AX_IF_EULER)   \
    AX_IF_COND_UPDATE(update_exp_euler, impl, AX_IF_EXP_EULER)

int ax_if_curr_check(const ax_population_view *p, char *msg, size_t len);
int ax_if_cond_check(const ax_population_view *p, char *msg, size_t len);
int ax_if_cond_prepare(const ax_population_view *p, void **data, char *msg, size_t len);

#endif
