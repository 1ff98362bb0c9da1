/*
 * SpikeSourceGamma - independent gamma renewal trains (PyNN
 * SpikeSourceGamma; NEST gamma_sup_generator with one process, which PyNN's
 * NEST backend uses, but for any shape, not only integers).
 *
 * Inter-spike intervals are independent Gamma(shape alpha, rate beta)
 * draws: density beta^alpha x^(alpha-1) e^(-beta x) / Gamma(alpha), mean
 * alpha/beta s, so the mean rate is beta/alpha Hz and the CV 1/sqrt(alpha)
 * (alpha = 1: Poisson; larger: more regular; below 1: bursty).  The
 * process is stationary from `start`: the first spike comes
 * U * Gamma(alpha + 1, beta) after it (U uniform in (0, 1)), the forward
 * recurrence time of a stationary gamma process, whose distribution
 * function is (beta x / alpha) (1 - P(alpha, beta x)) + P(alpha + 1, beta x)
 * with P the regularised incomplete gamma function.  (Why: the interval
 * that covers an arbitrary moment is length-biased, of density
 * x f(x) / mean = Gamma(alpha + 1, beta), and the moment lies uniformly in
 * it.)  The trains, the grid, the merging of draws that fall into one step,
 * and parameter changes between runs: renewal.h.
 *
 * Parameters (PyNN): alpha 2, beta 1 Hz, start 0 ms, duration 1e10 ms.
 * State: next, draws (renewal.h).
 *
 * Method: Marsaglia-Tsang gamma variates (ax_rng_gamma, exact for any
 * alpha > 0), scaled to steps: 1/beta s = 1000 / (beta dt) steps.
 */
#include "core/model_util.h"

#include <math.h>

#include "models/renewal.h"

enum { ALPHA, BETA, START, DURATION };

static const ax_param_info params[] = {
    {"alpha", "", 2.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "shape (order) of the gamma distribution of the intervals"},
    {"beta", "Hz", 1.0, 0.0, INFINITY, AX_PARAM_GT_MIN, "rate of the gamma distribution (mean rate beta/alpha)"},
    {"start", "ms", 0.0, 0.0, INFINITY, 0, "spikes come after this time"},
    {"duration", "ms", 1e10, 0.0, INFINITY, 0, "... for this long"},
};

/* a: the shape alpha; b: the scale 1/beta in steps. */
static void coef(const ax_population_view *p, uint32_t k, ax_renewal_coef *c)
{
    c->a = AX_PARAM(p, ALPHA, k);
    c->b = 1e3 / (AX_PARAM(p, BETA, k) * p->dt);
}

static double interval(const ax_renewal_coef *c, ax_rng *r)
{
    return ax_rng_gamma(r, c->a) * c->b;
}

static double forward(const ax_renewal_coef *c, ax_rng *r)
{
    double u = ax_rng_uniform(r);   /* first: the order of the draws is fixed */
    return u * ax_rng_gamma(r, c->a + 1.0) * c->b;
}

static const ax_renewal_law law = {
    .stream = AX_SOURCE_GAMMA, .start = START, .duration = DURATION,
    .coef = coef, .interval = interval, .forward = forward,
};

static int check(const ax_population_view *p, char *msg, size_t len)
{
    for (uint32_t i = 0; i < (p->uniform ? 1 : p->size); i++)
        if (ax_renewal_check_rate(p, i, "beta/alpha", AX_PARAM(p, BETA, i) / AX_PARAM(p, ALPHA, i), msg, len))
            return -1;
    return 0;
}

const ax_model ax_model_SpikeSourceGamma = {
    .name = "SpikeSourceGamma",
    .doc = "Independent gamma renewal trains on the dt grid (PyNN SpikeSourceGamma; NEST gamma_sup_generator "
           "with one process): intervals Gamma(shape alpha, rate beta), any alpha > 0 (Marsaglia-Tsang), so the "
           "mean rate is beta/alpha Hz and the CV 1/sqrt(alpha). Stationary from start (the first spike a forward "
           "recurrence time U*Gamma(alpha+1, beta) after it); spikes between start and start+duration, at most "
           "one per step (draws within one step merge). A parameter change between runs restarts the process, "
           "stationary, at the next run's first step.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = ax_renewal_vars, .n_vars = AX_COUNT(ax_renewal_vars),
    .flags = AX_MODEL_SPIKE_SOURCE,
    .check = check, .prepare = ax_renewal_prepare, .release = ax_free_model_data, .update = ax_renewal_update,
    .impl = &law,
};
