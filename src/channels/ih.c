/*
 * Ih - the hyperpolarisation-activated cation current (h-current,
 * "anomalous rectifier") of thalamocortical relay cells, as modelled by
 * Huguenard & McCormick (1992, J Neurophysiol 68:1373-1383) from the
 * voltage-clamp data of McCormick & Pape (1990, J Physiol 431:291-318)
 * (v in mV, time constant in ms):
 *
 *   I_h = gbar_Ih m (e_rev_h - v)
 *   m_inf = 1 / (1 + exp((v + 75) / 5.5))
 *   tau_m = 1 / (exp(-14.59 - 0.086 v) + exp(-1.87 + 0.0701 v))
 *   defaults: gbar_Ih 0.02 uS (per 1e-3 cm2 = mS/cm2: ghbar = 2e-5 S/cm2,
 *   the default of Destexhe's thalamocortical Ih.mod), e_rev_h -43 mV
 *   (Huguenard & McCormick's E_h)
 *
 * The activation is slow (tau_m 570 ms at -65 mV, 920 ms near -75) and
 * opens with hyperpolarisation, so a hyperpolarising step gives a "sag"
 * back towards rest and its release a rebound depolarisation.  Destexhe
 * et al. (1993, 1996) add a calcium-dependent shift of the activation
 * (a second-messenger kinetic scheme) that this channel leaves out.
 *
 * Gate m_Ih, not m (the sodium channels' activation): gate names are the
 * cell's state names, so they carry the channel's name where a single
 * letter is taken (see ka.c).  The parameter e_rev_h is the h-current's
 * own (mixed Na+/K+) reversal potential, not shared with any ion's.
 */
#include "channels/channel.h"

static const ax_param_info ih_params[] = {
    {"gbar_Ih", "uS", 0.02, 0.0, INFINITY, 0, "maximal h-current conductance"},
    {"e_rev_h", "mV", -43.0, -INFINITY, INFINITY, 0, "h-current reversal potential (mixed cation)"},
};
static const ax_var_info ih_gates[] = {{"m_Ih", "", 0.1396521834, "h-current activation"}};

AX_INLINE void ih_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1];
    const double *restrict v = c->v;
    double *restrict m = c->gate[0];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h;
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double vi = v[i];
        double m_inf = 1.0 / (1.0 + ax_exp((vi + 75.0) * (1.0 / 5.5)));
        double rate = ax_exp(-14.59 - 0.086 * vi) + ax_exp(-1.87 + 0.0701 * vi);   /* 1 / tau_m */
        double mi = m_inf + (m[i] - m_inf) * ax_exp(-h * rate);
        m[i] = mi;
        double gi = (het ? gbar[i] : gbar[0]) * mi;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void ih_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(ih_body, c, het); }

const ax_channel ax_channel_Ih = {
    .name = "Ih",
    .doc = "Hyperpolarisation-activated cation current, h-current (Huguenard & McCormick 1992; McCormick & "
           "Pape 1990): I = gbar_Ih m (e_rev_h - v); m_inf = 1 / (1 + exp((v + 75)/5.5)), "
           "tau_m = 1 / (exp(-14.59 - 0.086 v) + exp(-1.87 + 0.0701 v)) ms. Gate m_Ih.",
    .params = ih_params, .n_params = AX_COUNT(ih_params),
    .gates = ih_gates, .n_gates = AX_COUNT(ih_gates),
    .step = ih_step,
};
