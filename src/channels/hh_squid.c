/*
 * Na_HH, K_HH - the sodium and potassium channels of the squid giant axon
 * (Hodgkin & Huxley 1952, J Physiol 117:500-544), written as NEURON's
 * built-in hh.mod with the modern sign convention (v in mV, rest -65 mV):
 *
 *   I_Na = gbar_Na m^3 h (e_rev_Na - v)       I_K = gbar_K n^4 (e_rev_K - v)
 *   alpha_m = vtrap(-(v + 40), 10) * 0.1      beta_m = 4 exp(-(v + 65) / 18)
 *   alpha_h = 0.07 exp(-(v + 65) / 20)        beta_h = 1 / (exp(-(v + 35) / 10) + 1)
 *   alpha_n = vtrap(-(v + 55), 10) * 0.01     beta_n = 0.125 exp(-(v + 65) / 80)
 *   vtrap(x, y) = x / (exp(x / y) - 1)        (1/ms, at 6.3 degC)
 *
 * All rates are multiplied by q10 = 3^((celsius - 6.3) / 10).
 * Parameters read: gbar_Na, e_rev_Na (Na_HH); gbar_K, e_rev_K (K_HH);
 * celsius (both).  Gates: m, h (Na_HH); n (K_HH).
 */
#include "channels/channel.h"

/* Hodgkin and Huxley's rate-temperature factor. */
AX_INLINE double hh_q10(double celsius) { return pow(3.0, (celsius - 6.3) / 10.0); }

static const ax_param_info na_params[] = {
    {"gbar_Na", "uS", 120.0, 0.0, INFINITY, 0, "maximal sodium conductance"},
    {"e_rev_Na", "mV", 50.0, -INFINITY, INFINITY, 0, "sodium reversal potential"},
    {"celsius", "degC", 6.3, -273.15, INFINITY, AX_PARAM_GT_MIN, "temperature (rates x 3^((celsius - 6.3)/10))"},
};
static const ax_var_info na_gates[] = {
    {"m", "", 0.05293248526, "Na activation"},
    {"h", "", 0.5961207535, "Na inactivation"},
};

AX_INLINE void na_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict cel = c->param[2];
    const double *restrict v = c->v;
    double *restrict m = c->gate[0], *restrict hg = c->gate[1];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h, q0 = hh_q10(cel[0]);
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double vi = v[i], q = het ? hh_q10(cel[i]) : q0;
        double am = ax_z_over_expm1(-(vi + 40.0) / 10.0), bm = 4.0 * ax_exp(-(vi + 65.0) / 18.0);
        double ah = 0.07 * ax_exp(-(vi + 65.0) / 20.0), bh = 1.0 / (ax_exp(-(vi + 35.0) / 10.0) + 1.0);
        double mi = ax_gate_step(m[i], q * am, q * bm, h), hi = ax_gate_step(hg[i], q * ah, q * bh, h);
        m[i] = mi;
        hg[i] = hi;
        double gi = (het ? gbar[i] : gbar[0]) * mi * mi * mi * hi;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void na_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(na_body, c, het); }

const ax_channel ax_channel_Na_HH = {
    .name = "Na_HH",
    .doc = "Squid-axon fast sodium channel (Hodgkin & Huxley 1952; NEURON hh.mod): I = gbar_Na m^3 h "
           "(e_rev_Na - v); alpha_m = 0.1 (v + 40) / (1 - exp(-(v + 40)/10)), beta_m = 4 exp(-(v + 65)/18), "
           "alpha_h = 0.07 exp(-(v + 65)/20), beta_h = 1 / (exp(-(v + 35)/10) + 1) (1/ms at 6.3 degC), all "
           "rates x 3^((celsius - 6.3)/10).",
    .params = na_params, .n_params = AX_COUNT(na_params),
    .gates = na_gates, .n_gates = AX_COUNT(na_gates),
    .step = na_step,
};

static const ax_param_info k_params[] = {
    {"gbar_K", "uS", 36.0, 0.0, INFINITY, 0, "maximal potassium conductance"},
    {"e_rev_K", "mV", -77.0, -INFINITY, INFINITY, 0, "potassium reversal potential"},
    {"celsius", "degC", 6.3, -273.15, INFINITY, AX_PARAM_GT_MIN, "temperature (rates x 3^((celsius - 6.3)/10))"},
};
static const ax_var_info k_gates[] = {
    {"n", "", 0.3176769141, "K activation"},
};

AX_INLINE void k_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1], *restrict cel = c->param[2];
    const double *restrict v = c->v;
    double *restrict n = c->gate[0];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h, q0 = hh_q10(cel[0]);
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double vi = v[i], q = het ? hh_q10(cel[i]) : q0;
        double an = 0.1 * ax_z_over_expm1(-(vi + 55.0) / 10.0), bn = 0.125 * ax_exp(-(vi + 65.0) / 80.0);
        double ni = ax_gate_step(n[i], q * an, q * bn, h), n2 = ni * ni;
        n[i] = ni;
        double gi = (het ? gbar[i] : gbar[0]) * n2 * n2;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void k_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(k_body, c, het); }

const ax_channel ax_channel_K_HH = {
    .name = "K_HH",
    .doc = "Squid-axon delayed-rectifier potassium channel (Hodgkin & Huxley 1952; NEURON hh.mod): "
           "I = gbar_K n^4 (e_rev_K - v); alpha_n = 0.01 (v + 55) / (1 - exp(-(v + 55)/10)), "
           "beta_n = 0.125 exp(-(v + 65)/80) (1/ms at 6.3 degC), rates x 3^((celsius - 6.3)/10).",
    .params = k_params, .n_params = AX_COUNT(k_params),
    .gates = k_gates, .n_gates = AX_COUNT(k_gates),
    .step = k_step,
};
