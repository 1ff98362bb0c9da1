/*
 * IF_cond_exp - leaky integrate-and-fire neuron with exponentially decaying
 * synaptic conductances (PyNN IF_cond_exp; NEST iaf_cond_exp).
 *
 * Equations
 *     cm dv/dt = gL (v_rest - v) + gsyn_exc (e_rev_E - v) + gsyn_inh (e_rev_I - v)
 *                + i_offset + I_inj,          gL = cm / tau_m
 *     d gsyn_exc/dt = -gsyn_exc / tau_syn_E   d gsyn_inh/dt = -gsyn_inh / tau_syn_I
 * A spike of weight w (uS, >= 0) adds w to the conductance of its receptor.
 * When v >= v_thresh: spike, v = v_reset, held for tau_refrac (steps)
 * while the conductances go on decaying.
 *
 * Parameters (PyNN): v_rest -65 mV, cm 1 nF, tau_m 20 ms, tau_refrac 0.1 ms,
 *     tau_syn_E 5 ms, tau_syn_I 5 ms, e_rev_E 0 mV, e_rev_I -70 mV,
 *     v_thresh -50 mV, v_reset -65 mV, i_offset 0 nA
 * State: v (mV), gsyn_exc, gsyn_inh (uS), refrac (steps left).
 *
 * Method: the conductances decay exactly; v by RK4 with the conductances
 * evaluated exactly at the stage times (conductance.h), sub-stepped when a
 * neuron's total conductance makes the step stiff.  RK4 rather than an
 * exponential-Euler step because it is fourth order at no exp() per neuron;
 * NEST uses adaptive RKF45 for this model, Brian2's COBA example forward
 * Euler.  Order within a step, as NEST's iaf_cond_exp: integrate, add this
 * step's input to the conductances, then refractoriness and threshold.
 *
 * Reference: Kuhn A, Aertsen A, Rotter S (2004) J Neurosci 24:2345;
 * PyNN IF_cond_exp; NEST iaf_cond_exp.
 */
#include "models/conductance.h"
#include "core/model_util.h"
#include "core/propagators.h"

#include <math.h>

enum { V_REST, CM, TAU_M, TAU_REFRAC, TAU_SYN_E, TAU_SYN_I, E_REV_E, E_REV_I, V_THRESH, V_RESET, I_OFFSET };
enum { V, GSYN_EXC, GSYN_INH, REFRAC };

