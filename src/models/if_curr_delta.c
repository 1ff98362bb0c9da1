/*
 * IF_curr_delta - leaky integrate-and-fire neuron whose synaptic inputs are
 * jumps of the membrane potential (PyNN IF_curr_delta; NEST iaf_psc_delta).
 *
 * Equations
 *     cm dv/dt = cm (v_rest - v) / tau_m + i_offset + I_inj
 *     a spike of weight w (mV) at either receptor: v += w
 * When v >= v_thresh the neuron fires, v = v_reset, and for tau_refrac
 * (rounded to steps) v stays at v_reset and arriving input is discarded,
 * as in NEST's iaf_psc_delta (refractory_input = false).  This is the
 * neuron of the Brunel (2000) network.
 *
 * Parameters (PyNN): v_rest -65 mV, cm 1 nF, tau_m 20 ms, tau_refrac 0.1 ms,
 *     i_offset 0 nA, v_reset -65 mV, v_thresh -50 mV
 * State: v (mV), refrac (steps left).
 *
 * Method: exact integration: v' = v_rest + P22 (v - v_rest) + P20 I + input,
 * then the threshold test (NEST order).
 *
 * Reference: Brunel N (2000) J Comput Neurosci 8:183-208; NEST iaf_psc_delta.
 */
#include "models/if_family.h"

enum { V_REST, CM, TAU_M, TAU_REFRAC, I_OFFSET, V_RESET, V_THRESH };
enum { V, REFRAC };

static const ax_param_info params[] = {
    AX_IF_LEAK_ROWS("resting membrane potential"),
    AX_IF_CURR_END_ROWS,
};

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-65.0),
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "mV", AX_RECEPTOR_EXPECTS_POSITIVE, "jump of v"},
    {"inhibitory", "mV", AX_RECEPTOR_EXPECTS_NEGATIVE, "jump of v (use negative weights)"},
};

typedef struct coef {
    ax_leak m;
    double i_offset;
    ax_if_reset reset;
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
    for (size_t i = 0; i < n; i++) {
        c[i].m = ax_leak_coef(p->dt, AX_PARAM(p, V_REST, i), AX_PARAM(p, TAU_M, i), AX_PARAM(p, CM, i));
        c[i].i_offset = AX_PARAM(p, I_OFFSET, i);
        c[i].reset = ax_if_reset_coef(p, i, V_RESET, V_THRESH, TAU_REFRAC);
    }
    return 0;
}

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    double *restrict v = p->state[V], *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i];
        double vn = ax_leak_step(&c->m, vi, c->i_offset + cur[i]) + (in_e[i] + in_i[i]);
        in_e[i] = in_i[i] = 0.0;
        spiked[i] = (uint32_t)ax_if_fire(&c->reset, ri, vi, vn, &v[i], &r[i]);
    }
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH(body, p, begin, end);
}

const ax_model ax_model_IF_curr_delta = {
    .name = "IF_curr_delta",
    .doc = "Leaky integrate-and-fire neuron with voltage-jump synapses (PyNN IF_curr_delta, "
           "NEST iaf_psc_delta); input during refractoriness is discarded. Exact integration.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
