/*
 * adex.h - what the two adaptive exponential integrate-and-fire models
 * (EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista) share: parameters,
 * checks, coefficients and the RK4 step of (v, w).
 *
 * Equations (Brette & Gerstner 2005)
 *     cm dv/dt = gL (v_rest - v) + gL delta_T exp((v - v_thresh) / delta_T) - w
 *                + gsyn_exc (e_rev_E - v) + gsyn_inh (e_rev_I - v) + i_offset + I_inj
 *     tau_w dw/dt = a (v - v_rest) - w                   gL = cm / tau_m
 * When v >= v_spike: spike, v = v_reset, w += b, v held at v_reset for
 * tau_refrac while w goes on.  With delta_T = 0 the exponential term is
 * dropped and the spike is at v_thresh (as NEST).
 *
 * Method: RK4 on (v, w) with the synaptic conductances evaluated exactly at
 * the stage times; inside the right-hand side v is clamped at v_spike, as
 * NEST's aeif models do, so the exponential cannot overflow during the
 * upswing.  A step whose total conductance makes it stiff is split
 * (conductance.h).  Spikes are detected at the end of each step.
 *
 * Two cheaper methods of first order, for EIF_cond_exp_isfa_ista's
 * variants (_euler, _exp_euler), each with one exponential per step where
 * RK4 has four: forward Euler on (v, w) with the conductances of the
 * step's start (Brian2's method = 'euler'; split into sub-steps where
 * stiff, as RK4), and exponential Euler (the conductances, w and the spike
 * current held over the step, v relaxes exactly towards its resulting
 * steady state; w likewise with v held; unconditionally stable).
 */
#ifndef AX_ADEX_H
#define AX_ADEX_H

#include "axon.h"
#include "models/conductance.h"
#include "models/if_family.h"

enum {
    ADEX_CM, ADEX_TAU_REFRAC, ADEX_V_SPIKE, ADEX_V_RESET, ADEX_V_REST, ADEX_TAU_M, ADEX_I_OFFSET,
    ADEX_A, ADEX_B, ADEX_DELTA_T, ADEX_TAU_W, ADEX_V_THRESH, ADEX_E_REV_E, ADEX_TAU_SYN_E,
    ADEX_E_REV_I, ADEX_TAU_SYN_I, ADEX_N_PARAMS
};

extern const ax_param_info ax_adex_params[ADEX_N_PARAMS];

typedef struct ax_adex_coef {
    ax_membrane m;
    double gl_delta_t, inv_delta_t, v_t, v_clamp;
    double a, inv_tau_w, b;
    double p_w, p_leak;     /* exponential Euler: exp(-h / tau_w), exp(-h gL / C) */
    ax_kernel exc, inh;
    double i_offset;
    ax_if_reset reset;      /* v_thresh: v_spike, or v_thresh when delta_T = 0 */
} ax_adex_coef;

int ax_adex_check(const ax_population_view *p, char *msg, size_t len);
int ax_adex_prepare(const ax_population_view *p, void **data, char *msg, size_t len);

AX_INLINE void ax_adex_rhs(const ax_adex_coef *c, double v, double w, double I, double ge, double gi,
                           double active, double *dv, double *dw)
{
    double vc = ax_fmin(v, c->v_clamp);
    double spike_current = c->gl_delta_t * exp((vc - c->v_t) * c->inv_delta_t);
    *dv = active * (c->m.gl * (c->m.el - vc) + spike_current - w + ge * (c->m.ee - vc) +
                    gi * (c->m.ei - vc) + I) * c->m.inv_c;
    *dw = (c->a * (vc - c->m.el) - w) * c->inv_tau_w;
}

/* One RK4 step of length h; conductances at 0, h/2, h.  active = 0 holds v
 * (refractory) while w evolves. */
AX_INLINE void ax_adex_rk4(const ax_adex_coef *c, double *v, double *w, double h, double I, double active,
                           double ge0, double gem, double ge1, double gi0, double gim, double gi1)
{
    double v0 = *v, w0 = *w, dv1, dw1, dv2, dw2, dv3, dw3, dv4, dw4;
    ax_adex_rhs(c, v0, w0, I, ge0, gi0, active, &dv1, &dw1);
    ax_adex_rhs(c, v0 + 0.5 * h * dv1, w0 + 0.5 * h * dw1, I, gem, gim, active, &dv2, &dw2);
    ax_adex_rhs(c, v0 + 0.5 * h * dv2, w0 + 0.5 * h * dw2, I, gem, gim, active, &dv3, &dw3);
    ax_adex_rhs(c, v0 + h * dv3, w0 + h * dw3, I, ge1, gi1, active, &dv4, &dw4);
    *v = v0 + h / 6.0 * (dv1 + 2.0 * dv2 + 2.0 * dv3 + dv4);
    *w = w0 + h / 6.0 * (dw1 + 2.0 * dw2 + 2.0 * dw3 + dw4);
}

