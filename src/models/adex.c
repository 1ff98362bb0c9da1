/*
 * adex.c - parameters, checks and coefficients shared by the AdEx models
 * (see adex.h for the equations and the method).
 */
#include "models/adex.h"

#include <math.h>

/* PyNN's names, units and defaults (EIF_cond_exp_isfa_ista). */
const ax_param_info ax_adex_params[ADEX_N_PARAMS] = {
    AX_IF_CM(0.281),
    AX_IF_TAU_REFRAC,
    {"v_spike", "mV", -40.0, -INFINITY, INFINITY, 0, "spike detection threshold"},
    AX_IF_V_RESET(-70.6),
    AX_IF_V_REST(-70.6, "resting potential (leak reversal)"),
    AX_IF_TAU_M(9.3667),
    AX_IF_I_OFFSET,
    {"a", "nS", 4.0, -INFINITY, INFINITY, 0, "subthreshold adaptation conductance"},
    {"b", "nA", 0.0805, -INFINITY, INFINITY, 0, "spike-triggered adaptation increment"},
    {"delta_T", "mV", 2.0, 0.0, INFINITY, 0, "slope factor of the exponential (0: none)"},
    {"tau_w", "ms", 144.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "adaptation time constant"},
    AX_IF_V_THRESH(-50.4, "spike initiation threshold"),
    AX_IF_E_REV_E(0.0),
    AX_IF_TAU_SYN_E(5.0, "time constant", "conductance"),
    AX_IF_E_REV_I(-80.0),
    AX_IF_TAU_SYN_I(5.0, "time constant", "conductance"),
};

int ax_adex_check(const ax_population_view *p, char *msg, size_t len)
{
    for (uint32_t i = 0; i < (p->uniform ? 1 : p->size); i++) {
        double dT = AX_PARAM(p, ADEX_DELTA_T, i), vs = AX_PARAM(p, ADEX_V_SPIKE, i);
        double vt = AX_PARAM(p, ADEX_V_THRESH, i), vr = AX_PARAM(p, ADEX_V_RESET, i);
        double fire = dT > 0 ? vs : vt;
        if (vr >= fire) {
            snprintf(msg, len, "v_reset (%g mV) must be below %s (%g mV) (neuron %u)", vr,
                     dT > 0 ? "v_spike" : "v_thresh", fire, i);
            return -1;
        }
        if (dT > 0 && vs < vt) {
            snprintf(msg, len, "v_spike (%g mV) must not be below v_thresh (%g mV) (neuron %u)", vs, vt, i);
            return -1;
        }
        /* NEST's guard: exp((v_spike - v_thresh) / delta_T) must not overflow. */
        if (dT > 0 && (vs - vt) / dT > 600.0) {
            snprintf(msg, len, "(v_spike - v_thresh) / delta_T = %g would overflow the exponential at the "
                     "spike; raise delta_T or lower v_spike (neuron %u)", (vs - vt) / dT, i);
            return -1;
        }
    }
    return 0;
}

int ax_adex_prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    size_t n = ax_coef_alloc(p, data, sizeof(ax_adex_coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    ax_adex_coef *c = *data;
    double h = p->dt;
    for (size_t i = 0; i < n; i++) {
        double dT = AX_PARAM(p, ADEX_DELTA_T, i);
        c[i].m = ax_membrane_coef(AX_PARAM(p, ADEX_CM, i), AX_PARAM(p, ADEX_TAU_M, i), AX_PARAM(p, ADEX_V_REST, i),
                                  AX_PARAM(p, ADEX_E_REV_E, i), AX_PARAM(p, ADEX_E_REV_I, i));
        c[i].gl_delta_t = c[i].m.gl * dT;
        c[i].inv_delta_t = dT > 0 ? 1.0 / dT : 0.0;
        c[i].v_t = AX_PARAM(p, ADEX_V_THRESH, i);
        c[i].a = AX_PARAM(p, ADEX_A, i) * 1e-3;   /* nS -> uS, so that uS * mV = nA */
        c[i].inv_tau_w = 1.0 / AX_PARAM(p, ADEX_TAU_W, i);
        c[i].b = AX_PARAM(p, ADEX_B, i);
        c[i].p_w = exp(-h * c[i].inv_tau_w);
        c[i].p_leak = exp(-h * (c[i].m.gl * c[i].m.inv_c));   /* -h B of ax_adex_exp_euler with ge = gi = 0 */
        c[i].exc = ax_kernel_coef(h, AX_PARAM(p, ADEX_TAU_SYN_E, i));
        c[i].inh = ax_kernel_coef(h, AX_PARAM(p, ADEX_TAU_SYN_I, i));
        c[i].i_offset = AX_PARAM(p, ADEX_I_OFFSET, i);
        c[i].reset = ax_if_reset_coef(p, i, ADEX_V_RESET, dT > 0 ? ADEX_V_SPIKE : ADEX_V_THRESH, ADEX_TAU_REFRAC);
        c[i].v_clamp = c[i].reset.v_thresh;
    }
    return 0;
}
