/*
 * MorrisLecar - the barnacle muscle fibre model of Morris & Lecar (1981),
 * with the parameters of Rinzel & Ermentrout (1998), plus exponentially
 * decaying synaptic conductances as HodgkinHuxley.
 *
 * Equations
 *     cm dv/dt = g_Ca m_inf(v) (e_rev_Ca - v) + g_K w (e_rev_K - v)
 *                + g_leak (e_rev_leak - v) + gsyn_exc (e_rev_E - v)
 *                + gsyn_inh (e_rev_I - v) + i_offset + I_inj
 *     dw/dt = phi (w_inf(v) - w) / tau_w(v)
 *     m_inf(v) = (1 + tanh((v - v1) / v2)) / 2     (Ca activation, instantaneous)
 *     w_inf(v) = (1 + tanh((v - v3) / v4)) / 2     (K activation)
 *     tau_w(v) = 1 / cosh((v - v3) / (2 v4))
 *     d gsyn_exc/dt = -gsyn_exc / tau_syn_E        (likewise gsyn_inh)
 * A spike of weight w (uS, >= 0) adds w to the conductance of its receptor.
 *
 * Units.  The textbook values are densities (uF/cm2, mS/cm2, uA/cm2); axon
 * reads them as a membrane of 1e-3 cm2, so cm = 20 nF for 20 uF/cm2, a
 * conductance in uS is the number in mS/cm2 and a current in nA the number
 * in uA/cm2 (as HodgkinHuxley).
 *
 * Parameters: the defaults are Rinzel & Ermentrout's class II set (near a
 * subcritical Hopf bifurcation firing sets in at a finite rate: from rest,
 * 7.6 Hz above 88.3 nA):  cm 20 nF, g_Ca 4.4 uS, g_K 8 uS, g_leak 2 uS,
 * e_rev_Ca 120 mV, e_rev_K -84 mV, e_rev_leak -60 mV, v1 -1.2 mV,
 * v2 18 mV, v3 2 mV, v4 30 mV, phi 0.04 /ms.  Their class I set (onset
 * through a saddle-node on the invariant circle at 39.963 nA, at any low
 * rate) differs in g_Ca 4 uS, v3 12 mV, v4 17.4 mV, phi 1/15 /ms (0.0667;
 * Ermentrout's XPP file for it writes 0.06666667); its rest is -59.474 mV,
 * w = 0.00027038.  Further: i_offset
 * 0 nA, v_thresh 0 mV, tau_refrac 0 ms, e_rev_E 0 mV, e_rev_I -80 mV,
 * tau_syn_E 0.2 ms, tau_syn_I 2 ms.
 * State: v (mV) and w start at the class II resting point with no input
 * (-60.855 mV, 0.014915); set both when changing the parameters.
 *
 * Spikes: an upward crossing of v_thresh; v is not reset.  For tau_refrac
 * after a spike no new one is detected (v goes on being integrated).
 *
 * Method: the staggered exponential scheme of channels/channel.h.  Over a
 * step from t to t + h, w is advanced from t - h/2 to t + h/2 by
 * exponential Euler at v(t) (exact for constant v), then v from t to t + h
 * exactly with the conductances frozen.  m_inf has no kinetics of its own:
 * taken at v(t) it would make the Ca conductance lag half a step and the
 * scheme first order (1.5 mV of error in v at dt = 0.01 ms during firing).
 * So v takes a predictor half step with m_inf(v(t)), and the full step
 * uses m_inf at the predicted v(t + h/2), a centred value like w's: second
 * order (0.006 mV over 500 ms of firing at dt = 0.01 ms; the error falls
 * 4x when dt halves, tests/test_morris_lecar.c), for two more exponentials
 * per step.  Each sub-step is exact for frozen conductances, so stiffness
 * sets no step limit (at dt = 1 ms examples/morris_lecar.toml still gives
 * the spike counts of dt = 0.1 ms within one).  The synaptic conductances enter with their exact mean over
 * the step; input arriving at step t is added at its end.  The recorded
 * w is that of t + h/2.
 *
 * References: Morris C, Lecar H (1981) Voltage oscillations in the
 * barnacle giant muscle fiber. Biophys J 35:193-213.  Rinzel J, Ermentrout
 * GB (1998) Analysis of neural excitability and oscillations, in Koch C,
 * Segev I (eds) Methods in Neuronal Modeling, 2nd ed, MIT Press, 251-291.
 */
