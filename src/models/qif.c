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
#include "models/if_family.h"

enum { V_REST, V_CRIT, V_SPIKE, V_RESET, CM, TAU_M, TAU_REFRAC, TAU_SYN_E, TAU_SYN_I, I_OFFSET };
enum { V, ISYN_EXC, ISYN_INH, REFRAC };

static const ax_param_info params[] = {
    AX_IF_V_REST(-65.0, "resting potential (stable fixed point)"),
    {"v_crit", "mV", -50.0, -INFINITY, INFINITY, 0, "critical potential (unstable fixed point)"},
    {"v_spike", "mV", 30.0, -INFINITY, INFINITY, 0, "the spike is cut here"},
    AX_IF_V_RESET(-65.0),
    AX_IF_CM(1.0),
    {"tau_m", "ms", 20.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane time constant near rest"},
    AX_IF_TAU_REFRAC,
    AX_IF_TAU_SYN_ROWS(5.0, 5.0, "decay time", "synaptic current"),
    AX_IF_I_OFFSET,
};

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-65.0),
    AX_IF_VARS_ISYN,
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    AX_IF_RECEPTORS_ISYN,
};

typedef struct coef {
    double k, v_rest, v_crit, inv_c;     /* dv/dt = k (v - v_rest)(v - v_crit) + I / cm */
    ax_kernel exc, inh;                  /* the currents' decay to the stage times */
    double i_offset;
    ax_if_reset reset;                   /* v_thresh: v_spike */
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
        c[i].exc = ax_kernel_coef(h, AX_PARAM(p, TAU_SYN_E, i));
        c[i].inh = ax_kernel_coef(h, AX_PARAM(p, TAU_SYN_I, i));
        c[i].i_offset = AX_PARAM(p, I_OFFSET, i);
        c[i].reset = ax_if_reset_coef(p, i, V_RESET, V_SPIKE, TAU_REFRAC);
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
        double Ia = I0 + e0 + i0, Im = I0 + e0 * c->exc.p_half + i0 * c->inh.p_half;
        double Ib = I0 + e0 * c->exc.p + i0 * c->inh.p;
        double k1 = rhs(c, vi, Ia);
        double k2 = rhs(c, vi + 0.5 * h * k1, Im);
        double k3 = rhs(c, vi + 0.5 * h * k2, Im);
        double k4 = rhs(c, vi + h * k3, Ib);
        double vn = vi + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
        ie[i] = e0 * c->exc.p + in_e[i];
        ii[i] = i0 * c->inh.p + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        spiked[i] = (uint32_t)ax_if_fire(&c->reset, ri, vi, vn, &v[i], &r[i]);
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
