/*
 * conductance.h - one step of a conductance-based membrane,
 *
 *     C dv/dt = gL (EL - v) + ge(t) (Ee - v) + gi(t) (Ei - v) + I,
 *
 * where each synaptic conductance follows a kernel known in closed form
 * over the step, g(s) = (g0 + dg0 s) exp(-s / tau)  (dg0 = 0 for the
 * exponential kernel, the alpha kernel otherwise).
 *
 * v is advanced by classical RK4 with the conductances evaluated exactly
 * at the stage times 0, h/2 and h, so the only error is RK4's in v
 * (fourth order; ~1e-8 mV at h = 0.1 ms for typical cells).  RK4 is stable
 * while h (gL + ge + gi) / C stays below 2.78; above AX_COND_Z_MAX the step
 * is split into equal sub-steps (rare: it takes conductances hundreds of
 * times the leak).  Models test that bound for all their neurons first and
 * take the vectorisable path when it holds.
 */
#ifndef AX_CONDUCTANCE_H
#define AX_CONDUCTANCE_H

#include <math.h>

#include "core/model_util.h"
#include "core/vmath.h"

#define AX_COND_Z_MAX 1.0

typedef struct ax_membrane {
    double inv_c, gl, el, ee, ei;
} ax_membrane;

/* From PyNN's parameters: gL = cm / tau_m, EL = v_rest. */
static inline ax_membrane ax_membrane_coef(double cm, double tau_m, double v_rest, double e_rev_e, double e_rev_i)
{
    return (ax_membrane){.inv_c = 1.0 / cm, .gl = cm / tau_m, .el = v_rest, .ee = e_rev_e, .ei = e_rev_i};
}

/* A synaptic kernel over a step: p = exp(-h/tau) and p_half =
 * exp(-h/(2 tau)) take an exponential from the step's start to the RK4
 * stage times h and h/2.  The alpha form, the pair (g, dg), gains
 * jump = e / tau in dg per unit of weight, so that g peaks at the weight. */
typedef struct ax_kernel {
    double p, p_half, tau, jump;
} ax_kernel;

static inline ax_kernel ax_kernel_coef(double h, double tau)
{
    return (ax_kernel){.p = exp(-h / tau), .p_half = exp(-0.5 * h / tau), .tau = tau, .jump = M_E / tau};
}

/* The kernel at time s into the step, from g0 and dg0 at its start. */
AX_INLINE double ax_kernel_at(double g0, double dg0, double tau, double s)
{
    return (g0 + dg0 * s) * exp(-s / tau);
}

/* The right-hand side is linear in v:  dv/dt = a - b v  with
 * a = (gL EL + ge Ee + gi Ei + I) / C and b = (gL + ge + gi) / C. */
AX_INLINE void ax_membrane_ab(const ax_membrane *m, double i, double ge, double gi, double *a, double *b)
{
    *a = (m->gl * m->el + ge * m->ee + gi * m->ei + i) * m->inv_c;
    *b = (m->gl + ge + gi) * m->inv_c;
}

/* One RK4 step of length h; conductances given at 0, h/2, h. */
AX_INLINE double ax_membrane_rk4(const ax_membrane *m, double v, double h, double i, double ge0,
                                 double gem, double ge1, double gi0, double gim, double gi1)
{
    double a0, b0, am, bm, a1, b1;
    ax_membrane_ab(m, i, ge0, gi0, &a0, &b0);
    ax_membrane_ab(m, i, gem, gim, &am, &bm);
    ax_membrane_ab(m, i, ge1, gi1, &a1, &b1);
    double k1 = a0 - b0 * v;
    double k2 = am - bm * (v + 0.5 * h * k1);
    double k3 = am - bm * (v + 0.5 * h * k2);
    double k4 = a1 - b1 * (v + h * k3);
    return v + h / 6.0 * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
}

/* The step split into n equal RK4 sub-steps, for stiff neurons. */
static inline double ax_membrane_substeps(const ax_membrane *m, double v, double h, int n, double i,
                                          double ge0, double dge0, double tau_e, double gi0,
                                          double dgi0, double tau_i)
{
    double hs = h / n;
    for (int k = 0; k < n; k++) {
        double s0 = k * hs, sm = s0 + 0.5 * hs, s1 = s0 + hs;
        v = ax_membrane_rk4(m, v, hs, i, ax_kernel_at(ge0, dge0, tau_e, s0), ax_kernel_at(ge0, dge0, tau_e, sm),
                            ax_kernel_at(ge0, dge0, tau_e, s1), ax_kernel_at(gi0, dgi0, tau_i, s0),
                            ax_kernel_at(gi0, dgi0, tau_i, sm), ax_kernel_at(gi0, dgi0, tau_i, s1));
    }
    return v;
}

/* Cheaper first-order steps, for the models' _euler and _exp_euler
 * variants (speed over accuracy, and like-for-like comparisons with
 * simulators that use them).  Forward Euler with the conductances of the
 * step's start (Brian2's method = 'euler'); stable while h (gL + ge + gi)
 * / C < 2, so the models split the step where it exceeds AX_COND_Z_MAX,
 * as for RK4. */
AX_INLINE double ax_membrane_euler(const ax_membrane *m, double v, double h, double i, double ge, double gi)
{
    double a, b;
    ax_membrane_ab(m, i, ge, gi, &a, &b);
    return v + h * (a - b * v);
}

/* The Euler step as n sub-steps, the kernels (g + dg s) exp(-s/tau) at
 * each sub-step's start. */
static inline double ax_membrane_euler_substeps(const ax_membrane *m, double v, double h, int n, double i,
                                                double ge0, double dge0, double tau_e, double gi0, double dgi0,
                                                double tau_i)
{
    double hs = h / n;
    for (int k = 0; k < n; k++)
        v = ax_membrane_euler(m, v, hs, i, ax_kernel_at(ge0, dge0, tau_e, k * hs),
                              ax_kernel_at(gi0, dgi0, tau_i, k * hs));
    return v;
}

/* Exponential Euler: the conductances held at the step's start, dv/dt =
 * a - b v solved exactly, v_inf + (v - v_inf) exp(-h b), v_inf = a / b (b
 * > 0: gL > 0).  First order (the conductances' change over the step is
 * the error), unconditionally stable: no sub-steps.  vmath.h's exp, so that
 * the loop vectorises. */
AX_INLINE double ax_membrane_exp_euler(const ax_membrane *m, double v, double h, double i, double ge, double gi)
{
    double a, b;
    ax_membrane_ab(m, i, ge, gi, &a, &b);
    double v_inf = a / b;
    return v_inf + (v - v_inf) * ax_exp(-h * b);
}

/* Sub-steps needed for a total conductance gtot over step h. */
static inline int ax_membrane_substep_count(double h, double gtot, double inv_c)
{
    double z = h * gtot * inv_c;
    return z <= AX_COND_Z_MAX ? 1 : (int)ceil(z / AX_COND_Z_MAX);
}

#endif
