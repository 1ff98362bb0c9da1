/*
 * M, CaL, CaT - the slow potassium and calcium channels of the minimal
 * cortical and thalamic cell models of Pospischil et al. (2008, Biol
 * Cybern 99:427-441), with their rate functions (v in mV, rates in 1/ms,
 * time constants in ms) and default densities (per 1e-3 cm2):
 *
 * M (slow non-inactivating K+, Yamada, Koch & Adams 1989):
 *   I_M = gbar_M p (e_rev_K - v)
 *   p_inf = 1 / (1 + exp(-(v + 35) / 10))
 *   tau_p = tau_max_M / (3.3 exp((v + 35) / 20) + exp(-(v + 35) / 20))
 *   defaults: gbar_M 0.07 uS, tau_max_M 608 ms (the regular-spiking cell)
 *
 * CaL (high-threshold L-type Ca2+, Reuveni et al. 1993):
 *   I_L = gbar_CaL q^2 r (e_rev_Ca - v)
 *   alpha_q = 0.055 (-27 - v) / (exp((-27 - v) / 3.8) - 1)   beta_q = 0.94 exp((-75 - v) / 17)
 *   alpha_r = 0.000457 exp((-13 - v) / 50)                   beta_r = 0.0065 / (exp((-15 - v) / 28) + 1)
 *   defaults: gbar_CaL 0.1 uS (the intrinsically bursting cell), e_rev_Ca 120 mV
 *
 * CaT (low-threshold T-type Ca2+, Destexhe et al. 1996 as in Pospischil):
 *   I_T = gbar_CaT s_inf(v)^2 u (e_rev_Ca - v), activation instantaneous
 *   s_inf = 1 / (1 + exp(-(v + v_shift_CaT + 57) / 6.2))
 *   u_inf = 1 / (1 + exp((v + v_shift_CaT + 81) / 4))
 *   tau_u = (30.8 + (211.4 + exp((v + v_shift_CaT + 113.2) / 5))
 *                   / (1 + exp((v + v_shift_CaT + 84) / 3.2))) / 3.7
 *   defaults: gbar_CaT 0.4 uS (the low-threshold spiking cell), v_shift_CaT 2 mV
 *
 * s_inf is taken at v extrapolated to the middle of the step (where the
 * other gates sit, see channel.h), so CaT stays second order in dt; at
 * the start of v(t) it would be first order (spike times of a rebound
 * burst off by 0.11 ms at dt = 0.01 ms, 0.06 ms at 0.005).
 */
#include "channels/channel.h"

/* Macros, not const objects: C11 allows only constant expressions in the
 * initialisers below (gcc takes objects as an extension, clang does not). */
#define E_K {"e_rev_K", "mV", -90.0, -INFINITY, INFINITY, 0, "potassium reversal potential"}
#define E_CA {"e_rev_Ca", "mV", 120.0, -INFINITY, INFINITY, 0, "calcium reversal potential"}

/* ---- M ---- */

static const ax_param_info m_params[] = {
    {"gbar_M", "uS", 0.07, 0.0, INFINITY, 0, "maximal M-current conductance"},
    E_K,
    {"tau_max_M", "ms", 608.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "peak time constant of the M gate"},
};
static const ax_var_info m_gates[] = {{"p", "", 0.04742587318, "M-current activation"}};

AX_INLINE void m_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict tmax = c->param[2];
    const double *restrict v = c->v;
    double *restrict p = c->gate[0];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double e1 = ax_exp((v[i] + 35.0) * 0.05), e1i = 1.0 / e1;
        double p_inf = e1 * e1 / (e1 * e1 + 1.0);   /* 1 / (1 + exp(-(v + 35) / 10)) */
        double rate = (3.3 * e1 + e1i) / (het ? tmax[i] : tmax[0]);
        double pi = p_inf + (p[i] - p_inf) * ax_exp(-h * rate);
        p[i] = pi;
        double gi = (het ? gbar[i] : gbar[0]) * pi;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void m_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(m_body, c, het); }

const ax_channel ax_channel_M = {
    .name = "M",
    .doc = "Slow non-inactivating potassium (M) current (Yamada, Koch & Adams 1989; Pospischil et al. 2008): "
           "I = gbar_M p (e_rev_K - v); p_inf = 1 / (1 + exp(-(v + 35)/10)), "
           "tau_p = tau_max_M / (3.3 exp((v + 35)/20) + exp(-(v + 35)/20)).",
    .params = m_params, .n_params = AX_COUNT(m_params),
    .gates = m_gates, .n_gates = AX_COUNT(m_gates),
    .step = m_step,
};

