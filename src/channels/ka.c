/*
 * KA - the transient (A-type) potassium current of the Connor-Stevens
 * model (Connor & Stevens 1971, J Physiol 213:31; Connor, Walter & McKown
 * 1977, Biophys J 18:81), as Dayan & Abbott (2001, Theoretical
 * Neuroscience, ch. 6.2, eq. 6.4) give it (v in mV, time constants in ms):
 *
 *   I_A = gbar_KA a^3 b (e_rev_KA - v)
 *   a_inf = (0.0761 exp(0.0314 (v + 94.22)) / (1 + exp(0.0346 (v + 1.17))))^(1/3)
 *   tau_a = 0.3632 + 1.158 / (1 + exp(0.0497 (v + 55.96)))
 *   b_inf = (1 / (1 + exp(0.0688 (v + 53.3))))^4
 *   tau_b = 1.24 + 2.678 / (1 + exp(0.0624 (v + 50)))
 *   defaults: gbar_KA 47.7 uS (per 1e-3 cm2 = mS/cm2), e_rev_KA -75 mV
 *   (Dayan & Abbott's g_A and E_A)
 *
 * The coefficients are the book's, as in the ports of its model that cite
 * it (RTXI's connor-stevens module, a NEURON conste.mod); the XPP-derived
 * form in much course code writes them as divisions (v + 94.22)/31.84,
 * (v + 1.17)/28.93, /20.12, /14.54, /16.027, which differ from the book's
 * by up to 0.1 % (1/28.93 = 0.03457 against 0.0346).
 *
 * Gates a_KA and b_KA, not a and b: gate names are the cell's state
 * names, shared by every channel of a cell, and single letters run out
 * (m, h, n, p, q, r, u are taken); the channel's name as suffix cannot
 * clash with another channel's gate.
 *
 * The cube root: with z = 0.0346 (v + 1.17),
 *   (1 + e^z)^(-1/3) = exp(-max(z, 0) / 3) (1 + e^-|z|)^(-1/3),
 * so a_inf = 0.0761^(1/3) exp(0.0314 (v + 94.22)/3 - max(z, 0)/3)
 *            / cbrt(1 + e^-|z|),
 * and the cube root is needed only on [1, 2], where ax_cbrt_1_2 (core/
 * vmath.h) takes it in a few vectorisable operations (libm's cbrt and pow
 * are calls that would keep the loop scalar).  The same form never
 * overflows.
 */
#include "channels/channel.h"

static const ax_param_info ka_params[] = {
    {"gbar_KA", "uS", 47.7, 0.0, INFINITY, 0, "maximal A-type potassium conductance"},
    {"e_rev_KA", "mV", -75.0, -INFINITY, INFINITY, 0, "A-current reversal potential"},
};
static const ax_var_info ka_gates[] = {
    {"a_KA", "", 0.5557267088, "A-current activation"},
    {"b_KA", "", 0.2280336038, "A-current inactivation"},
};

AX_INLINE void ka_body(const ax_channel_ctx *c, int het)
{
    const double *restrict gbar = c->param[0], *restrict e = c->param[1];
    const double *restrict v = c->v;
    double *restrict a = c->gate[0], *restrict b = c->gate[1];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    const double h = c->h, a0 = cbrt(0.0761);
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double vi = v[i];
        double z = 0.0346 * (vi + 1.17), zp = ax_max(z, 0.0), s = ax_exp(-fabs(z));
        double a_inf = a0 * ax_exp((0.0314 / 3.0) * (vi + 94.22) - zp * (1.0 / 3.0)) / ax_cbrt_1_2(1.0 + s);
        double tau_a = 0.3632 + 1.158 / (1.0 + ax_exp(0.0497 * (vi + 55.96)));
        double bq = 1.0 / (1.0 + ax_exp(0.0688 * (vi + 53.3))), bq2 = bq * bq, b_inf = bq2 * bq2;
        double tau_b = 1.24 + 2.678 / (1.0 + ax_exp(0.0624 * (vi + 50.0)));
        double ai = a_inf + (a[i] - a_inf) * ax_exp(-h / tau_a);
        double bi = b_inf + (b[i] - b_inf) * ax_exp(-h / tau_b);
        a[i] = ai;
        b[i] = bi;
        double gi = (het ? gbar[i] : gbar[0]) * ai * ai * ai * bi;
        g[i] += gi;
        g_e[i] += gi * (het ? e[i] : e[0]);
    }
}

static void ka_step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(ka_body, c, het); }

const ax_channel ax_channel_KA = {
    .name = "KA",
    .doc = "Transient A-type potassium current of the Connor-Stevens model (Connor, Walter & McKown 1977; "
           "Dayan & Abbott 2001, ch. 6.2): I = gbar_KA a^3 b (e_rev_KA - v); "
           "a_inf = (0.0761 exp(0.0314 (v + 94.22)) / (1 + exp(0.0346 (v + 1.17))))^(1/3), "
           "tau_a = 0.3632 + 1.158 / (1 + exp(0.0497 (v + 55.96))), "
           "b_inf = (1 / (1 + exp(0.0688 (v + 53.3))))^4, tau_b = 1.24 + 2.678 / (1 + exp(0.0624 (v + 50))) ms. "
           "Gates a_KA, b_KA.",
    .params = ka_params, .n_params = AX_COUNT(ka_params),
    .gates = ka_gates, .n_gates = AX_COUNT(ka_gates),
    .step = ka_step,
};