/* One forward-Euler step of length h; conductances of the step's start. */
AX_INLINE void ax_adex_euler(const ax_adex_coef *c, double *v, double *w, double h, double I, double active,
                             double ge, double gi)
{
    double dv, dw;
    ax_adex_rhs(c, *v, *w, I, ge, gi, active, &dv, &dw);
    *v += h * dv;
    *w += h * dw;
}

/* The Euler step as n sub-steps, the conductance kernels (g + dg s)
 * exp(-s/tau) at each start (dg = 0: exponential). */
static inline void ax_adex_euler_substeps(const ax_adex_coef *c, double *v, double *w, double h, int n, double I,
                                          double active, double ge, double dge, double gi, double dgi)
{
    double hs = h / n;
    for (int k = 0; k < n; k++)
        ax_adex_euler(c, v, w, hs, I, active, ax_kernel_at(ge, dge, c->exc.tau, k * hs),
                      ax_kernel_at(gi, dgi, c->inh.tau, k * hs));
}

/* One exponential-Euler step of length h: with ge, gi, w and the spike
 * current held at the step's start, dv/dt = A - B v has the exact solution
 * v_inf + (v - v_inf) exp(-h B), v_inf = A / B (B > 0: gL > 0); then w
 * relaxes towards a (v - EL) with v held.  exp(-h B) is the prepared
 * exp(-h gL / C) when both conductances are 0 (the same value: B = gL / C
 * then), so that a neuron without synaptic input pays one exponential per
 * step, the spike current's.  A refractory neuron (active = 0) keeps v. */
AX_INLINE void ax_adex_exp_euler(const ax_adex_coef *c, double *v, double *w, double h, double I, double active,
                                 double ge, double gi)
{
    double v0 = *v, w0 = *w, vc = ax_fmin(v0, c->v_clamp);
    double spike_current = c->gl_delta_t * exp((vc - c->v_t) * c->inv_delta_t);
    double A, B;
    ax_membrane_ab(&c->m, I + spike_current - w0, ge, gi, &A, &B);
    double decay = ge == 0.0 && gi == 0.0 ? c->p_leak : exp(-h * B);
    double v_inf = A / B;
    *v = active != 0.0 ? v_inf + (v0 - v_inf) * decay : v0;
    double w_inf = c->a * (vc - c->m.el);
    *w = w_inf + (w0 - w_inf) * c->p_w;
}

/* The step as n sub-steps, conductance kernels (g + dg s) exp(-s/tau). */
static inline void ax_adex_substeps(const ax_adex_coef *c, double *v, double *w, double h, int n, double I,
                                    double active, double ge, double dge, double gi, double dgi)
{
    double hs = h / n;
    for (int k = 0; k < n; k++) {
        double s0 = k * hs, sm = s0 + 0.5 * hs, s1 = s0 + hs;
        ax_adex_rk4(c, v, w, hs, I, active, ax_kernel_at(ge, dge, c->exc.tau, s0), ax_kernel_at(ge, dge, c->exc.tau, sm),
                    ax_kernel_at(ge, dge, c->exc.tau, s1), ax_kernel_at(gi, dgi, c->inh.tau, s0),
                    ax_kernel_at(gi, dgi, c->inh.tau, sm), ax_kernel_at(gi, dgi, c->inh.tau, s1));
    }
}

/* update, update_euler, update_exp_euler from body(p, begin, end, het,
 * method), with het and the method (AX_IF_RK4, _EULER, _EXP_EULER)
 * compile-time constants. */
#define AX_ADEX_UPDATE(name, body, method)                                                \
    static void name(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step) \
    {                                                                                     \
        (void)step;                                                                       \
        if (p->uniform)                                                                   \
            body(p, begin, end, 0, method);                                               \
        else                                                                              \
            body(p, begin, end, 1, method);                                               \
    }
/* The descriptor of an AdEx model or variant: the file's vars and
 * receptors tables, adex.c's parameters, check and prepare. */
#define AX_ADEX_MODEL(model_name, model_doc, update_fn)                                                   \
    {                                                                                                    \
        .name = model_name, .doc = model_doc, .params = ax_adex_params, .n_params = ADEX_N_PARAMS,       \
        .vars = vars, .n_vars = AX_COUNT(vars), .receptors = receptors, .n_receptors = AX_COUNT(receptors), \
        .flags = AX_MODEL_CLEARS_INPUT, .check = ax_adex_check, .prepare = ax_adex_prepare,             \
        .release = ax_free_model_data, .update = update_fn,                                              \
    }

#define AX_ADEX_UPDATES(body)                         \
    AX_ADEX_UPDATE(update, body, AX_IF_RK4)           \
    AX_ADEX_UPDATE(update_euler, body, AX_IF_EULER)   \
    AX_ADEX_UPDATE(update_exp_euler, body, AX_IF_EXP_EULER)

#endif