/* ---- CaL ---- */

static const ax_param_info cal_params[] = {
    {"gbar_CaL", "uS", 0.1, 0.0, INFINITY, 0, "maximal L-type calcium conductance"},
    E_CA,
};
static const ax_var_info cal_gates[] = {
    {"q", "", 0.0001817530601, "L-type Ca activation"},
    {"r", "", 0.5807509174, "L-type Ca inactivation"},
};

AX_INLINE void cal_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1];
    const double *restrict v = c->v;
    double *restrict q = c->gate[0], *restrict r = c->gate[1];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double vi = v[i];
        double aq = 0.055 * 3.8 * ax_z_over_expm1((-27.0 - vi) * (1.0 / 3.8));
        double bq = 0.94 * ax_exp((-75.0 - vi) * (1.0 / 17.0));
        double ar = 0.000457 * ax_exp((-13.0 - vi) * 0.02);
        double br = 0.0065 / (ax_exp((-15.0 - vi) * (1.0 / 28.0)) + 1.0);
        double qi = ax_gate_step(q[i], aq, bq, h), ri = ax_gate_step(r[i], ar, br, h);
        q[i] = qi;
        r[i] = ri;
        double gi = (het ? gbar[i] : gbar[0]) * qi * qi * ri;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void cal_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(cal_body, c, het); }

const ax_channel ax_channel_CaL = {
    .name = "CaL",
    .doc = "High-threshold L-type calcium current (Reuveni et al. 1993; Pospischil et al. 2008): "
           "I = gbar_CaL q^2 r (e_rev_Ca - v); alpha_q = 0.055 (-27 - v) / (exp((-27 - v)/3.8) - 1), "
           "beta_q = 0.94 exp((-75 - v)/17), alpha_r = 0.000457 exp((-13 - v)/50), "
           "beta_r = 0.0065 / (exp((-15 - v)/28) + 1) (1/ms).",
    .params = cal_params, .n_params = AX_COUNT(cal_params),
    .gates = cal_gates, .n_gates = AX_COUNT(cal_gates),
    .step = cal_step,
};

/* ---- CaT ---- */

static const ax_param_info cat_params[] = {
    {"gbar_CaT", "uS", 0.4, 0.0, INFINITY, 0, "maximal T-type calcium conductance"},
    E_CA,
    {"v_shift_CaT", "mV", 2.0, -INFINITY, INFINITY, 0, "shift of the T-type kinetics (V_x)"},
};
static const ax_var_info cat_gates[] = {{"u", "", 0.01098694263, "T-type Ca inactivation"}};

AX_INLINE void cat_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict vx = c->param[2];
    const double *restrict v = c->v, *restrict v_mid = c->v_mid;
    double *restrict u = c->gate[0];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double shift = het ? vx[i] : vx[0], w = v[i] + shift;
        /* the instantaneous activation at the step's middle, like the other gates */
        double s_inf = 1.0 / (1.0 + ax_exp(-(v_mid[i] + shift + 57.0) * (1.0 / 6.2)));
        double u_inf = 1.0 / (1.0 + ax_exp((w + 81.0) * 0.25));
        double tau_u = (30.8 + (211.4 + ax_exp((w + 113.2) * 0.2)) / (1.0 + ax_exp((w + 84.0) * (1.0 / 3.2)))) *
                       (1.0 / 3.7);
        double ui = u_inf + (u[i] - u_inf) * ax_exp(-h / tau_u);
        u[i] = ui;
        double gi = (het ? gbar[i] : gbar[0]) * s_inf * s_inf * ui;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void cat_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(cat_body, c, het); }

const ax_channel ax_channel_CaT = {
    .name = "CaT",
    .doc = "Low-threshold T-type calcium current (Destexhe et al. 1996; Pospischil et al. 2008): "
           "I = gbar_CaT s_inf^2 u (e_rev_Ca - v), activation instantaneous; with w = v + v_shift_CaT, "
           "s_inf = 1 / (1 + exp(-(w + 57)/6.2)), u_inf = 1 / (1 + exp((w + 81)/4)), "
           "tau_u = (30.8 + (211.4 + exp((w + 113.2)/5)) / (1 + exp((w + 84)/3.2))) / 3.7 ms.",
    .params = cat_params, .n_params = AX_COUNT(cat_params),
    .gates = cat_gates, .n_gates = AX_COUNT(cat_gates),
    .step = cat_step,
};
