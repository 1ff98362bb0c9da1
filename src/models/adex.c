/*
 * adex.c - parameters, checks and coefficients shared by the AdEx models
 * (see adex.h for the equations and the method).
 */
#include "models/adex.h"

#include <math.h>

#include "core/model_util.h"
#include "core/propagators.h"

/* PyNN's names, units and defaults (EIF_cond_exp_isfa_ista). */
const ax_param_info ax_adex_params[ADEX_N_PARAMS] = {
    {"cm", "nF", 0.281, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane capacitance"},
    {"tau_refrac", "ms", 0.1, 0.0, INFINITY, 0, "refractory period (rounded to steps)"},
    {"v_spike", "mV", -40.0, -INFINITY, INFINITY, 0, "spike detection threshold"},
    {"v_reset", "mV", -70.6, -INFINITY, INFINITY, 0, "reset potential after a spike"},
    {"v_rest", "mV", -70.6, -INFINITY, INFINITY, 0, "resting potential (leak reversal)"},
    {"tau_m", "ms", 9.3667, 0.0, INFINITY, AX_PARAM_GT_MIN, "membrane time constant"},
    {"i_offset", "nA", 0.0, -INFINITY, INFINITY, 0, "constant injected current"},
    {"a", "nS", 4.0, -INFINITY, INFINITY, 0, "subthreshold adaptation conductance"},
    {"b", "nA", 0.0805, -INFINITY, INFINITY, 0, "spike-triggered adaptation increment"},
    {"delta_T", "mV", 2.0, 0.0, INFINITY, 0, "slope factor of the exponential (0: none)"},
    {"tau_w", "ms", 144.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "adaptation time constant"},
    {"v_thresh", "mV", -50.4, -INFINITY, INFINITY, 0, "spike initiation threshold"},
    {"e_rev_E", "mV", 0.0, -INFINITY, INFINITY, 0, "excitatory reversal potential"},
    {"tau_syn_E", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "time constant of the excitatory conductance"},
    {"e_rev_I", "mV", -80.0, -INFINITY, INFINITY, 0, "inhibitory reversal potential"},
    {"tau_syn_I", "ms", 5.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "time constant of the inhibitory conductance"},
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
        double cm = AX_PARAM(p, ADEX_CM, i), dT = AX_PARAM(p, ADEX_DELTA_T, i);
        c[i].m.inv_c = 1.0 / cm;
        c[i].m.gl = cm / AX_PARAM(p, ADEX_TAU_M, i);
        c[i].m.el = AX_PARAM(p, ADEX_V_REST, i);
        c[i].m.ee = AX_PARAM(p, ADEX_E_REV_E, i);
        c[i].m.ei = AX_PARAM(p, ADEX_E_REV_I, i);
        c[i].gl_delta_t = c[i].m.gl * dT;
        c[i].inv_delta_t = dT > 0 ? 1.0 / dT : 0.0;
        c[i].v_t = AX_PARAM(p, ADEX_V_THRESH, i);
        c[i].v_fire = dT > 0 ? AX_PARAM(p, ADEX_V_SPIKE, i) : c[i].v_t;
        c[i].v_clamp = c[i].v_fire;
        c[i].a = AX_PARAM(p, ADEX_A, i) * 1e-3;   /* nS -> uS, so that uS * mV = nA */
        c[i].inv_tau_w = 1.0 / AX_PARAM(p, ADEX_TAU_W, i);
        c[i].b = AX_PARAM(p, ADEX_B, i);
        c[i].tau_e = AX_PARAM(p, ADEX_TAU_SYN_E, i);
        c[i].tau_i = AX_PARAM(p, ADEX_TAU_SYN_I, i);
        c[i].pe = exp(-h / c[i].tau_e);
        c[i].pe_half = exp(-0.5 * h / c[i].tau_e);
        c[i].pi = exp(-h / c[i].tau_i);
        c[i].pi_half = exp(-0.5 * h / c[i].tau_i);
        c[i].jump_e = M_E / c[i].tau_e;
        c[i].jump_i = M_E / c[i].tau_i;
        c[i].i_offset = AX_PARAM(p, ADEX_I_OFFSET, i);
        c[i].v_reset = AX_PARAM(p, ADEX_V_RESET, i);
        c[i].refrac_steps = ax_steps(AX_PARAM(p, ADEX_TAU_REFRAC, i), h);
    }
    return 0;
}
