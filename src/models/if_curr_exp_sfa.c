/*
 * IF_curr_exp_sfa - adaptive leaky integrate-and-fire neuron: IF_curr_exp
 * plus a spike-triggered adaptation current (spike-frequency adaptation).
 *
 * Equations
 *     cm dv/dt = cm (v_rest - v) / tau_m + isyn_exc + isyn_inh - w + i_offset + I_inj
 *     d isyn/dt = -isyn / tau_syn          tau_w dw/dt = -w
 * At a spike (v >= v_thresh): v = v_reset (held for tau_refrac), w += b.
 * Synapses as IF_curr_exp (weights in nA, inhibitory negative).
 * This is the adaptive LIF of Gerstner et al. (2014, ch. 6.1) without
 * subthreshold coupling (a = 0), i.e. the linear part of AdEx.
 *
 * Parameters: IF_curr_exp's (PyNN defaults) plus tau_w 100 ms, b 0.05 nA.
 * State: v (mV), isyn_exc, isyn_inh, w (nA), refrac (steps left).
 *
 * Method: exact integration: the system is linear, w acting on v like a
 * synaptic current with time constant tau_w (propagators.h).  Order as
 * NEST's iaf_psc_exp: v, then the currents and w, then input, threshold.
 *
 * Reference: Gerstner W, Kistler WM, Naud R, Paninski L (2014) Neuronal
 * Dynamics, ch. 6; Rotter S, Diesmann M (1999) Biol Cybern 81:381-402.
 */
#include "models/if_family.h"

enum { TAU_W = IF_CURR_N_PARAMS, B };
enum { V, ISYN_EXC, ISYN_INH, W, REFRAC };

static const ax_param_info params[] = {
    AX_IF_CURR_ROWS(5.0, 5.0, "decay time", "synaptic current"),
    {"tau_w", "ms", 100.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the adaptation current"},
    {"b", "nA", 0.05, -INFINITY, INFINITY, 0, "increment of the adaptation current at a spike"},
};
_Static_assert(AX_COUNT(params) == B + 1, "the rows of if_family.h");

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-65.0),
    AX_IF_VARS_ISYN,
    AX_IF_VAR_W,
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    AX_IF_RECEPTORS_ISYN,
};

typedef struct coef {
    ax_leak m;
    ax_psc_exp exc, inh, w;     /* w: the adaptation current, entering v with a minus */
    double i_offset;
    ax_if_reset reset;
    double b;
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
        c[i].exc = ax_psc_exp_coef(h, tau_m, AX_PARAM(p, IF_CURR_TAU_SYN_E, i), cm);
        c[i].inh = ax_psc_exp_coef(h, tau_m, AX_PARAM(p, IF_CURR_TAU_SYN_I, i), cm);
        c[i].w = ax_psc_exp_coef(h, tau_m, AX_PARAM(p, TAU_W, i), cm);
        c[i].b = AX_PARAM(p, B, i);
        c[i].i_offset = AX_PARAM(p, IF_CURR_I_OFFSET, i);
        c[i].reset = ax_if_reset_coef(p, i, IF_CURR_V_RESET, IF_CURR_V_THRESH, IF_CURR_TAU_REFRAC);
    }
    return 0;
}

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    double *restrict v = p->state[V], *restrict ie = p->state[ISYN_EXC];
    double *restrict ii = p->state[ISYN_INH], *restrict r = p->state[REFRAC], *restrict w = p->state[W];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i], wi = w[i];
        double vn = ax_leak_step(&c->m, vi, c->i_offset + cur[i]) + c->exc.p21 * ie[i] + c->inh.p21 * ii[i] -
                    c->w.p21 * wi;
        ie[i] = c->exc.p11 * ie[i] + in_e[i];
        ii[i] = c->inh.p11 * ii[i] + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        wi *= c->w.p11;
        int fire = ax_if_fire(&c->reset, ri, vi, vn, &v[i], &r[i]);
        w[i] = fire ? wi + c->b : wi;
        spiked[i] = (uint32_t)fire;
    }
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH(body, p, begin, end);
}

const ax_model ax_model_IF_curr_exp_sfa = {
    .name = "IF_curr_exp_sfa",
    .doc = "Adaptive leaky integrate-and-fire neuron: IF_curr_exp plus a spike-triggered "
           "adaptation current w (w += b at each spike, decays with tau_w). Exact integration.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = ax_if_curr_check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
