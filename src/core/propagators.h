/*
 * propagators.h - exact-integration coefficients for linear point neurons
 * (Rotter & Diesmann 1999, "Exact digital simulation of time-invariant
 * linear systems with applications to neuronal modeling", Biol Cybern 81).
 *
 * For a membrane  C dv/dt = -C v / tau_m + I(t)  driven over one step h by
 *   - a constant current I:            v += I * p_const(h, tau_m, C)
 *   - a current I0 exp(-t/tau_s):      v += I0 * p_exp(h, tau_m, tau_s, C)
 *   - a current dI0 t exp(-t/tau_s):   v += dI0 * p_alpha(h, tau_m, tau_s, C)
 * (on top of v *= exp(-h/tau_m)).  The formulas are written so that they
 * stay accurate when tau_s approaches or equals tau_m, where the textbook
 * form tau_s tau_m / (tau_m - tau_s) * (...) divides zero by zero.
 */
#ifndef AX_PROPAGATORS_H
#define AX_PROPAGATORS_H

#include <math.h>

/* (1 - exp(-h/tau)) * tau / C */
static inline double ax_p_const(double h, double tau_m, double c_m)
{
    return -expm1(-h / tau_m) * tau_m / c_m;
}

/* (1/C) * exp(-h/tau_m) * integral_0^h exp(-s delta) ds,
 * delta = 1/tau_s - 1/tau_m. */
static inline double ax_p_exp(double h, double tau_m, double tau_s, double c_m)
{
    double delta = 1.0 / tau_s - 1.0 / tau_m;
    double integral = delta == 0.0 ? h : -expm1(-h * delta) / delta;
    return exp(-h / tau_m) * integral / c_m;
}

/* (1/C) * exp(-h/tau_m) * integral_0^h s exp(-s delta) ds
 * = exp(-h/tau_m) h^2 g(h delta) / C with g(x) = (1 - e^-x (1 + x)) / x^2,
 * from its Taylor series near x = 0 where the closed form cancels. */
static inline double ax_p_alpha(double h, double tau_m, double tau_s, double c_m)
{
    double x = h * (1.0 / tau_s - 1.0 / tau_m), g;
    if (fabs(x) < 0.1) {
        /* g(x) = sum_k (-1)^k (k+1) x^k / (k+2)!, 10 terms: error < 1e-17 */
        double sum = 0.5, xk = 1.0, fact = 2.0;
        for (int k = 1; k < 10; k++) {
            xk *= -x;
            fact *= (double)(k + 2);
            sum += (double)(k + 1) * xk / fact;
        }
        g = sum;
    } else {
        g = (1.0 - exp(-x) * (1.0 + x)) / (x * x);
    }
    return exp(-h / tau_m) * h * h * g / c_m;
}

/* Mean of exp(-s / tau) over s in [0, h]: the average over a step of an
 * exponentially decaying synaptic conductance, relative to its start. */
static inline double ax_mean_decay(double h, double tau)
{
    return -tau / h * expm1(-h / tau);
}

/* Refractory time in whole steps (NEST rounds to the nearest step). */
static inline double ax_steps(double t_ms, double dt)
{
    return (double)llround(t_ms / dt);
}

#endif
