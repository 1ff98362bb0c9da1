/*
 * QIF - quadratic integrate-and-fire neuron (Ermentrout & Kopell 1986;
 * Latham et al. 2000) with exponentially decaying synaptic currents.
 *
 * Equations
 *     tau_m dv/dt = (v - v_rest)(v - v_crit) / (v_crit - v_rest)
 *                   + tau_m (isyn_exc + isyn_inh + i_offset + I_inj) / cm
 *     d isyn/dt = -isyn / tau_syn,  a spike of weight w (nA) adds w to isyn
 * Without input v_rest is the stable and v_crit the unstable fixed point;
 * near v_rest the cell leaks with time constant tau_m exactly, like
 * IF_curr_exp.  Above v_crit (or above the rheobase current) v runs away
 * to infinity in finite time; the spike is cut at v_spike: spike,
 * v = v_reset, held for tau_refrac.
 *
 * Parameters: v_rest -65 mV, v_crit -50 mV, v_spike 30 mV, v_reset -65 mV,
 *     cm 1 nF, tau_m 20 ms, tau_refrac 0.1 ms, tau_syn_E 5 ms,
 *     tau_syn_I 5 ms, i_offset 0 nA
 * State: v (mV), isyn_exc, isyn_inh (nA), refrac (steps left).
 *
 * Method: RK4 for v with the synaptic currents evaluated exactly at the
 * stage times; the currents decay exactly.  Order as IF_curr_exp.
 * Under constant current the time to reach v_spike has the closed form
 * t = (atan((v_spike - m)/q) - atan((v0 - m)/q)) / (k q), k = 1/(tau_m
 * (v_crit - v_rest)), m = (v_rest + v_crit)/2, q^2 = I/(cm k) - ((v_crit -
 * v_rest)/2)^2, which the tests check.
 *
 * Reference: Latham PE, Richmond BJ, Nelson PG, Nirenberg S (2000)
 * J Neurophysiol 83:808-827; Dayan P, Abbott LF (2001) Theoretical
 * Neuroscience, ch. 6.
 */
#include "core/model_util.h"
#include "core/propagators.h"

#include <math.h>

enum { V_REST, V_CRIT, V_SPIKE, V_RESET, CM, TAU_M, TAU_REFRAC, TAU_SYN_E, TAU_SYN_I, I_OFFSET };
enum { V, ISYN_EXC, ISYN_INH, REFRAC };

static const ax_param_info params[] = {
    {"v_rest", "mV", -65.0, -INFINITY, INFINITY, 0, "resting potential (stable fixed point)"},
    {"v_crit", "mV", -50.0, -INFINITY, INFINITY, 0, "critical potential (unstable fixed point)"},
    {"v_spike", "mV", 30.0, -INFINITY, INFINITY, 0, "the spike is cut here"},
    {"v_reset", "mV", -65.0, -INFINITY, INFINITY, 0, "reset potential after a spike"},
    {"cm", "nF", 1.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"tau_m", "ms", 20.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane time constant near rest"},
    {"tau_refrac", "ms", 0.1, 0.0, INFINITY, 0, "refractory period (rounded to steps)"},
    {"tau_syn_E", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the excitatory synaptic current"},
    {"tau_syn_I", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the inhibitory synaptic current"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
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
    double k, v_rest, v_crit, inv_c;     /* dv/dt = k (v - v_rest)(v - v_crit) + I / cm */
    double pe, pe_half, pi, pi_half;
    double i_offset, v_spike, v_reset, refrac_steps;
} coef;

static int check(const ax_population_view *p, char *msg, size_t len)
{
    for (uint32_t i = 0; i < (p->uniform ? 1 : p->size); i++) {
        double vr = AX_PARAM(p, V_REST, i), vc = AX_PARAM(p, V_CRIT, i);
        double vs = AX_PARAM(p, V_SPIKE, i), vreset = AX_PARAM(p, V_RESET, i);
        if (!(vc > vr) || !(vs > vc) || !(vreset < vs)) {
            snprintf(msg, len, "needs v_rest < v_crit < v_spike and v_reset < v_spike; got v_rest %g, "
                     "v_crit %g, v_spike %g, v_reset %g mV (neuron %u)", vr, vc, vs, vreset, i);
            return -1;
        }
    }
    return 0;
}

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    size_t n = ax_coef_alloc(p, data, sizeof(coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    coef *c = *data;
    double h = p->dt;
    for (size_t i = 0; i < n; i++) {
        c[i].v_rest = AX_PARAM(p, V_REST, i);
        c[i].v_crit = AX_PARAM(p, V_CRIT, i);
        c[i].k = 1.0 / (AX_PARAM(p, TAU_M, i) * (c[i].v_crit - c[i].v_rest));
        c[i].inv_c = 1.0 / AX_PARAM(p, CM, i);
        c[i].pe = exp(-h / AX_PARAM(p, TAU_SYN_E, i));
        c[i].pe_half = exp(-0.5 * h / AX_PARAM(p, TAU_SYN_E, i));
        c[i].pi = exp(-h / AX_PARAM(p, TAU_SYN_I, i));
        c[i].pi_half = exp(-0.5 * h / AX_PARAM(p, TAU_SYN_I, i));
        c[i].i_offset = AX_PARAM(p, I_OFFSET, i);
        c[i].v_spike = AX_PARAM(p, V_SPIKE, i);
        c[i].v_reset = AX_PARAM(p, V_RESET, i);
        c[i].refrac_steps = ax_steps(AX_PARAM(p, TAU_REFRAC, i), h);
    }
    return 0;
}

AX_INLINE double rhs(const coef *c, double v, double I)
{
    return c->k * (v - c->v_rest) * (v - c->v_crit) + I * c->inv_c;
}

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    const double h = p->dt;
    double *restrict v = p->state[V], *restrict ie = p->state[ISYN_EXC];
    double *restrict ii = p->state[ISYN_INH], *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i], e0 = ie[i], i0 = ii[i];
        double I0 = c->i_offset + cur[i];
        double Ia = I0 + e0 + i0, Im = I0 + e0 * c->pe_half + i0 * c->pi_half, Ib = I0 + e0 * c->pe + i0 * c->pi;
        double k1 = rhs(c, vi, Ia);
        double k2 = rhs(c, vi + 0.5 * h * k1, Im);
        double k3 = rhs(c, vi + 0.5 * h * k2, Im);
        double k4 = rhs(c, vi + h * k3, Ib);
        double vn = vi + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
        int refractory = ri > 0.0;
        vn = refractory ? vi : vn;
        ri = refractory ? ri - 1.0 : ri;
        ie[i] = e0 * c->pe + in_e[i];
        ii[i] = i0 * c->pi + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        int fire = vn >= c->v_spike;
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

const ax_model ax_model_QIF = {
    .name = "QIF",
    .doc = "Quadratic integrate-and-fire neuron (Latham et al. 2000) with exponentially decaying "
           "synaptic currents; leaks with tau_m near rest. RK4 for v, exact current decay.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .check = check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
