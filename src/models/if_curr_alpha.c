/*
 * IF_curr_alpha - leaky integrate-and-fire neuron with alpha-shaped synaptic
 * currents (PyNN IF_curr_alpha; NEST iaf_psc_alpha).
 *
 * Equations
 *     cm dv/dt = cm (v_rest - v) / tau_m + isyn_exc + isyn_inh + i_offset + I_inj
 *     a spike of weight w (nA) at time 0 adds  w (t/tau_syn) exp(1 - t/tau_syn),
 *     a current that peaks at w when t = tau_syn.
 * Each alpha current is the linear pair  d isyn/dt = disyn - isyn/tau_syn,
 * d disyn/dt = -disyn/tau_syn, and a spike adds w e / tau_syn to disyn.
 * Threshold, reset and refractoriness as IF_curr_exp.
 *
 * Parameters (PyNN): v_rest -65 mV, cm 1 nF, tau_m 20 ms, tau_refrac 0.1 ms,
 *     tau_syn_E 0.5 ms, tau_syn_I 0.5 ms, i_offset 0 nA, v_reset -65 mV,
 *     v_thresh -50 mV
 * State: v (mV), isyn_exc, isyn_inh (nA), disyn_exc, disyn_inh (nA/ms),
 *     refrac (steps left).
 *
 * Method: exact integration (Rotter & Diesmann 1999), order as NEST's
 * iaf_psc_alpha: v, then the currents, then this step's input, then the
 * threshold.
 *
 * Reference: Rotter S, Diesmann M (1999) Biol Cybern 81:381-402; NEST
 * iaf_psc_alpha.
 */
#include "core/model_util.h"
#include "core/propagators.h"

#include <math.h>

enum { V_REST, CM, TAU_M, TAU_REFRAC, TAU_SYN_E, TAU_SYN_I, I_OFFSET, V_RESET, V_THRESH };
enum { V, ISYN_EXC, ISYN_INH, DISYN_EXC, DISYN_INH, REFRAC };

static const ax_param_info params[] = {
    {"v_rest", "mV", -65.0, -INFINITY, INFINITY, 0, "resting membrane potential"},
    {"cm", "nF", 1.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"tau_m", "ms", 20.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane time constant"},
    {"tau_refrac", "ms", 0.1, 0.0, INFINITY, 0, "refractory period (rounded to steps)"},
    {"tau_syn_E", "ms", 0.5, 0.0, INFINITY, AX_PARAM_GT_MIN, "rise time of the excitatory alpha current"},
    {"tau_syn_I", "ms", 0.5, 0.0, INFINITY, AX_PARAM_GT_MIN, "rise time of the inhibitory alpha current"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
    {"v_reset", "mV", -65.0, -INFINITY, INFINITY, 0, "reset potential after a spike"},
    {"v_thresh", "mV", -50.0, -INFINITY, INFINITY, 0, "spike threshold"},
};

static const ax_var_info vars[] = {
    {"v", "mV", -65.0, "membrane potential"},
    {"isyn_exc", "nA", 0.0, "excitatory synaptic current"},
    {"isyn_inh", "nA", 0.0, "inhibitory synaptic current"},
    {"disyn_exc", "nA/ms", 0.0, "second state of the excitatory alpha current"},
    {"disyn_inh", "nA/ms", 0.0, "second state of the inhibitory alpha current"},
    {"refrac", "steps", 0.0, "refractory steps left"},
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "nA", 0, "alpha current of peak = weight"},
    {"inhibitory", "nA", 0, "alpha current of peak = weight (use negative weights)"},
};

typedef struct coef {
    double p22, p20;
    double p21e, p31e, p21i, p31i;      /* v from isyn, v from disyn */
    double p11e, p11i;                  /* exp(-h/tau_syn) */
    double he, hi;                      /* h exp(-h/tau_syn): isyn from disyn */
    double jump_e, jump_i;              /* e / tau_syn */
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
        double te = AX_PARAM(p, TAU_SYN_E, i), ti = AX_PARAM(p, TAU_SYN_I, i);
        c[i].p22 = exp(-h / tau_m);
        c[i].p20 = ax_p_const(h, tau_m, cm);
        c[i].p21e = ax_p_exp(h, tau_m, te, cm);
        c[i].p31e = ax_p_alpha(h, tau_m, te, cm);
        c[i].p21i = ax_p_exp(h, tau_m, ti, cm);
        c[i].p31i = ax_p_alpha(h, tau_m, ti, cm);
        c[i].p11e = exp(-h / te);
        c[i].p11i = exp(-h / ti);
        c[i].he = h * c[i].p11e;
        c[i].hi = h * c[i].p11i;
        c[i].jump_e = M_E / te;
        c[i].jump_i = M_E / ti;
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
    double *restrict v = p->state[V], *restrict ie = p->state[ISYN_EXC], *restrict ii = p->state[ISYN_INH];
    double *restrict de = p->state[DISYN_EXC], *restrict di = p->state[DISYN_INH];
    double *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i], iei = ie[i], iii = ii[i], dei = de[i], dii = di[i];
        double vn = c->v_rest + c->p22 * (vi - c->v_rest) + c->p20 * (c->i_offset + cur[i]) +
                    c->p21e * iei + c->p31e * dei + c->p21i * iii + c->p31i * dii;
        int refractory = ri > 0.0;
        vn = refractory ? vi : vn;
        ri = refractory ? ri - 1.0 : ri;
        ie[i] = c->p11e * iei + c->he * dei;
        ii[i] = c->p11i * iii + c->hi * dii;
        de[i] = c->p11e * dei + c->jump_e * in_e[i];
        di[i] = c->p11i * dii + c->jump_i * in_i[i];
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

const ax_model ax_model_IF_curr_alpha = {
    .name = "IF_curr_alpha",
    .doc = "Leaky integrate-and-fire neuron with alpha-shaped synaptic currents (PyNN "
           "IF_curr_alpha, NEST iaf_psc_alpha). Exact integration (Rotter & Diesmann 1999).",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