#include "core/vmath.h"
#include "models/channel_cell.h"
#include "core/model_util.h"
#include "core/propagators.h"

#include <math.h>

enum { CM, G_CA, G_K, G_LEAK, E_REV_CA, E_REV_K, E_REV_LEAK, V1, V2, V3, V4, PHI, I_OFFSET, V_THRESH,
       TAU_REFRAC, E_REV_E, E_REV_I, TAU_SYN_E, TAU_SYN_I };
enum { V, W, GSYN_EXC, GSYN_INH, REFRAC };

static const ax_param_info params[] = {
    {"cm", "nF", 20.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"g_Ca", "uS", 4.4, 0.0, INFINITY, 0, "maximal calcium conductance"},
    {"g_K", "uS", 8.0, 0.0, INFINITY, 0, "maximal potassium conductance"},
    {"g_leak", "uS", 2.0, 0.0, INFINITY, 0, "leak conductance"},
    {"e_rev_Ca", "mV", 120.0, -INFINITY, INFINITY, 0, "calcium reversal potential"},
    {"e_rev_K", "mV", -84.0, -INFINITY, INFINITY, 0, "potassium reversal potential"},
    {"e_rev_leak", "mV", -60.0, -INFINITY, INFINITY, 0, "leak reversal potential"},
    {"v1", "mV", -1.2, -INFINITY, INFINITY, 0, "half-activation voltage of m_inf"},
    {"v2", "mV", 18.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "slope factor of m_inf"},
    {"v3", "mV", 2.0, -INFINITY, INFINITY, 0, "half-activation voltage of w_inf"},
    {"v4", "mV", 30.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "slope factor of w_inf and tau_w"},
    {"phi", "/ms", 0.04, 0.0, INFINITY, AX_PARAM_GT_MIN, "rate scale of w"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
    {"v_thresh", "mV", 0.0, -INFINITY, INFINITY, 0, "a spike is an upward crossing of this"},
    {"tau_refrac", "ms", 0.0, 0.0, INFINITY, 0, "no new spike is detected for this long after one"},
    {"e_rev_E", "mV", 0.0, -INFINITY, INFINITY, 0, "excitatory reversal potential"},
    {"e_rev_I", "mV", -80.0, -INFINITY, INFINITY, 0, "inhibitory reversal potential"},
    {"tau_syn_E", "ms", 0.2, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the excitatory conductance"},
    {"tau_syn_I", "ms", 2.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "decay time of the inhibitory conductance"},
};

static const ax_var_info vars[] = {
    {"v", "mV", -60.855382232309495, "membrane potential (class II rest)"},
    {"w", "", 0.014915024953999323, "K activation (class II rest; recorded at t + dt/2)"},
    {"gsyn_exc", "uS", 0.0, "excitatory synaptic conductance"},
    {"gsyn_inh", "uS", 0.0, "inhibitory synaptic conductance"},
    {"refrac", "steps", 0.0, "steps left in which no spike is detected"},
};


typedef struct coef {
    double inv_c, g_ca, g_k, g_l, e_ca, e_k, e_l;
    double v1, k_m;        /* m_inf = 1 / (1 + exp(k_m (v - v1))), k_m = -2 / v2 */
    double v3, k_w, phi;   /* exp(k_w (v - v3)), k_w = -1 / (2 v4): w_inf and tau_w from it */
    double i_offset, v_thresh, refrac_steps, ee, ei;
    double pe, pi;         /* exp(-h / tau_syn): decay of gsyn over a step */
    double fe, fi;         /* mean of exp(-s / tau_syn) over the step, s in [0, h] */
} coef;


static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    size_t n = ax_coef_alloc(p, data, sizeof(coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    coef *c = *data;
    double h = p->dt;
    for (size_t i = 0; i < n; i++) {
        double te = AX_PARAM(p, TAU_SYN_E, i), ti = AX_PARAM(p, TAU_SYN_I, i);
        c[i].inv_c = 1.0 / AX_PARAM(p, CM, i);
        c[i].g_ca = AX_PARAM(p, G_CA, i);
        c[i].g_k = AX_PARAM(p, G_K, i);
        c[i].g_l = AX_PARAM(p, G_LEAK, i);
        c[i].e_ca = AX_PARAM(p, E_REV_CA, i);
        c[i].e_k = AX_PARAM(p, E_REV_K, i);
        c[i].e_l = AX_PARAM(p, E_REV_LEAK, i);
        c[i].v1 = AX_PARAM(p, V1, i);
        c[i].k_m = -2.0 / AX_PARAM(p, V2, i);
        c[i].v3 = AX_PARAM(p, V3, i);
        c[i].k_w = -0.5 / AX_PARAM(p, V4, i);
        c[i].phi = AX_PARAM(p, PHI, i);
        c[i].i_offset = AX_PARAM(p, I_OFFSET, i);
        c[i].v_thresh = AX_PARAM(p, V_THRESH, i);
        c[i].refrac_steps = ax_steps(AX_PARAM(p, TAU_REFRAC, i), h);
        c[i].ee = AX_PARAM(p, E_REV_E, i);
        c[i].ei = AX_PARAM(p, E_REV_I, i);
        c[i].pe = exp(-h / te);
        c[i].pi = exp(-h / ti);
        c[i].fe = ax_mean_decay(h, te);
        c[i].fi = ax_mean_decay(h, ti);
    }
    return 0;
}

/* (1 + tanh(x)) / 2 = 1 / (1 + exp(-2x)): one exp instead of a tanh. */
AX_INLINE double m_inf(const coef *c, double v) { return 1.0 / (1.0 + ax_exp(c->k_m * (v - c->v1))); }


/* v after s ms at fixed conductances: exact, v relaxes to A / G at rate G / cm. */
AX_INLINE double advance(const coef *c, double v, double s, double G, double A)
{
    return v + (A - G * v) * s * c->inv_c * ax_one_minus_exp_neg_over(s * G * c->inv_c);
}

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    const double h = p->dt;
    double *restrict v = p->state[V], *restrict w = p->state[W], *restrict ge = p->state[GSYN_EXC];
    double *restrict gi = p->state[GSYN_INH], *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i];
        /* w from t - h/2 to t + h/2 at v(t).  With z = exp(-y/2), y = (v - v3)/v4:
         * w_inf = 1 / (1 + z^4) and 1 / tau_w = cosh(y/2) = (z + 1/z) / 2. */
        double z = ax_exp(c->k_w * (vi - c->v3)), z2 = z * z;
        double w_inf = 1.0 / (1.0 + z2 * z2), rate = 0.5 * c->phi * (z + 1.0 / z);
        double wn = w_inf + (w[i] - w_inf) * ax_exp(-h * rate);
        /* everything but the Ca current, frozen over the step */
        double gk = c->g_k * wn, se = ge[i] * c->fe, si = gi[i] * c->fi;
        double G0 = c->g_l + gk + se + si;
        double A0 = c->g_l * c->e_l + gk * c->e_k + se * c->ee + si * c->ei + c->i_offset + cur[i];
        /* predictor: v(t + h/2) with m_inf(v(t)); then the step with m_inf there */
        double gca = c->g_ca * m_inf(c, vi);
        double v_mid = advance(c, vi, 0.5 * h, G0 + gca, A0 + gca * c->e_ca);
        gca = c->g_ca * m_inf(c, v_mid);
        double vn = advance(c, vi, h, G0 + gca, A0 + gca * c->e_ca);
        ge[i] = ge[i] * c->pe + in_e[i];
        gi[i] = gi[i] * c->pi + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        double ri = r[i];
        int fire = ri <= 0.0 && vi < c->v_thresh && vn >= c->v_thresh;
        r[i] = fire ? c->refrac_steps : (ri > 0.0 ? ri - 1.0 : ri);
        v[i] = vn;
        w[i] = wn;
        spiked[i] = (uint32_t)fire;
    }
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    (void)step;
    AX_DISPATCH(body, p, begin, end);
}

const ax_model ax_model_MorrisLecar = {
    .name = "MorrisLecar",
    .doc = "Morris & Lecar (1981) model with instantaneous Ca and delayed K activation, Rinzel & "
           "Ermentrout's (1998) class II set by default (class I: g_Ca 4, v3 12, v4 17.4, phi 1/15), "
           "densities read as a membrane of 1e-3 cm2 (nA as uA/cm2), exponential synaptic conductances. "
           "Spike: upward crossing of v_thresh. Staggered exponential integration with a midpoint "
           "m_inf (second order).",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .receptors = ax_channel_cell_receptors, .n_receptors = 2,
    .flags = AX_MODEL_CLEARS_INPUT,
    .prepare = prepare, .release = ax_free_model_data, .update = update,
};
