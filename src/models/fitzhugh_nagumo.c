/*
 * FitzHughNagumo - the dimensionless two-variable reduction of the
 * Hodgkin-Huxley model by FitzHugh (1961) and Nagumo et al. (1962), in its
 * common form.
 *
 * Equations
 *     dv/dt = v - v^3/3 - w + I
 *     dw/dt = (v + a - b w) / tau
 *     I = i_offset + I_inj
 * v, w and I are dimensionless; one unit of the model's time is 1 ms of
 * simulation time, and an injected current of x nA (and i_offset = x) is
 * the dimensionless drive I = x.  A spike of weight x at either receptor
 * adds x to v (a delta pulse; use negative weights to hyperpolarise).
 * A spike is an upward crossing of v_thresh; v is not reset (the limit
 * cycle brings it back).
 *
 * Parameters: a 0.7, b 0.8, tau 12.5 ms (FitzHugh's values), i_offset 0,
 * v_thresh 1.0.  With these the fixed point is stable for I below about
 * 0.331 and above about 1.42 (the Hopf points, where 1 - v*^2 = b / tau),
 * and v oscillates in between with an amplitude crossing v = 1.
 * State: v, w start at the fixed point for I = 0 (-1.19941, -0.624260).
 *
 * Method: RK4 with dt, then this step's input pulses are added to v, then
 * the threshold test.  RK4 because the right-hand side is a smooth
 * polynomial and the system is not stiff at usual steps (the fastest rate,
 * |1 - v^2| with |v| < 2.5 on the cycle, is a few per ms): fourth order at
 * four cheap evaluations per step, no exponentials; exponential or exact
 * schemes gain nothing for a cubic.
 *
 * References: FitzHugh R (1961) Impulses and physiological states in
 * theoretical models of nerve membrane. Biophys J 1:445-466.  Nagumo J,
 * Arimoto S, Yoshizawa S (1962) An active pulse transmission line
 * simulating nerve axon. Proc IRE 50:2061-2070.
 */
#include "core/model_util.h"

#include <math.h>

enum { A, B, TAU, I_OFFSET, V_THRESH };
enum { V, W };

static const ax_param_info params[] = {
    {"a", "", 0.7, -INFINITY, INFINITY, 0, "offset of the w nullcline"},
    {"b", "", 0.8, -INFINITY, INFINITY, 0, "slope factor of the w nullcline"},
    {"tau", "ms", 12.5, 0.0, INFINITY, AX_PARAM_GT_MIN, "time scale of the recovery variable w"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant drive I (dimensionless; 1 nA = 1)"},
    {"v_thresh", "", 1.0, -INFINITY, INFINITY, 0, "a spike is an upward crossing of this"},
};

static const ax_var_info vars[] = {
    {"v", "", -1.1994080352440346, "fast (voltage-like) variable; fixed point at I = 0"},
    {"w", "", -0.6242600440550433, "recovery variable; fixed point at I = 0"},
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "", AX_RECEPTOR_EXPECTS_POSITIVE, "adds the weight to v"},
    {"inhibitory", "", AX_RECEPTOR_EXPECTS_NEGATIVE, "adds the weight to v (use negative weights)"},
};

AX_INLINE double dv_dt(double v, double w, double I) { return v - v * v * v / 3.0 - w + I; }

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het)
{
    const double h = p->dt;
    const double *pa = p->param[A], *pb = p->param[B], *pt = p->param[TAU];
    const double *pi = p->param[I_OFFSET], *pv = p->param[V_THRESH];
    double *restrict v = p->state[V], *restrict w = p->state[W];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    /* local copies of uniform values: loop-invariant, so the loop vectorises */
    const double a0 = pa[0], b0 = pb[0], k0 = 1.0 / pt[0], i0 = pi[0], th0 = pv[0];
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        double a = het && p->per_neuron[A] ? pa[i] : a0, b = het && p->per_neuron[B] ? pb[i] : b0;
        double k = het && p->per_neuron[TAU] ? 1.0 / pt[i] : k0;
        double I = (het && p->per_neuron[I_OFFSET] ? pi[i] : i0) + cur[i];
        double th = het && p->per_neuron[V_THRESH] ? pv[i] : th0;
        double v0 = v[i], w0 = w[i];
        double kv1 = dv_dt(v0, w0, I), kw1 = k * (v0 + a - b * w0);
        double v2 = v0 + 0.5 * h * kv1, w2 = w0 + 0.5 * h * kw1;
        double kv2 = dv_dt(v2, w2, I), kw2 = k * (v2 + a - b * w2);
        double v3 = v0 + 0.5 * h * kv2, w3 = w0 + 0.5 * h * kw2;
        double kv3 = dv_dt(v3, w3, I), kw3 = k * (v3 + a - b * w3);
        double v4 = v0 + h * kv3, w4 = w0 + h * kw3;
        double kv4 = dv_dt(v4, w4, I), kw4 = k * (v4 + a - b * w4);
        double vn = v0 + h / 6.0 * (kv1 + 2.0 * kv2 + 2.0 * kv3 + kv4) + in_e[i] + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        v[i] = vn;
        w[i] = w0 + h / 6.0 * (kw1 + 2.0 * kw2 + 2.0 * kw3 + kw4);
        spiked[i] = (uint32_t)((v0 < th) & (vn >= th));   /* & not &&: no branch, so it vectorises */
    }
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH(body, p, begin, end);
}

const ax_model ax_model_FitzHughNagumo = {
    .name = "FitzHughNagumo",
    .doc = "FitzHugh (1961) - Nagumo (1962) dimensionless model dv/dt = v - v^3/3 - w + I, "
           "dw/dt = (v + a - b w)/tau, time unit 1 ms, I = i_offset + injected nA, synaptic weights "
           "added to v. Spike: upward crossing of v_thresh. RK4 integration.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .update = update,
};
