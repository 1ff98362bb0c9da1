/*
 * SpikeSourcePoisson - independent Poisson spike trains (PyNN
 * SpikeSourcePoisson; NEST poisson_generator feeding parrot neurons).
 *
 * Each neuron fires in a step with probability p = rate * dt (at most once
 * per step: spikes fall on the dt grid), independently of every other step
 * and neuron, while the step's spike time (t+1) dt lies in
 * (start, start + duration].  The mean rate is exactly `rate`; the
 * inter-spike intervals are geometric, with CV sqrt(1 - p) (1 for
 * rate * dt -> 0).  rate * dt must not exceed 1 (rate <= 1/dt).
 *
 * Parameters (PyNN): rate 1 Hz, start 0 ms, duration 1e10 ms
 * State: next (the step of the next spike), draws (random draws so far).
 *
 * Method: instead of a draw per neuron and step, each neuron draws the gap
 * to its next spike, K ~ Geometric(p), from stream (seed, global id, draw
 * number): work is proportional to the spikes, and a train does not depend
 * on threads or on how the run is split.  When a parameter changes between
 * runs the next spike is drawn anew from the current step, which is exact
 * for a memoryless process.
 */
#include "core/model_util.h"

#include <float.h>
#include <math.h>

#include "core/rng.h"

enum { RATE, START, DURATION };
enum { NEXT, DRAWS };

static const ax_param_info params[] = {
    {"rate", "Hz", 1.0, 0.0, INFINITY, 0, "mean firing rate"},
    {"start", "ms", 0.0, 0.0, INFINITY, 0, "spikes come after this time"},
    {"duration", "ms", 1e10, 0.0, INFINITY, 0, "... for this long"},
};

static const ax_var_info vars[] = {
    {"next", "step", -1.0, "step of the next spike (internal)"},
    {"draws", "", 0.0, "random draws made so far (internal)"},
};

/* "No further spike": finite, so that the engine's check for NaN and
 * infinite states stays meaningful. */
#define NEVER DBL_MAX

typedef struct coef {
    double p;             /* probability per step */
    double first, last;   /* steps that may carry spikes: [first, last) */
} coef;

static int check(const ax_population_view *p, char *msg, size_t len)
{
    for (uint32_t i = 0; i < (p->uniform ? 1 : p->size); i++) {
        double rate = AX_PARAM(p, RATE, i);
        if (rate * p->dt * 1e-3 > 1.0 + 1e-12) {
            snprintf(msg, len, "rate %g Hz gives more than one spike per step (at most 1/dt = %g Hz; neuron %u)",
                     rate, 1e3 / p->dt, i);
            return -1;
        }
    }
    return 0;
}

/* The first spike at or after step `from`. */
static double next_spike(const ax_population_view *p, uint32_t i, double prob, double from, double *draws)
{
    if (prob <= 0.0)
        return NEVER;
    ax_rng r;
    ax_rng_init(&r, p->seed, ax_purpose(AX_RNG_SOURCE, AX_SOURCE_POISSON), p->first_id + i, (uint64_t)*draws);
    *draws += 1.0;
    return from - 1.0 + (double)ax_rng_geometric(&r, prob);
}

static int prepare(const ax_population_view *p, void **data, char *msg, size_t len)
{
    size_t n = ax_coef_alloc(p, data, sizeof(coef), msg, len);
    if (!n)
        return AX_ERR_MEMORY;
    coef *c = *data;
    for (size_t k = 0; k < n; k++) {
        double start = AX_PARAM(p, START, k);
        c[k].p = fmin(1.0, AX_PARAM(p, RATE, k) * p->dt * 1e-3);
        c[k].first = (double)llround(start / p->dt);
        c[k].last = (double)llround((start + AX_PARAM(p, DURATION, k)) / p->dt);
    }
    double *next = p->state[NEXT], *draws = p->state[DRAWS];
    for (uint32_t i = 0; i < p->size; i++) {
        const coef *ci = &c[p->uniform ? 0 : i];
        double from = fmax((double)p->step, ci->first);
        next[i] = from < ci->last ? next_spike(p, i, ci->p, from, &draws[i]) : NEVER;
    }
    return 0;
}

static void update(const ax_population_view *p, uint32_t begin, uint32_t end, int64_t step)
{
    const coef *C = p->data;
    double *next = p->state[NEXT], *draws = p->state[DRAWS];
    double s = (double)step;
    for (uint32_t i = begin; i < end; i++) {
        if (next[i] != s)
            continue;
        const coef *c = &C[p->uniform ? 0 : i];
        p->spiked[i] = s < c->last;
        next[i] = s + 1.0 < c->last ? next_spike(p, i, c->p, s + 1.0, &draws[i]) : NEVER;
    }
}

const ax_model ax_model_SpikeSourcePoisson = {
    .name = "SpikeSourcePoisson",
    .doc = "Independent Poisson spike trains on the dt grid (PyNN SpikeSourcePoisson): a spike "
           "in each step with probability rate*dt, between start and start+duration.",
    .params = params, .n_params = AX_COUNT(params),
    .vars = vars, .n_vars = AX_COUNT(vars),
    .flags = AX_MODEL_SPIKE_SOURCE,
    .check = check, .prepare = prepare, .release = ax_free_model_data, .update = update,
};
