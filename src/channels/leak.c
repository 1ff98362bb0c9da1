/*
 * leak - the passive leak channel:  I = g_leak (e_rev_leak - v).
 * No gates.  Parameters: g_leak (uS, default 0.1), e_rev_leak (mV, -70;
 * Pospischil et al. 2008's cortical cells).
 */
#include "channels/channel.h"

static const ax_param_info params[] = {
    {"g_leak", "uS", 0.1, 0.0, INFINITY, 0, "leak conductance"},
    {"e_rev_leak", "mV", -70.0, -INFINITY, INFINITY, 0, "leak reversal potential"},
};

AX_INLINE void body(const ax_channel_ctx *c, int het)
{
    const double *restrict gl = c->param[0], *restrict el = c->param[1];
    double *restrict g = c->g, *restrict g_e = c->g_e;
    AX_SIMD
    for (uint32_t i = c->begin; i < c->end; i++) {
        double gi = het ? gl[i] : gl[0], ei = het ? el[i] : el[0];
        g[i] += gi;
        g_e[i] += gi * ei;
    }
}

static void step(const ax_channel_ctx *c, int het) { AX_CHANNEL_DISPATCH(body, c, het); }

const ax_channel ax_channel_leak = {
    .name = "leak",
    .doc = "Passive leak: I = g_leak (e_rev_leak - v). No gates.",
    .params = params, .n_params = AX_COUNT(params),
    .gates = NULL, .n_gates = 0,
    .step = step,
};
