/*
 * IF_cond_exp - leaky integrate-and-fire neuron with exponentially decaying
 * synaptic conductances (PyNN IF_cond_exp; NEST iaf_cond_exp).
 *
 * Equations
 *     cm dv/dt = gL (v_rest - v) + gsyn_exc (e_rev_E - v) + gsyn_inh (e_rev_I - v)
 *                + i_offset + I_inj,          gL = cm / tau_m
 *     d gsyn_exc/dt = -gsyn_exc / tau_syn_E   d gsyn_inh/dt = -gsyn_inh / tau_syn_I
 * A spike of weight w (uS, >= 0) adds w to the conductance of its receptor.
 * When v >= v_thresh: spike, v = v_reset, held for tau_refrac (steps)
 * while the conductances go on decaying.
 *
 * Parameters (PyNN): v_rest -65 mV, cm 1 nF, tau_m 20 ms, tau_refrac 0.1 ms,
 *     tau_syn_E 5 ms, tau_syn_I 5 ms, e_rev_E 0 mV, e_rev_I -70 mV,
 *     v_thresh -50 mV, v_reset -65 mV, i_offset 0 nA
 * State: v (mV), gsyn_exc, gsyn_inh (uS), refrac (steps left).
 *
 * Method: the conductances decay exactly; v by RK4 with the conductances
 * evaluated exactly at the stage times (conductance.h), sub-stepped when a
 * neuron's total conductance makes the step stiff.  RK4 rather than an
 * exponential-Euler step because it is fourth order at no exp() per neuron;
 * NEST uses adaptive RKF45 for this model, Brian2's COBA example forward
 * Euler.  Two variants trade accuracy for speed, the same model with a
 * first-order method for v: IF_cond_exp_euler (forward Euler with the
 * conductances of the step's start, as Brian2's method = 'euler';
 * sub-stepped where stiff) and IF_cond_exp_exp_euler (exponential Euler,
 * the conductances held over the step; one exp per neuron, never
 * sub-stepped).  The conductances decay exactly in all three.  Order
 * within a step, as NEST's iaf_cond_exp: integrate, add this step's input
 * to the conductances, then refractoriness and threshold.
 *
 * Reference: Kuhn A, Aertsen A, Rotter S (2004) J Neurosci 24:2345;
 * PyNN IF_cond_exp; NEST iaf_cond_exp.
 */
#include "models/if_family.h"

enum { V, GSYN_EXC, GSYN_INH, REFRAC };

static const ax_param_info params[] = {
    AX_IF_COND_ROWS(5.0, 5.0, "decay time", "conductance"),
};
_Static_assert(AX_COUNT(params) == IF_COND_N_PARAMS, "the rows of if_family.h");

static const ax_var_info vars[] = {
    AX_IF_VAR_V(-65.0),
    AX_IF_VARS_GSYN,
    AX_IF_VAR_REFRAC,
};

static const ax_receptor_info receptors[] = {
    AX_IF_RECEPTORS_GSYN,
};

typedef ax_if_cond_coef coef;

/* One step for neurons [begin, end) by `method` (AX_IF_RK4, _EULER,
 * _EXP_EULER).  The fast pass (fixup = 0) takes one step per neuron and
 * vectorises; it leaves untouched the rare neurons whose step is stiff
 * (conductances hundreds of times the leak; never for exponential Euler)
 * and says whether there were any.  The fix-up pass (fixup = 1) then
 * advances just those with sub-steps. */
