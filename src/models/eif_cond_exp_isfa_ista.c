/*
 * EIF_cond_exp_isfa_ista - adaptive exponential integrate-and-fire neuron
 * (AdEx) with exponentially decaying synaptic conductances (PyNN
 * EIF_cond_exp_isfa_ista; NEST aeif_cond_exp).
 *
 * Equations: see adex.h; synapses as IF_cond_exp: a spike of weight w
 * (uS, >= 0) adds w to gsyn_exc or gsyn_inh, which decay with tau_syn_E/I.
 *
 * Parameters (PyNN): cm 0.281 nF, tau_refrac 0.1 ms, v_spike -40 mV,
 *     v_reset -70.6 mV, v_rest -70.6 mV, tau_m 9.3667 ms, i_offset 0 nA,
 *     a 4 nS, b 0.0805 nA, delta_T 2 mV, tau_w 144 ms, v_thresh -50.4 mV,
 *     e_rev_E 0 mV, tau_syn_E 5 ms, e_rev_I -80 mV, tau_syn_I 5 ms
 * State: v (mV), w (nA), gsyn_exc, gsyn_inh (uS), refrac (steps left).
 *
 * Method: RK4 on (v, w), exact conductance decay (adex.h).  Order as NEST's
 * aeif_cond_exp: integrate, add this step's input, then refractoriness,
 * threshold and reset.  Two variants trade accuracy for speed, the same
 * model with another method for (v, w) (adex.h; first order, one
 * exponential per step instead of four): EIF_cond_exp_isfa_ista_euler
 * (forward Euler, as Brian2's method = 'euler') and
 * EIF_cond_exp_isfa_ista_exp_euler (exponential Euler).  The conductances
 * decay exactly in all three.
 *
 * Reference: Brette R, Gerstner W (2005) J Neurophysiol 94:3637-3642.
 */
#include "models/adex.h"

enum { V, W, GSYN_EXC, GSYN_INH, REFRAC };

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-70.6),
    AX_IF_VAR_W,
    AX_IF_VARS_GSYN,
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    AX_IF_RECEPTORS_GSYN,
};

AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het, int method)
{
    const ax_adex_coef *C = p->data;
    const double h = p->dt;
    double *restrict v = p->state[V], *restrict w = p->state[W], *restrict ge = p->state[GSYN_EXC];
    double *restrict gi = p->state[GSYN_INH], *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    for (uint32_t i = begin; i < end; i++) {
        const ax_adex_coef *c = het ? &C[i] : C;
        double vi = v[i], wi = w[i], ri = r[i], g_e = ge[i], g_i = gi[i];
        double I = c->i_offset + cur[i];
        int refractory = ri > 0.0;
        double active = refractory ? 0.0 : 1.0;
        int n = method == AX_IF_EXP_EULER ? 1 : ax_membrane_substep_count(h, c->m.gl + g_e + g_i, c->m.inv_c);
        if (method == AX_IF_EXP_EULER)
            ax_adex_exp_euler(c, &vi, &wi, h, I, active, g_e, g_i);
        else if (method == AX_IF_EULER && n == 1)
            ax_adex_euler(c, &vi, &wi, h, I, active, g_e, g_i);
        else if (method == AX_IF_EULER)
            ax_adex_euler_substeps(c, &vi, &wi, h, n, I, active, g_e, 0.0, g_i, 0.0);
        else if (n == 1)
            ax_adex_rk4(c, &vi, &wi, h, I, active, g_e, g_e * c->exc.p_half, g_e * c->exc.p, g_i,
                        g_i * c->inh.p_half, g_i * c->inh.p);
        else
            ax_adex_substeps(c, &vi, &wi, h, n, I, active, g_e, 0.0, g_i, 0.0);
        ge[i] = g_e * c->exc.p + in_e[i];
        gi[i] = g_i * c->inh.p + in_i[i];
        in_e[i] = in_i[i] = 0.0;
        /* v_old = v_new: the right-hand side already held v (active = 0) */
        int fire = ax_if_fire_unless_refractory(&c->reset, ri, vi, vi, &v[i], &r[i]);
        w[i] = fire ? wi + c->b : wi;
        spiked[i] = (uint32_t)fire;
    }
}

AX_ADEX_UPDATES(body)

const ax_model ax_model_EIF_cond_exp_isfa_ista = AX_ADEX_MODEL(
    "EIF_cond_exp_isfa_ista",
    "Adaptive exponential integrate-and-fire neuron (AdEx, Brette & Gerstner 2005) with "
    "exponentially decaying conductances (PyNN EIF_cond_exp_isfa_ista, NEST aeif_cond_exp). "
    "RK4 on (v, w), exact conductance decay. Variants with cheaper first-order methods: "
    "EIF_cond_exp_isfa_ista_euler, EIF_cond_exp_isfa_ista_exp_euler.",
    update);

const ax_model ax_model_EIF_cond_exp_isfa_ista_euler = AX_ADEX_MODEL(
    "EIF_cond_exp_isfa_ista_euler",
    "EIF_cond_exp_isfa_ista integrated by forward Euler on (v, w) with the conductances of the "
    "step's start (as Brian2's method = 'euler'; sub-stepped where stiff), exact conductance "
    "decay: first order, one exponential per step instead of RK4's four. For fits and "
    "comparisons that want speed over accuracy.",
    update_euler);

const ax_model ax_model_EIF_cond_exp_isfa_ista_exp_euler = AX_ADEX_MODEL(
    "EIF_cond_exp_isfa_ista_exp_euler",
    "EIF_cond_exp_isfa_ista integrated by exponential Euler: over each step the conductances, "
    "w and the spike current are held at their start values and v relaxes exactly towards the "
    "resulting steady state, then w towards a (v - v_rest) with v held; exact conductance decay. "
    "First order, unconditionally stable, one exponential per step without synaptic input.",
    update_exp_euler);
