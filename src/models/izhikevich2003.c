/*
 * Izhikevich2003 - the simple spiking model of Izhikevich (2003) integrated
 * exactly as the paper's MATLAB program net.m does, so that the paper's
 * 1000-neuron network (bench/models/izhikevich2003.toml, which bench/run
 * runs beside Brian2's brian2_izhikevich.py) runs with the same dynamics.
 * The `Izhikevich` model (izhikevich.c) is the same equations solved
 * accurately (RK4, voltage-jump synapses); this one is the paper's scheme.
 *
 * Equations
 *     dv/dt = 0.04 v^2 + 5 v + 140 - u + I        (v in mV, t in ms)
 *     du/dt = a (b v - u)
 *     When v >= 30 mV: spike, v = c, u += d.
 *     I = 1000 (i_offset + I_inj) + (in_exc + in_inh) / dt
 * Injected currents (nA) enter as in PyNN's Izhikevich (1 nA = 1000 in the
 * equation).  Synaptic weights w (mV) are charges: the weights arriving in
 * a step are spread as a current over that step, so with dt = 1 ms a
 * weight w adds w to net.m's I for one step, exactly as net.m's
 * I = I + sum(S(:,fired),2) does (axon stores weights in single
 * precision: bit for bit net.m's only where its S entries are floats).
 *
 * Method (net.m's loop body), per step of dt with I held over the step:
 *     v += dt/2 (0.04 v^2 + 5 v + 140 - u + I)    two forward-Euler half
 *     v += dt/2 (0.04 v^2 + 5 v + 140 - u + I)    steps of v, same I and u
 *     u += dt a (b v - u)                         one step, with the new v
 *     v >= 30: spike, v = c, u += d
 * The arithmetic is written in net.m's order (0.04*(v*v) + 5*v + 140 - u
 * + I), so with dt = 1 ms the results are bit for bit those of net.m's
 * recursion (tests/test_izhikevich2003.c against a literal transcription,
 * tests/reference/make_izhikevich2003.py).  Other dt are allowed: the
 * scheme is the same with dt/2 and dt.  It is first order, and at dt = 1 ms
 * with spikes on a 1 ms grid its steady rates under DC are 9-17 % below
 * the equations' for regular spiking at 10-33 Hz and 29-60 % below for
 * fast spiking at 45-230 Hz (against tests/reference/Izhikevich_rates.csv):
 * it is the paper's network model, not an accurate solver of the ODEs (for
 * that, use `Izhikevich`).
 *
 * Order within a step, against net.m.  net.m tests v >= 30 at the start
 * of loop iteration t+1, resets those neurons, adds their columns of S to
 * the I of that iteration, and then integrates.  axon tests the threshold
 * at the end of the step that crossed it and resets there, and a
 * projection with delay = dt delivers the spike into the input of the next
 * step.  Both integrate step t+1 from the reset state with the spike's
 * weight in I: the same dynamics.  Only the label differs: net.m records
 * the spike at t+1 (its 1-based loop index, ms), axon at the end of the
 * crossing step, t ms, as Brian2's peer does.  Parameters and initial
 * values follow PyNN's Izhikevich; net.m starts from v = -65, u = b v.
 *
 * Parameters (PyNN): a 0.02 /ms, b 0.2 /ms, c -65 mV, d 2 mV/ms, i_offset 0 nA
 * State: v -70 mV, u -14 mV/ms.
 *
 * Reference: Izhikevich EM (2003) Simple model of spiking neurons. IEEE
 * Trans Neural Netw 14:1569-1572 (the program net.m, its figure 3).
 */
#include "core/model_util.h"
#include "models/izhikevich_units.h"

#include <math.h>

enum { A, B, C, D, I_OFFSET };
enum { V, U };

static const ax_param_info params[] = {
    {"a", "/ms", 0.02, -INFINITY, INFINITY, 0, "time scale of the recovery variable u"},
    {"b", "/ms", 0.2, -INFINITY, INFINITY, 0, "sensitivity of u to v"},
    {"c", "mV", -65.0, -INFINITY, 30.0, AX_PARAM_LT_MAX, "reset value of v (below the 30 mV peak)"},
    {"d", "mV/ms", 2.0, -INFINITY, INFINITY, 0, "increment of u at a spike"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current (1 nA = 1000 in the equation)"},
};

static const ax_var_info vars[] = {
    {"v", "mV", -70.0, "membrane potential"},
    {"u", "mV/ms", -14.0, "recovery variable"},
};

static const ax_receptor_info receptors[] = {
    {"excitatory", "mV", AX_RECEPTOR_EXPECTS_POSITIVE, "charge of a current pulse lasting one step (w/dt in I); net.m's S entries"},
    {"inhibitory", "mV", AX_RECEPTOR_EXPECTS_NEGATIVE, "charge of a current pulse lasting one step (use negative weights)"},
};

#define V_PEAK 30.0

/* net.m's right-hand side, in its order of operations. */
AX_INLINE double dv_dt(double v, double u, double I) { return 0.04 * (v * v) + 5.0 * v + 140.0 - u + I; }

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het)
{
    const double h = p->dt, half = 0.5 * p->dt;
    const double *pa = p->param[A], *pb = p->param[B], *pc = p->param[C], *pd = p->param[D];
    const double *pi = p->param[I_OFFSET];
    double *restrict v = p->state[V], *restrict u = p->state[U];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    /* local copies of uniform values: loop-invariant, so the loop vectorises */
    const double a0 = pa[0], b0 = pb[0], c0 = pc[0], d0 = pd[0], i0 = pi[0];
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        double a = het && p->per_neuron[A] ? pa[i] : a0, b = het && p->per_neuron[B] ? pb[i] : b0;
        double c = het && p->per_neuron[C] ? pc[i] : c0, d = het && p->per_neuron[D] ? pd[i] : d0;
        double I = 1000.0 * ((het && p->per_neuron[I_OFFSET] ? pi[i] : i0) + cur[i]) + (in_e[i] + in_i[i]) / h;
        in_e[i] = in_i[i] = 0.0;
        double u0 = u[i];
        double vn = v[i];
        vn = vn + half * dv_dt(vn, u0, I);
        vn = vn + half * dv_dt(vn, u0, I);
        double un = u0 + h * a * (b * vn - u0);
        int fire = vn >= V_PEAK;
        v[i] = fire ? c : vn;
        u[i] = fire ? un + d : un;
        spiked[i] = (uint32_t)fire;
    }
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH(body, p, begin, end);
}

const ax_model ax_model_Izhikevich2003 = {
    .name = "Izhikevich2003",
    .doc = "Izhikevich (2003) simple spiking model integrated as the paper's net.m: per step, two forward-Euler "
           "half steps of v and one of u with the new v, then the 30 mV threshold. Synaptic weights (mV) are "
           "charges spread over one step: with dt = 1 ms, w adds w to net.m's I (its S entries, with delay = dt). "
           "For the paper's 1000-neuron network; use Izhikevich for accurate integration.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .update = update,
    .drive_limit = AX_IZHIKEVICH_DRIVE_LIMIT,
    .drive_hint = AX_IZHIKEVICH_DRIVE_HINT,
};
