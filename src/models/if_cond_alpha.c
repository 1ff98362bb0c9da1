/*
 * IF_cond_alpha - leaky integrate-and-fire neuron with alpha-shaped synaptic
 * conductances (PyNN IF_cond_alpha; NEST iaf_cond_alpha).
 *
 * Equations
 *     cm dv/dt = gL (v_rest - v) + gsyn_exc (e_rev_E - v) + gsyn_inh (e_rev_I - v)
 *                + i_offset + I_inj,          gL = cm / tau_m
 *     a spike of weight w (uS, >= 0) at time 0 adds the conductance
 *     w (t/tau_syn) exp(1 - t/tau_syn), which peaks at w when t = tau_syn;
 *     as a linear pair: d gsyn/dt = dgsyn - gsyn/tau_syn,
 *     d dgsyn/dt = -dgsyn/tau_syn, and a spike adds w e / tau_syn to dgsyn.
 * Threshold, reset and refractoriness as IF_cond_exp.
 *
 * Parameters (PyNN): v_rest -65 mV, cm 1 nF, tau_m 20 ms, tau_refrac 0.1 ms,
 *     tau_syn_E 0.3 ms, tau_syn_I 0.5 ms, e_rev_E 0 mV, e_rev_I -70 mV,
 *     v_thresh -50 mV, v_reset -65 mV, i_offset 0 nA
 * State: v (mV), gsyn_exc, gsyn_inh (uS), dgsyn_exc, dgsyn_inh (uS/ms),
 *     refrac (steps left).
 *
 * Method: the conductance pairs are propagated exactly; v by RK4 with the
 * conductances evaluated exactly at the stage times (conductance.h),
 * sub-stepped when a neuron's total conductance makes the step stiff.
 * Order within a step as NEST's iaf_cond_alpha: integrate, add this step's
 * input, then refractoriness and threshold.
 *
 * Reference: PyNN IF_cond_alpha; NEST iaf_cond_alpha.
 */
#include "models/if_family.h"

enum { V, GSYN_EXC, GSYN_INH, DGSYN_EXC, DGSYN_INH, REFRAC };

static const ax_param_info params[] = {
    AX_IF_COND_ROWS(0.3, 0.5, "rise time", "alpha conductance"),
};
_Static_assert(AX_COUNT(params) == IF_COND_N_PARAMS, "the rows of if_family.h");

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-65.0),
    AX_IF_VARS_GSYN,
    AX_IF_VARS_DGSYN,
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    AX_IF_RECEPTORS_ALPHA_G,
};

typedef ax_if_cond_coef coef;

/* One step for neurons [begin, end) by `method`, in two passes as
 * IF_cond_exp's. */
AX_INLINE int body_impl(const ax_population_view *p, uint32_t begin, uint32_t end, int het, int fixup, int method)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    const double h = p->dt;
    double *restrict v = p->state[V], *restrict ge = p->state[GSYN_EXC], *restrict gi = p->state[GSYN_INH];
    double *restrict dge = p->state[DGSYN_EXC], *restrict dgi = p->state[DGSYN_INH];
    double *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    int any_stiff = 0;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i], g_e = ge[i], g_i = gi[i], d_e = dge[i], d_i = dgi[i];
        /* g(s) = (g + dg s) exp(-s/tau) at s = h/2 and h; the larger of the
         * three samples bounds the conductance for the stiffness test */
        double gem = (g_e + 0.5 * h * d_e) * c->exc.p_half, ge1 = (g_e + h * d_e) * c->exc.p;
        double gim = (g_i + 0.5 * h * d_i) * c->inh.p_half, gi1 = (g_i + h * d_i) * c->inh.p;
        double gmax = ax_max(ax_max(g_e, gem), ge1) + ax_max(ax_max(g_i, gim), gi1);
        int stiff = method != AX_IF_EXP_EULER && h * (c->m.gl + gmax) * c->m.inv_c > AX_COND_Z_MAX;
        if (fixup && !stiff)
            continue;
        double I = c->i_offset + cur[i];
        int n = fixup ? ax_membrane_substep_count(h, c->m.gl + gmax, c->m.inv_c) : 1;
        double vn;
        if (method == AX_IF_EXP_EULER)
            vn = ax_membrane_exp_euler(&c->m, vi, h, I, g_e, g_i);
        else if (method == AX_IF_EULER)
            vn = fixup ? ax_membrane_euler_substeps(&c->m, vi, h, n, I, g_e, d_e, c->exc.tau, g_i, d_i, c->inh.tau)
                       : ax_membrane_euler(&c->m, vi, h, I, g_e, g_i);
        else
            vn = fixup ? ax_membrane_substeps(&c->m, vi, h, n, I, g_e, d_e, c->exc.tau, g_i, d_i, c->inh.tau)
                       : ax_membrane_rk4(&c->m, vi, h, I, g_e, gem, ge1, g_i, gim, gi1);
        double dge_n = d_e * c->exc.p + c->exc.jump * in_e[i], dgi_n = d_i * c->inh.p + c->inh.jump * in_i[i];
        double v_n, r_n;
        int fire = ax_if_fire_unless_refractory(&c->reset, ri, vi, vn, &v_n, &r_n);
        /* the fast pass leaves a stiff neuron as it was (blended, as IF_cond_exp) */
        if (!fixup) {
            any_stiff |= stiff;
            v_n = stiff ? vi : v_n;
            r_n = stiff ? ri : r_n;
            ge1 = stiff ? g_e : ge1;
            gi1 = stiff ? g_i : gi1;
            dge_n = stiff ? d_e : dge_n;
            dgi_n = stiff ? d_i : dgi_n;
            fire = stiff ? 0 : fire;
        }
        /* consumed, except by stiff neurons in the fast pass */
        int keep = !fixup && stiff;
        in_e[i] = keep ? in_e[i] : 0.0;
        in_i[i] = keep ? in_i[i] : 0.0;
        v[i] = v_n;
        r[i] = r_n;
        ge[i] = ge1;
        gi[i] = gi1;
        dge[i] = dge_n;
        dgi[i] = dgi_n;
        spiked[i] = (uint32_t)fire;
    }
    return any_stiff;
}

AX_IF_COND_UPDATES(body_impl)

const ax_model ax_model_IF_cond_alpha = AX_IF_COND_MODEL(
    "IF_cond_alpha",
    "Leaky integrate-and-fire neuron with alpha-shaped synaptic conductances "
    "(PyNN IF_cond_alpha, NEST iaf_cond_alpha). Exact conductance kernels, RK4 for v.",
    update);

const ax_model ax_model_IF_cond_alpha_euler = AX_IF_COND_MODEL(
    "IF_cond_alpha_euler",
    "IF_cond_alpha integrated by forward Euler on v with the conductances of the step's start (as "
    "Brian2's method = 'euler'; sub-stepped where stiff), exact conductance kernels: first order, one "
    "evaluation of the right-hand side per step instead of RK4's four.",
    update_euler);

const ax_model ax_model_IF_cond_alpha_exp_euler = AX_IF_COND_MODEL(
    "IF_cond_alpha_exp_euler",
    "IF_cond_alpha integrated by exponential Euler: over each step the conductances are held at their "
    "start values and v relaxes exactly towards the resulting steady state (one exponential per "
    "neuron and step); exact conductance kernels. First order, unconditionally stable.",
    update_exp_euler);
