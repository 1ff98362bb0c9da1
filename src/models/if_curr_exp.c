/*
 * IF_curr_exp - leaky integrate-and-fire neuron with exponentially decaying
 * synaptic currents (PyNN IF_curr_exp; NEST iaf_psc_exp).
 *
 * Equations
 *     cm dv/dt     = cm (v_rest - v) / tau_m + isyn_exc + isyn_inh + i_offset + I_inj
 *     d isyn_exc/dt = -isyn_exc / tau_syn_E      d isyn_inh/dt = -isyn_inh / tau_syn_I
 * A spike of weight w (nA) arriving at receptor "excitatory" adds w to
 * isyn_exc ("inhibitory": to isyn_inh; inhibitory weights are negative, as
 * in PyNN).  When v >= v_thresh the neuron fires, v is set to v_reset and
 * held there for tau_refrac (rounded to whole steps) while the synaptic
 * currents go on decaying.
 *
 * Parameters (PyNN names, units and defaults)
 *     v_rest -65 mV, cm 1 nF, tau_m 20 ms, tau_refrac 0.1 ms, tau_syn_E 5 ms,
 *     tau_syn_I 5 ms, i_offset 0 nA, v_reset -65 mV, v_thresh -50 mV
 * State: v (mV), isyn_exc, isyn_inh (nA), refrac (steps of refractoriness left).
 *
 * Method: exact integration (Rotter & Diesmann 1999).  Within a step the
 * system is linear with constant injected current, so
 *     v' = v_rest + P22 (v - v_rest) + P20 (i_offset + I_inj) + P21e isyn_exc + P21i isyn_inh
 * with the propagators of propagators.h, which stay exact for
 * tau_syn == tau_m.  Order within a step, as NEST's iaf_psc_exp: update v
 * (unless refractory), decay the currents and add this step's input,
 * then test the threshold.  Input arriving at step t therefore first moves
 * v during step t+1.
 *
 * Reference: Rotter S, Diesmann M (1999) Biol Cybern 81:381-402;
 * PyNN standard models; NEST iaf_psc_exp.
 */
#include "core/model_util.h"
#include "core/propagators.h"

#include <math.h>

enum { V_REST, CM, TAU_M, TAU_REFRAC, TAU_SYN_E, TAU_SYN_I, I_OFFSET, V_RESET, V_THRESH };
enum { V, ISYN_EXC, ISYN_INH, REFRAC };

static const ax_param_info params[] = {
    {"v_rest", "mV", -65.0, -INFINITY, INFINITY, 0, "resting membrane potential"},
    {"cm", "nF", 1.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"tau_m", "ms", 20.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane time constant"},
    {"tau_refrac", "ms", 0.1, 0.0, INFINITY, 0, "refractory period (rounded to steps)"},
    {"tau_syn_E", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the excitatory synaptic current"},
    {"tau_syn_I", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the inhibitory synaptic current"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
    {"v_reset", "mV", -65.0, -INFINITY, INFINITY, 0, "reset potential after a spike"},
    {"v_thresh", "mV", -50.0, -INFINITY, INFINITY, 0, "spike threshold"},
};

static const ax_var_info vars[] = {
    {"v", "mV", -65.0, "membrane potential"},
    {"isyn_exc", "nA", 0.0, "excitatory synaptic current"},
    {"isyn_inh", "nA", 0.0, "inhibitory synaptic current"},
    {"refrac", "steps", 0.0, "refractory steps left"},
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "nA", 0, "adds the weight to isyn_exc"},
    {"inhibitory", "nA", 0, "adds the weight to isyn_inh (use negative weights)"},
};

typedef struct coef {
    double p22, p20, p21e, p21i, p11e, p11i;
    double v_rest, i_offset, v_reset, v_thresh, refrac_steps;
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
        double tau_m = AX_PARAM(p, TAU_M, i), cm = AX_PARAM(p, CM, i);
        c[i].p22 = exp(-h / tau_m);
        c[i].p20 = ax_p_const(h, tau_m, cm);
        c[i].p21e = ax_p_exp(h, tau_m, AX_PARAM(p, TAU_SYN_E, i), cm);
        c[i].p21i = ax_p_exp(h, tau_m, AX_PARAM(p, TAU_SYN_I, i), cm);
        c[i].p11e = exp(-h / AX_PARAM(p, TAU_SYN_E, i));
        c[i].p11i = exp(-h / AX_PARAM(p, TAU_SYN_I, i));
        c[i].v_rest = AX_PARAM(p, V_REST, i);
        c[i].i_offset = AX_PARAM(p, I_OFFSET, i);
        c[i].v_reset = AX_PARAM(p, V_RESET, i);
        c[i].v_thresh = AX_PARAM(p, V_THRESH, i);
        c[i].refrac_steps = ax_steps(AX_PARAM(p, TAU_REFRAC, i), h);
    }
    return 0;
}

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    double *restrict v = p->state[V], *restrict ie = p->state[ISYN_EXC];
    double *restrict ii = p->state[ISYN_INH], *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i];
        double vn = c->v_rest + c->p22 * (vi - c->v_rest) + c->p20 * (c->i_offset + cur[i]) +
                    c->p21e * ie[i] + c->p21i * ii[i];
        int refractory = ri > 0.0;
        vn = refractory ? vi : vn;
        ri = refractory ? ri - 1.0 : ri;
        ie[i] = c->p11e * ie[i] + in_e[i];
        ii[i] = c->p11i * ii[i] + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        int fire = vn >= c->v_thresh;
        v[i] = fire ? c->v_reset : vn;
        r[i] = fire ? c->refrac_steps : ri;
        spiked[i] = (uint32_t)fire;
    }
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH(body, p, begin, end);
}

const ax_model ax_model_IF_curr_exp = {
    .name = "IF_curr_exp",
    .doc = "Leaky integrate-and-fire neuron with exponentially decaying synaptic currents "
           "(PyNN IF_curr_exp, NEST iaf_psc_exp). Exact integration (Rotter & Diesmann 1999).",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
