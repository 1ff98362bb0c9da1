/*
 * Na, K - the sodium and delayed-rectifier potassium channels of
 * Traub & Miles (1991, Neuronal Networks of the Hippocampus), as in PyNN's
 * HH_cond_exp, NEST's hh_cond_exp_traub and Brian2's COBAHH example.
 * With u = v - v_offset (mV):
 *
 *   I_Na = gbar_Na m^3 h (e_rev_Na - v)          I_K = gbar_K n^4 (e_rev_K - v)
 *   alpha_m = 0.32 (13 - u) / (exp((13 - u) / 4) - 1)
 *   beta_m  = 0.28 (u - 40) / (exp((u - 40) / 5) - 1)
 *   alpha_h = 0.128 exp((17 - u) / 18)           beta_h = 4 / (1 + exp((40 - u) / 5))
 *   alpha_n = 0.032 (15 - u) / (exp((15 - u) / 5) - 1)
 *   beta_n  = 0.5 exp((10 - u) / 40)             (1/ms)
 *
 * Parameters read: gbar_Na, e_rev_Na (Na); gbar_K, e_rev_K (K);
 * v_offset (both).  Gates: m, h (Na); n (K).  Defaults for a cell built
 * from channels: Pospischil et al. (2008)'s regular-spiking cell
 * (gbar_Na 50, gbar_K 5 uS per 1e-3 cm2, v_offset -56.2 mV, e_rev_K
 * -90 mV); HH_cond_exp has PyNN's.
 */
#include "channels/channel.h"

static const ax_param_info na_params[] = {
    {"gbar_Na", "uS", 50.0, 0.0, INFINITY, 0, "maximal sodium conductance"},
    {"e_rev_Na", "mV", 50.0, -INFINITY, INFINITY, 0, "sodium reversal potential"},
    {"v_offset", "mV", -56.2, -INFINITY, INFINITY, 0, "shifts the Na and K kinetics (V_T)"},
};
static const ax_var_info na_gates[] = {
    {"m", "", 0.002197925209, "Na activation"},
    {"h", "", 0.9995700328, "Na inactivation"},
};

AX_INLINE void na_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict vt = c->param[2];
    const double *restrict v = c->v;
    double *restrict m = c->gate[0], *restrict hg = c->gate[1];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double u = v[i] - (het ? vt[i] : vt[0]);
        /* beta_m and beta_h share exp((u - 40) / 5); constant divisions
         * are written as products, which vectorise far better */
        double zb = (u - 40.0) * 0.2, eb = ax_exp(zb);
        double am = 1.28 * ax_z_over_expm1((13.0 - u) * 0.25), bm = 1.4 * ax_z_over_em1(zb, eb);
        double ah = 0.128 * ax_exp((17.0 - u) * (1.0 / 18.0)), bh = 4.0 * eb / (eb + 1.0);
        double mi = ax_gate_step(m[i], am, bm, h), hi = ax_gate_step(hg[i], ah, bh, h);
        m[i] = mi;
        hg[i] = hi;
        double gi = (het ? gbar[i] : gbar[0]) * mi * mi * mi * hi;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void na_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(na_body, c, het); }

const ax_channel ax_channel_Na = {
    .name = "Na",
    .doc = "Traub-Miles fast sodium channel (Traub & Miles 1991; PyNN HH_cond_exp, NEST hh_cond_exp_traub): "
           "I = gbar_Na m^3 h (e_rev_Na - v); with u = v - v_offset, alpha_m = 0.32 (13 - u) / (exp((13 - u)/4) - 1), "
           "beta_m = 0.28 (u - 40) / (exp((u - 40)/5) - 1), alpha_h = 0.128 exp((17 - u)/18), "
           "beta_h = 4 / (1 + exp((40 - u)/5)) (1/ms).",
    .params = na_params, .n_params = AX_COUNT(na_params),
    .gates = na_gates, .n_gates = AX_COUNT(na_gates),
    .step = na_step,
};

static const ax_param_info k_params[] = {
    {"gbar_K", "uS", 5.0, 0.0, INFINITY, 0, "maximal delayed-rectifier potassium conductance"},
    {"e_rev_K", "mV", -90.0, -INFINITY, INFINITY, 0, "potassium reversal potential"},
    {"v_offset", "mV", -56.2, -INFINITY, INFINITY, 0, "shifts the Na and K kinetics (V_T)"},
};
static const ax_var_info k_gates[] = {
    {"n", "", 0.008157843591, "K activation"},
};

AX_INLINE void k_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict vt = c->param[2];
    const double *restrict v = c->v;
    double *restrict n = c->gate[0];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double u = v[i] - (het ? vt[i] : vt[0]);
        double an = 0.16 * ax_z_over_expm1((15.0 - u) * 0.2), bn = 0.5 * ax_exp((10.0 - u) * 0.025);
        double ni = ax_gate_step(n[i], an, bn, h), n2 = ni * ni;
        n[i] = ni;
        double gi = (het ? gbar[i] : gbar[0]) * n2 * n2;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void k_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(k_body, c, het); }

const ax_channel ax_channel_K = {
    .name = "K",
    .doc = "Traub-Miles delayed-rectifier potassium channel (Traub & Miles 1991; PyNN HH_cond_exp, NEST "
           "hh_cond_exp_traub): I = gbar_K n^4 (e_rev_K - v); with u = v - v_offset, "
           "alpha_n = 0.032 (15 - u) / (exp((15 - u)/5) - 1), beta_n = 0.5 exp((10 - u)/40) (1/ms).",
    .params = k_params, .n_params = AX_COUNT(k_params),
    .gates = k_gates, .n_gates = AX_COUNT(k_gates),
    .step = k_step,
};
