/*
 * SpikeSourcePoissonRefractory - independent Poisson trains with a dead
 * time (PyNN SpikeSourcePoissonRefractory; NEST poisson_generator_ps with
 * dead_time, and ppd_sup_generator with one process, which PyNN's NEST
 * backend uses).
 *
 * Each interval is tau_refrac plus an exponential interval of mean
 * 1/rate - tau_refrac, so the mean rate is `rate`, the dead time included,
 * and the CV 1 - rate tau_refrac.  rate * tau_refrac < 1 is required.  The
 * process is stationary from `start`: the first spike comes a forward
 * recurrence time after it, drawn as NEST's poisson_generator_ps draws it -
 * with probability rate tau_refrac uniform in (0, tau_refrac) (the moment
 * fell into a dead time), otherwise tau_refrac plus the exponential
 * interval; its distribution function is rate x below tau_refrac and
 * 1 - (1 - rate tau_refrac) exp(-(x - tau_refrac) / (1/rate - tau_refrac))
 * above.  rate 0: no spikes.  The trains, the grid and parameter changes
 * between runs: renewal.h.  On the grid, intervals are at least tau_refrac
 * rounded down to the grid (tau_refrac itself when it is a multiple of dt);
 * with tau_refrac >= dt no two draws fall into one step.
 *
 * Parameters (PyNN): rate 1 Hz, tau_refrac 0 ms, start 0 ms,
 * duration 1e10 ms.
 * State: next, draws (renewal.h).
 */
#include "core/model_util.h"

#include <math.h>

#include "models/renewal.h"

enum { RATE, TAU_REFRAC, START, DURATION };

static const ax_param_info params[] = {
    {"rate", "Hz", 1.0, 0.0, INFINITY, 0, "mean firing rate, the dead time included"},
    {"tau_refrac", "ms", 0.0, 0.0, INFINITY, 0, "dead time after each spike (rate * tau_refrac < 1)"},
    {"start", "ms", 0.0, 0.0, INFINITY, 0, "spikes come after this time"},
    {"duration", "ms", 1e10, 0.0, INFINITY, 0, "... for this long"},
};

/* a: the dead time in steps; b: the mean of the exponential part in
 * steps; c: the probability that an arbitrary moment lies in a dead time. */
static void coef(const ax_population_view *p, uint32_t k, ax_renewal_coef *c)
{
    double rate = AX_PARAM(p, RATE, k), tau = AX_PARAM(p, TAU_REFRAC, k);
    c->silent = !(rate > 0.0);
    c->a = tau / p->dt;
    /* fmax: rounding must not make it negative when rate * tau is just below 1 */
    c->b = c->silent ? 0.0 : fmax(0.0, (1e3 / rate - tau) / p->dt);
    c->c = rate * tau * 1e-3;
}

static double interval(const ax_renewal_coef *c, ax_rng *r)
{
    return c->a + c->b * ax_rng_exponential(r);
}

/* NEST's two cases; u / c, uniform in (0, 1) given u < c, places the
 * moment in the dead time without another draw. */
static double forward(const ax_renewal_coef *c, ax_rng *r)
{
    double u = ax_rng_uniform(r);
    if (u < c->c)
        return u / c->c * c->a;
    return c->a + c->b * ax_rng_exponential(r);
}

static const ax_renewal_law law = {
    .stream = AX_SOURCE_POISSON_REFRACTORY, .start = START, .duration = DURATION,
    .coef = coef, .interval = interval, .forward = forward,
};

static int check(const ax_population_view *p, char *msg, size_t len)
{
    for (uint32_t i = 0; i < (p->uniform ? 1 : p->size); i++) {
        double rate = AX_PARAM(p, RATE, i), tau = AX_PARAM(p, TAU_REFRAC, i);
        if (rate * tau * 1e-3 >= 1.0) {
            snprintf(msg, len,
                     "rate %g Hz and tau_refrac %g ms: rate * tau_refrac = %g must be below 1 (the mean interval "
                     "1/rate = %g ms includes the dead time; neuron %u)",
                     rate, tau, rate * tau * 1e-3, 1e3 / rate, i);
            return -1;
        }
        if (ax_renewal_check_rate(p, i, "rate", rate, msg, len))
            return -1;
    }
    return 0;
}

const ax_model ax_model_SpikeSourcePoissonRefractory = {
    .name = "SpikeSourcePoissonRefractory",
    .doc = "Independent Poisson trains with a dead time on the dt grid (PyNN SpikeSourcePoissonRefractory; NEST "
           "poisson_generator_ps with dead_time): each interval is tau_refrac plus an exponential interval of mean "
           "1/rate - tau_refrac, so the mean rate is rate (rate*tau_refrac < 1) and the CV 1 - rate*tau_refrac. "
           "Stationary from start (the first spike drawn as NEST draws it); spikes between start and "
           "start+duration, at most one per step. A parameter change between runs restarts the process, "
           "stationary, at the next run's first step.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = ax_renewal_vars, .n_vars = AX_COUNT(ax_renewal_vars),
    .flags = AX_MODEL_SPIKE_SOURCE,
    .check = check, .prepare = ax_renewal_prepare, .release = ax_free_model_data, .update = ax_renewal_update,
    .impl = &law,
};
