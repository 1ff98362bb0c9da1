/*
 * EIF_cond_alpha_isfa_ista - adaptive exponential integrate-and-fire neuron
 * (AdEx) with alpha-shaped synaptic conductances (PyNN
 * EIF_cond_alpha_isfa_ista; NEST aeif_cond_alpha).
 *
 * Equations: see adex.h; synapses as IF_cond_alpha: a spike of weight w
 * (uS, >= 0) adds w (t/tau) exp(1 - t/tau), peaking at w when t = tau.
 *
 * Parameters (PyNN): as EIF_cond_exp_isfa_ista, tau_syn_E/I being the rise
 *     times of the alpha functions (5 ms).
 * State: v (mV), w (nA), gsyn_exc, gsyn_inh (uS), dgsyn_exc, dgsyn_inh
 *     (uS/ms), refrac (steps left).
 *
 * Method: RK4 on (v, w), conductance kernels propagated exactly (adex.h).
 * Two variants with a first-order method for (v, w), as
 * EIF_cond_exp_isfa_ista's: EIF_cond_alpha_isfa_ista_euler (forward Euler,
 * the conductances of the step's start) and _exp_euler (exponential
 * Euler); the kernels stay exact in all three.
 *
 * Reference: Brette R, Gerstner W (2005) J Neurophysiol 94:3637-3642.
 */
#include "models/adex.h"

enum { V, W, GSYN_EXC, GSYN_INH, DGSYN_EXC, DGSYN_INH, REFRAC };

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-70.6),
    AX_IF_VAR_W,
    AX_IF_VARS_GSYN,
    AX_IF_VARS_DGSYN,
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    AX_IF_RECEPTORS_ALPHA_G,
};

/* One step by `method`, as EIF_cond_exp_isfa_ista's (the first-order
 * methods read the conductances of the step's start, g). */
AX_INLINE void body(const ax_population_view *p, uint32_t begin, uint32_t end, int het, int method)
{
    const ax_adex_coef *C = p->data;
    const double h = p->dt;
    double *restrict v = p->state[V], *restrict w = p->state[W];
    double *restrict ge = p->state[GSYN_EXC], *restrict gi = p->state[GSYN_INH];
    double *restrict dge = p->state[DGSYN_EXC], *restrict dgi = p->state[DGSYN_INH];
    double *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    for (uint32_t i = begin; i < end; i++) {
        const ax_adex_coef *c = het ? &C[i] : C;
        double vi = v[i], wi = w[i], ri = r[i], g_e = ge[i], g_i = gi[i], d_e = dge[i], d_i = dgi[i];
        double I = c->i_offset + cur[i];
        int refractory = ri > 0.0;
        double active = refractory ? 0.0 : 1.0;
        double gem = (g_e + 0.5 * h * d_e) * c->exc.p_half, ge1 = (g_e + h * d_e) * c->exc.p;
        double gim = (g_i + 0.5 * h * d_i) * c->inh.p_half, gi1 = (g_i + h * d_i) * c->inh.p;
        double gmax = ax_max(ax_max(g_e, gem), ge1) + ax_max(ax_max(g_i, gim), gi1);
        int n = method == AX_IF_EXP_EULER ? 1 : ax_membrane_substep_count(h, c->m.gl + gmax, c->m.inv_c);
        if (method == AX_IF_EXP_EULER)
            ax_adex_exp_euler(c, &vi, &wi, h, I, active, g_e, g_i);
        else if (method == AX_IF_EULER && n == 1)
            ax_adex_euler(c, &vi, &wi, h, I, active, g_e, g_i);
        else if (method == AX_IF_EULER)
            ax_adex_euler_substeps(c, &vi, &wi, h, n, I, active, g_e, d_e, g_i, d_i);
        else if (n == 1)
            ax_adex_rk4(c, &vi, &wi, h, I, active, g_e, gem, ge1, g_i, gim, gi1);
        else
            ax_adex_substeps(c, &vi, &wi, h, n, I, active, g_e, d_e, g_i, d_i);
        ge[i] = ge1;
        gi[i] = gi1;
        dge[i] = d_e * c->exc.p + c->exc.jump * in_e[i];
        dgi[i] = d_i * c->inh.p + c->inh.jump * in_i[i];
        in_e[i] = in_i[i] = 0.0;
        /* v_old = v_new: the right-hand side already held v (active = 0) */
        int fire = ax_if_fire_unless_refractory(&c->reset, ri, vi, vi, &v[i], &r[i]);
        w[i] = fire ? wi + c->b : wi;
        spiked[i] = (uint32_t)fire;
    }
}

AX_ADEX_UPDATES(body)

const ax_model ax_model_EIF_cond_alpha_isfa_ista = AX_ADEX_MODEL(
    "EIF_cond_alpha_isfa_ista",
    "Adaptive exponential integrate-and-fire neuron (AdEx, Brette & Gerstner 2005) with "
    "alpha-shaped conductances (PyNN EIF_cond_alpha_isfa_ista, NEST aeif_cond_alpha). "
    "RK4 on (v, w), exact conductance kernels. Variants with cheaper first-order methods: "
    "EIF_cond_alpha_isfa_ista_euler, EIF_cond_alpha_isfa_ista_exp_euler.",
    update);

const ax_model ax_model_EIF_cond_alpha_isfa_ista_euler = AX_ADEX_MODEL(
    "EIF_cond_alpha_isfa_ista_euler",
    "EIF_cond_alpha_isfa_ista integrated by forward Euler on (v, w) with the conductances of the "
    "step's start (as Brian2's method = 'euler'; sub-stepped where stiff), exact conductance "
    "kernels: first order, one exponential per step instead of RK4's four.",
    update_euler);

const ax_model ax_model_EIF_cond_alpha_isfa_ista_exp_euler = AX_ADEX_MODEL(
    "EIF_cond_alpha_isfa_ista_exp_euler",
    "EIF_cond_alpha_isfa_ista integrated by exponential Euler: over each step the conductances, w "
    "and the spike current are held at their start values and v relaxes exactly towards the "
    "resulting steady state, then w towards a (v - v_rest) with v held; exact conductance kernels. "
    "First order, unconditionally stable.",
    update_exp_euler);