static const ax_param_info params[] = {
    {"v_rest", "mV", -65.0, -INFINITY, INFINITY, 0, "resting membrane potential (leak reversal)"},
    {"cm", "nF", 1.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"tau_m", "ms", 20.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane time constant"},
    {"tau_refrac", "ms", 0.1, 0.0, INFINITY, 0, "refractory period (rounded to steps)"},
    {"tau_syn_E", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the excitatory conductance"},
    {"tau_syn_I", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the inhibitory conductance"},
    {"e_rev_E", "mV", 0.0, -INFINITY, INFINITY, 0, "excitatory reversal potential"},
    {"e_rev_I", "mV", -70.0, -INFINITY, INFINITY, 0, "inhibitory reversal potential"},
    {"v_thresh", "mV", -50.0, -INFINITY, INFINITY, 0, "spike threshold"},
    {"v_reset", "mV", -65.0, -INFINITY, INFINITY, 0, "reset potential after a spike"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
};

static const ax_var_info vars[] = {
    {"v", "mV", -65.0, "membrane potential"},
    {"gsyn_exc", "uS", 0.0, "excitatory synaptic conductance"},
    {"gsyn_inh", "uS", 0.0, "inhibitory synaptic conductance"},
    {"refrac", "steps", 0.0, "refractory steps left"},
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "uS", AX_RECEPTOR_NONNEGATIVE, "adds the weight to gsyn_exc"},
    {"inhibitory", "uS", AX_RECEPTOR_NONNEGATIVE, "adds the weight to gsyn_inh"},
};

typedef struct coef {
    ax_membrane m;
    double pe, pe_half, pi, pi_half;     /* exp(-h/tau_syn), exp(-h/2tau_syn) */
    double tau_e, tau_i;
    double i_offset, v_reset, v_thresh, refrac_steps;
} coef;

static int check(const ax_population_view *p, char *msg, size_t len)
{
    return ax_check_reset_below_threshold(p, V_RESET, V_THRESH, msg, len);
}

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    size_t n = ax_coef_alloc(p, data, sizeof(coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    coef *c = *data;
    double h = p->dt;
    for (size_t i = 0; i < n; i++) {
        double cm = AX_PARAM(p, CM, i);
        c[i].m.inv_c = 1.0 / cm;
        c[i].m.gl = cm / AX_PARAM(p, TAU_M, i);
        c[i].m.el = AX_PARAM(p, V_REST, i);
        c[i].m.ee = AX_PARAM(p, E_REV_E, i);
        c[i].m.ei = AX_PARAM(p, E_REV_I, i);
        c[i].tau_e = AX_PARAM(p, TAU_SYN_E, i);
        c[i].tau_i = AX_PARAM(p, TAU_SYN_I, i);
        c[i].pe = exp(-h / c[i].tau_e);
        c[i].pe_half = exp(-0.5 * h / c[i].tau_e);
        c[i].pi = exp(-h / c[i].tau_i);
        c[i].pi_half = exp(-0.5 * h / c[i].tau_i);
        c[i].i_offset = AX_PARAM(p, I_OFFSET, i);
        c[i].v_reset = AX_PARAM(p, V_RESET, i);
        c[i].v_thresh = AX_PARAM(p, V_THRESH, i);
        c[i].refrac_steps = ax_steps(AX_PARAM(p, TAU_REFRAC, i), h);
    }
    return 0;
}

/* One step for neurons [begin, end).  The fast pass (fixup = 0) takes one
 * RK4 step per neuron and vectorises; it leaves untouched the rare neurons
 * whose step is stiff (conductances hundreds of times the leak) and says
 * whether there were any.  The fix-up pass (fixup = 1) then advances just
 * those with sub-steps. */
AX_INLINE int body_impl(const ax_population_view *p, uint32_t begin, uint32_t end, int het, int fixup)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    const double h = p->dt;
    double *restrict v = p->state[V], *restrict ge = p->state[GSYN_EXC];
    double *restrict gi = p->state[GSYN_INH], *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    int any_stiff = 0;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i], g_e = ge[i], g_i = gi[i];
        /* conductances only decay within the step: their start values bound it */
        int stiff = h * (c->m.gl + g_e + g_i) * c->m.inv_c > AX_COND_Z_MAX;
        if (fixup && !stiff)
            continue;
        double I = c->i_offset + cur[i];
        double vn = fixup ? ax_membrane_substeps(&c->m, vi, h,
                                                 ax_membrane_substep_count(h, c->m.gl + g_e + g_i, c->m.inv_c), I,
                                                 g_e, 0.0, c->tau_e, g_i, 0.0, c->tau_i)
                          : ax_membrane_rk4(&c->m, vi, h, I, g_e, g_e * c->pe_half, g_e * c->pe, g_i,
                                            g_i * c->pi_half, g_i * c->pi);
        double ge_n = g_e * c->pe + in_e[i], gi_n = g_i * c->pi + in_i[i];
        int refractory = ri > 0.0;
        vn = refractory ? vi : vn;
        ri = refractory ? ri - 1.0 : ri;
        int fire = !refractory && vn >= c->v_thresh;
        double v_n = fire ? c->v_reset : vn, r_n = fire ? c->refrac_steps : ri;
        if (!fixup) {
            any_stiff |= stiff;
            v_n = stiff ? vi : v_n;
            r_n = stiff ? r[i] : r_n;
            ge_n = stiff ? g_e : ge_n;
            gi_n = stiff ? g_i : gi_n;
            fire = stiff ? 0 : fire;
        }
        /* consumed, except by stiff neurons in the fast pass */
        int keep = !fixup && stiff;
        in_e[i] = keep ? in_e[i] : 0.0;
        in_i[i] = keep ? in_i[i] : 0.0;
        v[i] = v_n;
        r[i] = r_n;
        ge[i] = ge_n;
        gi[i] = gi_n;
        spiked[i] = (uint32_t)fire;
    }
    return any_stiff;
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH_TWO_PASS(body_impl, p, begin, end);
}

const ax_model ax_model_IF_cond_exp = {
    .name = "IF_cond_exp",
    .doc = "Leaky integrate-and-fire neuron with exponentially decaying synaptic conductances "
           "(PyNN IF_cond_exp, NEST iaf_cond_exp). Exact conductance decay, RK4 for v.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
