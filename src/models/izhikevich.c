/*
 * Izhikevich - the simple spiking model of Izhikevich (2003) (PyNN
 * Izhikevich; NEST izhikevich).
 *
 * Equations
 *     dv/dt = 0.04 v^2 + 5 v + 140 - u + I        (v in mV, t in ms)
 *     du/dt = a (b v - u)
 *     I = 1000 (i_offset + I_inj): currents in nA enter as in PyNN, whose
 *         NEST backend scales i_offset (nA) to I_e (pA, with R = 1).
 * A spike of weight w (mV) at either receptor: v += w (PyNN's Izhikevich
 * has voltage-jump synapses).  When v >= 30 mV: spike, v = c, u += d.
 *
 * Parameters (PyNN): a 0.02 /ms, b 0.2 /ms, c -65 mV, d 2 mV/ms, i_offset 0 nA
 * State: v -70 mV, u -14 mV/ms.
 *
 * Method: RK4 on (v, u) with dt, then this step's input jumps, then the
 * threshold.  RK4 rather than the paper's forward Euler so that the result
 * converges to the model's equations as dt shrinks (the paper's 1 ms /
 * two-half-step scheme changes firing rates by several percent).  Spikes
 * fall on the dt grid, as in NEST and Brian2: the step that crosses 30 mV
 * overshoots and u integrates against the overshoot, so rates are low by
 * O(dt): against exact threshold crossings, 0.2-0.3 % for regular spiking
 * at 10-33 Hz and 1-3 % for fast spiking at 45-230 Hz with dt = 0.1 ms,
 * ten times less with dt = 0.01 ms (tests/test_models_ref.c).
 *
 * Reference: Izhikevich EM (2003) Simple model of spiking neurons. IEEE
 * Trans Neural Netw 14:1569-1572.
 */
#include "core/model_util.h"
#include "models/izhikevich_units.h"

#include <math.h>

enum { A, B, C, D, I_OFFSET, N_PARAMS };
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
    {"excitatory", "mV", AX_RECEPTOR_EXPECTS_POSITIVE, "jump of v"},
    {"inhibitory", "mV", AX_RECEPTOR_EXPECTS_NEGATIVE, "jump of v (use negative weights)"},
};

#define V_PEAK 30.0

AX_INLINE double dv_dt(double v, double u, double I) { return (0.04 * v + 5.0) * v + 140.0 - u + I; }

/* Neurons [first, first + n); parameter k of neuron first + j is par[k][0] when
 * s = 0 (a uniform population), par[k][j] when s = 1 (a block of rows,
 * ax_param_rows). */
AX_INLINE void body(const ax_population_view *p, uint32_t first, uint32_t n, const double *const *par, size_t s)
{
    const double h = p->dt;
    const double *restrict pa = par[A], *restrict pb = par[B], *restrict pc = par[C], *restrict pd = par[D];
    const double *restrict pi = par[I_OFFSET];
    double *restrict v = p->state[V] + first, *restrict u = p->state[U] + first;
    double *restrict in_e = p->input[0] + first, *restrict in_i = p->input[1] + first;
    const double *restrict cur = p->current + first;
    uint32_t *restrict spiked = p->spiked + first;
    /* uniform: the values as locals, loop-invariant (GCC does not vectorise
     * the loop around a load of *pa, even through a restrict pointer) */
    const double a0 = pa[0], b0 = pb[0], c0 = pc[0], d0 = pd[0], i0 = pi[0];
    AX_SIMD
    for (uint32_t i = 0; i < n; i++) {
        double a = s ? pa[i] : a0, b = s ? pb[i] : b0, c = s ? pc[i] : c0, d = s ? pd[i] : d0;
        double I = 1000.0 * ((s ? pi[i] : i0) + cur[i]);
        double v0 = v[i], u0 = u[i];
        double kv1 = dv_dt(v0, u0, I), ku1 = a * (b * v0 - u0);
        double v2 = v0 + 0.5 * h * kv1, u2 = u0 + 0.5 * h * ku1;
        double kv2 = dv_dt(v2, u2, I), ku2 = a * (b * v2 - u2);
        double v3 = v0 + 0.5 * h * kv2, u3 = u0 + 0.5 * h * ku2;
        double kv3 = dv_dt(v3, u3, I), ku3 = a * (b * v3 - u3);
        double v4 = v0 + h * kv3, u4 = u0 + h * ku3;
        double kv4 = dv_dt(v4, u4, I), ku4 = a * (b * v4 - u4);
        double vn = v0 + h / 6.0 * (kv1 + 2.0 * kv2 + 2.0 * kv3 + kv4) + in_e[i] + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        double un = u0 + h / 6.0 * (ku1 + 2.0 * ku2 + 2.0 * ku3 + ku4);
        int fire = vn >= V_PEAK;
        v[i] = fire ? c : vn;
        u[i] = fire ? un + d : un;
        spiked[i] = (uint32_t)fire;
    }
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    if (p->uniform) {
        body(p, begin, end - begin, p->param, 0);
        return;
    }
    double fill[N_PARAMS][AX_PARAM_BLOCK];
    const double *row[N_PARAMS];
    ax_param_fill(p, N_PARAMS, end - begin, fill);
    for (uint32_t b0 = begin; b0 < end; b0 += AX_PARAM_BLOCK) {
        ax_param_rows(p, N_PARAMS, b0, fill, row);
        body(p, b0, end - b0 < AX_PARAM_BLOCK ? end - b0 : AX_PARAM_BLOCK, row, 1);
    }
}

const ax_model ax_model_Izhikevich = {
    .name = "Izhikevich",
    .doc = "Izhikevich (2003) simple spiking model (PyNN Izhikevich, NEST izhikevich) with "
           "voltage-jump synapses. RK4 integration.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = receptors, .n_receptors = AX_COUNT(receptors),
    .flags = AX_MODEL_CLEARS_INPUT,
    .update = update,
    .drive_limit = AX_IZHIKEVICH_DRIVE_LIMIT,
    .drive_hint = AX_IZHIKEVICH_DRIVE_HINT,
};