AX_INLINE int body_impl(const ax_population_view *p, uint32_t begin, uint32_t end, int het, int fixup, int method)
{
    const coef *C = p->data;
    const coef c0 = C[0];   /* a local copy: loop-invariant, so the loop vectorises */
    const double h = p->dt;
    double *restrict v = p->state[V], *restrict ge = p->state[GSYN_EXC];
    double *restrict gi = p->state[GSYN_INH], *restrict r = p->state[REFRAC];
    double *restrict in_e = p->input[0], *restrict in_i = p->input[1];
    const double *restrict cur = p->current;
    uint32_t *restrict spiked = p->spiked;
    int any_stiff = 0;
    AX_SIMD
    for (uint32_t i = begin; i < end; i++) {
        const coef ci = het ? C[i] : c0, *c = &ci;
        double vi = v[i], ri = r[i], g_e = ge[i], g_i = gi[i];
        /* conductances only decay within the step: their start values bound it */
        int stiff = method != AX_IF_EXP_EULER && h * (c->m.gl + g_e + g_i) * c->m.inv_c > AX_COND_Z_MAX;
        if (fixup && !stiff)
            continue;
        double I = c->i_offset + cur[i];
        int n = fixup ? ax_membrane_substep_count(h, c->m.gl + g_e + g_i, c->m.inv_c) : 1;
        double vn;
        if (method == AX_IF_EXP_EULER)
            vn = ax_membrane_exp_euler(&c->m, vi, h, I, g_e, g_i);
        else if (method == AX_IF_EULER)
            vn = fixup ? ax_membrane_euler_substeps(&c->m, vi, h, n, I, g_e, 0.0, c->exc.tau, g_i, 0.0, c->inh.tau)
                       : ax_membrane_euler(&c->m, vi, h, I, g_e, g_i);
        else
            vn = fixup ? ax_membrane_substeps(&c->m, vi, h, n, I, g_e, 0.0, c->exc.tau, g_i, 0.0, c->inh.tau)
                       : ax_membrane_rk4(&c->m, vi, h, I, g_e, g_e * c->exc.p_half, g_e * c->exc.p, g_i,
                                         g_i * c->inh.p_half, g_i * c->inh.p);
        double ge_n = g_e * c->exc.p + in_e[i], gi_n = g_i * c->inh.p + in_i[i];
        double v_n, r_n;
        int fire = ax_if_fire_unless_refractory(&c->reset, ri, vi, vn, &v_n, &r_n);
        /* The fast pass leaves a stiff neuron as it was.  Blended values and
         * plain stores, not `x[i] = stiff ? x[i] : new`, which GCC turns
         * into masked stores behind branches (10 % slower on COBA). */
        if (!fixup) {
            any_stiff |= stiff;
            v_n = stiff ? vi : v_n;
            r_n = stiff ? ri : r_n;
            ge_n = stiff ? g_e : ge_n;
            gi_n = stiff ? g_i : gi_n;
            fire = stiff ? 0 : fire;
        }
        /* consumed, except by stiff neurons in the fast pass */
        int keep = !fixup && stiff;
        in_e[i] = keep ? in_e[i] : 0.0;
        in_i[i] = keep ? in_i[i] : 0.0;
        v[i] = v_n;
        r[i] = r_n;
        ge[i] = ge_n;
        gi[i] = gi_n;
        spiked[i] = (uint32_t)fire;
    }
    return any_stiff;
}

AX_IF_COND_UPDATES(body_impl)

const ax_model ax_model_IF_cond_exp = AX_IF_COND_MODEL(
    "IF_cond_exp",
    "Leaky integrate-and-fire neuron with exponentially decaying synaptic conductances "
    "(PyNN IF_cond_exp, NEST iaf_cond_exp). Exact conductance decay, RK4 for v.",
    update);

const ax_model ax_model_IF_cond_exp_euler = AX_IF_COND_MODEL(
    "IF_cond_exp_euler",
    "IF_cond_exp integrated by forward Euler on v with the conductances of the step's start (as "
    "Brian2's method = 'euler'; sub-stepped where stiff), exact conductance decay: first order, one "
    "evaluation of the right-hand side per step instead of RK4's four. For speed over accuracy, and "
    "like-for-like comparisons.",
    update_euler);

const ax_model ax_model_IF_cond_exp_exp_euler = AX_IF_COND_MODEL(
    "IF_cond_exp_exp_euler",
    "IF_cond_exp integrated by exponential Euler: over each step the conductances are held at their "
    "start values and v relaxes exactly towards the resulting steady state (one exponential per "
    "neuron and step); exact conductance decay. First order, unconditionally stable.",
    update_exp_euler);
