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
#include "models/if_family.h"

enum { V, ISYN_EXC, ISYN_INH, DISYN_EXC, DISYN_INH, REFRAC };

static const ax_param_info params[] = {
    AX_IF_CURR_ROWS(0.5, 0.5, "rise time", "alpha current"),
};
_Static_assert(AX_COUNT(params) == IF_CURR_N_PARAMS, "the rows of if_family.h");

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-65.0),
    AX_IF_VARS_ISYN,
    AX_IF_VARS_DISYN,
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "nA", AX_RECEPTOR_EXPECTS_POSITIVE, "alpha current of peak = weight"},
    {"inhibitory", "nA", AX_RECEPTOR_EXPECTS_NEGATIVE, "alpha current of peak = weight (use negative weights)"},
};

typedef struct coef {
    ax_leak m;
    ax_psc_alpha exc, inh;
    double i_offset;
    ax_if_reset reset;
} coef;

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    size_t n = ax_coef_alloc(p, data, sizeof(coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    coef *c = *data;
    double h = p->dt;
    for (size_t i = 0; i < n; i++) {
        double tau_m = AX_PARAM(p, IF_CURR_TAU_M, i), cm = AX_PARAM(p, IF_CURR_CM, i);
        c[i].m = ax_leak_coef(h, AX_PARAM(p, IF_CURR_V_REST, i), tau_m, cm);
        c[i].exc = ax_psc_alpha_coef(h, tau_m, AX_PARAM(p, IF_CURR_TAU_SYN_E, i), cm);
        c[i].inh = ax_psc_alpha_coef(h, tau_m, AX_PARAM(p, IF_CURR_TAU_SYN_I, i), cm);
        c[i].i_offset = AX_PARAM(p, IF_CURR_I_OFFSET, i);
        c[i].reset = ax_if_reset_coef(p, i, IF_CURR_V_RESET, IF_CURR_V_THRESH, IF_CURR_TAU_REFRAC);
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
        double vn = ax_leak_step(&c->m, vi, c->i_offset + cur[i]) + c->exc.p21 * iei + c->exc.p31 * dei +
                    c->inh.p21 * iii + c->inh.p31 * dii;
        ie[i] = c->exc.p11 * iei + c->exc.h11 * dei;
        ii[i] = c->inh.p11 * iii + c->inh.h11 * dii;
        de[i] = c->exc.p11 * dei + c->exc.jump * in_e[i];
        di[i] = c->inh.p11 * dii + c->inh.jump * in_i[i];
        in_e[i] = in_i[i] = 0.0;
        spiked[i] = (uint32_t)ax_if_fire(&c->reset, ri, vi, vn, &v[i], &r[i]);
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
    .check = ax_if_curr_check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
